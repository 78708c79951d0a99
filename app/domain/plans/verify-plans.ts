import { createHash } from "node:crypto";
import type { DbOrTx } from "~/lib/db-types";
import type { JsonValue } from "../freezing/content-hash";
import { planVersionHash, signatoriesHash, signatureHash } from "./plan-queries";
import { FIXED_STATUSES, OPEN_STATUSES, isFullySigned } from "./plan-rules";
import { PlanContentSchema, type PlanAttachment, type PlanVersionStatus } from "./plan-schemas";

export type PlanVersionVerification = {
  versionId: string;
  number: number;
  status: PlanVersionStatus;
  /** Problem codes (ids only, no personal data), e.g. "content.hashMismatch", "signature.hashMismatch:<id>". */
  problems: string[];
};

export type CasePlanVerification = {
  caseId: string;
  caseNumber: string;
  isIntact: boolean;
  /** Problems of the chain of versions as a whole (a version missing, two in force). */
  problems: string[];
  versions: PlanVersionVerification[];
};

export type PlansVerification = { isIntact: boolean; problemCount: number; cases: CasePlanVerification[] };

const EVER_IN_FORCE: readonly PlanVersionStatus[] = ["IN_FORCE", "SUPERSEDED"];

/**
 * Recomputes, from what is stored now, every fixed version's content hash (chained to the version
 * in force when it was sent), the seal of its signatories and every signature's seal, and checks
 * the chain of a case's versions (decision record 011), and that every attached file still has
 * the SHA-256 the content names. Reports what no longer matches: content, hashes or signatures
 * edited in the database, signatures or signatories removed, versions removed or reordered,
 * attached files changed or removed. Reads only; no actor: for the operator's command
 * (`npm run verify-plans`), the verification page's service and tests.
 */
