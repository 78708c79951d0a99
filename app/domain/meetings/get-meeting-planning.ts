import type { CaseRole, DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { requireCaseAccess } from "../access/load-case-access";
import { writeAudit } from "../audit/write-audit";
import { parseCommunicationNeeds } from "../cases/client-schemas";
import { caseParticipantEligibility, PERSON_SELECT, type Eligibility } from "./case-participant-eligibility";

/** The order the form lists the team in: the client's side first, then the professionals. */
const ROLE_ORDER: readonly CaseRole[] = [
  "CLIENT",
  "LEGAL_REPRESENTATIVE",
  "ADVOCATE",
  "CLOSE_PERSON",
  "CASE_MANAGER",
  "SPECIALIST",
  "OTHER",
];

export type MeetingPlanning = Awaited<ReturnType<typeof getMeetingPlanning>>;

/**
 * What the case manager needs to prepare a meeting of the case (policy: meeting.create): the
 * team, each member marked with whether they can be invited (and if not, why: no consent in
 * force), the client's needs to carry into the meeting, and, when planning from an earlier
 * meeting of the case ("plan the next meeting"), its purpose and participants to start from.
 * Reading the team is audited as such.
 */
export async function getMeetingPlanning(
  actor: Actor,
  caseId: string,
  { db, now = new Date(), fromMeetingId = null }: { db: DbOrTx; now?: Date; fromMeetingId?: string | null },
) {
  await requireCaseAccess(actor, "meeting.create", caseId, { db, now });
  const theCase = await db.case.findUniqueOrThrow({
    where: { id: caseId },
    select: {
      id: true,
      caseNumber: true,
      stage: true,
      caseManagerId: true,
      client: {
        select: {
          firstName: true,
          lastName: true,
          communicationNeeds: true,
          interpreterLanguage: true,
          accessibilityNotes: true,
        },
      },
      members: {
        where: { removedAt: null },
        orderBy: [{ addedAt: "asc" }, { id: "asc" }],
        select: {
          role: true,
          user: { select: { ...PERSON_SELECT, positionTitle: true, organisation: { select: { name: true } } } },
        },
      },
    },
  });

  const team: {
    userId: string;
    name: string;
    caseRole: CaseRole;
    positionTitle: string | null;
    organisationName: string | null;
    isExternal: boolean;
    isCaseManager: boolean;
    eligibility: Eligibility;
  }[] = [];
  // One after the other: inside a caller's transaction there is one connection.
  for (const m of theCase.members) {
    const eligibility = await caseParticipantEligibility(db, {
      caseId,
      person: m.user,
      meetingRole: "PARTICIPANT",
      createdById: actor.userId,
      now,
    });
    team.push({
      userId: m.user.id,
      name: m.user.name,
      caseRole: m.role,
      positionTitle: m.user.positionTitle,
      organisationName: m.user.organisation?.name ?? null,
      isExternal: m.user.kind === "EXTERNAL",
      isCaseManager: m.user.id === theCase.caseManagerId,
      eligibility,
    });
  }
  team.sort((a, b) => ROLE_ORDER.indexOf(a.caseRole) - ROLE_ORDER.indexOf(b.caseRole));

  const from = fromMeetingId
    ? await db.meeting.findFirst({
        where: { id: fromMeetingId, caseId },
        select: {
          id: true,
          purpose: true,
          startsAt: true,
          clientParticipation: true,
          participants: { select: { userId: true, meetingRole: true, isRemote: true } },
        },
      })
    : null;

  await writeAudit(
    {
      actor,
      action: "case.team.read",
      subjectType: "case",
      subjectId: caseId,
      caseId,
      details: { members: team.length, purpose: "meeting.plan" },
    },
    { db },
  );

  return {
    case: {
      id: theCase.id,
      caseNumber: theCase.caseNumber,
      stage: theCase.stage,
      clientName: `${theCase.client.firstName} ${theCase.client.lastName}`,
    },
    caseManagerId: theCase.caseManagerId,
    team,
    clientNeeds: {
      communicationNeeds: parseCommunicationNeeds(theCase.client.communicationNeeds),
      interpreterLanguage: theCase.client.interpreterLanguage,
      accessibilityNotes: theCase.client.accessibilityNotes,
    },
    /** The earlier meeting this one follows, when it is a meeting of this case; else null. */
    previousMeeting: from
      ? {
          id: from.id,
          purpose: from.purpose,
          startsAt: from.startsAt,
          clientParticipation: from.clientParticipation,
          // Only people who can still take part are carried over.
          participants: from.participants.filter((p) =>
            team.some((m) => m.userId === p.userId && m.eligibility === "ELIGIBLE"),
          ),
        }
      : null,
  };
}
