import { parseLocale } from "~/i18n/locales";
import type { DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { requireMeetingAccess } from "../access/meeting-access";
import { writeAudit } from "../audit/write-audit";
import { DomainError } from "../errors";
import { CALENDAR_MEETING_SELECT, buildParticipantIcs, calendarOrganiser } from "./meeting-calendar";

/**
 * A participant downloads the meeting's calendar entry for themselves: the same UID and SEQUENCE
 * as the e-mailed one, so it updates rather than duplicates; METHOD:CANCEL once cancelled.
 * Others who may read the meeting (a supervisor) have no entry of their own: FORBIDDEN.
 */
export async function icsForParticipant(
  actor: Actor,
  meetingId: string,
  { db, publicUrl, now = new Date() }: { db: DbOrTx; publicUrl: string; now?: Date },
): Promise<{ filename: string; content: string; contentType: string }> {
  const facts = await requireMeetingAccess(actor, "read", meetingId, { db, now });
  if (!facts.participant) throw new DomainError("FORBIDDEN", "meeting.notParticipant");
  const meeting = await db.meeting.findUniqueOrThrow({
    where: { id: meetingId },
    select: CALENDAR_MEETING_SELECT,
  });
  const me = await db.user.findUniqueOrThrow({
    where: { id: actor.userId },
    select: { name: true, email: true, locale: true },
  });
  const ics = buildParticipantIcs(meeting, {
    organiser: calendarOrganiser(meeting),
    attendee: { name: me.name, email: me.email },
    locale: parseLocale(me.locale),
    publicUrl,
    now,
  });
  await writeAudit(
    {
      actor,
      action: "meeting.read",
      subjectType: "meeting",
      subjectId: meetingId,
      caseId: facts.caseId,
      details: { format: "ics" },
    },
    { db },
  );
  return { filename: `meeting-${meetingId}.ics`, content: ics.content, contentType: ics.contentType };
}
