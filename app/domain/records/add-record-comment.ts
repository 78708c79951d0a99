import type { DbOrTx } from "~/lib/db-types";
import { requireMeetingAccess } from "../access/meeting-access";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { DomainError } from "../errors";
import { parseInput } from "../parse-input";
import { withTransaction } from "../with-transaction";
import { lockMeetingForChange } from "../agenda/lock-meeting";
import { findRecordRow, notStarted } from "./record-queries";
import { AddRecordCommentSchema, type AddRecordCommentInput } from "./record-schemas";

/** Comments are taken while the record is out for comments, until the end of the set day. */
function requireOpenForComments(record: { status: string; commentUntil: Date | null }, now: Date) {
  if (record.status === "APPROVED") throw new DomainError("FROZEN", "records.frozen");
  if (record.status !== "IN_COMMENT") throw new DomainError("INVALID_STATE", "records.notInComment");
  if (!record.commentUntil || now.getTime() > record.commentUntil.getTime()) {
    throw new DomainError("INVALID_STATE", "records.commentPeriodOver");
  }
}

/**
 * A participant of the meeting comments on the record while it is out for comments. Comments
 * sit beside the record; they never change it.
 */
export async function addRecordComment(
  actor: Actor,
  input: AddRecordCommentInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<{ commentId: string }> {
  const data = parseInput(AddRecordCommentSchema, input);
  const facts = await requireMeetingAccess(actor, "read", data.meetingId, { db, now });
  if (!facts.participant) throw new DomainError("FORBIDDEN", "records.commentParticipantsOnly");
  const record = await findRecordRow(db, data.meetingId);
  if (!record) throw notStarted();
  requireOpenForComments(record, now);

  return withTransaction(db, async (tx) => {
    await lockMeetingForChange(tx, data.meetingId);
    const inside = await requireMeetingAccess(actor, "read", data.meetingId, { db: tx, now });
    if (!inside.participant) throw new DomainError("FORBIDDEN", "records.commentParticipantsOnly");
    const current = await findRecordRow(tx, data.meetingId);
    if (!current) throw notStarted();
    requireOpenForComments(current, now);
    const comment = await tx.recordComment.create({
      data: { recordId: current.id, authorId: actor.userId, text: data.text, createdAt: now },
    });
    await writeAudit(
      {
        actor,
        action: "record.comment",
        subjectType: "meeting-record",
        subjectId: current.id,
        caseId: inside.caseId,
        details: { meetingId: data.meetingId, commentId: comment.id },
      },
      { db: tx },
    );
    return { commentId: comment.id };
  });
}
