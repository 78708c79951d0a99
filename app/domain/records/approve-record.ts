import type { DbOrTx } from "~/lib/db-types";
import { requireMeetingAccess } from "../access/meeting-access";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { contentHash } from "../freezing/content-hash";
import { parseInput } from "../parse-input";
import { withTransaction } from "../with-transaction";
import { lockMeetingForChange } from "../agenda/lock-meeting";
import { asJson, mergeEdited, refusalAfterMissedUpdate, requireEditableRecord, storedContent } from "./record-queries";
import {
  ApproveRecordSchema,
  parseCompleteContent,
  parseRecordContent,
  type ApproveRecordInput,
} from "./record-schemas";

const APPROVABLE = ["DRAFT", "IN_COMMENT"] as const;

/**
 * The case manager approves the record. It must be complete: every planned step with a
 * responsible person and a deadline, the four closing questions answered (004 §2.2). The content
 * (the one on screen, when given) is sealed with its hash (app/domain/freezing) and the record
 * is read-only from then on: corrections are addenda. The meeting counts as held.
 */
export async function approveRecord(
  actor: Actor,
  input: ApproveRecordInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<{ version: number; contentHash: string; approvedAt: Date }> {
  const data = parseInput(ApproveRecordSchema, input);
  await requireMeetingAccess(actor, "manage", data.meetingId, { db, now });
  const record = await requireEditableRecord(db, data.meetingId, { version: data.version, allowed: APPROVABLE });
  const stored = parseRecordContent(record.content);
  const content = parseCompleteContent(data.content === undefined ? stored : mergeEdited(stored, data.content));
  const hash = contentHash(asJson(content));

  return withTransaction(db, async (tx) => {
    await lockMeetingForChange(tx, data.meetingId);
    const facts = await requireMeetingAccess(actor, "manage", data.meetingId, { db: tx, now });
    await requireEditableRecord(tx, data.meetingId, { version: data.version, allowed: APPROVABLE });
    const { count } = await tx.meetingRecord.updateMany({
      where: { id: record.id, version: data.version, status: { in: [...APPROVABLE] } },
      data: {
        status: "APPROVED",
        content: storedContent(content),
        contentHash: hash,
        approvedAt: now,
        approvedById: actor.userId,
        version: { increment: 1 },
      },
    });
    if (count !== 1) throw await refusalAfterMissedUpdate(tx, record.id);
    const held = await tx.meeting.updateMany({
      where: { id: data.meetingId, status: { in: ["PLANNED", "IN_PROGRESS"] } },
      data: { status: "HELD" },
    });
    await writeAudit(
      {
        actor,
        action: "record.approve",
        subjectType: "meeting-record",
        subjectId: record.id,
        caseId: facts.caseId,
        details: { meetingId: data.meetingId, contentHash: hash, meetingMarkedHeld: held.count === 1 },
      },
      { db: tx },
    );
    return { version: data.version + 1, contentHash: hash, approvedAt: now };
  });
}
