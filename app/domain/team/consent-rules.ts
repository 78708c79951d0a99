// The client's consent to share their information with a team member (004 §3.1: the case team
// is formed with the client's consent; the client is told when their information is shared).
// Pure rules; the policy (access/policy.ts) reads the same "in force" definition through
// load-case-access.ts: given at or before now, not withdrawn.
import type { CaseRole } from "~/lib/db-types";
import { CONSENT_REQUIRED_ROLES } from "../access/policy";

export type ConsentStatus = "ACTIVE" | "WITHDRAWN" | "MISSING" | "NOT_REQUIRED";

type ConsentDates = { givenAt: Date; withdrawnAt: Date | null };

export function requiresConsent(role: CaseRole): boolean {
  return CONSENT_REQUIRED_ROLES.includes(role);
}

export function isConsentInForce(consent: ConsentDates, now: Date): boolean {
  return consent.withdrawnAt === null && consent.givenAt.getTime() <= now.getTime();
}

/**
 * A member's consent status from all consents recorded for them on the case: ACTIVE if one is in
 * force; WITHDRAWN if there were consents and all were withdrawn; MISSING if none was ever given.
 */
export function consentStatusFor(role: CaseRole, consents: readonly ConsentDates[], now: Date): ConsentStatus {
  if (!requiresConsent(role)) return "NOT_REQUIRED";
  if (consents.some((c) => isConsentInForce(c, now))) return "ACTIVE";
  if (consents.some((c) => c.withdrawnAt !== null)) return "WITHDRAWN";
  return "MISSING";
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The moment a consent counts from. A date field gives 00:00 UTC of the day, which in Tallinn
 * (UTC+2/+3) is still "in the future" for the first hours of that day: a date up to a day ahead is
 * read as "today" and becomes `now`. Anything later is refused (null): consent cannot be recorded
 * before it was given, and a future date would give access the client has not granted yet.
 */
export function resolveConsentDate(givenAt: Date, now: Date): Date | null {
  if (givenAt.getTime() <= now.getTime()) return givenAt;
  if (givenAt.getTime() - now.getTime() < DAY_MS) return now;
  return null;
}
