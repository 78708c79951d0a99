// The meeting record (004 §2.3) as data. Browser-safe: zod only.
//
// The content is one JSON document (MeetingRecord.content), stored as canonical JSON. Two
// schemas: RecordDraftContentSchema is what a record may hold while the case manager completes
// it (a planned step may still lack its deadline); RecordContentSchema is what an approved record
// must satisfy (004 §2.2: "every decision is tied to responsible persons, deadlines and next
// steps"; the closing summary answers the four questions). Rows of lists carry a stable `id`, so
// that what the live meeting room collects (decisions, dissent) merges in by id, as plain data.
import { z } from "zod";
import type { ClientParticipation, MeetingRole } from "~/lib/db-types";
import { DomainError, type FieldErrors } from "../errors";
import { MeetingIdSchema } from "../agenda/agenda-schemas";

export const RECORD_SCHEMA_VERSION = 1;

export const ATTENDANCE_KINDS = ["IN_PERSON", "REMOTE", "ABSENT"] as const;
export type Attendance = (typeof ATTENDANCE_KINDS)[number];
export const GOAL_REACHED = ["yes", "partly", "no", "notAssessed"] as const;
export type GoalReached = (typeof GOAL_REACHED)[number];
export const RECORD_MEETING_ROLES = [
  "MODERATOR",
  "MINUTE_TAKER",
  "MODERATOR_AND_MINUTE_TAKER",
  "TIMEKEEPER",
  "PARTICIPANT",
] as const satisfies readonly MeetingRole[];
export const CLIENT_PARTICIPATION_MODES = [
  "IN_PERSON",
  "REMOTE",
  "WITH_SUPPORT",
  "DECIDES_WITHOUT_ATTENDING",
] as const satisfies readonly ClientParticipation[];
/** The four questions of the closing summary (004 §2.2), in order. */
export const CLOSING_QUESTIONS = [
  "whatBecameClear",
  "whatStillNeedsDiscussing",
  "beforeNextMeeting",
  "firstStep",
] as const;
export type ClosingQuestion = (typeof CLOSING_QUESTIONS)[number];

export const RECORD_TEXT_MAX = 10_000;
export const RECORD_SHORT_TEXT_MAX = 300;

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** An instant as JSON writes a Date: 2026-12-01T08:00:00.000Z. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;

const RowIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "form.required");
const UserRefSchema = z
  .string()
  .regex(/^[a-z0-9]{8,40}$/)
  .nullable();

const text = (max: number) => z.string().trim().max(max, "records.textTooLong");
const LongText = text(RECORD_TEXT_MAX);
const ShortText = text(RECORD_SHORT_TEXT_MAX);

/** A calendar date (a deadline), checked to exist: 2026-02-31 is refused. */
export const DateOnlySchema = z
  .string()
  .trim()
  .refine((value) => {
    const m = DATE_ONLY.exec(value);
    if (!m) return false;
    const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return date.getUTCDate() === Number(m[3]) && date.getUTCFullYear() >= 2000 && date.getUTCFullYear() <= 2200;
  }, "records.dateInvalid");

export const InstantSchema = z
  .string()
  .trim()
  .refine((value) => INSTANT.test(value) && !Number.isNaN(Date.parse(value)), "records.dateInvalid");

/** Someone named in the record: on the system (userId) or not (name and position only). */
export const PersonRefSchema = z.object({
  userId: UserRefSchema,
  name: ShortText.min(1, "form.required"),
  /** Position and organisation, as the record shows them ("Perearst, Vooremäe Perearstikeskus"). */
  position: ShortText,
});
export type PersonRef = z.output<typeof PersonRefSchema>;

export const RecordParticipantSchema = z.object({
  userId: UserRefSchema,
  name: ShortText.min(1, "form.required"),
  position: ShortText,
  /** The role in the case (CLIENT, SPECIALIST, ...), when the person is on the case team. */
  caseRole: z.string().max(40).nullable(),
  meetingRole: z.enum(RECORD_MEETING_ROLES, { error: "form.required" }),
  attendance: z.enum(ATTENDANCE_KINDS, { error: "form.required" }),
});
export type RecordParticipant = z.output<typeof RecordParticipantSchema>;

