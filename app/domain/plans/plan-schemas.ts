// The case plan (004 §3.4) as data. Browser-safe: zod only (decision record 011).
//
// Exports (the plan UI relies on these):
// - constants: PLAN_SCHEMA_VERSION, PLAN_SECTIONS (+ PlanSection), PLAN_VERSION_STATUSES (+ PlanVersionStatus),
//   PLAN_SIGNER_CAPACITIES (+ PlanSignerCapacity), CLIENT_SIDE_CAPACITIES, SIGNATURE_DECISIONS, SIGNING_METHODS,
//   PLAN_TEXT_MAX, PLAN_SHORT_TEXT_MAX, FIRST_EVALUATION_MAX_MONTHS, MIN_DESCRIPTION_WORDS
// - content: PlanActivitySchema, PlanEvaluationSchema, PlanAttachmentSchema, PlanSourceSchema, PlanContentSchema
//   (+ types PlanActivity, PlanEvaluation, PlanAttachment, PlanSource, PlanContent), PlanDraftContentSchema
//   (= the same shape: anything may be blank while drafting), parsePlanContent(json) (a stored column)
// - completeness: checkPlanComplete(content, { sentOn }) -> PlanProblem[] ({ path, messageKey }),
//   addMonthsToDate(date, months), proposeFirstEvaluationDate(today), isMeasurableDescription(text)
// - decisions taken into the plan: DecisionCandidate (type), hasActivityFromDecision(activities, ref)
// - service inputs (the forms post these): StartPlanSchema, StartAmendmentSchema, SendPlanSchema,
//   RequestSigningCodeSchema, SignPlanSchema, RefuseToSignSchema, WithdrawFromSigningSchema, DiscardDraftSchema,
//   PlanVersionRefSchema (+ the matching *Input types), SIGNING_CODE_LENGTH
//   (the statement a signer accepts: plan-statement.ts signingStatement)
//
// The content is one JSON document (PlanVersion.content, canonical JSON) once the version is
// sent for signing; while it is a DRAFT it lives in the Yjs document `plan.<versionId>`
// (plan-doc.ts). Rows of lists carry a stable `id`, so a diff between versions and the link to
// the meeting decision an activity came from survive amendments.
import { z } from "zod";
import { LocaleSchema } from "~/i18n/locales";
import { DateOnlySchema, PersonRefSchema, type PersonRef } from "../records/record-schemas";

export const PLAN_SCHEMA_VERSION = 1;

/** The sections of activities in 004 §3.4.1, in the order the plan shows them. */
export const PLAN_SECTIONS = ["CLIENT", "CLOSE_PERSONS", "HELP_MEASURE", "CASE_MANAGER"] as const;
export type PlanSection = (typeof PLAN_SECTIONS)[number];

/** The states of a plan version (decision record 011; plan-rules.ts has the transitions). */
export const PLAN_VERSION_STATUSES = ["DRAFT", "SIGNING", "IN_FORCE", "SUPERSEDED", "WITHDRAWN", "DISCARDED"] as const;
export type PlanVersionStatus = (typeof PLAN_VERSION_STATUSES)[number];

/**
 * In what capacity a party signs: the client side (the client, or their legal representative
 * or advocate, 004 §3.4), a responsible person named in the plan, the case manager.
 */
export const PLAN_SIGNER_CAPACITIES = [
  "CLIENT",
  "LEGAL_REPRESENTATIVE",
  "ADVOCATE",
  "RESPONSIBLE",
  "CASE_MANAGER",
] as const;
export type PlanSignerCapacity = (typeof PLAN_SIGNER_CAPACITIES)[number];
export const CLIENT_SIDE_CAPACITIES = [
  "CLIENT",
  "LEGAL_REPRESENTATIVE",
  "ADVOCATE",
] as const satisfies readonly PlanSignerCapacity[];

export const SIGNATURE_DECISIONS = ["SIGNED", "REFUSED"] as const;
export type SignatureDecision = (typeof SIGNATURE_DECISIONS)[number];
/** How the signer re-authenticated: their password, or a one-time code mailed to them. */
export const SIGNING_METHODS = ["PASSWORD", "EMAIL_CODE"] as const;
export type SigningMethod = (typeof SIGNING_METHODS)[number];

