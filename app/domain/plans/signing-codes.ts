// One-time signing codes for an invited participant without a password (decision record 011):
// six digits, mailed, valid for a short time and once, hashed at rest, a few attempts each, and
// requested at most once a minute and a few times an hour.
import { randomInt, timingSafeEqual } from "node:crypto";
import { sha256Hex } from "../freezing/content-hash";
import { SIGNING_CODE_LENGTH } from "./plan-schemas";

export const SIGNING_CODE_RULES = {
  ttlMinutes: 10,
  minIntervalSeconds: 60,
  maxPerHour: 5,
  maxAttempts: 5,
} as const;

export function createSigningCode(): string {
  return String(randomInt(0, 10 ** SIGNING_CODE_LENGTH)).padStart(SIGNING_CODE_LENGTH, "0");
}

/** Bound to the signatory, so a code (or its hash) is worth nothing for anyone else. */
export function hashSigningCode(signatoryId: string, code: string): string {
  return sha256Hex(`plan-signing-code:${signatoryId}:${code}`);
}

export function isSigningCodeMatch(signatoryId: string, code: string, storedHash: string): boolean {
  const actual = Buffer.from(hashSigningCode(signatoryId, code), "hex");
  const expected = Buffer.from(storedHash, "hex");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Seconds until another code may be requested (0: now), from the codes of the last hour. */
export function codeRequestWait(
  recent: readonly { createdAt: Date }[],
  now: Date,
): { seconds: number; isHourlyLimit: boolean } {
  const hourAgo = now.getTime() - 3600_000;
  const inHour = recent.filter((c) => c.createdAt.getTime() > hourAgo);
  const latest = Math.max(0, ...inHour.map((c) => c.createdAt.getTime()));
  const sinceLatest = (now.getTime() - latest) / 1000;
  if (latest > 0 && sinceLatest < SIGNING_CODE_RULES.minIntervalSeconds)
    return { seconds: Math.ceil(SIGNING_CODE_RULES.minIntervalSeconds - sinceLatest), isHourlyLimit: false };
  if (inHour.length >= SIGNING_CODE_RULES.maxPerHour) return { seconds: 3600, isHourlyLimit: true };
  return { seconds: 0, isHourlyLimit: false };
}