export const GoalSchema = z.object({
  id: RowIdSchema,
  text: LongText.min(1, "form.required"),
  agreedByClient: z.boolean(),
  reached: z.enum(GOAL_REACHED, { error: "form.required" }),
});

const PlannedStepFields = {
  id: RowIdSchema,
  text: LongText.min(1, "form.required"),
  nextStep: LongText,
};
/** While drafting: the responsible person and the deadline may still be missing. */
export const DraftPlannedStepSchema = z.object({
  ...PlannedStepFields,
  responsible: PersonRefSchema.nullable(),
  deadline: DateOnlySchema.nullable(),
});
/** In an approved record: every step has a responsible person and a deadline (004 §2.2). */
export const PlannedStepSchema = z.object({
  ...PlannedStepFields,
  responsible: PersonRefSchema.nullable().refine((v) => v !== null, "records.stepNeedsResponsible"),
  deadline: DateOnlySchema.nullable().refine((v) => v !== null, "records.stepNeedsDeadline"),
});
export type PlannedStep = z.output<typeof DraftPlannedStepSchema>;

/** Everyone has the right to a dissenting opinion (004 §2.2); it is attributed to its author. */
export const DissentingOpinionSchema = z.object({
  id: RowIdSchema,
  authorName: ShortText.min(1, "form.required"),
  authorUserId: UserRefSchema,
  /** What the dissent is about (a decision, a planned step, an agenda item). */
  about: ShortText,
  text: LongText.min(1, "form.required"),
  /** The minute-taker who wrote it down for the author, when the author did not write it. */
  recordedBy: ShortText.nullable(),
});
export type DissentingOpinion = z.output<typeof DissentingOpinionSchema>;

/** What was said under one agenda item, as the meeting room's minute-takers wrote it (plain text). */
export const ItemMinutesSchema = z.object({
  agendaItemId: RowIdSchema,
  /** The agenda item's title when the minutes were taken over. */
  title: ShortText,
  text: LongText,
});
export type ItemMinutes = z.output<typeof ItemMinutesSchema>;

const ClosingSummaryFields = Object.fromEntries(CLOSING_QUESTIONS.map((q) => [q, LongText])) as Record<
  ClosingQuestion,
  typeof LongText
>;
const DraftClosingSummarySchema = z.object(ClosingSummaryFields);
const ClosingSummarySchema = z.object(
  Object.fromEntries(CLOSING_QUESTIONS.map((q) => [q, LongText.min(1, "records.closingAnswerRequired")])) as Record<
    ClosingQuestion,
    typeof LongText
  >,
);

const contentShape = {
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
  /** Snapshots taken when the record was started: the record stays as it was written. */
  caseNumber: ShortText.nullable(),
  clientName: ShortText.nullable(),
  purpose: LongText,
  /** Who prepared the meeting: the case manager. */
  preparer: PersonRefSchema,
  moderator: PersonRefSchema.nullable(),
  participants: z.array(RecordParticipantSchema).max(100),
  time: z.object({
    startsAt: InstantSchema,
    durationMinutes: z
      .number({ error: "records.durationInvalid" })
      .int("records.durationInvalid")
      .min(1, "records.durationInvalid")
      .max(24 * 60, "records.durationInvalid"),
  }),
  place: z.object({ location: ShortText, isOnline: z.boolean() }),
  /** The meeting's goals the client agreed to, and whether they were reached. */
  goals: z.array(GoalSchema).max(50),
  /** How the client took part: the way (as prepared) and in words. */
  clientParticipationMode: z.enum(CLIENT_PARTICIPATION_MODES).nullable(),
  clientParticipation: LongText,
  clientResources: LongText,
  problemsAgreed: LongText,
  servicesReceived: LongText,
  dissentingOpinions: z.array(DissentingOpinionSchema).max(100),
  nextMeeting: z.object({ startsAt: InstantSchema.nullable(), topics: LongText }),
  /** Topics and proposals raised (prefilled with the agenda's titles). */
  topicsRaised: LongText,
  /**
   * The minutes under each agenda item, taken over from the meeting room (record-from-room.ts);
   * the record editor shows them but does not change them. Optional and without a default:
   * records approved before the room existed have no such key, and their canonical JSON (and so
   * their seal) must read back exactly as it was stored.
   */
  itemMinutes: z.array(ItemMinutesSchema).max(100).optional(),
};

