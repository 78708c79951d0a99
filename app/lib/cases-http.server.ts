// Web glue of the case pages: the route parameter, domain errors in loaders, form payloads.
import { json, type AppLoadContext, type LoaderFunctionArgs } from "@remix-run/node";
import type { Actor } from "~/domain/actor";
import { CaseIdSchema } from "~/domain/cases/case-schemas";
import { HTTP_STATUS_BY_CODE, isDomainError } from "~/domain/errors";
import { requireUser } from "./session.server";

/** Case pages hold personal data: never cached, by the browser or anyone in between. */
export const PRIVATE_HEADERS = { "Cache-Control": "no-store" };

/** What a case route's ErrorBoundary reads: a message key for the 404, 403 or 409 page. */
export type CaseErrorData = { messageKey: string };

function errorResponse(status: number, messageKey: string) {
  return json<CaseErrorData>({ messageKey }, { status, headers: PRIVATE_HEADERS });
}

/** A malformed case id in the URL is a page that does not exist. */
export function requireCaseIdParam(params: LoaderFunctionArgs["params"]): string {
  const parsed = CaseIdSchema.safeParse(params.caseId);
  if (!parsed.success) throw errorResponse(404, "error.notFound");
  return parsed.data;
}

/** In a loader: a DomainError becomes the error page with its status and message. */
export function toLoaderError(error: unknown): unknown {
  if (!isDomainError(error)) return error;
  return errorResponse(HTTP_STATUS_BY_CODE[error.code], error.messageKey);
}

/** Runs a loader's service calls; a DomainError becomes the matching error page. */
export async function orErrorPage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toLoaderError(error);
  }
}

/** Staff of an organisation: the people who open cases. Others get 403. */
export async function requireStaffWithOrganisation(request: Request, context: AppLoadContext) {
  const { user, actor } = await requireUser(request, context);
  if (actor.kind !== "STAFF" || !actor.organisationId) throw errorResponse(403, "cases.staffOnly");
  return { user, actor: actor as Actor & { organisationId: string } };
}

/** After a change, the case page says what happened (?done=...). */
export const DONE_MESSAGES = ["created", "saved", "stage", "handedOver", "closed"] as const;
export type DoneMessage = (typeof DONE_MESSAGES)[number];
