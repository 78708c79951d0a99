// Form and service schemas of meeting preparation (004 §2.1): creating a meeting with its
// participants, responding to an invitation, rescheduling and cancelling. Browser-safe: imports
// nothing but zod, types and other browser-safe modules, so a form and its service share one schema.
import { z } from "zod";
import type { AttendanceResponse, ClientParticipation, MeetingRole } from "~/lib/db-types";
import { tallinnLocalToDate } from "../time/tallinn-time";

export const MEETING_ROLES = [
  "MODERATOR",
  "MINUTE_TAKER",
  "MODERATOR_AND_MINUTE_TAKER",
  "TIMEKEEPER",
  "PARTICIPANT",
] as const satisfies readonly MeetingRole[];

/** How the client takes part (004 §2.1: remote or limited participation, deciding without attending). */
export const CLIENT_PARTICIPATION_MODES = [
  "IN_PERSON",
  "REMOTE",
  "WITH_SUPPORT",
  "DECIDES_WITHOUT_ATTENDING",
] as const satisfies readonly ClientParticipation[];

export const RESPONSES = ["ACCEPTED", "DECLINED"] as const satisfies readonly AttendanceResponse[];

/** A meeting lasts at least a quarter of an hour and at most a working day. */
export const MIN_DURATION_MINUTES = 15;
export const MAX_DURATION_MINUTES = 480;
export const DEFAULT_DURATION_MINUTES = 90;

/** Ids are Prisma cuids; anything else in a URL is not a meeting, so the page answers 404. */
export const MeetingIdSchema = z.string().regex(/^[a-z][a-z0-9]{19,39}$/, "error.notFound");
const CuidFieldSchema = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9]{19,39}$/, "form.required");
const OptionalMeetingIdSchema = z
  .string()
  .trim()
  .max(64)
  .nullish()
  .transform((v) => v || null)
  .refine((v) => v === null || MeetingIdSchema.safeParse(v).success, "meeting.previousNotInCase");

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "meeting.textTooLong")
    .nullish()
    .transform((v) => v || null);

/** A checkbox posts "on" when ticked and nothing otherwise; services pass a boolean. */
const CheckboxSchema = z
  .union([z.boolean(), z.string().max(10)])
  .optional()
  .transform((v) => v === true || v === "on" || v === "true" || v === "1");

/**
 * A `datetime-local` field posts a wall-clock time ("2026-12-01T10:00"), read as Tallinn time;
 * a service may pass a Date or an ISO timestamp with its zone. Whether it lies in the future is
 * checked by the service, which knows `now`.
 */
export const StartsAtSchema = z.union([z.date(), z.string().trim().max(40)]).transform((value, ctx) => {
  if (value === "") {
    ctx.addIssue({ code: "custom", message: "meeting.startsAtRequired" });
    return z.NEVER;
  }
  const date =
    value instanceof Date
      ? value
      : (tallinnLocalToDate(value) ?? (/[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? new Date(value) : null));
  if (!date || Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: "custom", message: "meeting.startsAtInvalid" });
    return z.NEVER;
  }
  return date;
});

export const DurationSchema = z.union([z.number(), z.string().trim().max(6)]).transform((value, ctx) => {
  const n = typeof value === "number" ? value : value === "" ? Number.NaN : Number(value);
  if (!Number.isInteger(n) || n < MIN_DURATION_MINUTES || n > MAX_DURATION_MINUTES) {
    ctx.addIssue({ code: "custom", message: "meeting.durationRange" });
    return z.NEVER;
  }
  return n;
});

const OnlineUrlSchema = z
  .string()
  .trim()
  .max(500, "meeting.textTooLong")
  .nullish()
  .transform((v) => v || null)
  .refine((v) => {
    if (v === null) return true;
    try {
      const url = new URL(v);
      return url.protocol === "https:" || url.protocol === "http:";
    } catch {
      return false;
    }
  }, "meeting.onlineUrlInvalid");

/** Time and place: shared by creating and rescheduling. */
const TimeAndPlaceShape = {
  startsAt: StartsAtSchema,
  durationMinutes: DurationSchema,
  location: optionalText(300),
  isOnline: CheckboxSchema,
  onlineUrl: OnlineUrlSchema,
};

/** A meeting happens somewhere: a place, online, or both (a room with a video link). */
function checkPlace(
  data: { location: string | null; isOnline: boolean; onlineUrl: string | null },
  ctx: z.RefinementCtx,
) {
  if (!data.location && !data.isOnline && !data.onlineUrl) {
    ctx.addIssue({ code: "custom", path: ["location"], message: "meeting.placeRequired" });
  }
}

/** A link to the video call means the meeting is (also) online. */
function withOnlineFlag<T extends { isOnline: boolean; onlineUrl: string | null }>(data: T): T {
  return data.onlineUrl && !data.isOnline ? { ...data, isOnline: true } : data;
}

