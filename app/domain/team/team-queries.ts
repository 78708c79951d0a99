// Look-ups the team services share. Each takes the caller's transaction, so a check and the
// write that depends on it see the same data.
import type { DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { type CaseAccessFacts, can } from "../access/policy";
import { loadCaseAccess } from "../access/load-case-access";
import { DomainError } from "../errors";

/** The consent in force for this recipient on this case, if any (the policy's definition). */
export function findConsentInForce(db: DbOrTx, caseId: string, recipientUserId: string, now: Date) {
  return db.sharingConsent.findFirst({
    where: { caseId, recipientUserId, withdrawnAt: null, givenAt: { lte: now } },
    select: { id: true },
  });
}

export function findActiveMember(db: DbOrTx, caseId: string, userId: string) {
  return db.caseMember.findFirst({
    where: { caseId, userId, removedAt: null },
    select: { id: true, role: true, hasClientViewPermission: true },
  });
}

/**
 * Who may reduce what the team sees of the client: whoever may record the client's consent (the
 * case manager, the client, their legal representative). Unlike recording, reducing access stays
 * possible on a closed or handed-over case, so the question is asked as if the case were open.
 * Refusals as in requireCaseAccess: NOT_FOUND for those who cannot see the case at all.
 */
export async function requireConsentAuthorityEvenIfClosed(
  actor: Actor,
  caseId: string,
  { db, now }: { db: DbOrTx; now: Date },
): Promise<CaseAccessFacts> {
  const facts = await loadCaseAccess(actor, caseId, { db, now });
  if (!facts) throw new DomainError("NOT_FOUND", "error.notFound");
  if (can(actor, "case.recordConsent", { ...facts, isClosed: false })) return facts;
  if (can(actor, "case.read", facts) || can(actor, "case.readClientView", facts)) {
    throw new DomainError("FORBIDDEN", "error.forbidden");
  }
  throw new DomainError("NOT_FOUND", "error.notFound");
}

/**
 * Awaits Prisma queries one after another and returns their results like Promise.all. Prisma
 * queries are lazy (they run when awaited), so building the array starts nothing. Not
 * Promise.all: a caller's transaction is one connection, and pg refuses overlapping queries on it.
 */
export async function inSequence<T extends readonly unknown[]>(
  queries: [...T],
): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const results: unknown[] = [];
  for (const query of queries) results.push(await query);
  return results as { [K in keyof T]: Awaited<T[K]> };
}
