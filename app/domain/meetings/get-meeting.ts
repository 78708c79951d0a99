import type { DbOrTx, MeetingRole } from "~/lib/db-types";
import type { Actor } from "../actor";
import { canOnMeeting, requireMeetingAccess } from "../access/meeting-access";
import { can } from "../access/policy";
import { writeAudit } from "../audit/write-audit";
import { inSequence } from "../team/team-queries";

const ROLE_ORDER: readonly MeetingRole[] = [
  "MODERATOR_AND_MINUTE_TAKER",
  "MODERATOR",
  "MINUTE_TAKER",
  "TIMEKEEPER",
  "PARTICIPANT",
];

export type MeetingForPreparation = Awaited<ReturnType<typeof getMeetingForPreparation>>;

/**
 * The preparation page of a meeting (policy: read). Everyone who may read it sees the purpose,
 * time, place, the case number and client's name (a team reader, or someone on the client's
 * side of their own case), and the participants with their roles, organisation, expected
 * contribution and whether they are coming. The case manager (manage) also sees each person's
 * e-mail, consent, confidentiality acknowledgement and invitation state, and the links still
 * waiting to be accepted; a participant sees these for themselves only. The client's
 * expectations, worries and needs are shown to the team and to those who may read the client's
 * own view (the client, their legal representative, an advocate the client allowed). Audited.
 */
