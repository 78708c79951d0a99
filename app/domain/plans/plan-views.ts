// What the plan pages read: versions with their signatories and signatures, as plain data.
// Shared by getCasePlan and getPlanVersion.
import type { DbOrTx, PlanSignatureDecision, PlanSignerCapacity, PlanSigningMethod } from "~/lib/db-types";
import { planDocName, versionSelect, type VersionRow } from "./plan-queries";
import { parsePlanContent, type PlanContent, type PlanVersionStatus } from "./plan-schemas";

export type PlanSignatureView = {
  id: string;
  decision: PlanSignatureDecision;
  /** A refusal's reason: the signatory's dissent, shown to everyone who reads the plan. */
  reason: string | null;
  signedAt: Date;
  method: PlanSigningMethod;
  contentHash: string;
  statement: string;
  signatureHash: string;
};

export type PlanSignatoryView = {
  id: string;
  userId: string;
  name: string;
  position: string;
  capacity: PlanSignerCapacity;
  signature: PlanSignatureView | null;
};

export type PlanVersionSummary = {
  id: string;
  number: number;
  status: PlanVersionStatus;
  basedOnId: string | null;
  contentHash: string | null;
  createdAt: Date;
  sentAt: Date | null;
  inForceAt: Date | null;
  supersededAt: Date | null;
  withdrawnAt: Date | null;
  discardedAt: Date | null;
};

export type PlanVersionView = PlanVersionSummary & {
  caseId: string;
  /** The live document (`plan.<id>`): edited while DRAFT, frozen afterwards. */
  docName: string;
  /** The fixed content (null while DRAFT or for a discarded draft: it lives in the document). */
  content: PlanContent | null;
  previousVersionId: string | null;
  previousHash: string | null;
  withdrawalReason: string | null;
  signatories: PlanSignatoryView[];
  /** The actor's own place among the signatories, if they sign this version. */
  mySignatory: PlanSignatoryView | null;
  signedCount: number;
  refusedCount: number;
};

export type PlanRefusal = {
  versionId: string;
  versionNumber: number;
  name: string;
  position: string;
  capacity: PlanSignerCapacity;
  reason: string;
  at: Date;
};

export function summaryOf(v: VersionRow): PlanVersionSummary {
  return {
    id: v.id,
    number: v.number,
    status: v.status,
    basedOnId: v.basedOnId,
    contentHash: v.contentHash,
    createdAt: v.createdAt,
    sentAt: v.sentAt,
    inForceAt: v.inForceAt,
    supersededAt: v.supersededAt,
    withdrawnAt: v.withdrawnAt,
    discardedAt: v.discardedAt,
  };
}

/** Signatories (with their signatures) of the given versions, by version id, in the order they were fixed. */
export async function loadSignatories(
  db: DbOrTx,
  versionIds: readonly string[],
): Promise<Map<string, PlanSignatoryView[]>> {
  const byVersion = new Map<string, PlanSignatoryView[]>();
  if (versionIds.length === 0) return byVersion;
  const signatories = await db.planSignatory.findMany({
    where: { versionId: { in: [...versionIds] } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, versionId: true, userId: true, name: true, position: true, capacity: true },
  });
  const signatures = await db.planSignature.findMany({
    where: { versionId: { in: [...versionIds] } },
    select: {
      id: true,
      signatoryId: true,
      decision: true,
      reason: true,
      signedAt: true,
      method: true,
      contentHash: true,
      statement: true,
      signatureHash: true,
    },
  });
  const signatureOf = new Map(signatures.map(({ signatoryId, ...s }) => [signatoryId, s]));
  for (const { versionId, ...s } of signatories) {
    const list = byVersion.get(versionId) ?? [];
    list.push({ ...s, signature: signatureOf.get(s.id) ?? null });
    byVersion.set(versionId, list);
  }
  return byVersion;
}

export function versionView(v: VersionRow, signatories: PlanSignatoryView[], actorUserId: string): PlanVersionView {
  return {
    ...summaryOf(v),
    caseId: v.caseId,
    docName: planDocName(v.id),
    content: v.content === null ? null : parsePlanContent(v.content),
    previousVersionId: v.previousVersionId,
    previousHash: v.previousHash,
    withdrawalReason: v.withdrawalReason,
    signatories,
    mySignatory: signatories.find((s) => s.userId === actorUserId) ?? null,
    signedCount: signatories.filter((s) => s.signature?.decision === "SIGNED").length,
    refusedCount: signatories.filter((s) => s.signature?.decision === "REFUSED").length,
  };
}

export function refusalsOf(
  versions: readonly VersionRow[],
  signatories: Map<string, PlanSignatoryView[]>,
): PlanRefusal[] {
  const refusals: PlanRefusal[] = [];
  for (const v of versions) {
    for (const s of signatories.get(v.id) ?? []) {
      if (s.signature?.decision !== "REFUSED") continue;
      refusals.push({
        versionId: v.id,
        versionNumber: v.number,
        name: s.name,
        position: s.position,
        capacity: s.capacity,
        reason: s.signature.reason ?? "",
        at: s.signature.signedAt,
      });
    }
  }
  return refusals.sort((a, b) => b.at.getTime() - a.at.getTime());
}

export async function loadCaseVersions(db: DbOrTx, caseId: string): Promise<VersionRow[]> {
  return db.planVersion.findMany({ where: { caseId }, orderBy: { number: "desc" }, select: versionSelect });
}
