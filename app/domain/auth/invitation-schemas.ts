// Form schemas of invitations and account set-up. This module imports nothing but zod, types and
// other browser-safe schemas (team-schemas.ts), so the browser can use the same schemas as the server.
import { z } from "zod";
import type { CaseRole, InvitationKind, OrganisationType } from "~/lib/db-types";
import { ConsentFieldsSchema } from "../team/team-schemas";

/**
 * Kept equal to PASSWORD_MIN_LENGTH in ./password.ts (a unit test checks it): that module
 * imports node:crypto, which must not reach the browser bundle.
 */
import { PASSWORD_MIN_LENGTH } from "./password-rules";
/** Kept under this name for the forms; the one value lives in password-rules.ts. */
export const NEW_PASSWORD_MIN_LENGTH = PASSWORD_MIN_LENGTH;

export const ORGANISATION_TYPES = [
  "MUNICIPALITY",
  "FAMILY_DOCTOR",
  "HOSPITAL",
  "SOCIAL_INSURANCE_BOARD",
  "UNEMPLOYMENT_INSURANCE_FUND",
  "SCHOOL",
  "SERVICE_PROVIDER",
  "OTHER",
] as const satisfies readonly OrganisationType[];

/** Every case role except CASE_MANAGER: the case manager is appointed, never invited by link. */
export const INVITABLE_CASE_ROLES = [
  "CLIENT",
  "CLOSE_PERSON",
  "ADVOCATE",
  "LEGAL_REPRESENTATIVE",
  "SPECIALIST",
  "OTHER",
] as const satisfies readonly CaseRole[];

/** What createToken() produces (32 random bytes, base64url), with room to change its length. */
export const InviteTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{32,128}$/);

const EmailSchema = z.string().trim().toLowerCase().min(1, "form.required").max(254).email("auth.emailInvalid");
const isEmail = (value: string) => z.email().safeParse(value).success;
// Optional fields: absent, null or blank all become null, so the output parses again unchanged.
const OptionalEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .refine((v) => v === "" || isEmail(v), "auth.emailInvalid")
  .nullish()
  .transform((v) => v || null);
const NameSchema = z.string().trim().min(1, "form.required").max(200);
const OptionalTextSchema = z
  .string()
  .trim()
  .max(200)
  .nullish()
  .transform((v) => v || null);
const IdSchema = z.string().trim().min(1, "form.required").max(64);
const OptionalIdSchema = z
  .string()
  .trim()
  .max(64)
  .nullish()
  .transform((v) => v || null);
/** A checkbox posts "on" when ticked and nothing otherwise; services pass a boolean. */
const CheckboxSchema = z
  .union([z.boolean(), z.string().max(10)])
  .optional()
  .transform((v) => v === true || v === "on" || v === "true" || v === "1");

const PasswordSchema = z
  .string()
  .min(NEW_PASSWORD_MIN_LENGTH, "auth.passwordTooShort")
  .max(1000, "auth.passwordTooLong");
const PasswordConfirmSchema = z.string().min(1, "form.required").max(1000);
const passwordsMatch = {
  check: (d: { password: string; passwordConfirm: string }) => d.password === d.passwordConfirm,
  params: { message: "auth.passwordMismatch", path: ["passwordConfirm"] },
};

/** The one-time set-up link: the first organisation and its administrator. */
export const SetupSchema = z
  .object({
    organisationName: NameSchema,
    organisationType: z.enum(ORGANISATION_TYPES, { error: "form.required" }),
    name: NameSchema,
    positionTitle: OptionalTextSchema,
    email: EmailSchema,
    password: PasswordSchema,
    passwordConfirm: PasswordConfirmSchema,
  })
  .refine(passwordsMatch.check, passwordsMatch.params);
export type SetupInput = z.input<typeof SetupSchema>;

/** A staff member joining the inviting organisation; the e-mail address is the invited one. */
export const AcceptStaffInvitationSchema = z
  .object({
    name: NameSchema,
    positionTitle: OptionalTextSchema,
    password: PasswordSchema,
    passwordConfirm: PasswordConfirmSchema,
  })
  .refine(passwordsMatch.check, passwordsMatch.params);
export type AcceptStaffInvitationInput = z.input<typeof AcceptStaffInvitationSchema>;

/**
 * A client, close person or outside specialist. The e-mail address becomes their sign-in name;
 * it may be left empty only when the invitation names one.
 */
export const AcceptExternalInvitationSchema = z
  .object({
    name: NameSchema,
    email: OptionalEmailSchema,
    positionTitle: OptionalTextSchema,
    password: PasswordSchema,
    passwordConfirm: PasswordConfirmSchema,
  })
  .refine(passwordsMatch.check, passwordsMatch.params);
export type AcceptExternalInvitationInput = z.input<typeof AcceptExternalInvitationSchema>;

export type AcceptInvitationInput = SetupInput | AcceptStaffInvitationInput | AcceptExternalInvitationInput;

export function acceptSchemaFor(kind: InvitationKind) {
  switch (kind) {
    case "SETUP":
      return SetupSchema;
    case "STAFF":
      return AcceptStaffInvitationSchema;
    case "EXTERNAL":
      return AcceptExternalInvitationSchema;
  }
}

export const CreateStaffInvitationSchema = z.object({
  email: EmailSchema,
  name: OptionalTextSchema,
  positionTitle: OptionalTextSchema,
  isOrgAdmin: CheckboxSchema,
});
export type CreateStaffInvitationInput = z.input<typeof CreateStaffInvitationSchema>;

/**
 * Inviting a specialist (or "other") needs the client's consent to share with them: the consent
 * fields (team-schemas.ts) are read by createExternalInvitation, which requires them for those roles.
 */
export const CreateExternalInvitationSchema = z
  .object({
    caseId: IdSchema,
    meetingId: OptionalIdSchema,
    caseRole: z.enum(INVITABLE_CASE_ROLES, { error: "form.required" }),
    name: NameSchema,
    email: OptionalEmailSchema,
    positionTitle: OptionalTextSchema,
  })
  .extend(ConsentFieldsSchema.shape);
export type CreateExternalInvitationInput = z.input<typeof CreateExternalInvitationSchema>;

export const RevokeInvitationSchema = z.object({ invitationId: IdSchema });
export type RevokeInvitationInput = z.input<typeof RevokeInvitationSchema>;
