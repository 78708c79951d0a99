// Wall-clock time in Estonia (Europe/Tallinn, EET/EEST) for date and time fields: a
// datetime-local field posts "2026-12-01T10:00" without a zone, and the same wall-clock time
// must mean the same instant for every participant; a deadline or the last day for comments is
// a calendar day in Estonia, whatever the server's or the browser's zone. Browser-safe (Intl only).
export const MEETING_TIME_ZONE = "Europe/Tallinn";
const TALLINN = MEETING_TIME_ZONE;
const DAY_MS = 24 * 60 * 60 * 1000;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

const wallClock = new Intl.DateTimeFormat("en-GB", {
  timeZone: TALLINN,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

function wallParts(instant: Date) {
  const parts = wallClock.formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "00";
  return { y: get("year"), m: get("month"), d: get("day"), h: get("hour"), min: get("minute"), s: get("second") };
}

/** Milliseconds Tallinn is ahead of UTC at this instant (2 or 3 hours). */
function offsetAt(instantMs: number): number {
  const p = wallParts(new Date(instantMs));
  const wall = Date.UTC(Number(p.y), Number(p.m) - 1, Number(p.d), Number(p.h), Number(p.min), Number(p.s));
  return wall - Math.floor(instantMs / 1000) * 1000;
}

/** "2026-12-01T10:00" in Tallinn → the instant; null when the text is not such a value. */
export function tallinnLocalToDate(local: string): Date | null {
  const m = LOCAL.exec(local.trim());
  if (!m) return null;
  const [, y, mo, d, h, min, sec] = [...m.slice(0, 6), m[6] ?? "0"].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const guess = Date.UTC(y, mo - 1, d, h, min, sec);
  const check = new Date(guess);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || min > 59 || sec > 59) return null;
  let instant = guess - offsetAt(guess);
  // Near a change of summer time the offset at the guess may differ from the offset at the result.
  instant = guess - offsetAt(instant);
  return new Date(instant);
}

/** An instant → "2026-12-01T10:00" as a Tallinn wall clock shows it (for datetime-local fields). */
export function dateToTallinnLocal(date: Date | string): string {
  const p = wallParts(new Date(date));
  return `${p.y}-${p.m}-${p.d}T${p.h}:${p.min}`;
}

/** The same, under the name the meeting forms use. */
export const toTallinnLocalInput = dateToTallinnLocal;

/** The calendar day in Tallinn at this instant: "2026-12-01". */
export function tallinnDay(date: Date | string): string {
  return dateToTallinnLocal(date).slice(0, 10);
}

/** Days from one calendar day to another ("2026-12-01" → "2026-12-03" is 2). */
export function daysBetween(fromDay: string, toDay: string): number | null {
  const a = DATE_ONLY.exec(fromDay);
  const b = DATE_ONLY.exec(toDay);
  if (!a || !b) return null;
  const from = Date.UTC(Number(a[1]), Number(a[2]) - 1, Number(a[3]));
  const to = Date.UTC(Number(b[1]), Number(b[2]) - 1, Number(b[3]));
  return Math.round((to - from) / DAY_MS);
}

/** The last millisecond of a calendar day in Tallinn ("until 5 December" includes that day). */
export function endOfTallinnDay(day: string): Date | null {
  const m = DATE_ONLY.exec(day);
  if (!m) return null;
  const next = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) + DAY_MS);
  const start = tallinnLocalToDate(`${next.toISOString().slice(0, 10)}T00:00`);
  return start ? new Date(start.getTime() - 1) : null;
}
