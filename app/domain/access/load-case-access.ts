import type { DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { TERMINAL_STAGES } from "../cases/case-stage";
import { DomainError } from "../errors";
import { type CaseAccessFacts, type CaseAction, can } from "./policy";

/** What to select from a case row to decide access for one user (used by every case query). */
export function caseAccessSelect(userId: string, now: Date) {
  return {
    organisationId: true,
    caseManagerId: true,
    stage: true,
    members: {
      where: { userId, removedAt: null },
      select: { role: true, hasClientViewPermission: true },
      take: 1,
    },
    consents: {
      where: { recipientUserId: userId, withdrawnAt: null, givenAt: { lte: now } },
      select: { id: true },
      take: 1,
    },
  } as const;
}

type CaseAccessRow = {
  organisationId: string;
  caseManagerId: string;
  stage: string;
  members: NonNullable<CaseAccessFacts["membership"]>[];
  consents: { id: string }[];
};

export function factsFromCaseRow(row: CaseAccessRow): CaseAccessFacts {
  return {
    organisationId: row.organisationId,
    caseManagerId: row.caseManagerId,
    isClosed: (TERMINAL_STAGES as readonly string[]).includes(row.stage),
    membership: row.members[0] ?? null,
    hasActiveConsent: row.consents.length > 0,
  };
}

/** The facts `can` needs for one actor and one case; null when the case does not exist. */
export async function loadCaseAccess(
  actor: Actor,
  caseId: string,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<CaseAccessFacts | null> {
  const found = await db.case.findUnique({ where: { id: caseId }, select: caseAccessSelect(actor.userId, now) });
  return found ? factsFromCaseRow(found) : null;
}

/**
 * Loads the facts and checks the action. Someone who may not even read the case is told it does
 * not exist (NOT_FOUND), so that case ids reveal nothing; a reader who may not do this gets FORBIDDEN.
 * Call it again inside the transaction that writes, so a withdrawal in between is honoured.
 */
export async function requireCaseAccess(
  actor: Actor,
  action: CaseAction,
  caseId: string,
  { db, now }: { db: DbOrTx; now?: Date },
): Promise<CaseAccessFacts> {
  const facts = await loadCaseAccess(actor, caseId, { db, now });
  if (!facts) throw new DomainError("NOT_FOUND", "error.notFound");
  if (can(actor, action, facts)) return facts;
  const canSeeAnything = can(actor, "case.read", facts) || can(actor, "case.readClientView", facts);
  if (!canSeeAnything) throw new DomainError("NOT_FOUND", "error.notFound");
  if (facts.isClosed) throw new DomainError("INVALID_STATE", "case.closedNoChanges");
  throw new DomainError("FORBIDDEN", "error.forbidden");
}
