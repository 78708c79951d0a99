// Synthetic meeting-record content for tests. Every name is made up.
import type { Db, MeetingRole, MeetingStatus } from "../../app/lib/db-types.ts";
import type { RecordContent } from "../../app/domain/records/record-schemas.ts";
import type { TeamCase } from "./team.ts";

/** A complete record of a made-up meeting (004 §2.3, every section filled). */
export function fullRecord(): RecordContent {
  return {
    schemaVersion: 1,
    caseNumber: "TV-2026-014",
    clientName: "Jaan Kivi",
    purpose: "Juhtumiplaani koostamine",
    preparer: { userId: "cuser00000000000000001", name: "Kadri Kask", position: "Juhtumikorraldaja, Tartu vald" },
    moderator: { userId: "cuser00000000000000001", name: "Kadri Kask", position: "Juhtumikorraldaja, Tartu vald" },
    participants: [
      {
        userId: "cuser00000000000000001",
        name: "Kadri Kask",
        position: "Juhtumikorraldaja, Tartu vald",
        caseRole: "CASE_MANAGER",
        meetingRole: "MODERATOR",
        attendance: "IN_PERSON",
      },
      {
        userId: "cuser00000000000000002",
        name: "Jaan Kivi",
        position: "",
        caseRole: "CLIENT",
        meetingRole: "PARTICIPANT",
        attendance: "REMOTE",
      },
      {
        userId: null,
        name: "Tõlk Irina",
        position: "vene keele tõlk",
        caseRole: null,
        meetingRole: "PARTICIPANT",
        attendance: "IN_PERSON",
      },
    ],
    time: { startsAt: "2026-12-01T12:00:00.000Z", durationMinutes: 90 },
    place: { location: "Tartu vallamaja, nõupidamisruum", isOnline: false },
    goals: [{ id: "g1", text: "Jaan naaseb osalise koormusega tööle", agreedByClient: true, reached: "partly" }],
    clientParticipationMode: "REMOTE",
    clientParticipation: "Jaan osales videosilla kaudu, tugiisik oli tema juures.",
    clientResources: "Motivatsioon, tugiisik, naaber.",
    problemsAgreed: "Parema käe nõrkus, üksi elamine maal.",
    servicesReceived: "Taastusravi, koduteenus.",
    plannedSteps: [
      {
        id: "s1",
        text: "Taotleda rehabilitatsiooniteenust",
        responsible: {
          userId: "cuser00000000000000001",
          name: "Kadri Kask",
          position: "Juhtumikorraldaja, Tartu vald",
        },
        deadline: "2026-12-15",
        nextStep: "Kohtumine SKA spetsialistiga",
      },
    ],
    dissentingOpinions: [
      {
        id: "d1",
        authorName: "Галина Петрова",
        authorUserId: null,
        about: "Toetatud elamine",
        text: "Я не согласна переезжать.",
        recordedBy: "Eve Mägi",
      },
    ],
    nextMeeting: { startsAt: "2027-01-12T09:00:00.000Z", topics: "Tööle naasmise plaan" },
    topicsRaised: "Tööle naasmine\nAbi kodus",
    closingSummary: {
      whatBecameClear: "Jaan soovib tööle naasta.",
      whatStillNeedsDiscussing: "Transport tööle.",
      beforeNextMeeting: "Rehabilitatsiooni taotlus.",
      firstStep: "Kadri saadab taotluse.",
    },
  };
}

/**
 * A case meeting of a team case (tests/factories/team.ts) with participants: the case manager as
 * moderator, a specialist with consent, the client (remotely) and, when asked, others.
 */
export async function createMeetingWithParticipants(
  db: Db,
  team: TeamCase,
  {
    durationMinutes = 60,
    status = "PLANNED",
    startsAt = new Date(Date.now() + 7 * 24 * 3600 * 1000),
    extraParticipantIds = [],
  }: {
    durationMinutes?: number;
    status?: MeetingStatus;
    startsAt?: Date;
    extraParticipantIds?: string[];
  } = {},
) {
  const { caseManager, specialistWithConsent, client } = team.people;
  const meeting = await db.meeting.create({
    data: {
      kind: "CASE",
      caseId: team.caseId,
      purpose: "Juhtumiplaani koostamine",
      startsAt,
      durationMinutes,
      location: "Testvalla vallamaja, ruum 2",
      status,
      clientParticipation: "REMOTE",
      createdById: caseManager.user.id,
    },
  });
  const participants: { userId: string; meetingRole: MeetingRole; isRemote?: boolean }[] = [
    { userId: caseManager.user.id, meetingRole: "MODERATOR" },
    { userId: specialistWithConsent.user.id, meetingRole: "MINUTE_TAKER" },
    { userId: client.user.id, meetingRole: "PARTICIPANT", isRemote: true },
    ...extraParticipantIds.map((userId) => ({ userId, meetingRole: "PARTICIPANT" as const })),
  ];
  for (const p of participants) {
    await db.meetingParticipant.create({
      data: {
        meetingId: meeting.id,
        userId: p.userId,
        meetingRole: p.meetingRole,
        isRemote: p.isRemote ?? false,
        response: "ACCEPTED",
        // Accepting takes consent and the confidentiality acknowledgement (004 §2.1).
        consentedAt: meeting.createdAt,
        confidentialityAt: meeting.createdAt,
      },
    });
  }
  return meeting;
}