export async function getMeetingForPreparation(
  actor: Actor,
  meetingId: string,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
) {
  const facts = await requireMeetingAccess(actor, "read", meetingId, { db, now });
  const permissions = {
    canManage: canOnMeeting(actor, "manage", facts),
    canRespond: canOnMeeting(actor, "respond", facts),
    canEditAgenda: canOnMeeting(actor, "agenda", facts),
  };
  const isTeamReader = facts.caseFacts ? can(actor, "case.read", facts.caseFacts) : false;
  const maySeeClientParticipation =
    facts.caseFacts !== null && (isTeamReader || can(actor, "case.readClientView", facts.caseFacts));

  const [meeting, invitations] = await inSequence([
    db.meeting.findUniqueOrThrow({
      where: { id: meetingId },
      select: {
        id: true,
        kind: true,
        purpose: true,
        startsAt: true,
        durationMinutes: true,
        location: true,
        isOnline: true,
        onlineUrl: true,
        status: true,
        sequence: true,
        cancelledAt: true,
        cancelReason: true,
        clientParticipation: true,
        clientExpectations: true,
        clientWorries: true,
        accessibilityNotes: true,
        previousMeetingId: true,
        createdAt: true,
        network: { select: { id: true, name: true } },
        case: {
          select: {
            id: true,
            caseNumber: true,
            client: { select: { firstName: true, lastName: true } },
            caseManager: {
              select: { id: true, name: true, positionTitle: true, organisation: { select: { name: true } } },
            },
          },
        },
        participants: {
          orderBy: { id: "asc" },
          select: {
            id: true,
            userId: true,
            meetingRole: true,
            expectedContribution: true,
            response: true,
            respondedAt: true,
            declineReason: true,
            isRemote: true,
            consentedAt: true,
            confidentialityAt: true,
            invitationSentAt: true,
            user: {
              select: {
                name: true,
                email: true,
                kind: true,
                positionTitle: true,
                organisation: { select: { name: true } },
              },
            },
          },
        },
      },
    }),
    permissions.canManage
      ? db.invitation.findMany({
          where: { kind: "EXTERNAL", meetingId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
          orderBy: { createdAt: "desc" },
          select: { id: true, name: true, email: true, caseRole: true, expiresAt: true },
        })
      : Promise.resolve([]),
  ]);

  const caseRoles = meeting.case
    ? await db.caseMember.findMany({
        where: { caseId: meeting.case.id, removedAt: null, userId: { in: meeting.participants.map((p) => p.userId) } },
        select: { userId: true, role: true },
      })
    : [];
  const caseRoleOf = new Map(caseRoles.map((m) => [m.userId, m.role]));
  const previous =
    meeting.previousMeetingId && meeting.case
      ? await db.meeting.findFirst({
          where: { id: meeting.previousMeetingId, caseId: meeting.case.id },
          select: { id: true, purpose: true, startsAt: true },
        })
      : null;

  const participants = meeting.participants
    .map((p) => {
      const isMe = p.userId === actor.userId;
      const seesDetails = permissions.canManage || isMe;
      return {
        id: p.id,
        userId: p.userId,
        isMe,
        name: p.user.name,
        positionTitle: p.user.positionTitle,
        organisationName: p.user.organisation?.name ?? null,
        isExternal: p.user.kind === "EXTERNAL",
        caseRole: caseRoleOf.get(p.userId) ?? null,
        meetingRole: p.meetingRole,
        expectedContribution: p.expectedContribution,
        response: p.response,
        isRemote: p.isRemote,
        // The case manager's overview: who has and who has not confirmed and consented.
        details: seesDetails
          ? {
              email: permissions.canManage ? p.user.email : null,
              respondedAt: p.respondedAt,
              declineReason: p.declineReason,
              hasConsented: p.consentedAt !== null,
              hasAcknowledgedConfidentiality: p.confidentialityAt !== null,
              invitationSentAt: p.invitationSentAt,
            }
          : null,
      };
    })
    .sort(
      (a, b) =>
        ROLE_ORDER.indexOf(a.meetingRole) - ROLE_ORDER.indexOf(b.meetingRole) || a.name.localeCompare(b.name, "et"),
    );

  await writeAudit(
    { actor, action: "meeting.read", subjectType: "meeting", subjectId: meetingId, caseId: facts.caseId },
    { db },
  );

  const caseManager = meeting.case?.caseManager ?? null;
  return {
    meeting: {
      id: meeting.id,
      kind: meeting.kind,
      purpose: meeting.purpose,
      startsAt: meeting.startsAt,
      endsAt: new Date(meeting.startsAt.getTime() + meeting.durationMinutes * 60_000),
      durationMinutes: meeting.durationMinutes,
      location: meeting.location,
      isOnline: meeting.isOnline,
      onlineUrl: meeting.onlineUrl,
      status: meeting.status,
      sequence: meeting.sequence,
      cancelledAt: meeting.cancelledAt,
      cancelReason: meeting.cancelReason,
      networkName: meeting.network?.name ?? null,
    },
    case: meeting.case
      ? {
          id: meeting.case.id,
          caseNumber: meeting.case.caseNumber,
          clientName: `${meeting.case.client.firstName} ${meeting.case.client.lastName}`,
          /** Team readers go back to the team's case page, others to the client's own view. */
          viewerIsTeamReader: isTeamReader,
        }
      : null,
    preparer: caseManager
      ? {
          name: caseManager.name,
          positionTitle: caseManager.positionTitle,
          organisationName: caseManager.organisation?.name ?? null,
        }
      : null,
    clientParticipation: maySeeClientParticipation
      ? {
          mode: meeting.clientParticipation,
          expectations: meeting.clientExpectations,
          worries: meeting.clientWorries,
          accessibilityNotes: meeting.accessibilityNotes,
        }
      : null,
    previousMeeting: previous,
    participants,
    me: participants.find((p) => p.isMe) ?? null,
    pendingInvitations: invitations.map((i) => ({
      id: i.id,
      name: i.name,
      email: i.email,
      caseRole: i.caseRole,
      expiresAt: i.expiresAt,
    })),
    summary: permissions.canManage
      ? {
          total: participants.length,
          accepted: participants.filter((p) => p.response === "ACCEPTED").length,
          declined: participants.filter((p) => p.response === "DECLINED").length,
          pending: participants.filter((p) => p.response === "PENDING").length,
          withoutConsent: participants.filter(
            (p) => p.response !== "DECLINED" && !(p.details?.hasConsented && p.details.hasAcknowledgedConfidentiality),
          ).length,
          // The same people the "send to those who have not had it" button mails: the case manager too.
          notInvited: participants.filter((p) => p.details?.invitationSentAt === null).length,
        }
      : null,
    permissions: { ...permissions, canDownloadCalendar: facts.participant !== null },
  };
}
