import type { DbOrTx } from "~/lib/db-types";
import type { Mailer } from "~/lib/mailer-types";
import type { Actor } from "../actor";
import { requireMeetingAccess } from "../access/meeting-access";
import { DomainError } from "../errors";
import { parseInput } from "../parse-input";
import { mailMeetingParticipants, type MailOutcome } from "./mail-meeting-participants";
import { SendInvitationsSchema, type SendInvitationsInput } from "./meeting-schemas";

/**
 * The case manager sends the invitation (policy: manage) to each chosen participant who has an
 * e-mail address: in their language, with the calendar file (METHOD:REQUEST, the meeting's UID
 * and SEQUENCE) and the link to the meeting page where they confirm and consent. Only a planned
 * meeting is invited to. Returns who got it, whose message failed (nothing recorded for them),
 * and who has no address.
 */
export async function sendMeetingInvitations(
  actor: Actor,
  input: SendInvitationsInput,
  { db, mailer, publicUrl, now = new Date() }: { db: DbOrTx; mailer: Mailer; publicUrl: string; now?: Date },
): Promise<MailOutcome> {
  const data = parseInput(SendInvitationsSchema, input);
  const facts = await requireMeetingAccess(actor, "manage", data.meetingId, { db, now });
  if (facts.status !== "PLANNED") throw new DomainError("INVALID_STATE", "meeting.notPlanned");
  return mailMeetingParticipants(
    actor,
    {
      meetingId: data.meetingId,
      kind: "invitation",
      participantIds: data.participantIds,
      onlyNotInvited: data.onlyNotInvited,
    },
    { db, mailer, publicUrl, now },
  );
}
