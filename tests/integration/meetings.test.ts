// Meeting preparation through the real services and a real database (SQLite and PostgreSQL):
// creating a meeting from the case team, every refusal with its code and message and nothing
// changed, responses with consent and the confidentiality acknowledgement, invitations by link,
// rescheduling and cancelling, and who sees what of a meeting. Mail goes to an in-memory mailer
// here; tests/integration/meeting-mail.test.ts sends it through a real SMTP server.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../app/domain/actor.ts";
import { acceptInvitation } from "../../app/domain/auth/accept-invitation.ts";
import { createExternalInvitation } from "../../app/domain/auth/create-external-invitation.ts";
import { cancelMeeting } from "../../app/domain/meetings/cancel-meeting.ts";
import { createMeeting } from "../../app/domain/meetings/create-meeting.ts";
import { getMeetingForPreparation } from "../../app/domain/meetings/get-meeting.ts";
import { getMeetingPlanning } from "../../app/domain/meetings/get-meeting-planning.ts";
import { icsForParticipant } from "../../app/domain/meetings/ics-for-participant.ts";
import { inviteToMeetingByLink } from "../../app/domain/meetings/invite-to-meeting.ts";
import type { CreateMeetingInput } from "../../app/domain/meetings/meeting-schemas.ts";
import { participantField } from "../../app/domain/meetings/meeting-schemas.ts";
import { rescheduleMeeting } from "../../app/domain/meetings/reschedule-meeting.ts";
import { respondToMeeting } from "../../app/domain/meetings/respond-to-meeting.ts";
import { sendMeetingInvitations } from "../../app/domain/meetings/send-invitations.ts";
import type { MailMessage, Mailer } from "../../app/lib/mailer-types.ts";
import { auditWrittenBy } from "../factories/cases.ts";
import { createTeamCase, type TeamCase } from "../factories/team.ts";
import { expectDomainError } from "../support/expect-domain-error.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-db.ts";

const DAY_MS = 24 * 3600 * 1000;
const PUBLIC_URL = "https://juhtumid.example";

let t: TestDatabase;
let team: TeamCase;
let other: TeamCase;

beforeAll(async () => {
  t = await createTestDatabase();
  team = await createTeamCase(t.db);
  other = await createTeamCase(t.db);
  await t.db.client.update({
    where: { id: team.client.id },
    data: {
      communicationNeeds: JSON.stringify(["INTERPRETER", "MOBILITY"]),
      interpreterLanguage: "vene keel",
      accessibilityNotes: "Vajab pause",
    },
  });
});
afterAll(async () => {
  await t?.drop();
});

/** A mailer that keeps what it was given; addresses in `failFor` fail like a refused SMTP send. */
function memoryMailer(failFor: string[] = []): Mailer & { messages: MailMessage[] } {
  const messages: MailMessage[] = [];
  return {
    isConfigured: true,
    messages,
    async send(message) {
      if (failFor.includes(message.to)) throw new Error("550 mailbox unavailable");
      messages.push(message);
    },
  };
}

const manager = () => team.people.caseManager;

function meetingInput(overrides: Partial<CreateMeetingInput> = {}): CreateMeetingInput {
  return {
    caseId: team.caseId,
    purpose: "Juhtumiplaani koostamine: eesmärgid ja vastutajad",
    startsAt: new Date(Date.now() + 7 * DAY_MS),
    durationMinutes: 90,
    location: "Vallamaja, ruum 2",
    clientParticipation: "IN_PERSON",
    participants: [
      { userId: manager().user.id, meetingRole: "MODERATOR" },
      {
        userId: team.people.specialistWithConsent.user.id,
        meetingRole: "MINUTE_TAKER",
        expectedContribution: "Taastusravi võimalused",
      },
      { userId: team.people.client.user.id, meetingRole: "PARTICIPANT", isRemote: true },
    ],
    ...overrides,
  };
}

