// Meeting e-mail through the real mail path: the app's mailer (nodemailer, server/mail) sends to
// a real SMTP server started here (tests/support/smtp-sink.ts), and the test reads what arrived:
// each participant's invitation in their language with a calendar file that ical.js accepts
// (UID, SEQUENCE, DTSTART, ATTENDEE), the update after a reschedule, the cancellation, and a
// server that is gone reported as failed with nothing recorded.
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelMeeting } from "../../app/domain/meetings/cancel-meeting.ts";
import { createMeeting } from "../../app/domain/meetings/create-meeting.ts";
import { rescheduleMeeting } from "../../app/domain/meetings/reschedule-meeting.ts";
import { sendMeetingInvitations } from "../../app/domain/meetings/send-invitations.ts";
import type { Mailer } from "../../app/lib/mailer-types.ts";
import { createMailer } from "../../server/mail/create-mailer.ts";
import { createLogger } from "../../server/logger.ts";
import { createTeamCase, type TeamCase } from "../factories/team.ts";
import { parseMail, startSmtpSink, type SmtpSink } from "../support/smtp-sink.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-db.ts";

const DAY_MS = 24 * 3600 * 1000;
const PUBLIC_URL = "http://127.0.0.1:3000";

let t: TestDatabase;
let sink: SmtpSink;
let mailer: Mailer;
let team: TeamCase;

beforeAll(async () => {
  t = await createTestDatabase();
  sink = await startSmtpSink();
  mailer = createMailer({ smtpUrl: sink.url, from: "Juhtumikohtumised <noreply@juhtumid.example>", logger: createLogger("silent") });
  team = await createTeamCase(t.db);
  // Each reads mail in their own language.
  await t.db.user.update({ where: { id: team.people.specialistWithConsent.user.id }, data: { locale: "en" } });
  await t.db.user.update({ where: { id: team.people.client.user.id }, data: { locale: "ru" } });
});
afterAll(async () => {
  await sink?.close();
  await t?.drop();
});

/** The one calendar file of a message, parsed by ical.js. */
function calendarOf(raw: string) {
  const mail = parseMail(raw);
  const calendars = mail.attachments.filter((a) => /text\/calendar/i.test(a.contentType));
  expect(calendars).toHaveLength(1);
  const component = new ICAL.Component(ICAL.parse(calendars[0]!.content));
  const event = component.getFirstSubcomponent("vevent");
  if (!event) throw new Error("no VEVENT in the calendar file");
  return {
    mail,
    contentType: calendars[0]!.contentType,
    method: component.getFirstPropertyValue("method"),
    uid: event.getFirstPropertyValue("uid"),
    sequence: Number(event.getFirstPropertyValue("sequence")),
    start: (event.getFirstPropertyValue("dtstart") as ICAL.Time).toJSDate(),
    attendees: event.getAllProperties("attendee").map((p) => String(p.getFirstValue())),
    status: event.getFirstPropertyValue("status"),
  };
}

async function planMeeting(startsAt: Date) {
  const { meetingId } = await createMeeting(
    team.people.caseManager.actor,
    {
      caseId: team.caseId,
      purpose: "Jälgimiskohtumine: kuidas päevakeskus sobib, järgmised sammud",
      startsAt,
      durationMinutes: 60,
      location: "Päevakeskus, väike saal",
      clientParticipation: "WITH_SUPPORT",
      participants: [
        { userId: team.people.caseManager.user.id, meetingRole: "MODERATOR" },
        {
          userId: team.people.specialistWithConsent.user.id,
          meetingRole: "MINUTE_TAKER",
          expectedContribution: "Feedback from the day centre",
        },
        { userId: team.people.client.user.id, meetingRole: "PARTICIPANT" },
      ],
    },
    { db: t.db },
  );
  return meetingId;
}