export const MeetingParticipantInputSchema = z.object({
  userId: CuidFieldSchema,
  meetingRole: z.enum(MEETING_ROLES, { error: "form.required" }).default("PARTICIPANT"),
  /** Why they take part and what they are expected to contribute (004 §2.1). */
  expectedContribution: optionalText(1000),
  isRemote: CheckboxSchema,
});
export type MeetingParticipantInput = z.input<typeof MeetingParticipantInputSchema>;
export type MeetingParticipantData = z.output<typeof MeetingParticipantInputSchema>;

export const CreateMeetingSchema = z
  .object({
    caseId: CuidFieldSchema,
    purpose: z.string().trim().min(1, "meeting.purposeRequired").max(2000, "meeting.textTooLong"),
    ...TimeAndPlaceShape,
    clientParticipation: z.enum(CLIENT_PARTICIPATION_MODES, { error: "meeting.clientParticipationRequired" }),
    clientExpectations: optionalText(2000),
    clientWorries: optionalText(2000),
    /** Absent: built from the client record (interpreter, communication and accessibility needs). */
    accessibilityNotes: z.string().trim().max(2000, "meeting.textTooLong").nullish(),
    previousMeetingId: OptionalMeetingIdSchema,
    participants: z.array(MeetingParticipantInputSchema).max(60, "meeting.tooManyParticipants").default([]),
  })
  .superRefine(checkPlace)
  .transform(withOnlineFlag);
export type CreateMeetingInput = z.input<typeof CreateMeetingSchema>;
export type CreateMeetingData = z.output<typeof CreateMeetingSchema>;

/** The form field of one team member's row: `<prefix>.<userId>` (see collectParticipants). */
export const PARTICIPANT_FIELDS = {
  selected: "participant",
  role: "role",
  contribution: "contribution",
  remote: "remote",
} as const;

/** The form's field-error key for one person's row, e.g. "participant.<userId>". */
export function participantField(userId: string): string {
  return `${PARTICIPANT_FIELDS.selected}.${userId}`;
}

/**
 * The meeting form has one row per team member: a checkbox `participant.<userId>`, a role select
 * `role.<userId>`, a text `contribution.<userId>` and a checkbox `remote.<userId>` (flat names,
 * so that the form can echo every field after an error). This turns the ticked rows into the
 * `participants` array of the service input; an array already there (a service caller) is kept.
 */
export function collectParticipants(input: unknown): unknown {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return input;
  const record = input as Record<string, unknown>;
  if (Array.isArray(record.participants)) return input;
  const rest: Record<string, unknown> = {};
  const participants: Record<string, unknown>[] = [];
  const prefixes = Object.values(PARTICIPANT_FIELDS).map((p) => `${p}.`);
  for (const [key, value] of Object.entries(record)) {
    if (!prefixes.some((p) => key.startsWith(p))) rest[key] = value;
  }
  for (const [key, value] of Object.entries(record)) {
    if (!key.startsWith(`${PARTICIPANT_FIELDS.selected}.`) || (value !== "on" && value !== true)) continue;
    const userId = key.slice(PARTICIPANT_FIELDS.selected.length + 1);
    participants.push({
      userId,
      meetingRole: record[`${PARTICIPANT_FIELDS.role}.${userId}`] || undefined,
      expectedContribution: record[`${PARTICIPANT_FIELDS.contribution}.${userId}`],
      isRemote: record[`${PARTICIPANT_FIELDS.remote}.${userId}`],
    });
  }
  return { ...rest, participants };
}

/** The meeting form as posted (the case comes from the URL and is added by the route). */
export const CreateMeetingFormSchema = z.preprocess(collectParticipants, CreateMeetingSchema);

export const RespondToMeetingSchema = z.object({
  meetingId: MeetingIdSchema,
  response: z.enum(RESPONSES, { error: "meeting.responseRequired" }),
  /** 004 §2.1: each participant's consent to take part, and the confidentiality briefing. */
  consentToTakePart: CheckboxSchema,
  confidentialityAcknowledged: CheckboxSchema,
  isRemote: CheckboxSchema,
  declineReason: optionalText(500),
});
export type RespondToMeetingInput = z.input<typeof RespondToMeetingSchema>;

export const RescheduleMeetingSchema = z
  .object({ meetingId: MeetingIdSchema, ...TimeAndPlaceShape })
  .superRefine(checkPlace)
  .transform(withOnlineFlag);
export type RescheduleMeetingInput = z.input<typeof RescheduleMeetingSchema>;

export const CancelMeetingSchema = z.object({
  meetingId: MeetingIdSchema,
  reason: z.string().trim().min(1, "meeting.cancelReasonRequired").max(2000, "meeting.textTooLong"),
});
export type CancelMeetingInput = z.input<typeof CancelMeetingSchema>;

export const SendInvitationsSchema = z.object({
  meetingId: MeetingIdSchema,
  /** MeetingParticipant ids; absent: everyone (or, with onlyNotInvited, those without the latest entry). */
  participantIds: z.array(CuidFieldSchema).max(100).optional(),
  onlyNotInvited: z.boolean().optional(),
});
export type SendInvitationsInput = z.input<typeof SendInvitationsSchema>;
