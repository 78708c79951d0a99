// Web glue shared by the team page and the client's own view: route parameters, domain errors
// of loaders and actions, and ending the live connections of someone whose access just ended.
import type { AppLoadContext } from "@remix-run/node";
import { HTTP_STATUS_BY_CODE, isDomainError } from "~/domain/errors";
import { formErrorResponse } from "./forms.server";

// One place for route parameters and loader errors: the case pages' helpers.
export { requireCaseIdParam, toLoaderError as toLoaderResponse } from "./cases-http.server";

/**
 * In an action: the service's own message is what the person needs to read ("the client's
 * consent is needed to add a specialist"), with field errors marked on the fields. Unlike
 * domainErrorResponse, the message is kept when there are field errors too.
 */
export function actionErrorResponse(formData: FormData, error: unknown) {
  if (!isDomainError(error)) throw error;
  return formErrorResponse(
    formData,
    { formError: error.messageKey, formErrorParams: error.params, fieldErrors: error.fieldErrors },
    HTTP_STATUS_BY_CODE[error.code],
  );
}

/**
 * Access was checked when a socket.io or Yjs connection opened; after a withdrawal, a removal or
 * a revoked permission, the person's open connections are closed so they re-authenticate under
 * the new rules (server/create-server.ts wires realtime.disconnectUser).
 */
export function endLiveConnections(context: AppLoadContext, userId: string) {
  context.services.realtime.disconnectUser(userId);
}
