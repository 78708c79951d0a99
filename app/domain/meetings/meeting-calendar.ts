// The calendar entry of a meeting for one person: one UID per meeting for its whole life, and
// the meeting's SEQUENCE, so that an update or a cancellation replaces the entry a calendar
// already holds (RFC 5545 §3.8.7.4; see ics.ts).
import type { Locale } from "~/i18n/locales";
import { calendarSummary } from "./invitation-mail";
import { buildMeetingIcs } from "./ics";

export type CalendarMeeting = {
  id: string;
  purpose: string;
  startsAt: Date;
  durationMinutes: number;
  location: string | null;
  isOnline: boolean;
  onlineUrl: string | null;
  sequence: number;
  status: string;
};

export type CalendarPerson = { name: string; email: string | null };

/** What every calendar entry and meeting mail needs from a meeting row. */
export const CALENDAR_MEETING_SELECT = {
  id: true,
  purpose: true,
  startsAt: true,
  durationMinutes: true,
  location: true,
  isOnline: true,
  onlineUrl: true,
  sequence: true,
  status: true,
  createdBy: { select: { name: true, email: true } },
  case: { select: { caseManager: { select: { name: true, email: true } } } },
} as const;

/** The organiser shown in calendars: the case manager of a case meeting, else who created it. */
export function calendarOrganiser(meeting: {
  createdBy: CalendarPerson;
  case: { caseManager: CalendarPerson } | null;
}): CalendarPerson {
  return meeting.case?.caseManager ?? meeting.createdBy;
}

/** `meeting-<id>@<host of the public URL>`: unique across deployments, stable across changes. */
export function meetingIcsUid(meetingId: string, publicUrl: string): string {
  return `meeting-${meetingId}@${new URL(publicUrl).hostname}`;
}

export function meetingPageUrl(meetingId: string, publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/meetings/${meetingId}`;
}

/** Someone without an address still gets a well-formed entry (their own download). */
function mailtoAddress(person: CalendarPerson, publicUrl: string): string {
  return person.email ?? `noreply@${new URL(publicUrl).hostname}`;
}

export const ICS_CONTENT_TYPE = {
  REQUEST: "text/calendar; method=REQUEST; charset=utf-8",
  CANCEL: "text/calendar; method=CANCEL; charset=utf-8",
} as const;

export function buildParticipantIcs(
  meeting: CalendarMeeting,
  {
    organiser,
    attendee,
    locale,
    publicUrl,
    method = meeting.status === "CANCELLED" ? "CANCEL" : "REQUEST",
    now,
  }: {
    organiser: CalendarPerson;
    attendee: CalendarPerson;
    locale: Locale;
    publicUrl: string;
    method?: "REQUEST" | "CANCEL";
    now?: Date;
  },
): { method: "REQUEST" | "CANCEL"; content: string; contentType: string } {
  const url = meetingPageUrl(meeting.id, publicUrl);
  const location = [meeting.location, meeting.isOnline ? meeting.onlineUrl : null].filter(Boolean).join(" · ");
  const content = buildMeetingIcs({
    uid: meetingIcsUid(meeting.id, publicUrl),
    sequence: meeting.sequence,
    method,
    startsAt: meeting.startsAt,
    durationMinutes: meeting.durationMinutes,
    summary: calendarSummary(locale),
    description: `${meeting.purpose}\n\n${url}`,
    location: location || null,
    url,
    organizer: { name: organiser.name, email: mailtoAddress(organiser, publicUrl) },
    attendee: { name: attendee.name, email: mailtoAddress(attendee, publicUrl) },
    now,
  });
  return { method, content, contentType: ICS_CONTENT_TYPE[method] };
}
