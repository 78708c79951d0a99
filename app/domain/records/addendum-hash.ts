import { contentHash } from "../freezing/content-hash";

/**
 * The seal of an addendum: its text, author and time together with the record's hash, chained
 * to the previous addendum's hash (the record's own for the first). Changing an addendum, the
 * record, or the order of addenda breaks the chain from there on.
 */
export function addendumHash(
  addendum: { text: string; authorId: string; createdAt: Date },
  recordHash: string,
  previousHash: string,
): string {
  return contentHash(
    { text: addendum.text, authorId: addendum.authorId, createdAt: addendum.createdAt.toISOString(), recordHash },
    previousHash,
  );
}
