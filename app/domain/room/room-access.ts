// Who may enter a meeting's room and what they may do there. The base decision (may this person
// see the meeting at all) is the meeting policy's (requireMeetingAccess); this adds what the room
// needs on top: being a participant who consented to take part and acknowledged confidentiality
// (004 §2.1, Social Welfare Act §36), and the meeting roles that run the room.
import type { CaseRole, DbOrTx, MeetingRole, MeetingStatus } from "~/lib/db-types";
import { canOnMeeting, requireMeetingAccess } from "../access/meeting-access";
import type { Actor } from "../actor";
import { DomainError } from "../errors";

const MODERATOR_ROLES: readonly MeetingRole[] = ["MODERATOR", "MODERATOR_AND_MINUTE_TAKER"];

export type RoomAccessFacts = {
  meetingId: string;
  caseId: string | null;
  status: MeetingStatus;
  participant: {
    id: string;
    meetingRole: MeetingRole;
    caseRole: CaseRole | null;
    isRemote: boolean;
  };
  name: string;
  /** "Position, organisation", as the room shows it (either part may be missing). */
  position: string;
  canModerate: boolean;
  /** The timekeeper runs the item timer; so may whoever moderates. */
  canKeepTime: boolean;
  /** May write the room's live document (the same rule as authorize-document.ts). */
  canWrite: boolean;
};

/**
 * The person's facts in the room, or a DomainError: NOT_FOUND for someone who may not see the
 * meeting, INVALID_STATE for a cancelled meeting, FORBIDDEN for someone not taking part
 * ("roomErrors.notParticipant") or who has not yet consented and acknowledged confidentiality
 * ("roomErrors.consentRequired": the lobby asks for both). A held meeting's room may still be
 * entered, to see how it ended; its commands are refused by the rules.
 */
export async function requireRoomAccess(
  actor: Actor,
  meetingId: string,
  { db, now }: { db: DbOrTx; now?: Date },
): Promise<RoomAccessFacts> {
  const facts = await requireMeetingAccess(actor, "read", meetingId, { db, now }).catch((error: unknown) => {
    if (error instanceof DomainError && error.code === "NOT_FOUND") {
      throw new DomainError("NOT_FOUND", "roomErrors.meetingNotFound");
    }
    throw error;
  });
  if (facts.status === "CANCELLED") throw new DomainError("INVALID_STATE", "roomErrors.meetingCancelled");
  if (!facts.participant) throw new DomainError("FORBIDDEN", "roomErrors.notParticipant");

  const participant = await db.meetingParticipant.findUniqueOrThrow({
    where: { id: facts.participant.id },
    select: {
      meetingRole: true,
      isRemote: true,
      consentedAt: true,
      confidentialityAt: true,
      user: { select: { name: true, positionTitle: true, organisation: { select: { name: true } } } },
    },
  });
  if (participant.consentedAt === null || participant.confidentialityAt === null) {
    throw new DomainError("FORBIDDEN", "roomErrors.consentRequired");
  }
  const member = facts.caseId
    ? await db.caseMember.findFirst({
        where: { caseId: facts.caseId, userId: actor.userId, removedAt: null },
        orderBy: { addedAt: "desc" },
        select: { role: true },
      })
    : null;

  // A meeting without a moderator is still run by someone: whoever may manage it (the case manager).
  const hasModerator =
    (await db.meetingParticipant.count({ where: { meetingId, meetingRole: { in: [...MODERATOR_ROLES] } } })) > 0;
  const canModerate = hasModerator
    ? MODERATOR_ROLES.includes(participant.meetingRole)
    : canOnMeeting(actor, "manage", facts);
  return {
    meetingId: facts.meetingId,
    caseId: facts.caseId,
    status: facts.status,
    participant: {
      id: facts.participant.id,
      meetingRole: participant.meetingRole,
      caseRole: member?.role ?? null,
      isRemote: participant.isRemote,
    },
    name: participant.user.name,
    position: [participant.user.positionTitle, participant.user.organisation?.name]
      .filter((part): part is string => Boolean(part?.trim()))
      .join(", "),
    canModerate,
    canKeepTime: canModerate || participant.meetingRole === "TIMEKEEPER",
    canWrite: facts.status !== "HELD" && canOnMeeting(actor, "agenda", facts),
  };
}
