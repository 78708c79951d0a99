import { describe, expect, it } from "vitest";
import { LOCALES } from "~/i18n/locales";
import { describeClientNeeds } from "./client-needs";
import { buildExternalInvitationMail, buildMeetingMail, calendarSummary, formatMeetingTime } from "./invitation-mail";
import { buildParticipantIcs, meetingIcsUid } from "./meeting-calendar";

const data = {
  recipientName: "Jüri Õunapuu",
  organiserName: "Kadri Kask",
  purpose: "Juhtumiplaani koostamine: eesmärgid, tegevused ja vastutajad; järgmised sammud",
  // 10:00 in Tallinn (winter time, UTC+2).
  startsAt: new Date("2026-12-01T08:00:00Z"),
  durationMinutes: 90,
  location: "Tartu vallamaja, nõupidamisruum",
  isOnline: true,
  onlineUrl: "https://video.example/kohtumine",
  meetingRole: "MINUTE_TAKER" as const,
  expectedContribution: "Räägi, millist tuge pakub Töötukassa",
  link: "https://juhtumid.example/meetings/cmmeet00000000000000001",
};

describe("buildMeetingMail", () => {
  it("writes the Estonian invitation in plain words with Estonian letters intact", () => {
    const mail = buildMeetingMail("invitation", data, "et");
    expect(mail.subject).toBe("Kutse juhtumikohtumisele 1. detsember 2026");
    expect(mail.text).toContain("Tere, Jüri Õunapuu!");
    expect(mail.text).toContain("Kadri Kask kutsub sind juhtumikohtumisele.");
    expect(mail.text).toContain(`Kohtumise eesmärk: ${data.purpose}`);
    expect(mail.text).toContain("10:00–11:30 (Eesti aja järgi)");
    expect(mail.text).toContain("Koht: Tartu vallamaja, nõupidamisruum");
    expect(mail.text).toContain("Veebis osalemise link: https://video.example/kohtumine");
    expect(mail.text).toContain("Sinu roll kohtumisel: Protokollija");
    expect(mail.text).toContain("Sinult oodatakse: Räägi, millist tuge pakub Töötukassa");
    expect(mail.text).toContain(data.link);
    expect(mail.text).toMatch(/nõusoleku/);
    expect(mail.text).toMatch(/õ|ä|ö|ü/);
  });

  it("speaks English and Russian to those who chose them, with the time in Tallinn", () => {
    const en = buildMeetingMail("invitation", data, "en");
    expect(en.subject).toBe("Invitation to a case meeting on 1 December 2026");
    expect(en.text).toContain("Hello Jüri Õunapuu,");
    expect(en.text).toContain("Your role in the meeting: Minute-taker");
    expect(en.text).toContain("10:00–11:30 (Estonian time)");
    const ru = buildMeetingMail("invitation", data, "ru");
    expect(ru.subject).toContain("Приглашение на встречу по случаю");
    expect(ru.text).toContain("Здравствуйте, Jüri Õunapuu!");
    expect(ru.text).toContain("10:00–11:30 (по эстонскому времени)");
  });

  it("asks to confirm again after a reschedule, and says nothing of roles when cancelling", () => {
    const update = buildMeetingMail("update", data, "et");
    expect(update.subject).toContain("muutus");
    expect(update.text).toContain("kinnita uuesti");
    const cancel = buildMeetingMail("cancellation", data, "et");
    expect(cancel.subject).toBe("Juhtumikohtumine 1. detsember 2026 jääb ära");
    expect(cancel.text).not.toContain("Sinu roll");
    expect(cancel.text).toContain("eemaldab kohtumise sinu kalendrist");
  });

  it("has every text in every language (no placeholder left unfilled)", () => {
    for (const locale of LOCALES) {
      for (const kind of ["invitation", "update", "cancellation"] as const) {
        const mail = buildMeetingMail(kind, data, locale);
        expect(mail.subject).not.toMatch(/\{\w+\}/);
        expect(mail.text).not.toMatch(/\{\w+\}/);
      }
      const external = buildExternalInvitationMail({ ...data, expiresAt: new Date("2026-12-10T12:00:00Z") }, locale);
      expect(external.text).not.toMatch(/\{\w+\}/);
      expect(calendarSummary(locale).length).toBeGreaterThan(0);
    }
  });

  it("keeps the client's name and case number out of the mail", () => {
    const mail = buildMeetingMail("invitation", data, "et");
    expect(mail.text).not.toMatch(/TV-2026/);
  });

  it("formats summer time too", () => {
    expect(formatMeetingTime("et", new Date("2026-07-01T07:00:00Z"), 60)).toContain("10:00–11:00");
  });
});

