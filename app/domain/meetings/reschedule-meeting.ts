import type { DbOrTx } from "~/lib/db-types";
import type { Mailer } from "~/lib/mailer-types";
import type { Actor } from "../actor";
import { requireMeetingAccess } from "../access/meeting-access";
import { writeAudit } from "../audit/write-audit";
import { DomainError } from "../errors";
import { parseInput } from "../parse-input";
import { withTransaction } from "../with-transaction";
import { mailMeetingParticipants, type MailOutcome } from "./mail-meeting-participants";
import { RescheduleMeetingSchema, type RescheduleMeetingInput } from "./meeting-schemas";

/**
 * The case manager moves a planned meeting (policy: manage): new time, length or place. The
 * calendar SEQUENCE grows, so every calendar replaces its entry (same UID). Everyone is asked to
 * confirm the new time: answers go back to "not answered", while consent to take part and the
 * confidentiality acknowledgement stay (they were given for the meeting, not for the hour).
 * The one who moves it keeps their answer. invitationSentAt is cleared and set again for each
 * person the update reaches, so the page shows whom the new time has not reached.
 */
export async function rescheduleMeeting(
  actor: Actor,
  input: RescheduleMeetingInput,
  { db, mailer, publicUrl, now = new Date() }: { db: DbOrTx; mailer: Mailer; publicUrl: string; now?: Date },
): Promise<{ sequence: number; mail: MailOutcome }> {
  const data = parseInput(RescheduleMeetingSchema, input);
  if (data.startsAt.getTime() <= now.getTime()) {
    throw new DomainError("VALIDATION", "form.errorSummary", { fieldErrors: { startsAt: "meeting.startsAtPast" } });
  }

  const sequence = await withTransaction(db, async (tx) => {
    const facts = await requireMeetingAccess(actor, "manage", data.meetingId, { db: tx, now });
    if (facts.status !== "PLANNED") throw new DomainError("INVALID_STATE", "meeting.notPlanned");
    // The status is asked again in the write itself: a cancellation racing this one wins or loses whole.
    const updated = await tx.meeting.updateMany({
      where: { id: data.meetingId, status: "PLANNED" },
      data: {
        startsAt: data.startsAt,
        durationMinutes: data.durationMinutes,
        location: data.location,
        isOnline: data.isOnline,
        onlineUrl: data.isOnline ? data.onlineUrl : null,
        sequence: { increment: 1 },
      },
    });
    if (updated.count !== 1) throw new DomainError("INVALID_STATE", "meeting.notPlanned");
    await tx.meetingParticipant.updateMany({
      where: { meetingId: data.meetingId, userId: { not: actor.userId } },
      data: { response: "PENDING", respondedAt: null, invitationSentAt: null },
    });
    await tx.meetingParticipant.updateMany({
      where: { meetingId: data.meetingId, userId: actor.userId },
      data: { invitationSentAt: null },
    });
    const { sequence } = await tx.meeting.findUniqueOrThrow({
      where: { id: data.meetingId },
      select: { sequence: true },
    });
    await writeAudit(
      {
        actor,
        action: "meeting.reschedule",
        subjectType: "meeting",
        subjectId: data.meetingId,
        caseId: facts.caseId,
        details: { sequence, durationMinutes: data.durationMinutes, isOnline: data.isOnline },
      },
      { db: tx },
    );
    return sequence;
  });

  const mail = await mailMeetingParticipants(
    actor,
    { meetingId: data.meetingId, kind: "update" },
    { db, mailer, publicUrl, now },
  );
  return { sequence, mail };
}