async function newMeeting(overrides: Partial<CreateMeetingInput> = {}) {
  const { meetingId } = await createMeeting(manager().actor, meetingInput(overrides), { db: t.db });
  return meetingId;
}

/** Rows the meeting services write; a refused call must leave every count as it was. */
async function countRows() {
  const [meetings, participants, invitations, audits] = [
    await t.db.meeting.count(),
    await t.db.meetingParticipant.count(),
    await t.db.invitation.count(),
    await t.db.auditEvent.count(),
  ];
  return { meetings, participants, invitations, audits };
}

async function expectNothingChanged(work: () => Promise<unknown>) {
  const before = await countRows();
  await work();
  expect(await countRows()).toEqual(before);
}

describe("creating a meeting", () => {
  it("creates the meeting with its participants and roles, in one audited step", async () => {
    const { result: meetingId, actions } = await auditWrittenBy(t.db, () => newMeeting());
    expect(actions).toEqual(["meeting.create"]);
    const meeting = await t.db.meeting.findUniqueOrThrow({
      where: { id: meetingId },
      include: { participants: true },
    });
    expect(meeting).toMatchObject({ kind: "CASE", caseId: team.caseId, status: "PLANNED", sequence: 0 });
    expect(meeting.clientParticipation).toBe("IN_PERSON");
    // Carried from the client record as plain, editable text.
    expect(meeting.accessibilityNotes).toBe(
      "– Tõlk: vene keel\n– Liikumise tugi\n– Muud vajadused ja märkused: Vajab pause",
    );
    const byUser = new Map(meeting.participants.map((p) => [p.userId, p]));
    expect(byUser.get(team.people.specialistWithConsent.user.id)).toMatchObject({
      meetingRole: "MINUTE_TAKER",
      expectedContribution: "Taastusravi võimalused",
      response: "PENDING",
      consentedAt: null,
    });
    expect(byUser.get(team.people.client.user.id)).toMatchObject({ isRemote: true, response: "PENDING" });
    // The case manager prepares it: their answer and consent are recorded at once.
    const own = byUser.get(manager().user.id)!;
    expect(own.response).toBe("ACCEPTED");
    expect(own.consentedAt).not.toBeNull();
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "meeting.create", subjectId: meetingId } });
    expect(audit.caseId).toBe(team.caseId);
  });

  it("adds the case manager when not listed, and keeps the notes the case manager wrote", async () => {
    const meetingId = await newMeeting({
      accessibilityNotes: "Tõlk osaleb telefoni teel",
      participants: [
        { userId: team.people.specialistWithConsent.user.id, meetingRole: "MODERATOR" },
        { userId: team.people.legalRepresentative.user.id, meetingRole: "MINUTE_TAKER" },
      ],
    });
    const meeting = await t.db.meeting.findUniqueOrThrow({ where: { id: meetingId }, include: { participants: true } });
    expect(meeting.accessibilityNotes).toBe("Tõlk osaleb telefoni teel");
    expect(meeting.participants.find((p) => p.userId === manager().user.id)?.meetingRole).toBe("PARTICIPANT");
    expect(meeting.participants).toHaveLength(3);
  });

  it("refuses someone who is not on the team, naming them on their row, and changes nothing", async () => {
    const outsider = team.people.otherOrganisationUser.user;
    await expectNothingChanged(async () => {
      const error = await expectDomainError(
        createMeeting(
          manager().actor,
          meetingInput({
            participants: [...meetingInput().participants!, { userId: outsider.id, meetingRole: "PARTICIPANT" }],
          }),
          { db: t.db },
        ),
        "VALIDATION",
        "meeting.participantNotOnTeam",
      );
      expect(error.fieldErrors).toEqual({ [participantField(outsider.id)]: "meeting.participantNotOnTeam" });
      expect(error.params.names).toBe(outsider.name);
    });
  });

  it("refuses a specialist whose consent is missing or withdrawn, and changes nothing", async () => {
    for (const person of [team.people.specialistNoConsent, team.people.specialistWithdrawn]) {
      await expectNothingChanged(async () => {
        const error = await expectDomainError(
          createMeeting(
            manager().actor,
            meetingInput({
              participants: [...meetingInput().participants!, { userId: person.user.id, meetingRole: "TIMEKEEPER" }],
            }),
            { db: t.db },
          ),
          "VALIDATION",
          "meeting.participantNeedsConsent",
        );
        expect(error.fieldErrors[participantField(person.user.id)]).toBe("meeting.participantNeedsConsent");
        expect(error.params.names).toBe(person.user.name);
      });
    }
  });

  it("needs exactly one moderator and one minute-taker", async () => {
    const people = meetingInput().participants!;
    const cases: [CreateMeetingInput["participants"], string][] = [
      [
        people.map((p) => ({ ...p, meetingRole: p.meetingRole === "MODERATOR" ? "PARTICIPANT" : p.meetingRole })),
        "meeting.moderatorRequired",
      ],
      [
        people.map((p) => ({ ...p, meetingRole: p.meetingRole === "MINUTE_TAKER" ? "MODERATOR" : p.meetingRole })),
        "meeting.onlyOneModerator",
      ],
      [
        people.map((p) => ({ ...p, meetingRole: p.meetingRole === "MINUTE_TAKER" ? "TIMEKEEPER" : p.meetingRole })),
        "meeting.minuteTakerRequired",
      ],
      [
        people.map((p) => ({ ...p, meetingRole: p.meetingRole === "PARTICIPANT" ? "MINUTE_TAKER" : p.meetingRole })),
        "meeting.onlyOneMinuteTaker",
      ],
    ];
    for (const [participants, key] of cases) {
      await expectNothingChanged(async () => {
        const error = await expectDomainError(
          createMeeting(manager().actor, meetingInput({ participants }), { db: t.db }),
          "VALIDATION",
          key,
        );
        expect(error.fieldErrors).toEqual({ participants: key });
      });
    }
  });

  it("lets the case manager both moderate and take minutes in a meeting with the client alone", async () => {
    const meetingId = await newMeeting({
      participants: [
        { userId: manager().user.id, meetingRole: "MODERATOR_AND_MINUTE_TAKER" },
        { userId: team.people.client.user.id, meetingRole: "PARTICIPANT", isRemote: true },
      ],
    });
    const rows = await t.db.meetingParticipant.findMany({ where: { meetingId }, orderBy: { meetingRole: "asc" } });
    expect(rows.map((r) => r.meetingRole).sort()).toEqual(["MODERATOR_AND_MINUTE_TAKER", "PARTICIPANT"]);
    // Someone else moderating as well is one moderator too many.
    await expectNothingChanged(async () => {
      await expectDomainError(
        createMeeting(
          manager().actor,
          meetingInput({
            participants: [
              { userId: manager().user.id, meetingRole: "MODERATOR_AND_MINUTE_TAKER" },
              { userId: team.people.specialistWithConsent.user.id, meetingRole: "MODERATOR" },
            ],
          }),
          { db: t.db },
        ),
        "VALIDATION",
        "meeting.onlyOneModerator",
      );
    });
  });

  it("refuses a start in the past, a meeting without a place, and a previous meeting of another case", async () => {
    const otherMeeting = await createMeeting(
      other.people.caseManager.actor,
      {
        caseId: other.caseId,
        purpose: "Teise juhtumi kohtumine",
        startsAt: new Date(Date.now() + DAY_MS),
        durationMinutes: 60,
        location: "Haigla",
        clientParticipation: "REMOTE",
        participants: [
          { userId: other.people.caseManager.user.id, meetingRole: "MODERATOR" },
          { userId: other.people.specialistWithConsent.user.id, meetingRole: "MINUTE_TAKER" },
        ],
      },
      { db: t.db },
    );
    await expectNothingChanged(async () => {
      const past = await expectDomainError(
        createMeeting(manager().actor, meetingInput({ startsAt: new Date(Date.now() - 60_000) }), { db: t.db }),
        "VALIDATION",
      );
      expect(past.fieldErrors).toEqual({ startsAt: "meeting.startsAtPast" });
      const nowhere = await expectDomainError(
        createMeeting(manager().actor, meetingInput({ location: "", isOnline: false }), { db: t.db }),
        "VALIDATION",
      );
      expect(nowhere.fieldErrors).toEqual({ location: "meeting.placeRequired" });
      await expectDomainError(
        createMeeting(manager().actor, meetingInput({ previousMeetingId: otherMeeting.meetingId }), { db: t.db }),
        "VALIDATION",
        "meeting.previousNotInCase",
      );
    });
  });

  it("lets only the case manager create: a reader is refused, an outsider is told the case does not exist", async () => {
    await expectNothingChanged(async () => {
      await expectDomainError(
        createMeeting(team.people.specialistWithConsent.actor, meetingInput(), { db: t.db }),
        "FORBIDDEN",
      );
      await expectDomainError(createMeeting(team.people.supervisor.actor, meetingInput(), { db: t.db }), "FORBIDDEN");
      await expectDomainError(createMeeting(other.people.caseManager.actor, meetingInput(), { db: t.db }), "NOT_FOUND");
    });
  });

  it("offers the team with who can and cannot be invited, and starts from an earlier meeting", async () => {
    const previousId = await newMeeting();
    const planning = await getMeetingPlanning(manager().actor, team.caseId, { db: t.db, fromMeetingId: previousId });
    const eligibility = Object.fromEntries(planning.team.map((m) => [m.userId, m.eligibility]));
    expect(eligibility[team.people.specialistWithConsent.user.id]).toBe("ELIGIBLE");
    expect(eligibility[team.people.client.user.id]).toBe("ELIGIBLE");
    expect(eligibility[team.people.closePerson.user.id]).toBe("ELIGIBLE");
    expect(eligibility[team.people.specialistNoConsent.user.id]).toBe("NEEDS_CONSENT");
    expect(eligibility[team.people.specialistWithdrawn.user.id]).toBe("NEEDS_CONSENT");
    expect(planning.previousMeeting?.participants.map((p) => p.meetingRole).sort()).toEqual([
      "MINUTE_TAKER",
      "MODERATOR",
      "PARTICIPANT",
    ]);
    // A meeting of another case is not a starting point.
    const foreign = await getMeetingPlanning(manager().actor, team.caseId, {
      db: t.db,
      fromMeetingId: (await t.db.meeting.findFirstOrThrow({ where: { caseId: other.caseId } })).id,
    });
    expect(foreign.previousMeeting).toBeNull();
  });
});