describe("the invitation of someone without an account", () => {
  it("explains the link, its expiry and the consent", () => {
    const mail = buildExternalInvitationMail(
      { ...data, link: "https://juhtumid.example/invite/abc", expiresAt: new Date("2026-12-10T12:00:00Z") },
      "et",
    );
    expect(mail.text).toContain("loo endale selle lingiga konto");
    expect(mail.text).toContain("https://juhtumid.example/invite/abc");
    expect(mail.text).toContain("Link kehtib kuni 10. detsember 2026");
  });
});

describe("the participant's calendar entry", () => {
  const meeting = { id: "cmmeet00000000000000001", sequence: 2, status: "PLANNED", ...data };

  it("uses one UID per meeting on the public host and the meeting's sequence", () => {
    expect(meetingIcsUid(meeting.id, "https://juhtumid.example:8443")).toBe(`meeting-${meeting.id}@juhtumid.example`);
    const ics = buildParticipantIcs(meeting, {
      organiser: { name: "Kadri Kask", email: "kadri@vald.example" },
      attendee: { name: "Jüri Õunapuu", email: "juri@post.example" },
      locale: "et",
      publicUrl: "https://juhtumid.example",
      now: new Date("2026-11-25T10:00:00Z"),
    });
    const unfolded = ics.content.replace(/\r\n /g, "");
    expect(ics.method).toBe("REQUEST");
    expect(ics.contentType).toBe("text/calendar; method=REQUEST; charset=utf-8");
    expect(unfolded).toContain(`UID:meeting-${meeting.id}@juhtumid.example\r\n`);
    expect(unfolded).toContain("SEQUENCE:2\r\n");
    expect(unfolded).toContain("SUMMARY:Juhtumikohtumine\r\n");
    expect(unfolded).toContain("mailto:juri@post.example");
  });

  it("is a cancellation once the meeting is cancelled", () => {
    const ics = buildParticipantIcs(
      { ...meeting, status: "CANCELLED" },
      {
        organiser: { name: "Kadri Kask", email: null },
        attendee: { name: "Jüri", email: null },
        locale: "en",
        publicUrl: "https://juhtumid.example",
      },
    );
    expect(ics.method).toBe("CANCEL");
    expect(ics.content).toContain("METHOD:CANCEL");
    expect(ics.content).toContain("mailto:noreply@juhtumid.example");
  });
});

describe("describeClientNeeds", () => {
  it("lists the client's needs, interpreter language and notes as plain lines", () => {
    expect(
      describeClientNeeds(
        {
          communicationNeeds: ["INTERPRETER", "EASY_READ"],
          interpreterLanguage: "vene keel",
          accessibilityNotes: "Vajab pause",
        },
        "et",
      ),
    ).toBe("– Tõlk: vene keel\n– Lihtne keel\n– Muud vajadused ja märkused: Vajab pause");
    expect(
      describeClientNeeds({ communicationNeeds: [], interpreterLanguage: null, accessibilityNotes: null }),
    ).toBeNull();
    expect(
      describeClientNeeds(
        { communicationNeeds: ["MOBILITY"], interpreterLanguage: null, accessibilityNotes: null },
        "en",
      ),
    ).toBe("– Mobility support");
  });
});
