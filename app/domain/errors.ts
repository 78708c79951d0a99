// The one error type of the domain. Codes are a closed set; each boundary translates them in
// one place: HTTP (app/lib/http.server.ts), socket acknowledgements and websocket close codes
// (server/realtime, server/collab). Domain code never throws a Response.

export const DOMAIN_ERROR_CODES = [
  "NOT_FOUND",
  "FORBIDDEN",
  "UNAUTHENTICATED",
  "CONFLICT",
  "INVALID_STATE",
  "FROZEN",
  "VALIDATION",
  "RATE_LIMITED",
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export type FieldErrors = Record<string, string>;

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  /** An i18n message key the UI shows to the user. */
  readonly messageKey: string;
  /** Values for the message, and per-field message keys for forms. */
  readonly params: Record<string, string | number>;
  readonly fieldErrors: FieldErrors;

  constructor(
    code: DomainErrorCode,
    messageKey: string,
    options: { params?: Record<string, string | number>; fieldErrors?: FieldErrors } = {},
  ) {
    super(`${code}: ${messageKey}`);
    this.name = "DomainError";
    this.code = code;
    this.messageKey = messageKey;
    this.params = options.params ?? {};
    this.fieldErrors = options.fieldErrors ?? {};
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

export const HTTP_STATUS_BY_CODE: Record<DomainErrorCode, number> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  CONFLICT: 409,
  INVALID_STATE: 409,
  FROZEN: 409,
  VALIDATION: 400,
  RATE_LIMITED: 429,
};

/** Websocket close codes (4000-4999 are free for applications). */
export const WS_CLOSE_CODE_BY_CODE: Record<DomainErrorCode, number> = {
  NOT_FOUND: 4404,
  FORBIDDEN: 4403,
  UNAUTHENTICATED: 4401,
  CONFLICT: 4409,
  INVALID_STATE: 4409,
  FROZEN: 4423,
  VALIDATION: 4400,
  RATE_LIMITED: 4429,
};

/**
 * Websocket close code of the Yjs server when a document already has its maximum of
 * participants ("the meeting is full"). Not a domain error: a capacity limit of the server.
 * Outside 4400-4499 on purpose, so that y-websocket keeps trying (with backoff) and gets in
 * once someone leaves; the room shows the message while it waits.
 */
export const WS_CLOSE_DOCUMENT_FULL = 4503;
