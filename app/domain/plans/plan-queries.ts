// Look-ups, seals and refusals the plan services share. Server-only (hashing, database).
import type { DbOrTx, PlanSignatureDecision, PlanSignerCapacity, PlanSigningMethod, Tx } from "~/lib/db-types";
import { loadCaseAccess } from "../access/load-case-access";
import { CONSENT_REQUIRED_ROLES, canOnPlan, type PlanAccessFacts, type PlanAction } from "../access/policy";
import type { Actor } from "../actor";
import { formatDocName } from "../collab/doc-name";
import { DomainError } from "../errors";
import { canonicalJson, contentHash, type JsonValue } from "../freezing/content-hash";
import type { PlanContent } from "./plan-schemas";
import type { TeamPerson } from "./plan-signatories";

export const planNotFound = () => new DomainError("NOT_FOUND", "plans.notFound");

/** The live document of a version (a DRAFT's content; frozen once the version is sent or discarded). */
export function planDocName(versionId: string): string {
  return formatDocName({ kind: "plan", planId: versionId });
}

/**
 * Serialises changes to a case's plan that depend on more than one row: at most one open
 * version, the chain to the version in force, the last signature putting the version in force
 * and superseding the previous one. Writing the case row holds its lock until commit (PostgreSQL
 * at READ COMMITTED would otherwise let two transactions read the same old state); SQLite has one
 * writer anyway. Nothing changes: `version` is set to itself and `updatedAt` is not touched.
 */
export async function lockCaseForChange(tx: Tx, caseId: string): Promise<void> {
  await tx.$executeRaw`UPDATE "Case" SET "version" = "version" WHERE "id" = ${caseId}`;
}

export const versionSelect = {
  id: true,
  caseId: true,
  number: true,
  status: true,
  basedOnId: true,
  content: true,
  contentHash: true,
  previousVersionId: true,
  previousHash: true,
  signatoriesHash: true,
  createdById: true,
  createdAt: true,
  sentAt: true,
  sentById: true,
  inForceAt: true,
  supersededAt: true,
  supersededById: true,
  withdrawnAt: true,
  withdrawnById: true,
  withdrawalReason: true,
  discardedAt: true,
  discardedById: true,
} as const;

export async function findVersion(db: DbOrTx, versionId: string) {
  return db.planVersion.findUnique({ where: { id: versionId }, select: versionSelect });
}
export type VersionRow = NonNullable<Awaited<ReturnType<typeof findVersion>>>;

export async function requireVersion(db: DbOrTx, versionId: string): Promise<VersionRow> {
  const version = await findVersion(db, versionId);
  if (!version) throw planNotFound();
  return version;
}

/** The facts canOnPlan needs: the case's, and whether the actor signs the given version. */
export async function loadPlanAccess(
  actor: Actor,
  caseId: string,
  { db, now = new Date(), versionId }: { db: DbOrTx; now?: Date; versionId?: string },
): Promise<PlanAccessFacts | null> {
  const facts = await loadCaseAccess(actor, caseId, { db, now });
  if (!facts) return null;
  const signatory = versionId
    ? await db.planSignatory.findUnique({
        where: { versionId_userId: { versionId, userId: actor.userId } },
        select: { id: true },
      })
    : null;
  return { ...facts, isSignatory: signatory !== null };
}

/**
 * Loads the facts and checks the action, with the refusals of requireCaseAccess: whoever may not
 * even read the plan is told it does not exist; a closed case changes no more; otherwise FORBIDDEN.
 * Call it again inside the writing transaction, so that a withdrawal in between is honoured.
 */
export async function requirePlanAccess(
  actor: Actor,
  action: PlanAction,
  caseId: string,
  options: { db: DbOrTx; now?: Date; versionId?: string },
): Promise<PlanAccessFacts> {
  const facts = await loadPlanAccess(actor, caseId, options);
  if (!facts) throw planNotFound();
  if (canOnPlan(actor, action, facts)) return facts;
  if (!canOnPlan(actor, "plan.read", facts)) throw planNotFound();
  if (facts.isClosed) throw new DomainError("INVALID_STATE", "case.closedNoChanges");
  if (action === "plan.sign") throw new DomainError("FORBIDDEN", "plans.notSignatory");
  throw new DomainError("FORBIDDEN", "error.forbidden");
}

