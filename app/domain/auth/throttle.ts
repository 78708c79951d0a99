// Login throttling shared by all app processes through the database. Keys are hashes, so the
// table holds no e-mail or IP addresses in clear.
import type { DbOrTx } from "~/lib/db-types";
import { hashToken } from "./tokens";

export const THROTTLE_RULES = {
  account: { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  address: { maxFailures: 30, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
} as const;

export type ThrottleKind = keyof typeof THROTTLE_RULES;

export function throttleKey(kind: ThrottleKind, value: string): string {
  return `${kind}:${hashToken(value.trim().toLowerCase())}`;
}

/** Milliseconds until the key may try again, or 0. */
export async function getLockRemaining(key: string, { db, now }: { db: DbOrTx; now: Date }): Promise<number> {
  const row = await db.loginThrottle.findUnique({ where: { key } });
  if (!row?.lockedUntil) return 0;
  return Math.max(0, row.lockedUntil.getTime() - now.getTime());
}

export async function recordFailure(
  key: string,
  kind: ThrottleKind,
  { db, now }: { db: DbOrTx; now: Date },
): Promise<void> {
  const rule = THROTTLE_RULES[kind];
  const row = await db.loginThrottle.findUnique({ where: { key } });
  const isNewWindow = !row || now.getTime() - row.windowStart.getTime() > rule.windowMs;
  const failures = isNewWindow ? 1 : row.failures + 1;
  const lockedUntil = failures >= rule.maxFailures ? new Date(now.getTime() + rule.lockMs) : null;
  await db.loginThrottle.upsert({
    where: { key },
    create: { key, failures, windowStart: now, lockedUntil },
    update: { failures, windowStart: isNewWindow ? now : row.windowStart, lockedUntil },
  });
}

export async function clearFailures(key: string, { db }: { db: DbOrTx }): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key } });
}