export const PLAN_TEXT_MAX = 10_000;
export const PLAN_SHORT_TEXT_MAX = 300;
/** 004 §3.4: the first interim evaluation at the latest three months after the plan. */
export const FIRST_EVALUATION_MAX_MONTHS = 3;
/** "Written measurably": a description of a few words at least, not a bare service name. */
export const MIN_DESCRIPTION_WORDS = 3;

const RowIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "form.required");
const EntityIdSchema = z.string().regex(/^[a-z0-9]{8,40}$/, "plans.notFound");

const text = (max: number) => z.string().trim().max(max, "plans.textTooLong");
const LongText = text(PLAN_TEXT_MAX);
const ShortText = text(PLAN_SHORT_TEXT_MAX);
/** A date field: "" (an emptied date input) reads as no date. */
const OptionalDate = z.preprocess((v) => (v === "" || v === undefined ? null : v), DateOnlySchema.nullable());

/** Where an activity came from: a decision of a meeting of the case (kept through amendments). */
export const PlanSourceSchema = z.object({
  meetingId: EntityIdSchema,
  decisionId: RowIdSchema,
  /** The decision's text when it was taken into the plan. */
  decisionText: LongText,
});
export type PlanSource = z.output<typeof PlanSourceSchema>;

export const PlanActivitySchema = z.object({
  id: RowIdSchema,
  section: z.enum(PLAN_SECTIONS, { error: "form.required" }),
  description: LongText,
  responsible: PersonRefSchema.nullable(),
  start: OptionalDate,
  deadline: OptionalDate,
  /** "Every Tuesday", "twice a month": a schedule in words when there is no single date. */
  recurrence: ShortText,
  resources: LongText,
  /** For a help measure: who provides the service or benefit. */
  provider: ShortText,
  source: PlanSourceSchema.nullable(),
});
export type PlanActivity = z.output<typeof PlanActivitySchema>;

/** An interim evaluation (004 §3.4: when, how, who). */
export const PlanEvaluationSchema = z.object({
  id: RowIdSchema,
  dueDate: OptionalDate,
  method: LongText,
  responsible: PersonRefSchema.nullable(),
});
export type PlanEvaluation = z.output<typeof PlanEvaluationSchema>;

/** A plan of another provider attached as a file (rehabilitation, care, job-search plan): metadata only. */
export const PlanAttachmentSchema = z.object({
  id: RowIdSchema,
  fileName: ShortText.min(1, "form.required"),
  mediaType: z.string().max(100),
  sizeBytes: z.number().int().min(0),
  /** SHA-256 of the file, hex: the plan's hash covers the file through it. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** What kind of plan it is, in words ("Rehabilitatsiooniplaan"). */
  description: ShortText,
});
export type PlanAttachment = z.output<typeof PlanAttachmentSchema>;

export const PlanContentSchema = z.object({
  schemaVersion: z.literal(PLAN_SCHEMA_VERSION),
  /** Snapshots taken by the server when the version is sent; never from a form. */
  caseNumber: ShortText.nullable(),
  clientName: ShortText.nullable(),
  problem: LongText,
  goals: LongText,
  activities: z.array(PlanActivitySchema).max(200),
  evaluations: z.array(PlanEvaluationSchema).max(50),
  attachments: z.array(PlanAttachmentSchema).max(20),
});
export type PlanContent = z.output<typeof PlanContentSchema>;

/**
 * What a draft may hold: the same shape, any text blank, any person or date missing.
 * Completeness is checked by checkPlanComplete, which says which and where.
 */
export const PlanDraftContentSchema = PlanContentSchema;

/** The content column as read from the database (a row that does not parse is broken, not a user error). */
export function parsePlanContent(json: string): PlanContent {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error("plan content is not JSON");
  }
  const parsed = PlanContentSchema.safeParse(value);
  if (!parsed.success) throw new Error(`plan content does not match the schema: ${parsed.error.message}`);
  return parsed.data;
}

// ---- Completeness ------------------------------------------------------------------------------

/** One reason the plan cannot be sent for signing, at its place in the content ("activities.3.responsible"). */
export type PlanProblem = { path: string; messageKey: string };

