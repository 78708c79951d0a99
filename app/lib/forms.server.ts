// Every form action starts here: CSRF check, then the same zod schema the browser form uses.
// The result is either parsed data or a ready-made error payload for the form to show.
import { timingSafeEqual } from "node:crypto";
import { json, type AppLoadContext } from "@remix-run/node";
import type { z } from "zod";
import { DomainError, HTTP_STATUS_BY_CODE, isDomainError } from "~/domain/errors";

export const CSRF_FIELD = "_csrf";

export type FormErrorPayload = {
  ok: false;
  formError: string | null;
  formErrorParams?: Record<string, string | number>;
  fieldErrors: Record<string, string>;
  /** Echo of what the user typed (never passwords), so nothing they typed is lost. */
  values: Record<string, string>;
};

function isCsrfValid(submitted: FormDataEntryValue | null, expected: string): boolean {
  if (typeof submitted !== "string" || !expected) return false;
  const a = Buffer.from(submitted);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function echoValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string" && key !== CSRF_FIELD && !/password|token/i.test(key)) values[key] = value;
  }
  return values;
}

export type ParsedForm<T> =
  | { ok: true; data: T; formData: FormData }
  | { ok: false; response: ReturnType<typeof formErrorResponse> };

/**
 * Reads and validates a form: a 403 payload when the CSRF token is missing or forged, a 400
 * payload when validation fails. The action returns `response` as it is; nothing has changed.
 */
export async function parseForm<S extends z.ZodType>(
  request: Request,
  context: AppLoadContext,
  schema: S,
): Promise<ParsedForm<z.infer<S>>> {
  const formData = await request.formData();
  if (!isCsrfValid(formData.get(CSRF_FIELD), context.request.csrfToken)) {
    return { ok: false, response: formErrorResponse(formData, { formError: "error.csrf" }, 403) };
  }
  const parsed = schema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "_form");
      fieldErrors[field] ??= issue.message;
    }
    return { ok: false, response: formErrorResponse(formData, { formError: "form.errorSummary", fieldErrors }, 400) };
  }
  return { ok: true, data: parsed.data, formData };
}

export function formErrorResponse(
  formData: FormData,
  error: { formError?: string | null; formErrorParams?: Record<string, string | number>; fieldErrors?: Record<string, string> },
  status: number,
) {
  const payload: FormErrorPayload = {
    ok: false,
    formError: error.formError ?? null,
    formErrorParams: error.formErrorParams,
    fieldErrors: error.fieldErrors ?? {},
    values: echoValues(formData),
  };
  return json(payload, { status });
}

/** Maps a DomainError from a service to the form's error payload (one place for HTTP codes). */
export function domainErrorResponse(formData: FormData, error: unknown) {
  if (!isDomainError(error)) throw error;
  return formErrorResponse(
    formData,
    {
      formError: Object.keys(error.fieldErrors).length ? "form.errorSummary" : error.messageKey,
      formErrorParams: error.params,
      fieldErrors: error.fieldErrors,
    },
    HTTP_STATUS_BY_CODE[error.code],
  );
}

export { DomainError };
