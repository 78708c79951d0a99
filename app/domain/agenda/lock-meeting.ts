import type { Tx } from "~/lib/db-types";

/**
 * Serialises changes that depend on more than one row of a meeting: the agenda's total against
 * the meeting's length (two people adding at the same moment), the record's status against a
 * comment or an addendum, the addenda's hash chain. PostgreSQL at READ COMMITTED would let two
 * such transactions both read the old state and both write; writing the meeting row takes its
 * row lock until commit, so the second waits and then reads what the first wrote. SQLite has one
 * writer at a time anyway. The statement changes nothing (no column gets a new value, and
 * `updatedAt` is not touched, as it would be through the Prisma client).
 */
export async function lockMeetingForChange(tx: Tx, meetingId: string): Promise<void> {
  await tx.$executeRaw`UPDATE "Meeting" SET "sequence" = "sequence" WHERE "id" = ${meetingId}`;
}