describe("meeting mail through a real SMTP server", () => {
  let meetingId: string;
  const startsAt = new Date(Math.ceil((Date.now() + 7 * DAY_MS) / 60_000) * 60_000);
  const recipients = () => [team.people.caseManager.user, team.people.specialistWithConsent.user, team.people.client.user];

  it("delivers each participant their invitation, in their language, with a valid calendar file", async () => {
    meetingId = await planMeeting(startsAt);
    const result = await sendMeetingInvitations(
      team.people.caseManager.actor,
      { meetingId },
      { db: t.db, mailer, publicUrl: PUBLIC_URL },
    );
    expect(result.failed).toEqual([]);
    expect(result.sent).toHaveLength(3);

    for (const user of recipients()) {
      const received = sink.to(user.email!);
      expect(received, `mail to ${user.name}`).toHaveLength(1);
      const ics = calendarOf(received[0]!.raw);
      expect(ics.method).toBe("REQUEST");
      expect(ics.contentType).toMatch(/text\/calendar/i);
      expect(ics.contentType).toMatch(/method=REQUEST/i);
      expect(ics.uid).toBe(`meeting-${meetingId}@127.0.0.1`);
      expect(ics.sequence).toBe(0);
      expect(ics.start.getTime()).toBe(startsAt.getTime());
      expect(ics.attendees).toEqual([`mailto:${user.email}`]);
      expect(ics.mail.text).toContain(`${PUBLIC_URL}/meetings/${meetingId}`);
    }
    const [toManager] = sink.to(team.people.caseManager.user.email!);
    expect(parseMail(toManager!.raw).subject).toMatch(/^Kutse juhtumikohtumisele/);
    expect(parseMail(toManager!.raw).text).toContain("Päevakeskus, väike saal");
    const [toSpecialist] = sink.to(team.people.specialistWithConsent.user.email!);
    expect(parseMail(toSpecialist!.raw).subject).toMatch(/^Invitation to a case meeting/);
    expect(parseMail(toSpecialist!.raw).text).toContain("Your role in the meeting: Minute-taker");
    const [toClient] = sink.to(team.people.client.user.email!);
    expect(parseMail(toClient!.raw).subject).toMatch(/^Приглашение на встречу по случаю/);

    const rows = await t.db.meetingParticipant.findMany({ where: { meetingId } });
    expect(rows.every((r) => r.invitationSentAt !== null)).toBe(true);
  });

  it("sends everyone the update after a reschedule: same UID, SEQUENCE 1, the new start", async () => {
    const newStart = new Date(startsAt.getTime() + 2 * DAY_MS + 30 * 60_000);
    const before = sink.messages.length;
    const { sequence, mail } = await rescheduleMeeting(
      team.people.caseManager.actor,
      { meetingId, startsAt: newStart, durationMinutes: 75, location: "Vallamaja, ruum 2" },
      { db: t.db, mailer, publicUrl: PUBLIC_URL },
    );
    expect(sequence).toBe(1);
    expect(mail.sent).toHaveLength(3);
    const updates = sink.messages.slice(before);
    expect(updates).toHaveLength(3);
    for (const message of updates) {
      const ics = calendarOf(message.raw);
      expect(ics).toMatchObject({ method: "REQUEST", uid: `meeting-${meetingId}@127.0.0.1`, sequence: 1 });
      expect(ics.start.getTime()).toBe(newStart.getTime());
    }
    const toManager = updates.find((m) => m.to.includes(team.people.caseManager.user.email!))!;
    expect(parseMail(toManager.raw).text).toContain("kinnita uuesti");
  });

  it("sends everyone the cancellation: METHOD:CANCEL, SEQUENCE 2", async () => {
    const before = sink.messages.length;
    await cancelMeeting(
      team.people.caseManager.actor,
      { meetingId, reason: "Klient on haiglas" },
      { db: t.db, mailer, publicUrl: PUBLIC_URL },
    );
    const cancellations = sink.messages.slice(before);
    expect(cancellations).toHaveLength(3);
    for (const message of cancellations) {
      const ics = calendarOf(message.raw);
      expect(ics).toMatchObject({ method: "CANCEL", uid: `meeting-${meetingId}@127.0.0.1`, sequence: 2, status: "CANCELLED" });
      expect(ics.contentType).toMatch(/method=CANCEL/i);
      // The reason stays on the meeting page, behind sign-in.
      expect(parseMail(message.raw).text).not.toContain("haiglas");
    }
  });

  it("reports a server that is gone as failed, and records no invitation", async () => {
    const gone = await startSmtpSink();
    await gone.close();
    const brokenMailer = createMailer({ smtpUrl: gone.url, from: "noreply@juhtumid.example", logger: createLogger("silent") });
    const otherMeeting = await planMeeting(new Date(Date.now() + 14 * DAY_MS));
    const auditsBefore = await t.db.auditEvent.count({ where: { action: "meeting.invitation.send" } });
    const result = await sendMeetingInvitations(
      team.people.caseManager.actor,
      { meetingId: otherMeeting },
      { db: t.db, mailer: brokenMailer, publicUrl: PUBLIC_URL },
    );
    expect(result.sent).toEqual([]);
    expect(result.failed.map((p) => p.userId).sort()).toEqual(recipients().map((u) => u.id).sort());
    const rows = await t.db.meetingParticipant.findMany({ where: { meetingId: otherMeeting } });
    expect(rows.every((r) => r.invitationSentAt === null)).toBe(true);
    expect(await t.db.auditEvent.count({ where: { action: "meeting.invitation.send" } })).toBe(auditsBefore);
  });
});
