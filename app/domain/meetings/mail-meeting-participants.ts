// Sends one meeting e-mail (invitation, update or cancellation) with its calendar file to each
// chosen participant, in their own language. Used by sendMeetingInvitations, rescheduleMeeting
// and cancelMeeting after their access and state checks; it checks nothing itself.
//
// Mail and database cannot share a transaction. Each message is sent first; only when the SMTP
// server has accepted it are the participant's invitationSentAt and the audit entry written,
// together. A failed message leaves nothing behind and is reported, so the case manager can try
// again; a message accepted just before the database fails is the rarer, harmless side.
import { parseLocale } from "~/i18n/locales";
import type { DbOrTx } from "~/lib/db-types";
import type { Mailer } from "~/lib/mailer-types";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { withTransaction } from "../with-transaction";
import { buildMeetingMail, type MeetingMailKind } from "./invitation-mail";
import { CALENDAR_MEETING_SELECT, buildParticipantIcs, calendarOrganiser, meetingPageUrl } from "./meeting-calendar";

export type MeetingMailDeps = { db: DbOrTx; mailer: Mailer; publicUrl: string; now?: Date };

export type MailedPerson = { participantId: string; userId: string; name: string };

export type MailOutcome = {
  /** False: SMTP is not set up; nothing was sent or recorded (the page says so). */
  isMailConfigured: boolean;
  sent: MailedPerson[];
  failed: MailedPerson[];
  /** No e-mail address, or the account is disabled. */
  notMailed: MailedPerson[];
};

export async function mailMeetingParticipants(
  actor: Actor,
  {
    meetingId,
    kind,
    participantIds,
    onlyNotInvited = false,
  }: { meetingId: string; kind: MeetingMailKind; participantIds?: readonly string[]; onlyNotInvited?: boolean },
  { db, mailer, publicUrl, now = new Date() }: MeetingMailDeps,
): Promise<MailOutcome> {
  const meeting = await db.meeting.findUniqueOrThrow({
    where: { id: meetingId },
    select: {
      ...CALENDAR_MEETING_SELECT,
      caseId: true,
      participants: {
        orderBy: { id: "asc" },
        select: {
          id: true,
          userId: true,
          meetingRole: true,
          expectedContribution: true,
          invitationSentAt: true,
          user: { select: { name: true, email: true, locale: true, disabledAt: true } },
        },
      },
    },
  });
  // The case manager answers for a case meeting (also after a handover); otherwise its creator.
  const organiser = calendarOrganiser(meeting);
  const chosen = meeting.participants.filter(
    (p) =>
      (!participantIds || participantIds.includes(p.id)) &&
      // A reschedule clears invitationSentAt: set means "has the current calendar entry".
      (!onlyNotInvited || p.invitationSentAt === null),
  );
  const outcome: MailOutcome = { isMailConfigured: mailer.isConfigured, sent: [], failed: [], notMailed: [] };
  if (!mailer.isConfigured) return outcome;

  for (const p of chosen) {
    const person = { participantId: p.id, userId: p.userId, name: p.user.name };
    if (!p.user.email || p.user.disabledAt) {
      outcome.notMailed.push(person);
      continue;
    }
    const locale = parseLocale(p.user.locale);
    const mail = buildMeetingMail(
      kind,
      {
        recipientName: p.user.name,
        organiserName: organiser.name,
        purpose: meeting.purpose,
        startsAt: meeting.startsAt,
        durationMinutes: meeting.durationMinutes,
        location: meeting.location,
        isOnline: meeting.isOnline,
        onlineUrl: meeting.onlineUrl,
        meetingRole: p.meetingRole,
        expectedContribution: p.expectedContribution,
        link: meetingPageUrl(meeting.id, publicUrl),
      },
      locale,
    );
    const ics = buildParticipantIcs(meeting, {
      organiser,
      attendee: { name: p.user.name, email: p.user.email },
      locale,
      publicUrl,
      method: kind === "cancellation" ? "CANCEL" : "REQUEST",
      now,
    });
    try {
      await mailer.send({
        to: p.user.email,
        subject: mail.subject,
        text: mail.text,
        attachments: [{ filename: "invite.ics", content: ics.content, contentType: ics.contentType }],
      });
    } catch {
      // Reported to the caller by name; the reason is the transport's, and may name the address.
      outcome.failed.push(person);
      continue;
    }
    await withTransaction(db, async (tx) => {
      await tx.meetingParticipant.update({ where: { id: p.id }, data: { invitationSentAt: now } });
      await writeAudit(
        {
          actor,
          action: "meeting.invitation.send",
          subjectType: "meeting-participant",
          subjectId: p.id,
          caseId: meeting.caseId,
          details: { meetingId: meeting.id, userId: p.userId, kind, sequence: meeting.sequence },
        },
        { db: tx },
      );
    });
    outcome.sent.push(person);
  }
  return outcome;
}