describe("answering an invitation", () => {
  let meetingId: string;
  beforeEach(async () => {
    meetingId = await newMeeting();
  });

  const clientAnswer = (overrides: Record<string, unknown> = {}) => ({
    meetingId,
    response: "ACCEPTED" as const,
    consentToTakePart: true,
    confidentialityAcknowledged: true,
    ...overrides,
  });
  const clientRow = () =>
    t.db.meetingParticipant.findUniqueOrThrow({
      where: { meetingId_userId: { meetingId, userId: team.people.client.user.id } },
    });

  it("refuses to accept without consent to take part, or without the confidentiality acknowledgement", async () => {
    const before = await clientRow();
    await expectNothingChanged(async () => {
      const noConsent = await expectDomainError(
        respondToMeeting(team.people.client.actor, clientAnswer({ consentToTakePart: false }), { db: t.db }),
        "VALIDATION",
        "meeting.consentRequired",
      );
      expect(noConsent.fieldErrors).toEqual({ consentToTakePart: "meeting.consentRequired" });
      const noConfidentiality = await expectDomainError(
        respondToMeeting(team.people.client.actor, clientAnswer({ confidentialityAcknowledged: false }), { db: t.db }),
        "VALIDATION",
        "meeting.confidentialityRequired",
      );
      expect(noConfidentiality.fieldErrors).toEqual({ confidentialityAcknowledged: "meeting.confidentialityRequired" });
    });
    expect(await clientRow()).toEqual(before);
  });

  it("records acceptance with consent and acknowledgement; declining withdraws the consent", async () => {
    const { actions } = await auditWrittenBy(t.db, () =>
      respondToMeeting(team.people.client.actor, clientAnswer({ isRemote: true }), { db: t.db }),
    );
    expect(actions).toEqual(["meeting.respond"]);
    const accepted = await clientRow();
    expect(accepted).toMatchObject({ response: "ACCEPTED", isRemote: true });
    expect(accepted.consentedAt).not.toBeNull();
    expect(accepted.confidentialityAt).not.toBeNull();
    expect(accepted.respondedAt).not.toBeNull();

    await respondToMeeting(
      team.people.client.actor,
      { meetingId, response: "DECLINED", declineReason: "Olen haiglas" },
      { db: t.db },
    );
    expect(await clientRow()).toMatchObject({
      response: "DECLINED",
      consentedAt: null,
      confidentialityAt: null,
      declineReason: "Olen haiglas",
    });
  });

  it("lets only participants answer", async () => {
    await expectNothingChanged(async () => {
      // On the client's side but not invited to this meeting: the meeting does not exist for them.
      await expectDomainError(
        respondToMeeting(team.people.closePerson.actor, clientAnswer(), { db: t.db }),
        "NOT_FOUND",
      );
      // A team reader who is not a participant sees the meeting but has nothing to answer.
      await expectDomainError(
        respondToMeeting(team.people.supervisor.actor, clientAnswer(), { db: t.db }),
        "FORBIDDEN",
      );
    });
  });
});