export const RecordDraftContentSchema = z.object({
  ...contentShape,
  plannedSteps: z.array(DraftPlannedStepSchema).max(100),
  closingSummary: DraftClosingSummarySchema,
});
export type RecordContent = z.output<typeof RecordDraftContentSchema>;

/** What an approved record must satisfy. */
export const RecordContentSchema = z.object({
  ...contentShape,
  plannedSteps: z.array(PlannedStepSchema).max(100),
  closingSummary: ClosingSummarySchema,
});

/** Field errors keyed by the path in the content ("plannedSteps.0.deadline"), as the form names its fields. */
export function contentFieldErrors(error: z.ZodError): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "_form";
    fieldErrors[key] ??= issue.message;
  }
  return fieldErrors;
}

/** Validates draft content; VALIDATION with per-field errors when it does not hold. */
export function parseDraftContent(value: unknown): RecordContent {
  const parsed = RecordDraftContentSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new DomainError("VALIDATION", "form.errorSummary", { fieldErrors: contentFieldErrors(parsed.error) });
}

/** Validates content for approval: everything a draft needs, and complete (see RecordContentSchema). */
export function parseCompleteContent(value: unknown): RecordContent {
  const parsed = RecordContentSchema.safeParse(value);
  if (parsed.success) return parsed.data as RecordContent;
  throw new DomainError("VALIDATION", "records.incomplete", { fieldErrors: contentFieldErrors(parsed.error) });
}

/**
 * The content column as read from the database (style rule 7: JSON columns are parsed with zod
 * when read). A row that does not parse is a broken record, not a user error.
 */
export function parseRecordContent(json: string): RecordContent {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error("meeting record content is not JSON");
  }
  const parsed = RecordDraftContentSchema.safeParse(value);
  if (!parsed.success) throw new Error(`meeting record content does not match the schema: ${parsed.error.message}`);
  return parsed.data;
}

// ---- Service inputs ---------------------------------------------------------------------------

const VersionSchema = z.coerce.number().int().min(1, "records.changedByOther");

export const StartRecordSchema = z.object({ meetingId: MeetingIdSchema });
export type StartRecordInput = z.input<typeof StartRecordSchema>;

export const UpdateRecordSchema = z.object({
  meetingId: MeetingIdSchema,
  version: VersionSchema,
  /** The whole content as edited; snapshot fields (case, client, preparer) are kept as started. */
  content: z.unknown(),
});
export type UpdateRecordInput = z.input<typeof UpdateRecordSchema>;

export const COMMENT_DAYS_MIN = 1;
export const COMMENT_DAYS_MAX = 30;

export const OpenRecordForCommentSchema = z.object({
  meetingId: MeetingIdSchema,
  version: VersionSchema,
  /** The last day for comments, 1–30 days ahead (a date field posts "2026-12-05"). */
  commentUntil: z.union([z.date(), DateOnlySchema]),
  /** Saved together with opening, when given (the form posts what is on screen). */
  content: z.unknown().optional(),
});
export type OpenRecordForCommentInput = z.input<typeof OpenRecordForCommentSchema>;

export const AddRecordCommentSchema = z.object({
  meetingId: MeetingIdSchema,
  text: z.string().trim().min(1, "form.required").max(5000, "records.textTooLong"),
});
export type AddRecordCommentInput = z.input<typeof AddRecordCommentSchema>;

export const ApproveRecordSchema = z.object({
  meetingId: MeetingIdSchema,
  version: VersionSchema,
  /** Saved and approved in one step, when given (the form posts what is on screen). */
  content: z.unknown().optional(),
});
export type ApproveRecordInput = z.input<typeof ApproveRecordSchema>;

export const AddRecordAddendumSchema = z.object({
  meetingId: MeetingIdSchema,
  text: z.string().trim().min(1, "form.required").max(RECORD_TEXT_MAX, "records.textTooLong"),
});
export type AddRecordAddendumInput = z.input<typeof AddRecordAddendumSchema>;
