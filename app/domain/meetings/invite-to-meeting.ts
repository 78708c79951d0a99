import type { DbOrTx } from "~/lib/db-types";
import type { Mailer } from "~/lib/mailer-types";
import type { Actor } from "../actor";
import { requireMeetingAccess } from "../access/meeting-access";
import { createExternalInvitation } from "../auth/create-external-invitation";
import type { CreateExternalInvitationInput } from "../auth/invitation-schemas";
import { DomainError } from "../errors";
import { buildExternalInvitationMail } from "./invitation-mail";
import { CALENDAR_MEETING_SELECT, buildParticipantIcs, calendarOrganiser } from "./meeting-calendar";

export type InvitationMailStatus = "sent" | "failed" | "notConfigured" | "noAddress";

/**
 * The case manager invites someone who has no account (the client, an advocate, a close person,
 * an outside specialist) to a planned meeting by link (policy: manage on the meeting, then
 * case.inviteExternal in createExternalInvitation, which also requires the client's consent for
 * a specialist). Accepting the link creates their account, team membership and participation
 * (accept-invitation.ts). When an address is given and mail is set up, the link goes by e-mail
 * too, with the calendar file; the person's language is not known yet, so Estonian.
 */
export async function inviteToMeetingByLink(
  actor: Actor,
  input: Omit<CreateExternalInvitationInput, "caseId" | "meetingId"> & { meetingId: string },
  { db, mailer, publicUrl, now = new Date() }: { db: DbOrTx; mailer: Mailer; publicUrl: string; now?: Date },
): Promise<{ invitationId: string; link: string; expiresAt: Date; mailStatus: InvitationMailStatus }> {
  const facts = await requireMeetingAccess(actor, "manage", input.meetingId, { db, now });
  if (!facts.caseId) throw new DomainError("INVALID_STATE", "meeting.notCaseMeeting");
  if (facts.status !== "PLANNED") throw new DomainError("INVALID_STATE", "meeting.notPlanned");
  const { token, invitationId, expiresAt } = await createExternalInvitation(
    actor,
    { ...input, caseId: facts.caseId, meetingId: input.meetingId },
    { db, now },
  );
  const link = `${publicUrl.replace(/\/+$/, "")}/invite/${token}`;
  const invitation = await db.invitation.findUniqueOrThrow({
    where: { id: invitationId },
    select: { email: true, name: true },
  });
  if (!invitation.email) return { invitationId, link, expiresAt, mailStatus: "noAddress" };
  if (!mailer.isConfigured) return { invitationId, link, expiresAt, mailStatus: "notConfigured" };

  const meeting = await db.meeting.findUniqueOrThrow({
    where: { id: input.meetingId },
    select: CALENDAR_MEETING_SELECT,
  });
  const organiser = calendarOrganiser(meeting);
  const recipientName = invitation.name ?? invitation.email;
  const mail = buildExternalInvitationMail(
    {
      recipientName,
      organiserName: organiser.name,
      purpose: meeting.purpose,
      startsAt: meeting.startsAt,
      durationMinutes: meeting.durationMinutes,
      location: meeting.location,
      isOnline: meeting.isOnline,
      onlineUrl: meeting.onlineUrl,
      link,
      expiresAt,
    },
    "et",
  );
  const ics = buildParticipantIcs(meeting, {
    organiser,
    attendee: { name: recipientName, email: invitation.email },
    locale: "et",
    publicUrl,
    now,
  });
  try {
    await mailer.send({
      to: invitation.email,
      subject: mail.subject,
      text: mail.text,
      attachments: [{ filename: "invite.ics", content: ics.content, contentType: ics.contentType }],
    });
    return { invitationId, link, expiresAt, mailStatus: "sent" };
  } catch {
    // The link on screen still works: the case manager gives it to the person another way.
    return { invitationId, link, expiresAt, mailStatus: "failed" };
  }
}
