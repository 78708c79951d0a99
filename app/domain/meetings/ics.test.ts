import { describe, expect, it } from "vitest";
import { buildMeetingIcs, escapeIcsText, foldIcsLine } from "./ics";

const base = {
  uid: "meeting-abc123@juhtumikohtumised",
  sequence: 0,
  method: "REQUEST" as const,
  startsAt: new Date("2026-12-01T08:00:00Z"),
  durationMinutes: 90,
  summary: "Juhtumikohtumine TV-2026-014",
  description: "Eesmärk: arutada koduteenust, toetust; järgmised sammud",
  location: "Tartu vallamaja, ruum 2",
  url: "http://localhost:3000/meetings/abc123",
  organizer: { name: "Kadri Kask", email: "kadri.kask@tartu-vald.example" },
  attendee: { name: "Jaan Kivi", email: "jaan.kivi@klient.example" },
  now: new Date("2026-11-25T10:00:00Z"),
};

describe("buildMeetingIcs", () => {
  it("writes a CRLF calendar with UTC start and end, escaped text and the attendee", () => {
    const ics = buildMeetingIcs(base);
    expect(ics.endsWith("\r\n")).toBe(true);
    expect(ics.split("\r\n").every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const unfolded = ics.replace(/\r\n /g, "");
    expect(unfolded).toContain("DTSTART:20261201T080000Z\r\n");
    expect(unfolded).toContain("DTEND:20261201T093000Z\r\n");
    expect(unfolded).toContain("METHOD:REQUEST\r\n");
    expect(unfolded).toContain("DESCRIPTION:Eesmärk: arutada koduteenust\\, toetust\\; järgmised sammud\r\n");
    expect(unfolded).toContain(
      'ATTENDEE;CN="Jaan Kivi";ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:jaan.kivi@klient.example',
    );
  });

  it("cancels with the same UID and a higher sequence", () => {
    const ics = buildMeetingIcs({ ...base, method: "CANCEL", sequence: 2 }).replace(/\r\n /g, "");
    expect(ics).toContain("METHOD:CANCEL");
    expect(ics).toContain("STATUS:CANCELLED");
    expect(ics).toContain("SEQUENCE:2");
    expect(ics).toContain(`UID:${base.uid}`);
  });
});

describe("folding and escaping", () => {
  it("never splits a multi-byte letter", () => {
    const folded = foldIcsLine(`SUMMARY:${"õ".repeat(60)}`);
    for (const line of folded.split("\r\n")) {
      expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
      expect(line).not.toContain("\uFFFD");
    }
    expect(folded.replace(/\r\n /g, "")).toBe(`SUMMARY:${"õ".repeat(60)}`);
  });

  it("escapes line breaks and backslashes", () => {
    expect(escapeIcsText("a\\b\nc")).toBe("a\\\\b\\nc");
  });
});
