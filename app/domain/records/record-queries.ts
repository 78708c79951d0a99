// Look-ups and refusals the record services share.
import type { DbOrTx, RecordStatus } from "~/lib/db-types";
import { DomainError } from "../errors";
import { canonicalJson, type JsonValue } from "../freezing/content-hash";
import { parseDraftContent, type RecordContent } from "./record-schemas";

export const frozen = () => new DomainError("FROZEN", "records.frozen");
export const changedByOther = () => new DomainError("CONFLICT", "records.changedByOther");
export const notStarted = () => new DomainError("NOT_FOUND", "records.notStarted");

export async function findRecordRow(db: DbOrTx, meetingId: string) {
  return db.meetingRecord.findUnique({ where: { meetingId } });
}

export type RecordRow = NonNullable<Awaited<ReturnType<typeof findRecordRow>>>;

/** The record a change works on: it exists, is not approved, and is the version the editor saw. */
export async function requireEditableRecord(
  db: DbOrTx,
  meetingId: string,
  { version, allowed }: { version: number; allowed: readonly RecordStatus[] },
): Promise<RecordRow> {
  const record = await findRecordRow(db, meetingId);
  if (!record) throw notStarted();
  // Frozen comes first: whoever tries to change an approved record is told that, not "conflict".
  if (record.status === "APPROVED") throw frozen();
  if (!allowed.includes(record.status))
    throw new DomainError("INVALID_STATE", `records.notAllowedWhen.${record.status}`);
  if (record.version !== version) throw changedByOther();
  return record;
}

/**
 * After a conditional update matched no row: the record was approved in between (FROZEN) or
 * saved by someone else (CONFLICT).
 */
export async function refusalAfterMissedUpdate(db: DbOrTx, recordId: string): Promise<DomainError> {
  const now = await db.meetingRecord.findUnique({ where: { id: recordId }, select: { status: true } });
  return now?.status === "APPROVED" ? frozen() : changedByOther();
}

/**
 * Edited content on top of what is stored: the snapshot fields (case number, client, purpose,
 * preparer) are the record's own and are kept as the record was started, whatever was posted.
 * The minutes per agenda item come only from the meeting room (record-from-room.ts), so they are
 * kept as stored too.
 */
export function mergeEdited(base: RecordContent, edited: unknown): RecordContent {
  const incoming: Record<string, unknown> =
    typeof edited === "object" && edited !== null && !Array.isArray(edited) ? { ...edited } : {};
  delete incoming.itemMinutes;
  return parseDraftContent({
    ...incoming,
    schemaVersion: base.schemaVersion,
    caseNumber: base.caseNumber,
    clientName: base.clientName,
    purpose: base.purpose,
    preparer: base.preparer,
    ...(base.itemMinutes ? { itemMinutes: base.itemMinutes } : {}),
  });
}

/** Record content is plain JSON data (the schema admits nothing else). */
export function asJson(content: RecordContent): JsonValue {
  return content as unknown as JsonValue;
}

/** The content column: canonical JSON, so the same content is always stored as the same text. */
export function storedContent(content: RecordContent): string {
  return canonicalJson(asJson(content));
}