describe("invitations by e-mail and by link", () => {
  it("sends each participant with an address their invitation and records it; a failed one leaves nothing", async () => {
    const meetingId = await newMeeting();
    const mailer = memoryMailer([team.people.client.user.email!]);
    const { result, actions } = await auditWrittenBy(t.db, () =>
      sendMeetingInvitations(manager().actor, { meetingId }, { db: t.db, mailer, publicUrl: PUBLIC_URL }),
    );
    expect(result.sent.map((p) => p.userId).sort()).toEqual(
      [manager().user.id, team.people.specialistWithConsent.user.id].sort(),
    );
    expect(result.failed.map((p) => p.userId)).toEqual([team.people.client.user.id]);
    expect(actions).toEqual(["meeting.invitation.send", "meeting.invitation.send"]);
    const rows = await t.db.meetingParticipant.findMany({ where: { meetingId } });
    for (const row of rows) {
      if (row.userId === team.people.client.user.id) expect(row.invitationSentAt).toBeNull();
      else expect(row.invitationSentAt).not.toBeNull();
    }
    const toSpecialist = mailer.messages.find((m) => m.to === team.people.specialistWithConsent.user.email)!;
    expect(toSpecialist.attachments?.[0]?.contentType).toBe("text/calendar; method=REQUEST; charset=utf-8");
    expect(toSpecialist.text).toContain(`${PUBLIC_URL}/meetings/${meetingId}`);

    // Again, only to those who do not have it yet: the client this time.
    const retry = await sendMeetingInvitations(
      manager().actor,
      { meetingId, onlyNotInvited: true },
      { db: t.db, mailer: memoryMailer(), publicUrl: PUBLIC_URL },
    );
    expect(retry.sent.map((p) => p.userId)).toEqual([team.people.client.user.id]);
  });

  it("sends nothing and records nothing when mail is not set up", async () => {
    const meetingId = await newMeeting();
    await expectNothingChanged(async () => {
      const result = await sendMeetingInvitations(
        manager().actor,
        { meetingId },
        { db: t.db, mailer: { isConfigured: false, send: async () => {} }, publicUrl: PUBLIC_URL },
      );
      expect(result).toEqual({ isMailConfigured: false, sent: [], failed: [], notMailed: [] });
    });
  });

  it("refuses a participant who is not the case manager, and changes nothing", async () => {
    const meetingId = await newMeeting();
    const mailer = memoryMailer();
    await expectNothingChanged(() =>
      expectDomainError(
        sendMeetingInvitations(
          team.people.specialistWithConsent.actor,
          { meetingId },
          { db: t.db, mailer, publicUrl: PUBLIC_URL },
        ),
        "FORBIDDEN",
      ),
    );
    expect(mailer.messages).toEqual([]);
  });

  it("invites someone without an account by link; after accepting they are a participant", async () => {
    const meetingId = await newMeeting();
    const mailer = memoryMailer();
    const invited = await inviteToMeetingByLink(
      manager().actor,
      { meetingId, caseRole: "ADVOCATE", name: "Ülle Tugiisik", email: "ylle.tugiisik@test.example" },
      { db: t.db, mailer, publicUrl: PUBLIC_URL },
    );
    expect(invited.mailStatus).toBe("sent");
    expect(invited.link).toMatch(/^https:\/\/juhtumid\.example\/invite\/[A-Za-z0-9_-]+$/);
    expect(mailer.messages[0]?.attachments?.[0]?.content).toContain('ATTENDEE;CN="Ülle Tugiisik"');
    const token = invited.link.split("/").pop()!;
    const user = await acceptInvitation(
      token,
      { name: "Ülle Tugiisik", password: "pikk-parool-2026", passwordConfirm: "pikk-parool-2026" },
      { db: t.db },
    );
    const participant = await t.db.meetingParticipant.findUniqueOrThrow({
      where: { meetingId_userId: { meetingId, userId: user.id } },
    });
    expect(participant.response).toBe("PENDING");
  });

  it("refuses a malformed e-mail address and a specialist without the client's consent, creating nothing", async () => {
    const meetingId = await newMeeting();
    const mailer = memoryMailer();
    await expectNothingChanged(async () => {
      const malformed = await expectDomainError(
        inviteToMeetingByLink(
          manager().actor,
          { meetingId, caseRole: "CLOSE_PERSON", name: "Vale Aadress", email: "vale-aadress@" },
          { db: t.db, mailer, publicUrl: PUBLIC_URL },
        ),
        "VALIDATION",
      );
      expect(malformed.fieldErrors).toEqual({ email: "auth.emailInvalid" });
      const direct = await expectDomainError(
        createExternalInvitation(
          manager().actor,
          { caseId: team.caseId, meetingId, caseRole: "CLIENT", name: "Vale", email: "not an address" },
          { db: t.db },
        ),
        "VALIDATION",
      );
      expect(direct.fieldErrors).toEqual({ email: "auth.emailInvalid" });
      await expectDomainError(
        inviteToMeetingByLink(
          manager().actor,
          { meetingId, caseRole: "SPECIALIST", name: "Nõusolekuta Spetsialist" },
          { db: t.db, mailer, publicUrl: PUBLIC_URL },
        ),
        "VALIDATION",
        "team.consentRequired",
      );
    });
    expect(mailer.messages).toEqual([]);
  });
});

