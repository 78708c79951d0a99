// Calendar entries (iCalendar, RFC 5545) for meeting invitations, reschedules and cancellations.
// One UID per meeting and a SEQUENCE that grows with each change, so calendars update the entry
// they already have instead of adding a second one.

export type IcsMeeting = {
  uid: string;
  /** Increases on every reschedule or cancellation (Meeting.sequence). */
  sequence: number;
  method: "REQUEST" | "CANCEL";
  startsAt: Date;
  durationMinutes: number;
  summary: string;
  description: string;
  location: string | null;
  url: string;
  organizer: { name: string; email: string };
  attendee: { name: string; email: string };
  now?: Date;
};

/** Text values escape backslash, semicolon, comma and line breaks (RFC 5545 §3.3.11). */
export function escapeIcsText(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
}

/** Lines longer than 75 octets are folded: CRLF followed by one space (§3.1), never inside a UTF-8 character. */
export function foldIcsLine(line: string): string {
  const parts: string[] = [];
  let current = "";
  let currentBytes = 0;
  for (const char of line) {
    const bytes = Buffer.byteLength(char, "utf8");
    const limit = parts.length === 0 ? 75 : 74; // continuation lines start with a space
    if (currentBytes + bytes > limit) {
      parts.push(current);
      current = "";
      currentBytes = 0;
    }
    current += char;
    currentBytes += bytes;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

function utcStamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

function quoteParam(value: string): string {
  return `"${value.replace(/["\r\n]/g, "")}"`;
}

export function buildMeetingIcs(m: IcsMeeting): string {
  const end = new Date(m.startsAt.getTime() + m.durationMinutes * 60_000);
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Juhtumikohtumised//Case meetings//ET",
    "CALSCALE:GREGORIAN",
    `METHOD:${m.method}`,
    "BEGIN:VEVENT",
    `UID:${m.uid}`,
    `SEQUENCE:${m.sequence}`,
    `DTSTAMP:${utcStamp(m.now ?? new Date())}`,
    `DTSTART:${utcStamp(m.startsAt)}`,
    `DTEND:${utcStamp(end)}`,
    `SUMMARY:${escapeIcsText(m.summary)}`,
    `DESCRIPTION:${escapeIcsText(m.description)}`,
    ...(m.location ? [`LOCATION:${escapeIcsText(m.location)}`] : []),
    `URL:${m.url}`,
    `ORGANIZER;CN=${quoteParam(m.organizer.name)}:mailto:${m.organizer.email}`,
    `ATTENDEE;CN=${quoteParam(m.attendee.name)};ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:${m.attendee.email}`,
    `STATUS:${m.method === "CANCEL" ? "CANCELLED" : "CONFIRMED"}`,
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return lines.map(foldIcsLine).join("\r\n") + "\r\n";
}
