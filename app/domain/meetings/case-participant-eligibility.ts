// Who may take part in a case meeting: an active member of the case team whom the meeting
// policy would let read the meeting as a participant (canOnMeeting: a team reader, or someone on
// the client's side). So a specialist whose consent is not in force cannot be added (004 §3.1),
// and someone outside the team is invited by link or added to the team first. No rule of its
// own: the answer is the policy's. A network meeting will decide eligibility from the network's
// member organisations and reuse participant-rules.ts unchanged.
import type { DbOrTx, MeetingRole } from "~/lib/db-types";
import { type Actor, actorFromUser } from "../actor";
import { loadCaseAccess } from "../access/load-case-access";
import { canOnMeeting } from "../access/meeting-access";
import { CONSENT_REQUIRED_ROLES } from "../access/policy";
import { DomainError, type FieldErrors } from "../errors";
import { participantField } from "./meeting-schemas";

export type Eligibility = "ELIGIBLE" | "NEEDS_CONSENT" | "NOT_ON_TEAM";

type Person = Parameters<typeof actorFromUser>[0] & { disabledAt: Date | null };

/** What caseParticipantEligibility needs to know of a person. */
export const PERSON_SELECT = {
  id: true,
  name: true,
  kind: true,
  organisationId: true,
  isOrgAdmin: true,
  isSystemAdmin: true,
  isCaseSupervisor: true,
  disabledAt: true,
} as const;

export async function caseParticipantEligibility(
  db: DbOrTx,
  {
    caseId,
    person,
    meetingRole,
    createdById,
    now,
  }: {
    caseId: string;
    person: Person;
    meetingRole: MeetingRole;
    createdById: string;
    now: Date;
  },
): Promise<Eligibility> {
  if (person.disabledAt) return "NOT_ON_TEAM";
  const actor: Actor = actorFromUser(person);
  const caseFacts = await loadCaseAccess(actor, caseId, { db, now });
  const membership = caseFacts?.membership ?? null;
  if (!caseFacts || !membership) return "NOT_ON_TEAM";
  const mayTakePart = canOnMeeting(actor, "read", {
    meetingId: "",
    caseId,
    status: "PLANNED",
    createdById,
    participant: { id: "", meetingRole },
    caseFacts,
  });
  if (mayTakePart) return "ELIGIBLE";
  if (CONSENT_REQUIRED_ROLES.includes(membership.role) && !caseFacts.hasActiveConsent) return "NEEDS_CONSENT";
  return "NOT_ON_TEAM";
}

/** Refuses the whole list when anyone on it may not take part, naming each on their own row. */
export async function assertCaseParticipantsEligible(
  db: DbOrTx,
  {
    caseId,
    participants,
    createdById,
    now,
  }: {
    caseId: string;
    participants: readonly { userId: string; meetingRole: MeetingRole }[];
    createdById: string;
    now: Date;
  },
): Promise<void> {
  const people = await db.user.findMany({
    where: { id: { in: participants.map((p) => p.userId) } },
    select: PERSON_SELECT,
  });
  const personById = new Map(people.map((u) => [u.id, u]));
  const needsConsent: string[] = [];
  const notOnTeam: string[] = [];
  const fieldErrors: FieldErrors = {};

  for (const p of participants) {
    const person = personById.get(p.userId);
    const eligibility = person
      ? await caseParticipantEligibility(db, { caseId, person, meetingRole: p.meetingRole, createdById, now })
      : "NOT_ON_TEAM";
    if (eligibility === "NEEDS_CONSENT") {
      needsConsent.push(person?.name ?? "?");
      fieldErrors[participantField(p.userId)] = "meeting.participantNeedsConsent";
    } else if (eligibility === "NOT_ON_TEAM") {
      notOnTeam.push(person?.name ?? "?");
      fieldErrors[participantField(p.userId)] = "meeting.participantNotOnTeam";
    }
  }

  if (needsConsent.length > 0) {
    throw new DomainError("VALIDATION", "meeting.participantNeedsConsent", {
      params: { names: needsConsent.join(", ") },
      fieldErrors,
    });
  }
  if (notOnTeam.length > 0) {
    throw new DomainError("VALIDATION", "meeting.participantNotOnTeam", {
      params: { names: notOnTeam.join(", ") },
      fieldErrors,
    });
  }
}
