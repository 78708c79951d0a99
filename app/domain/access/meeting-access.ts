// Who may do what with a meeting. Case meetings follow the case policy (policy.ts); network
// meetings (no case) are open to their participants. Used by the meeting pages, the agenda,
// the meeting record, socket.io rooms and the Yjs documents of the meeting.
import type { CaseRole, DbOrTx, MeetingStatus } from "~/lib/db-types";
import type { Actor } from "../actor";
import { DomainError } from "../errors";
import { loadCaseAccess } from "./load-case-access";
import { can, type CaseAccessFacts } from "./policy";

export const MEETING_NEEDS = ["read", "manage", "agenda", "respond"] as const;
export type MeetingNeed = (typeof MEETING_NEEDS)[number];

const CLIENT_SIDE_ROLES: readonly CaseRole[] = ["CLIENT", "LEGAL_REPRESENTATIVE", "ADVOCATE", "CLOSE_PERSON"];

export type MeetingAccessFacts = {
  meetingId: string;
  caseId: string | null;
  status: MeetingStatus;
  createdById: string;
  participant: { id: string; meetingRole: string } | null;
  /** For case meetings: the case facts (null for network meetings). */
  caseFacts: CaseAccessFacts | null;
};

/** Pure: whether the actor may do `need` with the meeting. */
export function canOnMeeting(actor: Actor, need: MeetingNeed, facts: MeetingAccessFacts): boolean {
  const isParticipant = facts.participant !== null;
  let mayRead: boolean;
  let mayManage: boolean;
  if (facts.caseFacts) {
    const isTeamReader = can(actor, "case.read", facts.caseFacts);
    const role = facts.caseFacts.membership?.role;
    const isClientSide = role !== undefined && CLIENT_SIDE_ROLES.includes(role);
    // A participant on the client's side takes part by the client's choice; a specialist only
    // while the client's consent is in force (that is what case.read checks for them).
    mayRead = isTeamReader || (isParticipant && isClientSide);
    mayManage = can(actor, "meeting.create", facts.caseFacts);
  } else {
    mayRead = isParticipant || facts.createdById === actor.userId;
    mayManage = facts.createdById === actor.userId;
  }
  switch (need) {
    case "read":
      return mayRead || mayManage;
    case "manage":
      return mayManage;
    case "agenda":
      return mayManage || (isParticipant && mayRead);
    case "respond":
      return isParticipant && mayRead;
  }
}

export async function loadMeetingAccess(
  actor: Actor,
  meetingId: string,
  { db, now }: { db: DbOrTx; now?: Date },
): Promise<MeetingAccessFacts | null> {
  const meeting = await db.meeting.findUnique({
    where: { id: meetingId },
    select: {
      id: true,
      caseId: true,
      status: true,
      createdById: true,
      participants: { where: { userId: actor.userId }, select: { id: true, meetingRole: true }, take: 1 },
    },
  });
  if (!meeting) return null;
  const caseFacts = meeting.caseId ? await loadCaseAccess(actor, meeting.caseId, { db, now }) : null;
  return {
    meetingId: meeting.id,
    caseId: meeting.caseId,
    status: meeting.status,
    createdById: meeting.createdById,
    participant: meeting.participants[0] ?? null,
    caseFacts,
  };
}

/** Like requireCaseAccess: NOT_FOUND for people who may not see the meeting at all. */
export async function requireMeetingAccess(
  actor: Actor,
  need: MeetingNeed,
  meetingId: string,
  { db, now }: { db: DbOrTx; now?: Date },
): Promise<MeetingAccessFacts> {
  const facts = await loadMeetingAccess(actor, meetingId, { db, now });
  if (!facts || !canOnMeeting(actor, "read", facts)) throw new DomainError("NOT_FOUND", "error.notFound");
  if (!canOnMeeting(actor, need, facts)) throw new DomainError("FORBIDDEN", "error.forbidden");
  return facts;
}
