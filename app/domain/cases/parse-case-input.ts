import type { z } from "zod";
import { DomainError, type FieldErrors } from "../errors";

/**
 * parseInput (../parse-input.ts) for case inputs that nest the client record under `client`:
 * errors are keyed by the field's own name (`personalCode`, not `client`), the names the forms
 * use, so a form and a direct caller see the same field errors.
 */
export function parseCaseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const path = issue.path[0] === "client" && issue.path.length > 1 ? issue.path.slice(1) : issue.path;
    const field = String(path[0] ?? "_form");
    fieldErrors[field] ??= issue.message;
  }
  throw new DomainError("VALIDATION", "form.errorSummary", { fieldErrors });
}
