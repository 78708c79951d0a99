import type { z } from "zod";
import { DomainError, type FieldErrors } from "./errors";

/**
 * Services validate their input with the same zod schema the form uses, so a direct caller
 * (another service, a socket handler, a test) gets the same rules. Failure: VALIDATION with one
 * message key per field, as parseForm gives the form.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "_form");
    fieldErrors[field] ??= issue.message;
  }
  throw new DomainError("VALIDATION", "form.errorSummary", { fieldErrors });
}