describe("rescheduling and cancelling", () => {
  it("moves the meeting, raises the sequence and asks everyone but the mover to confirm again, keeping consent", async () => {
    const meetingId = await newMeeting();
    await respondToMeeting(
      team.people.client.actor,
      { meetingId, response: "ACCEPTED", consentToTakePart: true, confidentialityAcknowledged: true },
      { db: t.db },
    );
    const mailer = memoryMailer();
    const startsAt = new Date(Date.now() + 10 * DAY_MS);
    const { result, actions } = await auditWrittenBy(t.db, () =>
      rescheduleMeeting(
        manager().actor,
        {
          meetingId,
          startsAt,
          durationMinutes: 60,
          location: "",
          isOnline: true,
          onlineUrl: "https://video.example/x",
        },
        { db: t.db, mailer, publicUrl: PUBLIC_URL },
      ),
    );
    expect(result.sequence).toBe(1);
    expect(actions).toEqual([
      "meeting.invitation.send",
      "meeting.invitation.send",
      "meeting.invitation.send",
      "meeting.reschedule",
    ]);
    const meeting = await t.db.meeting.findUniqueOrThrow({ where: { id: meetingId }, include: { participants: true } });
    expect(meeting).toMatchObject({ sequence: 1, durationMinutes: 60, location: null, isOnline: true });
    expect(meeting.startsAt.getTime()).toBe(startsAt.getTime());
    const client = meeting.participants.find((p) => p.userId === team.people.client.user.id)!;
    expect(client.response).toBe("PENDING");
    expect(client.consentedAt).not.toBeNull();
    expect(meeting.participants.find((p) => p.userId === manager().user.id)?.response).toBe("ACCEPTED");
    expect(mailer.messages.every((m) => m.attachments?.[0]?.content.includes("SEQUENCE:1"))).toBe(true);
  });

  it("cancels with a reason; a cancelled or held meeting cannot be moved or cancelled again", async () => {
    const meetingId = await newMeeting();
    const mailer = memoryMailer();
    await expectDomainError(
      cancelMeeting(manager().actor, { meetingId, reason: " " }, { db: t.db, mailer, publicUrl: PUBLIC_URL }),
      "VALIDATION",
    );
    const { actions } = await auditWrittenBy(t.db, () =>
      cancelMeeting(
        manager().actor,
        { meetingId, reason: "Klient on haiglas" },
        { db: t.db, mailer, publicUrl: PUBLIC_URL },
      ),
    );
    expect(actions).toContain("meeting.cancel");
    const cancelled = await t.db.meeting.findUniqueOrThrow({ where: { id: meetingId } });
    expect(cancelled).toMatchObject({ status: "CANCELLED", cancelReason: "Klient on haiglas", sequence: 1 });
    expect(mailer.messages[0]?.attachments?.[0]?.contentType).toContain("method=CANCEL");

    const heldId = await newMeeting();
    await t.db.meeting.update({ where: { id: heldId }, data: { status: "HELD" } });
    for (const id of [meetingId, heldId]) {
      await expectNothingChanged(async () => {
        await expectDomainError(
          rescheduleMeeting(
            manager().actor,
            { meetingId: id, startsAt: new Date(Date.now() + 3 * DAY_MS), durationMinutes: 60, location: "Vallamaja" },
            { db: t.db, mailer, publicUrl: PUBLIC_URL },
          ),
          "INVALID_STATE",
          "meeting.notPlanned",
        );
        await expectDomainError(
          cancelMeeting(
            manager().actor,
            { meetingId: id, reason: "Uuesti" },
            { db: t.db, mailer, publicUrl: PUBLIC_URL },
          ),
          "INVALID_STATE",
          "meeting.notCancellable",
        );
        await expectDomainError(
          sendMeetingInvitations(manager().actor, { meetingId: id }, { db: t.db, mailer, publicUrl: PUBLIC_URL }),
          "INVALID_STATE",
        );
      });
    }
    // A cancelled meeting takes no more answers.
    await expectDomainError(
      respondToMeeting(
        team.people.client.actor,
        { meetingId, response: "ACCEPTED", consentToTakePart: true, confidentialityAcknowledged: true },
        { db: t.db },
      ),
      "INVALID_STATE",
    );
  });

  it("refuses a participant who tries to cancel or reschedule, and changes nothing", async () => {
    const meetingId = await newMeeting();
    const mailer = memoryMailer();
    await expectNothingChanged(async () => {
      await expectDomainError(
        cancelMeeting(
          team.people.specialistWithConsent.actor,
          { meetingId, reason: "Ei sobi" },
          { db: t.db, mailer, publicUrl: PUBLIC_URL },
        ),
        "FORBIDDEN",
      );
      await expectDomainError(
        rescheduleMeeting(
          team.people.client.actor,
          { meetingId, startsAt: new Date(Date.now() + 3 * DAY_MS), durationMinutes: 60, location: "Kodus" },
          { db: t.db, mailer, publicUrl: PUBLIC_URL },
        ),
        "FORBIDDEN",
      );
    });
    expect((await t.db.meeting.findUniqueOrThrow({ where: { id: meetingId } })).status).toBe("PLANNED");
  });
});

