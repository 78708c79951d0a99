import type { DbOrTx } from "~/lib/db-types";
import { requireMeetingAccess } from "../access/meeting-access";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { parseInput } from "../parse-input";
import { withTransaction } from "../with-transaction";
import { lockMeetingForChange } from "../agenda/lock-meeting";
import { mergeEdited, refusalAfterMissedUpdate, requireEditableRecord, storedContent } from "./record-queries";
import { UpdateRecordSchema, parseRecordContent, type UpdateRecordInput } from "./record-schemas";

const EDITABLE = ["DRAFT", "IN_COMMENT"] as const;

/**
 * The case manager saves the record while it is a draft or out for comments. An approved record
 * is frozen: the refusal (FROZEN) comes before anything is written, and the write itself is
 * conditional on the record not being approved and still being the version the editor saw, so
 * an approval that lands between the check and the write also leaves the record untouched.
 */
export async function updateRecord(
  actor: Actor,
  input: UpdateRecordInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<{ version: number }> {
  const data = parseInput(UpdateRecordSchema, input);
  await requireMeetingAccess(actor, "manage", data.meetingId, { db, now });
  const record = await requireEditableRecord(db, data.meetingId, { version: data.version, allowed: EDITABLE });
  const content = mergeEdited(parseRecordContent(record.content), data.content);

  return withTransaction(db, async (tx) => {
    await lockMeetingForChange(tx, data.meetingId);
    const facts = await requireMeetingAccess(actor, "manage", data.meetingId, { db: tx, now });
    await requireEditableRecord(tx, data.meetingId, { version: data.version, allowed: EDITABLE });
    const { count } = await tx.meetingRecord.updateMany({
      where: { id: record.id, version: data.version, status: { not: "APPROVED" } },
      data: { content: storedContent(content), version: { increment: 1 } },
    });
    if (count !== 1) throw await refusalAfterMissedUpdate(tx, record.id);
    await writeAudit(
      {
        actor,
        action: "record.update",
        subjectType: "meeting-record",
        subjectId: record.id,
        caseId: facts.caseId,
        details: { meetingId: data.meetingId, version: data.version + 1 },
      },
      { db: tx },
    );
    return { version: data.version + 1 };
  });
}
