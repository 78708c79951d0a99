// Signing and refusing to sign share everything but the decision (sign-plan.ts, refuse-to-sign.ts).
import { parseLocale, type Locale } from "~/i18n/locales";
import type { CaseStage, DbOrTx, PlanSignatureDecision, PlanSigningMethod, Tx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { getDummyHash, verifyPassword } from "../auth/password";
import { clearFailures, getLockRemaining, recordFailure, throttleKey } from "../auth/throttle";
import { DomainError } from "../errors";
import { isUniqueViolation, withTransaction } from "../with-transaction";
import { lockCaseForChange, requirePlanAccess, requireVersion, signatureHash, type VersionRow } from "./plan-queries";
import { assertPlanSignable, isFullySigned, nextPlanStatus } from "./plan-rules";
import type { PlanVersionStatus } from "./plan-schemas";
import { signingStatement } from "./plan-statement";
import { SIGNING_CODE_RULES, isSigningCodeMatch } from "./signing-codes";

export type SignatureInput = {
  versionId: string;
  expectedHash: string;
  password?: string;
  code?: string;
  locale?: Locale;
  reason?: string;
};

export type SignatureResult = {
  signatureId: string;
  decision: PlanSignatureDecision;
  signatureHash: string;
  /** The version's status after this signature (IN_FORCE when it was the last one needed). */
  versionStatus: PlanVersionStatus;
  /** The version this one superseded, when it came into force. */
  supersededVersionId: string | null;
};

/** Stages before the plan: a plan coming into force moves the case on (004 §3: planning → plan in force). */
const STAGES_BEFORE_PLAN: readonly CaseStage[] = ["NEED_IDENTIFIED", "ASSESSMENT", "PLANNING"];

const reauthFailed = (field: "password" | "code", messageKey: string) =>
  new DomainError("VALIDATION", messageKey, { fieldErrors: { [field]: messageKey } });

/**
 * Re-authentication before signing: the account's password (throttled like signing in), or for
 * an invited participant without a password the last code mailed to them (valid, unused, a few
 * attempts). Returns the method and, for a code, its row to be used up in the signing transaction.
 */
async function reauthenticate(
  actor: Actor,
  input: SignatureInput,
  signatoryId: string,
  { db, now }: { db: DbOrTx; now: Date },
): Promise<{ method: PlanSigningMethod; codeId: string | null; locale: Locale }> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: actor.userId },
    select: { kind: true, email: true, passwordHash: true, locale: true, disabledAt: true },
  });
  const locale = input.locale ?? parseLocale(user.locale);
  if (user.disabledAt) throw new DomainError("UNAUTHENTICATED", "error.forbidden");

  if (user.passwordHash) {
    if (!input.password) throw reauthFailed("password", "plans.passwordRequired");
    const key = throttleKey("account", user.email ?? actor.userId);
    const lockMs = await getLockRemaining(key, { db, now });
    if (lockMs > 0)
      throw new DomainError("RATE_LIMITED", "plans.tooManyAttempts", {
        params: { minutes: Math.ceil(lockMs / 60_000) },
      });
    if (!(await verifyPassword(input.password, user.passwordHash))) {
      await recordFailure(key, "account", { db, now });
      await writeAudit(
        { actor, action: "plan.sign.reauth-failed", subjectType: "plan-version", subjectId: input.versionId },
        { db },
      );
      throw reauthFailed("password", "plans.passwordWrong");
    }
    await clearFailures(key, { db });
    return { method: "PASSWORD", codeId: null, locale };
  }

  if (user.kind !== "EXTERNAL") {
    // A staff account always has a password; run the KDF anyway so timing tells nothing.
    await verifyPassword(input.password ?? "", await getDummyHash());
    throw reauthFailed("password", "plans.passwordRequired");
  }
  if (!input.code) throw reauthFailed("code", "plans.codeRequired");
  const latest = await db.planSigningCode.findFirst({
    where: { signatoryId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  if (!latest || latest.usedAt || latest.expiresAt <= now || latest.attempts >= SIGNING_CODE_RULES.maxAttempts)
    throw reauthFailed("code", "plans.codeExpired");
  if (!isSigningCodeMatch(signatoryId, input.code, latest.codeHash)) {
    await db.planSigningCode.update({ where: { id: latest.id }, data: { attempts: { increment: 1 } } });
    await writeAudit(
      { actor, action: "plan.sign.reauth-failed", subjectType: "plan-version", subjectId: input.versionId },
      { db },
    );
    throw reauthFailed("code", "plans.codeWrong");
  }
  return { method: "EMAIL_CODE", codeId: latest.id, locale };
}

/**
 * Records a signatory's signature or refusal over the hash they were shown (decision record 011):
 * checks before and again inside one transaction under the case-row lock, so concurrent
 * signatures take turns and exactly one of them, the last needed, puts the version IN_FORCE and
 * the previous version in force SUPERSEDED.
 */
export async function recordSignature(
  actor: Actor,
  decision: PlanSignatureDecision,
  input: SignatureInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<SignatureResult> {
  const version = await requireVersion(db, input.versionId);
  await requirePlanAccess(actor, "plan.sign", version.caseId, { db, now, versionId: version.id });
  assertPlanSignable(version, input.expectedHash);
  const signatory = await db.planSignatory.findUniqueOrThrow({
    where: { versionId_userId: { versionId: version.id, userId: actor.userId } },
    select: { id: true, capacity: true, signature: { select: { id: true } } },
  });
  if (signatory.signature) throw new DomainError("CONFLICT", "plans.alreadySigned");
  const auth = await reauthenticate(actor, input, signatory.id, { db, now });

  try {
    return await withTransaction(db, async (tx) => {
      await lockCaseForChange(tx, version.caseId);
      await requirePlanAccess(actor, "plan.sign", version.caseId, { db: tx, now, versionId: version.id });
      const current = await requireVersion(tx, version.id);
      assertPlanSignable(current, input.expectedHash);
      if (auth.codeId) {
        const used = await tx.planSigningCode.updateMany({
          where: { id: auth.codeId, usedAt: null },
          data: { usedAt: now },
        });
        if (used.count !== 1) throw reauthFailed("code", "plans.codeExpired");
      }
      const theCase = await tx.case.findUniqueOrThrow({ where: { id: version.caseId }, select: { caseNumber: true } });
      const facts = {
        versionId: current.id,
        signatoryId: signatory.id,
        userId: actor.userId,
        capacity: signatory.capacity,
        decision,
        reason: decision === "REFUSED" ? (input.reason ?? "").trim() : null,
        signedAt: now,
        contentHash: current.contentHash as string,
        method: auth.method,
        statement: signingStatement(auth.locale, {
          decision,
          caseNumber: theCase.caseNumber,
          number: current.number,
          hash: current.contentHash as string,
          capacity: signatory.capacity,
        }),
      };
      const sealed = signatureHash(facts, current.contentHash as string);
      const signature = await tx.planSignature.create({
        data: { ...facts, signatureHash: sealed },
        select: { id: true },
      });
      await writeAudit(
        {
          actor,
          action: decision === "SIGNED" ? "plan.sign" : "plan.refuse",
          subjectType: "plan-version",
          subjectId: current.id,
          caseId: version.caseId,
          details: {
            signatureId: signature.id,
            capacity: signatory.capacity,
            method: auth.method,
            contentHash: facts.contentHash,
          },
        },
        { db: tx },
      );
      const cameIntoForce = decision === "SIGNED" ? await putInForceIfComplete(tx, actor, current, now) : null;
      return {
        signatureId: signature.id,
        decision,
        signatureHash: sealed,
        versionStatus: cameIntoForce ? "IN_FORCE" : "SIGNING",
        supersededVersionId: cameIntoForce?.supersededVersionId ?? null,
      };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("CONFLICT", "plans.alreadySigned");
    throw error;
  }
}

/** Inside the signing transaction, with the case locked: the last signature needed puts the version in force. */
async function putInForceIfComplete(
  tx: Tx,
  actor: Actor,
  version: VersionRow,
  now: Date,
): Promise<{ supersededVersionId: string | null } | null> {
  const signatories = await tx.planSignatory.findMany({ where: { versionId: version.id }, select: { id: true } });
  const signatures = await tx.planSignature.findMany({
    where: { versionId: version.id },
    select: { signatoryId: true, decision: true },
  });
  if (
    !isFullySigned(
      signatories.map((s) => s.id),
      signatures,
    )
  )
    return null;

  const previous = await tx.planVersion.findFirst({
    where: { caseId: version.caseId, status: "IN_FORCE", id: { not: version.id } },
    select: { id: true, number: true },
  });
  const { count } = await tx.planVersion.updateMany({
    where: { id: version.id, status: "SIGNING" },
    data: { status: nextPlanStatus("SIGNING", "complete"), inForceAt: now },
  });
  if (count !== 1) throw new DomainError("CONFLICT", "plans.staleVersion");
  if (previous) {
    await tx.planVersion.updateMany({
      where: { id: previous.id, status: "IN_FORCE" },
      data: { status: nextPlanStatus("IN_FORCE", "supersede"), supersededAt: now, supersededById: version.id },
    });
  }
  await writeAudit(
    {
      actor,
      action: "plan.in-force",
      subjectType: "plan-version",
      subjectId: version.id,
      caseId: version.caseId,
      details: { number: version.number, contentHash: version.contentHash, supersededVersionId: previous?.id ?? null },
    },
    { db: tx },
  );
  const theCase = await tx.case.findUniqueOrThrow({ where: { id: version.caseId }, select: { stage: true } });
  if (STAGES_BEFORE_PLAN.includes(theCase.stage)) {
    await tx.case.update({ where: { id: version.caseId }, data: { stage: "PLAN_IN_FORCE" } });
    await writeAudit(
      {
        actor,
        action: "case.stage.change",
        subjectType: "case",
        subjectId: version.caseId,
        caseId: version.caseId,
        details: { from: theCase.stage, to: "PLAN_IN_FORCE", planVersionId: version.id },
      },
      { db: tx },
    );
  }
  return { supersededVersionId: previous?.id ?? null };
}
