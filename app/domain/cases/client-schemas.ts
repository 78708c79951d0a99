// The client record (issue 3): the same schema validates the form and the service input.
// Browser-safe: imports nothing but zod and other browser-safe modules.
import { z } from "zod";
import { parsePersonalCode } from "./personal-code";

/** Communication and accessibility needs the team plans a meeting around (004 §2.1). */
export const COMMUNICATION_NEEDS = [
  "INTERPRETER",
  "SIGN_LANGUAGE",
  "EASY_READ",
  "HEARING_SUPPORT",
  "VISION_SUPPORT",
  "MOBILITY",
] as const;
export type CommunicationNeed = (typeof COMMUNICATION_NEEDS)[number];

/**
 * Languages the form offers (ISO 639-1), Estonian first, then those most asked for in Estonia.
 * A service caller may store any other two- or three-letter code.
 */
export const COMMON_CLIENT_LANGUAGES = ["et", "ru", "en", "uk", "fi", "lv", "lt", "de", "pl", "fr"] as const;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "cases.textTooLong")
    .nullish()
    .transform((v) => v || null);

const NameSchema = z.string().trim().min(1, "form.required").max(100, "cases.textTooLong");

const isEmail = (value: string) => z.email().safeParse(value).success;
const OptionalEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "cases.textTooLong")
  .refine((v) => v === "" || isEmail(v), "client.emailInvalid")
  .nullish()
  .transform((v) => v || null);

/** Digits with the usual separators and an optional leading +; at least five digits. */
const OptionalPhoneSchema = z
  .string()
  .trim()
  .max(40, "cases.textTooLong")
  .refine((v) => v === "" || (/^\+?[\d\s()./-]+$/.test(v) && v.replace(/\D/g, "").length >= 5), "client.phoneInvalid")
  .nullish()
  .transform((v) => v || null);

/** Blank means "no personal code" (people without one: foreigners, newborns not yet registered). */
const OptionalPersonalCodeSchema = z
  .string()
  .trim()
  .refine((v) => v === "" || parsePersonalCode(v) !== null, "client.personalCodeInvalid")
  .nullish()
  .transform((v) => v || null);

const EARLIEST_BIRTH_DATE = Date.UTC(1800, 0, 1);

/** A date of birth as the form posts it (YYYY-MM-DD) or as a Date; blank means unknown. */
const OptionalDateOfBirthSchema = z
  .union([z.date(), z.string().trim().max(10)])
  .nullish()
  .transform((v, ctx) => {
    if (v === null || v === undefined || v === "") return null;
    const date = v instanceof Date ? v : parseIsoDate(v);
    if (!date || date.getTime() < EARLIEST_BIRTH_DATE || date.getTime() > Date.now()) {
      ctx.addIssue({ code: "custom", message: "client.dateOfBirthInvalid" });
      return z.NEVER;
    }
    return date;
  });

/** YYYY-MM-DD as a UTC midnight Date; null for anything else, including 2026-02-31. */
export function parseIsoDate(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date;
}

/** The date part of a Date as YYYY-MM-DD (for a date input's value). */
export function formatIsoDate(date: Date | string): string {
  return new Date(date).toISOString().slice(0, 10);
}

export const CommunicationNeedsSchema = z
  .array(z.enum(COMMUNICATION_NEEDS, { error: "client.communicationNeedInvalid" }))
  .max(COMMUNICATION_NEEDS.length)
  .default([])
  // One entry per need, in the order of the list above, so that equal sets compare equal.
  .transform((needs) => COMMUNICATION_NEEDS.filter((n) => needs.includes(n)));

/** The fields of the client record, before the rules that tie them together. */
export const ClientFieldsSchema = z.object({
  firstName: NameSchema,
  lastName: NameSchema,
  personalCode: OptionalPersonalCodeSchema,
  dateOfBirth: OptionalDateOfBirthSchema,
  phone: OptionalPhoneSchema,
  email: OptionalEmailSchema,
  address: optionalText(300),
  preferredLanguage: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z]{2,3}$/, "client.languageInvalid")
    .nullish()
    .transform((v) => v || "et"),
  communicationNeeds: CommunicationNeedsSchema,
  interpreterLanguage: optionalText(100),
  accessibilityNotes: optionalText(2000),
  legalRepresentative: optionalText(200),
  legalRepresentativeContact: optionalText(300),
});

type ClientFields = z.output<typeof ClientFieldsSchema>;

/**
 * The personal code carries the date of birth: when both are given they must agree, and when
 * only the code is given the date comes from it. Shared by every schema built on the fields.
 */
export function checkClientFields(data: Pick<ClientFields, "personalCode" | "dateOfBirth">, ctx: z.RefinementCtx) {
  if (!data.personalCode || !data.dateOfBirth) return;
  const fromCode = parsePersonalCode(data.personalCode);
  if (fromCode && fromCode.birthDate.getTime() !== data.dateOfBirth.getTime()) {
    ctx.addIssue({ code: "custom", path: ["dateOfBirth"], message: "client.dateOfBirthMismatch" });
  }
}

export function withDateFromPersonalCode<T extends Pick<ClientFields, "personalCode" | "dateOfBirth">>(data: T): T {
  if (data.dateOfBirth || !data.personalCode) return data;
  return { ...data, dateOfBirth: parsePersonalCode(data.personalCode)?.birthDate ?? null };
}

export const ClientSchema = ClientFieldsSchema.superRefine(checkClientFields).transform(withDateFromPersonalCode);
export type ClientInput = z.input<typeof ClientSchema>;
export type ClientData = z.output<typeof ClientSchema>;

/** The names of the client fields, e.g. to split a flat form into the client and the case. */
export const CLIENT_FIELD_NAMES = Object.keys(ClientFieldsSchema.shape) as (keyof ClientFields)[];

/**
 * Client.communicationNeeds is a JSON array in a text column (both databases store it alike).
 * Read it through this schema: a value the app did not write fails loudly rather than hiding a
 * need from the team.
 */
export const CommunicationNeedsColumnSchema = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "Client.communicationNeeds is not JSON" });
      return z.NEVER;
    }
  })
  .pipe(z.array(z.enum(COMMUNICATION_NEEDS)));

export function parseCommunicationNeeds(column: string): CommunicationNeed[] {
  return CommunicationNeedsColumnSchema.parse(column);
}

export function serializeCommunicationNeeds(needs: readonly CommunicationNeed[]): string {
  return JSON.stringify(needs);
}

/**
 * A group of checkboxes posts one field per ticked box, named `<group>.<code>` with the value
 * "on" (so that the form can echo each box back after an error). This turns them into an array
 * under `<group>`; an array already there (a service caller) is kept.
 */
export function collectCheckboxGroup(group: string, codes: readonly string[]) {
  return (input: unknown): unknown => {
    if (typeof input !== "object" || input === null || Array.isArray(input)) return input;
    const record = input as Record<string, unknown>;
    if (Array.isArray(record[group])) return input;
    const prefix = `${group}.`;
    const rest: Record<string, unknown> = {};
    const ticked: string[] = [];
    for (const [key, value] of Object.entries(record)) {
      if (!key.startsWith(prefix)) {
        rest[key] = value;
        continue;
      }
      const code = key.slice(prefix.length);
      if (codes.includes(code) && (value === "on" || value === true)) ticked.push(code);
    }
    return { ...rest, [group]: ticked };
  };
}