export async function verifyPlans({ db, caseId }: { db: DbOrTx; caseId?: string }): Promise<PlansVerification> {
  const versions = await db.planVersion.findMany({
    where: caseId ? { caseId } : {},
    orderBy: [{ caseId: "asc" }, { number: "asc" }],
  });
  const versionIds = versions.map((v) => v.id);
  const signatories = await db.planSignatory.findMany({ where: { versionId: { in: versionIds } } });
  const signatures = await db.planSignature.findMany({ where: { versionId: { in: versionIds } } });
  const caseIds = [...new Set(versions.map((v) => v.caseId))];
  const cases = await db.case.findMany({ where: { id: { in: caseIds } }, select: { id: true, caseNumber: true } });
  const caseNumberOf = new Map(cases.map((c) => [c.id, c.caseNumber]));
  const byId = new Map(versions.map((v) => [v.id, v]));
  const fileHashes = await hashAttachedFiles(db, versions);

  const result: CasePlanVerification[] = [];
  for (const id of caseIds) {
    const caseVersions = versions.filter((v) => v.caseId === id);
    const caseProblems: string[] = [];
    // Numbers run 1, 2, 3 …: a gap is a version removed.
    caseVersions.forEach((v, i) => {
      const expected = i === 0 ? 1 : (caseVersions[i - 1]?.number ?? 0) + 1;
      if (v.number !== expected) caseProblems.push(`versions.missing:${expected}`);
    });
    if (caseVersions.filter((v) => v.status === "IN_FORCE").length > 1) caseProblems.push("versions.severalInForce");
    if (caseVersions.filter((v) => OPEN_STATUSES.includes(v.status)).length > 1)
      caseProblems.push("versions.severalOpen");
    // The versions that were ever in force form one chain, each linked to the one before.
    const everInForce = caseVersions.filter((v) => EVER_IN_FORCE.includes(v.status));
    everInForce.forEach((v, i) => {
      const expected = i === 0 ? null : (everInForce[i - 1]?.id ?? null);
      if (v.previousVersionId !== expected) caseProblems.push(`chain.broken:${v.number}`);
    });
    if (everInForce.length > 0 && everInForce.at(-1)?.status !== "IN_FORCE")
      caseProblems.push("chain.latestNotInForce");

    const versionResults = caseVersions.map((v): PlanVersionVerification => {
      const problems: string[] = [];
      if (FIXED_STATUSES.includes(v.status)) {
        let content: JsonValue | null = null;
        let attachments: readonly PlanAttachment[] = [];
        if (v.content === null) problems.push("content.missing");
        else {
          try {
            content = JSON.parse(v.content) as JsonValue;
            const parsed = PlanContentSchema.safeParse(content);
            if (parsed.success) attachments = parsed.data.attachments;
            else problems.push("content.schemaMismatch");
          } catch {
            problems.push("content.notJson");
          }
        }
        // The hash covers an attached file through its SHA-256: the stored bytes must still have it.
        for (const a of attachments) {
          const file = fileHashes.get(a.id);
          if (!file || file.caseId !== v.caseId) problems.push(`attachment.fileMissing:${a.id}`);
          else if (file.sha256 !== a.sha256) problems.push(`attachment.hashMismatch:${a.id}`);
        }
        if (!v.contentHash) problems.push("content.hashMissing");
        else if (content !== null && planVersionHash(content, v.previousHash) !== v.contentHash)
          problems.push("content.hashMismatch");

        if (v.previousVersionId) {
          const previous = byId.get(v.previousVersionId);
          if (!previous || previous.caseId !== v.caseId) problems.push("chain.previousMissing");
          else {
            if (previous.contentHash !== v.previousHash) problems.push("chain.previousHashMismatch");
            if (!EVER_IN_FORCE.includes(previous.status)) problems.push("chain.previousNeverInForce");
          }
        } else if (v.previousHash !== null) problems.push("chain.previousMissing");

        const own = signatories.filter((s) => s.versionId === v.id);
        if (own.length === 0) problems.push("signatories.missing");
        if (!v.signatoriesHash || !v.contentHash || signatoriesHash(own, v.contentHash) !== v.signatoriesHash)
          problems.push("signatories.hashMismatch");

        const ownSignatures = signatures.filter((s) => s.versionId === v.id);
        for (const s of ownSignatures) {
          const signatory = own.find((o) => o.id === s.signatoryId);
          if (!signatory || signatory.userId !== s.userId || signatory.capacity !== s.capacity)
            problems.push(`signature.signatoryMismatch:${s.id}`);
          if (s.contentHash !== v.contentHash) problems.push(`signature.contentHashMismatch:${s.id}`);
          if (!v.contentHash || signatureHash(s, v.contentHash) !== s.signatureHash)
            problems.push(`signature.hashMismatch:${s.id}`);
        }
        if (EVER_IN_FORCE.includes(v.status)) {
          if (
            !isFullySigned(
              own.map((s) => s.id),
              ownSignatures,
            )
          )
            problems.push("signatures.incomplete");
          if (!v.inForceAt) problems.push("version.inForceAtMissing");
        }
        if (v.status === "SUPERSEDED" && (!v.supersededById || !byId.has(v.supersededById)))
          problems.push("version.supersededByMissing");
      } else if (v.status === "DRAFT" && (v.content !== null || v.contentHash !== null)) {
        problems.push("draft.hasFixedContent");
      }
      return { versionId: v.id, number: v.number, status: v.status, problems };
    });

    result.push({
      caseId: id,
      caseNumber: caseNumberOf.get(id) ?? "",
      isIntact: caseProblems.length === 0 && versionResults.every((v) => v.problems.length === 0),
      problems: caseProblems,
      versions: versionResults,
    });
  }
  const problemCount = result.reduce(
    (n, c) => n + c.problems.length + c.versions.reduce((m, v) => m + v.problems.length, 0),
    0,
  );
  return { isIntact: problemCount === 0, problemCount, cases: result };
}

/**
 * The SHA-256 of the bytes stored now for every file a fixed version names (each file read and
 * hashed once, one at a time: files are up to 10 MB each).
 */
async function hashAttachedFiles(
  db: DbOrTx,
  versions: readonly { status: PlanVersionStatus; content: string | null }[],
): Promise<Map<string, { caseId: string; sha256: string }>> {
  const ids = new Set<string>();
  for (const v of versions) {
    if (!FIXED_STATUSES.includes(v.status) || v.content === null) continue;
    try {
      const parsed = PlanContentSchema.safeParse(JSON.parse(v.content));
      if (parsed.success) for (const a of parsed.data.attachments) ids.add(a.id);
    } catch {
      // Reported for the version itself.
    }
  }
  const hashes = new Map<string, { caseId: string; sha256: string }>();
  for (const id of ids) {
    const file = await db.planFile.findUnique({ where: { id }, select: { caseId: true, data: true } });
    if (file) hashes.set(id, { caseId: file.caseId, sha256: createHash("sha256").update(file.data).digest("hex") });
  }
  return hashes;
}
