// Form and service schemas of the case team and the client's consent. This module imports
// nothing but zod (and types), so the browser can use the same schemas as the server.
import { z } from "zod";
import type { CaseRole, ConsentForm } from "~/lib/db-types";
import { DomainError, type FieldErrors } from "../errors";

export const CONSENT_FORMS = ["WRITTEN", "ORAL", "IN_SYSTEM"] as const satisfies readonly ConsentForm[];

/**
 * Roles a case manager can give an existing staff account on the team. Not CLIENT (the case's
 * client is its client record's person) and not CASE_MANAGER: a co-case-manager reads the case
 * without a consent of their own (policy.ts), so that role comes only with a handover.
 */
export const ADDABLE_MEMBER_ROLES = [
  "SPECIALIST",
  "OTHER",
  "ADVOCATE",
  "CLOSE_PERSON",
  "LEGAL_REPRESENTATIVE",
] as const satisfies readonly CaseRole[];

/** Members the client may allow to see their own view (policy.ts: hasClientViewPermission). */
export const CLIENT_VIEW_PERMISSION_ROLES = ["ADVOCATE", "CLOSE_PERSON"] as const satisfies readonly CaseRole[];

/** Ids are cuid()s; anything else in a URL or a form is refused before it reaches the database. */
export const IdSchema = z
  .string()
  .trim()
  .min(1, "form.required")
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "form.required");

/** A route parameter naming a case: malformed means "no such page" (404). */

const OptionalNoteSchema = z
  .string()
  .trim()
  .max(500, "team.textTooLong")
  .nullish()
  .transform((v) => v || null);

/** A checkbox or a hidden "true"/"false" field; services pass a boolean. */
const BooleanFieldSchema = z
  .union([z.boolean(), z.string().max(10)])
  .optional()
  .transform((v) => v === true || v === "on" || v === "true" || v === "1");

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A date field posts "2026-11-25"; services may pass a Date or an ISO timestamp. A date without
 * a time becomes 00:00 UTC of that day (see resolveConsentDate for why that is safe "today").
 */
export const DateInputSchema = z
  .union([z.date(), z.string().trim().min(1, "form.required").max(40)])
  .transform((value, ctx) => {
    let date: Date;
    if (value instanceof Date) {
      date = value;
    } else {
      const m = DATE_ONLY.exec(value);
      date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : new Date(value);
      // Date.UTC rolls 2026-02-31 over to March; a date field never sends that, a crafted post may.
      if (m && date.getUTCDate() !== Number(m[3])) date = new Date(Number.NaN);
    }
    if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1900) {
      ctx.addIssue({ code: "custom", message: "team.dateInvalid" });
      return z.NEVER;
    }
    return date;
  });

export const ConsentScopeSchema = z.string().trim().min(1, "form.required").max(500, "team.textTooLong");
export const ConsentFormSchema = z.enum(CONSENT_FORMS, { error: "form.required" });

/** The client's consent as a service takes it. */
export const ConsentSchema = z.object({
  form: ConsentFormSchema,
  scope: ConsentScopeSchema,
  givenAt: DateInputSchema,
});
export type ConsentInput = z.input<typeof ConsentSchema>;
export type Consent = z.output<typeof ConsentSchema>;

/**
 * The consent fieldset of a flat form (add a member, invite a specialist, record a consent):
 * each field optional here; consentFromFields decides whether they form a consent.
 */
export const ConsentFieldsSchema = z.object({
  consentForm: z.string().trim().max(20).nullish(),
  consentScope: z.string().trim().max(2000).nullish(),
  consentGivenAt: z.union([z.date(), z.string().trim().max(40)]).nullish(),
});
export type ConsentFieldsInput = z.input<typeof ConsentFieldsSchema>;

/**
 * Reads the consent fieldset: all empty means "no consent given here" (null); otherwise every
 * field must be valid, and each problem is reported on its own field.
 */
