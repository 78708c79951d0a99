import type { DbOrTx } from "~/lib/db-types";
import { requireMeetingAccess } from "../access/meeting-access";
import type { Actor } from "../actor";
import { DomainError } from "../errors";
import { inSequence } from "../team/team-queries";
import { parseMeetingId } from "../agenda/agenda-schemas";
import { parseRecordContent } from "./record-schemas";
import { tallinnDay } from "../time/tallinn-time";

/**
 * "Plan the next meeting" (004 §2.3: the next meeting is planned): a proposal for the new-meeting
 * form, from this meeting's record. Purpose: the next meeting's topics; time: as the record
 * says, if it does; the same length and the same participants; and the planned steps to follow
 * up, overdue ones marked. Planned steps live in the approved record and have no "done" of their
 * own yet, so every step counts as open. Without a record, the proposal starts from the meeting.
 */
export async function getNextMeetingProposal(
  actor: Actor,
  meetingId: string,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
) {
  const id = parseMeetingId(meetingId);
  const facts = await requireMeetingAccess(actor, "manage", id, { db, now });
  if (!facts.caseId) throw new DomainError("INVALID_STATE", "records.proposalCaseOnly");
  const [meeting, record, participants] = await inSequence([
    db.meeting.findUniqueOrThrow({ where: { id }, select: { durationMinutes: true, purpose: true } }),
    db.meetingRecord.findUnique({ where: { meetingId: id }, select: { status: true, content: true } }),
    db.meetingParticipant.findMany({ where: { meetingId: id }, orderBy: [{ id: "asc" }], select: { userId: true } }),
  ]);
  const content = record ? parseRecordContent(record.content) : null;
  const today = tallinnDay(now);
  return {
    fromMeetingId: id,
    caseId: facts.caseId,
    recordStatus: record?.status ?? null,
    purpose: content?.nextMeeting.topics ?? "",
    startsAt: content?.nextMeeting.startsAt ? new Date(content.nextMeeting.startsAt) : null,
    durationMinutes: meeting.durationMinutes,
    participantUserIds: participants.map((p) => p.userId),
    openSteps: (content?.plannedSteps ?? []).map((s) => ({
      id: s.id,
      text: s.text,
      responsibleName: s.responsible?.name ?? null,
      responsibleUserId: s.responsible?.userId ?? null,
      deadline: s.deadline,
      nextStep: s.nextStep,
      isOverdue: s.deadline !== null && s.deadline < today,
    })),
  };
}

export type NextMeetingProposal = Awaited<ReturnType<typeof getNextMeetingProposal>>;
