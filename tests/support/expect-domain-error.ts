import { expect } from "vitest";
import { DomainError, type DomainErrorCode } from "../../app/domain/errors.ts";

/** Awaits a promise that must fail with a DomainError of this code (and message key), and returns it. */
export async function expectDomainError(
  promise: Promise<unknown>,
  code: DomainErrorCode,
  messageKey?: string,
): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "expected a DomainError").toBeInstanceOf(DomainError);
  const domainError = error as DomainError;
  expect(domainError.code).toBe(code);
  if (messageKey) expect(domainError.messageKey).toBe(messageKey);
  return domainError;
}