export function consentFromFields(fields: ConsentFieldsInput): Consent | null {
  const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === "string" && v.trim() === "");
  if (isBlank(fields.consentForm) && isBlank(fields.consentScope) && isBlank(fields.consentGivenAt)) return null;
  const fieldErrors: FieldErrors = {};
  const form = ConsentFormSchema.safeParse(fields.consentForm ?? undefined);
  if (!form.success) fieldErrors.consentForm = "form.required";
  const scope = ConsentScopeSchema.safeParse(fields.consentScope ?? "");
  if (!scope.success) fieldErrors.consentScope = scope.error.issues[0]?.message ?? "form.required";
  const givenAt = DateInputSchema.safeParse(isBlank(fields.consentGivenAt) ? "" : fields.consentGivenAt);
  if (!givenAt.success) fieldErrors.consentGivenAt = givenAt.error.issues[0]?.message ?? "form.required";
  if (!form.success || !scope.success || !givenAt.success) {
    throw new DomainError("VALIDATION", "form.errorSummary", { fieldErrors });
  }
  return { form: form.data, scope: scope.data, givenAt: givenAt.data };
}

export const FindStaffSchema = z.object({
  query: z.string().trim().min(2, "team.search.tooShort").max(254),
});
export type FindStaffInput = z.input<typeof FindStaffSchema>;

export const AddCaseMemberSchema = z.object({
  caseId: IdSchema,
  userId: IdSchema,
  role: z.enum(ADDABLE_MEMBER_ROLES, { error: "form.required" }),
  hasClientViewPermission: BooleanFieldSchema,
  consent: ConsentSchema.nullish().transform((v) => v ?? null),
});
export type AddCaseMemberInput = z.input<typeof AddCaseMemberSchema>;

/** The "add a member" form: flat consent fields, turned into AddCaseMemberInput by the route. */
export const AddCaseMemberFormSchema = z
  .object({
    userId: IdSchema,
    role: z.enum(ADDABLE_MEMBER_ROLES, { error: "form.required" }),
    hasClientViewPermission: BooleanFieldSchema,
  })
  .extend(ConsentFieldsSchema.shape);

export const RecordConsentSchema = z.object({
  caseId: IdSchema,
  recipientUserId: IdSchema,
  form: ConsentFormSchema,
  scope: ConsentScopeSchema,
  /** Required from the case manager; a client giving consent in the system gives it now. */
  givenAt: DateInputSchema.nullish().transform((v) => v ?? null),
});
export type RecordConsentInput = z.input<typeof RecordConsentSchema>;

/** The case manager's "record a consent" form for a member (flat consent fields). */
export const RecordConsentFormSchema = z.object({ recipientUserId: IdSchema }).extend(ConsentFieldsSchema.shape);

/** The client's own "I agree" in their view: the scope is what they agree to share. */
export const GiveConsentFormSchema = z.object({ recipientUserId: IdSchema, scope: ConsentScopeSchema });

export const WithdrawConsentSchema = z.object({ consentId: IdSchema, note: OptionalNoteSchema });
export type WithdrawConsentInput = z.input<typeof WithdrawConsentSchema>;

export const RemoveCaseMemberSchema = z.object({
  caseId: IdSchema,
  memberId: IdSchema,
  reason: z.string().trim().min(1, "team.remove.reasonRequired").max(500, "team.textTooLong"),
});
export type RemoveCaseMemberInput = z.input<typeof RemoveCaseMemberSchema>;

export const SetClientViewPermissionSchema = z.object({
  caseId: IdSchema,
  memberId: IdSchema,
  hasClientViewPermission: BooleanFieldSchema,
});
export type SetClientViewPermissionInput = z.input<typeof SetClientViewPermissionSchema>;

/** ?page= of the access log: 1-based; anything else is page 1. */
export const AccessLogPageSchema = z.coerce.number().int().min(1).max(10_000).catch(1);