const DATE_PARTS = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Calendar months later; the 31st becomes the month's last day (2026-11-30 + 3 months = 2027-02-28). */
export function addMonthsToDate(date: string, months: number): string {
  const m = DATE_PARTS.exec(date);
  if (!m) throw new Error("addMonthsToDate: not a date");
  const year = Number(m[1]);
  const month = Number(m[2]) - 1 + months;
  const day = Number(m[3]);
  const target = new Date(Date.UTC(year, month, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

/** The date proposed for the first interim evaluation: three months from today (004 §3.4). */
export function proposeFirstEvaluationDate(today: string): string {
  return addMonthsToDate(today, FIRST_EVALUATION_MAX_MONTHS);
}

/** Written measurably (004 §3.4): at least a few words saying what will be done, not only a name. */
export function isMeasurableDescription(description: string): boolean {
  return description.trim().split(/\s+/).filter(Boolean).length >= MIN_DESCRIPTION_WORDS;
}

const hasText = (value: string | null | undefined) => (value ?? "").trim().length > 0;

/** Sections whose responsible person is a professional, shown by position and organisation. */
const POSITION_REQUIRED: ReadonlySet<PlanSection> = new Set(["HELP_MEASURE", "CASE_MANAGER"]);

/**
 * Everything that keeps the plan from being sent for signing (004 §3.4: every activity has a
 * named responsible person, a schedule and resources, written measurably; interim evaluations,
 * the first at the latest three months after the plan). `sentOn` is the day of sending
 * (YYYY-MM-DD, Tallinn). Empty when the plan is complete.
 */
export function checkPlanComplete(content: PlanContent, { sentOn }: { sentOn: string }): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const add = (path: string, messageKey: string) => problems.push({ path, messageKey });
  if (!hasText(content.problem)) add("problem", "plans.problem.problemRequired");
  if (!hasText(content.goals)) add("goals", "plans.problem.goalsRequired");
  if (content.activities.length === 0) add("activities", "plans.problem.activitiesRequired");
  content.activities.forEach((activity, i) => {
    const at = `activities.${i}`;
    if (!hasText(activity.description)) add(`${at}.description`, "plans.problem.descriptionRequired");
    else if (!isMeasurableDescription(activity.description))
      add(`${at}.description`, "plans.problem.descriptionNotMeasurable");
    if (!activity.responsible || !hasText(activity.responsible.name))
      add(`${at}.responsible`, "plans.problem.responsibleRequired");
    else if (POSITION_REQUIRED.has(activity.section) && !hasText(activity.responsible.position))
      add(`${at}.responsible`, "plans.problem.responsiblePositionRequired");
    if (!activity.start && !activity.deadline && !hasText(activity.recurrence))
      add(`${at}.schedule`, "plans.problem.scheduleRequired");
    else if (activity.start && activity.deadline && activity.deadline < activity.start)
      add(`${at}.deadline`, "plans.problem.deadlineBeforeStart");
    if (!hasText(activity.resources)) add(`${at}.resources`, "plans.problem.resourcesRequired");
    if (activity.section === "HELP_MEASURE" && !hasText(activity.provider))
      add(`${at}.provider`, "plans.problem.providerRequired");
  });
  if (content.evaluations.length === 0) add("evaluations", "plans.problem.evaluationRequired");
  content.evaluations.forEach((evaluation, i) => {
    const at = `evaluations.${i}`;
    if (!evaluation.dueDate) add(`${at}.dueDate`, "plans.problem.evaluationDateRequired");
    else if (evaluation.dueDate < sentOn) add(`${at}.dueDate`, "plans.problem.evaluationInPast");
    if (!hasText(evaluation.method)) add(`${at}.method`, "plans.problem.evaluationMethodRequired");
    if (!evaluation.responsible || !hasText(evaluation.responsible.name))
      add(`${at}.responsible`, "plans.problem.evaluationResponsibleRequired");
  });
  const dated = content.evaluations
    .map((e, i) => ({ i, dueDate: e.dueDate }))
    .filter((e): e is { i: number; dueDate: string } => e.dueDate !== null)
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.i - b.i));
  const first = dated[0];
  const latest = addMonthsToDate(sentOn, FIRST_EVALUATION_MAX_MONTHS);
  if (first && first.dueDate > latest) add(`evaluations.${first.i}.dueDate`, "plans.problem.firstEvaluationTooLate");
  return problems;
}

