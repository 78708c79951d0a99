import type { DbOrTx } from "~/lib/db-types";
import { requireMeetingAccess } from "../access/meeting-access";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { DomainError } from "../errors";
import { parseInput } from "../parse-input";
import { withTransaction } from "../with-transaction";
import { lockMeetingForChange } from "../agenda/lock-meeting";
import { mergeEdited, refusalAfterMissedUpdate, requireEditableRecord, storedContent } from "./record-queries";
import {
  COMMENT_DAYS_MAX,
  COMMENT_DAYS_MIN,
  OpenRecordForCommentSchema,
  parseRecordContent,
  type OpenRecordForCommentInput,
} from "./record-schemas";
import { daysBetween, endOfTallinnDay, tallinnDay } from "../time/tallinn-time";

/**
 * The last moment for comments: the end of the chosen day in Estonia, 1–30 days from today.
 * Pure, for the form and the service alike.
 */
export function commentDeadline(value: Date | string, now: Date): Date {
  const day = value instanceof Date ? tallinnDay(value) : value;
  const days = daysBetween(tallinnDay(now), day);
  const end = endOfTallinnDay(day);
  if (days === null || !end || days < COMMENT_DAYS_MIN || days > COMMENT_DAYS_MAX) {
    throw new DomainError("VALIDATION", "records.commentUntilRange", {
      params: { min: COMMENT_DAYS_MIN, max: COMMENT_DAYS_MAX },
      fieldErrors: { commentUntil: "records.commentUntilRange" },
    });
  }
  return end;
}

/**
 * The case manager shares the draft with the participants for comments until a set day (004
 * §2.3: the outcome is discussed with the client and the specialists). The content on screen is
 * saved in the same step when given. The route tells the watchers of the meeting.
 */
export async function openRecordForComment(
  actor: Actor,
  input: OpenRecordForCommentInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<{ version: number; commentUntil: Date }> {
  const data = parseInput(OpenRecordForCommentSchema, input);
  const commentUntil = commentDeadline(data.commentUntil, now);
  await requireMeetingAccess(actor, "manage", data.meetingId, { db, now });
  const record = await requireEditableRecord(db, data.meetingId, { version: data.version, allowed: ["DRAFT"] });
  const content = data.content === undefined ? null : mergeEdited(parseRecordContent(record.content), data.content);

  return withTransaction(db, async (tx) => {
    await lockMeetingForChange(tx, data.meetingId);
    const facts = await requireMeetingAccess(actor, "manage", data.meetingId, { db: tx, now });
    await requireEditableRecord(tx, data.meetingId, { version: data.version, allowed: ["DRAFT"] });
    const { count } = await tx.meetingRecord.updateMany({
      where: { id: record.id, version: data.version, status: "DRAFT" },
      data: {
        status: "IN_COMMENT",
        commentUntil,
        version: { increment: 1 },
        ...(content ? { content: storedContent(content) } : {}),
      },
    });
    if (count !== 1) throw await refusalAfterMissedUpdate(tx, record.id);
    await writeAudit(
      {
        actor,
        action: "record.openForComment",
        subjectType: "meeting-record",
        subjectId: record.id,
        caseId: facts.caseId,
        details: { meetingId: data.meetingId, commentUntil: commentUntil.toISOString(), saved: content !== null },
      },
      { db: tx },
    );
    return { version: data.version + 1, commentUntil };
  });
}