// ---- Seals ---------------------------------------------------------------------------------------

export function planJson(content: PlanContent): JsonValue {
  return content as unknown as JsonValue;
}

/** The content column: canonical JSON, so the same content is always stored as the same text. */
export function storedPlanContent(content: PlanContent): string {
  return canonicalJson(planJson(content));
}

/** A version's seal: its content chained to the hash of the version in force when it was sent. */
export function planVersionHash(content: JsonValue, previousHash: string | null): string {
  return contentHash(content, previousHash);
}

export type SignatoryFacts = { userId: string; capacity: PlanSignerCapacity; name: string; position: string };

/** The seal of the signatories fixed at sending (in userId order), chained to the version's hash. */
export function signatoriesHash(signatories: readonly SignatoryFacts[], versionHash: string): string {
  const rows = [...signatories]
    .sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0))
    .map((s) => ({ userId: s.userId, capacity: s.capacity, name: s.name, position: s.position }));
  return contentHash(rows, versionHash);
}

export type SignatureFacts = {
  versionId: string;
  signatoryId: string;
  userId: string;
  capacity: PlanSignerCapacity;
  decision: PlanSignatureDecision;
  reason: string | null;
  signedAt: Date;
  contentHash: string;
  method: PlanSigningMethod;
  statement: string;
};

/** A signature's seal: who, in what capacity, what decision and why, when, over which hash, how, with which statement. */
export function signatureHash(s: SignatureFacts, versionHash: string): string {
  return contentHash(
    {
      versionId: s.versionId,
      signatoryId: s.signatoryId,
      userId: s.userId,
      capacity: s.capacity,
      decision: s.decision,
      reason: s.reason,
      signedAt: s.signedAt.toISOString(),
      contentHash: s.contentHash,
      method: s.method,
      statement: s.statement,
    },
    versionHash,
  );
}

// ---- The team, as the plan names and signs it -------------------------------------------------------

const personSelect = { id: true, name: true, positionTitle: true, organisation: { select: { name: true } } } as const;

function positionOf(u: { positionTitle: string | null; organisation: { name: string } | null }): string {
  return [u.positionTitle, u.organisation?.name].filter(Boolean).join(", ");
}

/**
 * The case manager and the active team members, with whether each takes part (a specialist only
 * while the client's consent is in force: policy.ts). One query after another: inside a
 * PostgreSQL transaction, sibling relations would be fetched in parallel on its one connection.
 */
export async function loadPlanTeam(db: DbOrTx, caseId: string, now: Date): Promise<TeamPerson[]> {
  const theCase = await db.case.findUniqueOrThrow({ where: { id: caseId }, select: { caseManagerId: true } });
  const members = await db.caseMember.findMany({
    where: { caseId, removedAt: null },
    orderBy: [{ addedAt: "asc" }, { id: "asc" }],
    select: { role: true, user: { select: personSelect } },
  });
  const consents = await db.sharingConsent.findMany({
    where: { caseId, withdrawnAt: null, givenAt: { lte: now } },
    select: { recipientUserId: true },
  });
  const consented = new Set(consents.map((c) => c.recipientUserId));
  const people: TeamPerson[] = [];
  const manager = await db.user.findUniqueOrThrow({ where: { id: theCase.caseManagerId }, select: personSelect });
  people.push({
    userId: manager.id,
    name: manager.name,
    position: positionOf(manager),
    role: members.find((m) => m.user.id === manager.id)?.role ?? null,
    isCaseManager: true,
    takesPart: true,
  });
  for (const m of members) {
    if (m.user.id === manager.id || people.some((p) => p.userId === m.user.id)) continue;
    people.push({
      userId: m.user.id,
      name: m.user.name,
      position: positionOf(m.user),
      role: m.role,
      isCaseManager: false,
      takesPart: !CONSENT_REQUIRED_ROLES.includes(m.role) || consented.has(m.user.id),
    });
  }
  return people;
}
