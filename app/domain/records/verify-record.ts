import type { DbOrTx } from "~/lib/db-types";
import { contentHash, type JsonValue } from "../freezing/content-hash";
import { addendumHash } from "./addendum-hash";

export type RecordVerification = {
  recordId: string;
  status: string;
  /** True when the record is approved and it and every addendum match their seals. */
  isIntact: boolean;
  record: { storedHash: string | null; computedHash: string | null; isIntact: boolean };
  addenda: { id: string; storedHash: string; computedHash: string; isIntact: boolean }[];
  problems: string[];
};

/**
 * Recomputes the seals of an approved record and its addenda from what is stored now, and says
 * what no longer matches (content changed in the database, an addendum changed, removed or
 * reordered). Reads only; no actor: this is for tests and the operator's verify command.
 */
export async function verifyRecord(
  where: { meetingId: string } | { recordId: string },
  { db }: { db: DbOrTx },
): Promise<RecordVerification | null> {
  const record = await db.meetingRecord.findUnique({
    where: "meetingId" in where ? { meetingId: where.meetingId } : { id: where.recordId },
    include: { addenda: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] } },
  });
  if (!record) return null;
  const problems: string[] = [];
  if (record.status !== "APPROVED") problems.push("record.notApproved");

  let computedHash: string | null = null;
  try {
    computedHash = contentHash(JSON.parse(record.content) as JsonValue);
  } catch {
    problems.push("record.contentNotJson");
  }
  const isRecordIntact = record.contentHash !== null && computedHash === record.contentHash;
  if (record.status === "APPROVED" && !isRecordIntact) problems.push("record.hashMismatch");

  const recordHash = record.contentHash ?? "";
  let previous = recordHash;
  const addenda = record.addenda.map((a) => {
    const computed = addendumHash(a, recordHash, previous);
    const isIntact = computed === a.contentHash;
    if (!isIntact) problems.push(`addendum.hashMismatch:${a.id}`);
    previous = a.contentHash;
    return { id: a.id, storedHash: a.contentHash, computedHash: computed, isIntact };
  });

  return {
    recordId: record.id,
    status: record.status,
    isIntact: problems.length === 0,
    record: { storedHash: record.contentHash, computedHash, isIntact: isRecordIntact },
    addenda,
    problems,
  };
}