// ---- Decisions taken into the plan ---------------------------------------------------------------

/** A decision of a meeting of the case that can become an activity (listDecisionCandidates). */
export type DecisionCandidate = {
  meetingId: string;
  meetingTitle: string;
  /** When the meeting started (ISO instant). */
  meetingStartsAt: string;
  decisionId: string;
  text: string;
  nextStep: string;
  responsible: PersonRef[];
  deadline: string | null;
  /** Where it was read from: the meeting record's planned steps, or the room of a held meeting without a record. */
  origin: "RECORD" | "ROOM";
  /** Already an activity of the plan version asked about. */
  isInPlan: boolean;
};

export function hasActivityFromDecision(
  activities: readonly Pick<PlanActivity, "source">[],
  ref: { meetingId: string; decisionId: string },
): boolean {
  return activities.some((a) => a.source?.meetingId === ref.meetingId && a.source.decisionId === ref.decisionId);
}

// ---- Service inputs ------------------------------------------------------------------------------

const CaseIdSchema = z.string().regex(/^[a-z0-9]{8,40}$/, "plans.notFound");
const VersionIdSchema = z.string().regex(/^[a-z0-9]{8,40}$/, "plans.notFound");
const HashSchema = z.string().regex(/^[0-9a-f]{64}$/, "plans.staleVersion");

export const SIGNING_CODE_LENGTH = 6;

export const StartPlanSchema = z.object({ caseId: CaseIdSchema });
export type StartPlanInput = z.input<typeof StartPlanSchema>;

export const StartAmendmentSchema = z.object({
  caseId: CaseIdSchema,
  /** The version the amendment starts from; defaults to the latest in force, or the latest withdrawn. */
  fromVersionId: VersionIdSchema.optional(),
});
export type StartAmendmentInput = z.input<typeof StartAmendmentSchema>;

export const PlanVersionRefSchema = z.object({ versionId: VersionIdSchema });
export type PlanVersionRefInput = z.input<typeof PlanVersionRefSchema>;

export const SendPlanSchema = PlanVersionRefSchema;
export type SendPlanInput = z.input<typeof SendPlanSchema>;
export const DiscardDraftSchema = PlanVersionRefSchema;
export type DiscardDraftInput = z.input<typeof DiscardDraftSchema>;
export const RequestSigningCodeSchema = PlanVersionRefSchema;
export type RequestSigningCodeInput = z.input<typeof RequestSigningCodeSchema>;

export const WithdrawFromSigningSchema = z.object({
  versionId: VersionIdSchema,
  reason: z.string().trim().max(PLAN_TEXT_MAX, "plans.textTooLong").default(""),
});
export type WithdrawFromSigningInput = z.input<typeof WithdrawFromSigningSchema>;

/** Re-authentication: the password, or the mailed one-time code (an invited participant without a password). */
const ReauthFields = {
  password: z.string().max(1000).optional(),
  code: z
    .string()
    .trim()
    .regex(new RegExp(`^\\d{${SIGNING_CODE_LENGTH}}$`), "plans.codeInvalid")
    .optional(),
};

/** A checkbox posts "on"; JSON posts true. Anything else is not acceptance. */
const AcceptedSchema = z.preprocess(
  (v) => v === true || v === "on" || v === "true",
  z.literal(true, { error: "plans.statementNotAccepted" }),
);

export const SignPlanSchema = z.object({
  versionId: VersionIdSchema,
  /** The hash the signer was shown; signing anything else is refused (stale). */
  expectedHash: HashSchema,
  statementAccepted: AcceptedSchema,
  /** The language the statement was shown in (stored with the signature as shown); default: the account's. */
  locale: LocaleSchema.optional(),
  ...ReauthFields,
});
export type SignPlanInput = z.input<typeof SignPlanSchema>;

export const RefuseToSignSchema = z.object({
  versionId: VersionIdSchema,
  expectedHash: HashSchema,
  statementAccepted: AcceptedSchema,
  reason: z.string().trim().min(1, "plans.refusalReasonRequired").max(PLAN_TEXT_MAX, "plans.textTooLong"),
  locale: LocaleSchema.optional(),
  ...ReauthFields,
});
export type RefuseToSignInput = z.input<typeof RefuseToSignSchema>;
