// Form and service schemas of cases: opening, editing, stage changes, closure, handover, the
// list. Browser-safe: imports nothing but zod and other browser-safe modules.
import { z } from "zod";
import { DomainError } from "../errors";
import { CASE_STAGES } from "./case-stage";
import {
  COMMUNICATION_NEEDS,
  ClientFieldsSchema,
  ClientSchema,
  checkClientFields,
  collectCheckboxGroup,
  withDateFromPersonalCode,
} from "./client-schemas";

/** Ids are Prisma cuids; anything else in a URL is not a case, so the page answers 404. */
export const CaseIdSchema = z.string().regex(/^[a-z][a-z0-9]{19,39}$/, "error.notFound");
const UserIdSchema = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9]{19,39}$/, "form.required");

/**
 * Human-readable and unique within the organisation, e.g. TV-2026-014. Letters, digits and the
 * separators people use in registry numbers; kept as typed apart from the surrounding spaces.
 */
export const CaseNumberSchema = z
  .string()
  .trim()
  .min(1, "form.required")
  .max(40, "cases.textTooLong")
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ./_-]*$/u, "case.caseNumberInvalid");

const optionalLongText = z
  .string()
  .trim()
  .max(5000, "cases.textTooLong")
  .nullish()
  .transform((v) => v || null);

/**
 * For an update: absent (undefined) leaves the field as it is, blank clears it. A form sends
 * every field, so from a form both work as expected.
 */
const updatableLongText = z
  .string()
  .trim()
  .max(5000, "cases.textTooLong")
  .nullable()
  .optional()
  .transform((v) => (v === undefined ? undefined : v || null));

const requiredReason = z.string().trim().min(1, "case.reasonRequired").max(2000, "cases.textTooLong");

// ---- Opening a case -------------------------------------------------------------------------

const OpenCaseFieldsSchema = z.object({
  caseNumber: CaseNumberSchema,
  summary: optionalLongText,
});

/** The service input: the client record and the case. */
export const OpenCaseSchema = OpenCaseFieldsSchema.extend({ client: ClientSchema });
export type OpenCaseInput = z.input<typeof OpenCaseSchema>;

/** The form: one flat set of fields (so that errors sit beside their fields), needs as checkboxes. */
export const OpenCaseFormSchema = z.preprocess(
  collectCheckboxGroup("communicationNeeds", COMMUNICATION_NEEDS),
  ClientFieldsSchema.extend(OpenCaseFieldsSchema.shape)
    .superRefine(checkClientFields)
    .transform(withDateFromPersonalCode),
);

// ---- Editing the case and the client record ---------------------------------------------------

const UpdateCaseFieldsSchema = z.object({
  caseId: CaseIdSchema,
  /** The version the editor started from (optimistic concurrency). */
  version: z.coerce.number().int().min(1, "case.changedByOther"),
  summary: updatableLongText,
  riskFactors: updatableLongText,
  protectiveFactors: updatableLongText,
  /** The client's own view of their situation, in their words (004 §3.2). */
  clientView: updatableLongText,
});

/** The service input; without `client`, the client record stays as it is. */
export const UpdateCaseSchema = UpdateCaseFieldsSchema.extend({ client: ClientSchema.optional() });
export type UpdateCaseInput = z.input<typeof UpdateCaseSchema>;

export const UpdateCaseFormSchema = z.preprocess(
  collectCheckboxGroup("communicationNeeds", COMMUNICATION_NEEDS),
  ClientFieldsSchema.extend(UpdateCaseFieldsSchema.shape)
    .superRefine(checkClientFields)
    .transform(withDateFromPersonalCode),
);

/** The case's own fields an update may change (the client's are CLIENT_FIELD_NAMES). */
export const CASE_TEXT_FIELDS = ["summary", "riskFactors", "protectiveFactors", "clientView"] as const;

// ---- Stage, closure, handover -------------------------------------------------------------

export const ChangeCaseStageSchema = z.object({
  caseId: CaseIdSchema,
  to: z.enum(CASE_STAGES, { error: "case.stageRequired" }),
  reason: z
    .string()
    .trim()
    .max(2000, "cases.textTooLong")
    .nullish()
    .transform((v) => v || null),
});
export type ChangeCaseStageInput = z.input<typeof ChangeCaseStageSchema>;

export const CloseCaseSchema = z.object({
  caseId: CaseIdSchema,
  /** Why the case ends (goal reached, the client declined further help, moved away, ...). */
  reason: requiredReason,
  /** How the help worked for the client, in their words (004 §3.7). */
  clientFeedback: optionalLongText,
  /** Required when meetings (later: plan activities) are still open. */
  openItemsReason: z
    .string()
    .trim()
    .max(2000, "cases.textTooLong")
    .nullish()
    .transform((v) => v || null),
});
export type CloseCaseInput = z.input<typeof CloseCaseSchema>;

/**
 * To a case manager on the system (toCaseManagerId; the case moves to their organisation), or to
 * an organisation not on the system (toOrganisationName; the case ends here as HANDED_OVER).
 */
export const HandOverCaseSchema = z
  .object({
    caseId: CaseIdSchema,
    toCaseManagerId: UserIdSchema.or(z.literal(""))
      .nullish()
      .transform((v) => v || null),
    toOrganisationName: z
      .string()
      .trim()
      .max(200, "cases.textTooLong")
      .nullish()
      .transform((v) => v || null),
    /** A new number when the receiving organisation numbers its cases differently. */
    newCaseNumber: CaseNumberSchema.or(z.literal(""))
      .nullish()
      .transform((v) => v || null),
    reason: requiredReason,
  })
  .superRefine((data, ctx) => {
    if (!data.toCaseManagerId && !data.toOrganisationName) {
      ctx.addIssue({ code: "custom", path: ["toCaseManagerId"], message: "case.handoverTargetRequired" });
    }
    if (data.toCaseManagerId && data.toOrganisationName) {
      ctx.addIssue({ code: "custom", path: ["toOrganisationName"], message: "case.handoverChooseOne" });
    }
    if (data.toOrganisationName && data.newCaseNumber) {
      ctx.addIssue({ code: "custom", path: ["newCaseNumber"], message: "case.handoverNumberOnlyInSystem" });
    }
  });
export type HandOverCaseInput = z.input<typeof HandOverCaseSchema>;

// ---- The list -----------------------------------------------------------------------------

export const CASE_LIST_SCOPES = ["mine", "organisation"] as const;
export type CaseListScope = (typeof CASE_LIST_SCOPES)[number];

export const ListCasesSchema = z.object({
  scope: z.enum(CASE_LIST_SCOPES).catch("mine"),
  /** From the URL: an unknown stage is no filter rather than an error page. */
  stage: z
    .string()
    .nullish()
    .transform((v) => CASE_STAGES.find((s) => s === v) ?? null),
  q: z
    .string()
    .trim()
    .max(100)
    .nullish()
    .catch(null)
    .transform((v) => v || null),
});
export type ListCasesInput = z.input<typeof ListCasesSchema>;

/** A case id from a URL or a service input; a malformed one is a case that does not exist. */
export function parseCaseId(value: unknown): string {
  const parsed = CaseIdSchema.safeParse(value);
  if (!parsed.success) throw new DomainError("NOT_FOUND", "error.notFound");
  return parsed.data;
}