describe("who sees what of a meeting", () => {
  let meetingId: string;
  beforeAll(async () => {
    meetingId = await newMeeting({ clientExpectations: "Tahan tööle tagasi", clientWorries: "Raha ei jätku" });
  });

  it("shows the case manager every participant's answer, consent, acknowledgement and e-mail", async () => {
    const { result: view, actions } = await auditWrittenBy(t.db, () =>
      getMeetingForPreparation(manager().actor, meetingId, { db: t.db }),
    );
    expect(actions).toEqual(["meeting.read"]);
    expect(view.permissions).toMatchObject({ canManage: true, canRespond: true, canEditAgenda: true });
    expect(view.case).toMatchObject({ caseNumber: team.theCase.caseNumber, viewerIsTeamReader: true });
    const client = view.participants.find((p) => p.userId === team.people.client.user.id)!;
    expect(client.details).toMatchObject({ email: team.people.client.user.email, hasConsented: false });
    expect(client.caseRole).toBe("CLIENT");
    expect(view.summary).toMatchObject({ total: 3, accepted: 1, pending: 2 });
    expect(view.clientParticipation).toMatchObject({ expectations: "Tahan tööle tagasi", worries: "Raha ei jätku" });
  });

  it("shows the client names, roles and who is coming, not others' e-mails or consent", async () => {
    const view = await getMeetingForPreparation(team.people.client.actor, meetingId, { db: t.db });
    expect(view.permissions).toMatchObject({ canManage: false, canRespond: true });
    expect(view.case).toMatchObject({
      clientName: `${team.client.firstName} ${team.client.lastName}`,
      viewerIsTeamReader: false,
    });
    for (const p of view.participants) {
      if (p.isMe) expect(p.details).not.toBeNull();
      else expect(p.details).toBeNull();
    }
    expect(JSON.stringify(view)).not.toContain(manager().user.email!);
    expect(view.clientParticipation).not.toBeNull();
    expect(view.pendingInvitations).toEqual([]);
  });

  it("tells an outsider, a specialist without consent and an uninvited close person that it does not exist", async () => {
    for (const actor of [
      other.people.caseManager.actor,
      team.people.otherOrganisationUser.actor,
      team.people.specialistNoConsent.actor,
      team.people.closePerson.actor,
    ] satisfies Actor[]) {
      await expectNothingChanged(() =>
        expectDomainError(getMeetingForPreparation(actor, meetingId, { db: t.db }), "NOT_FOUND"),
      );
    }
  });

  it("gives a participant their own calendar file, and a reader who is not a participant none", async () => {
    const ics = await icsForParticipant(team.people.client.actor, meetingId, { db: t.db, publicUrl: PUBLIC_URL });
    const unfolded = ics.content.replace(/\r\n /g, "");
    expect(unfolded).toContain(`UID:meeting-${meetingId}@juhtumid.example`);
    expect(unfolded).toContain(`mailto:${team.people.client.user.email}`);
    expect(ics.contentType).toContain("method=REQUEST");
    await expectDomainError(
      icsForParticipant(team.people.supervisor.actor, meetingId, { db: t.db, publicUrl: PUBLIC_URL }),
      "FORBIDDEN",
    );
  });
});
