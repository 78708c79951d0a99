// The life of a plan version as an explicit state machine (decision record 011). Pure.
//
//   (none)    start / amend             -> DRAFT       case manager
//   DRAFT     send for signing          -> SIGNING     case manager, content complete
//   DRAFT     discard                   -> DISCARDED   case manager
//   SIGNING   last required signature   -> IN_FORCE    (the signature itself)
//   SIGNING   withdraw from signing     -> WITHDRAWN   case manager
//   IN_FORCE  a later version in force  -> SUPERSEDED  (the later version)
//
// Only a DRAFT is edited; only a SIGNING version is signed; at most one DRAFT or SIGNING version
// per case; an amendment starts from the version in force or from a withdrawn version.
import { DomainError } from "../errors";
import type { PlanVersionStatus } from "./plan-schemas";

export const PLAN_EVENTS = ["send", "discard", "complete", "withdraw", "supersede"] as const;
export type PlanEvent = (typeof PLAN_EVENTS)[number];

const TRANSITIONS: Record<PlanVersionStatus, Partial<Record<PlanEvent, PlanVersionStatus>>> = {
  DRAFT: { send: "SIGNING", discard: "DISCARDED" },
  SIGNING: { complete: "IN_FORCE", withdraw: "WITHDRAWN" },
  IN_FORCE: { supersede: "SUPERSEDED" },
  SUPERSEDED: {},
  WITHDRAWN: {},
  DISCARDED: {},
};

/** Statuses whose content is fixed and hashed: never changed again. */
export const FIXED_STATUSES: readonly PlanVersionStatus[] = ["SIGNING", "IN_FORCE", "SUPERSEDED", "WITHDRAWN"];
/** A version that is still being worked on: at most one per case. */
export const OPEN_STATUSES: readonly PlanVersionStatus[] = ["DRAFT", "SIGNING"];
/** Versions an amendment may start from. */
export const AMENDABLE_STATUSES: readonly PlanVersionStatus[] = ["IN_FORCE", "WITHDRAWN"];

export function isPlanTransitionAllowed(from: PlanVersionStatus, event: PlanEvent): boolean {
  return TRANSITIONS[from][event] !== undefined;
}

/** The status after `event`; FROZEN for a fixed version, INVALID_STATE otherwise when not allowed. */
export function nextPlanStatus(from: PlanVersionStatus, event: PlanEvent): PlanVersionStatus {
  const to = TRANSITIONS[from][event];
  if (to) return to;
  if (from === "IN_FORCE" || from === "SUPERSEDED") throw new DomainError("FROZEN", "plans.frozen");
  throw new DomainError("INVALID_STATE", `plans.notAllowedWhen.${from}`);
}

/** Only a draft's content changes. A version with fixed content is FROZEN; a discarded one is gone. */
export function assertPlanEditable(status: PlanVersionStatus): void {
  if (status === "DRAFT") return;
  if (FIXED_STATUSES.includes(status)) throw new DomainError("FROZEN", "plans.frozen");
  throw new DomainError("INVALID_STATE", `plans.notAllowedWhen.${status}`);
}

/**
 * A signature (or a refusal) is given only to a version out for signing, over the hash the signer
 * was shown. A version that was out for signing and no longer is (withdrawn, in force, superseded)
 * or a hash other than the version's: CONFLICT, the signer saw something stale.
 */
export function assertPlanSignable(
  version: { status: PlanVersionStatus; contentHash: string | null },
  expectedHash: string,
): void {
  if (version.status === "DRAFT" || version.status === "DISCARDED")
    throw new DomainError("INVALID_STATE", `plans.notAllowedWhen.${version.status}`);
  if (version.status !== "SIGNING" || version.contentHash !== expectedHash)
    throw new DomainError("CONFLICT", "plans.staleVersion");
}

type VersionFacts = { id: string; number: number; status: PlanVersionStatus };

/** No second open version: a draft or a version out for signing must be finished first. */
export function assertNoOpenVersion(versions: readonly VersionFacts[]): void {
  if (versions.some((v) => OPEN_STATUSES.includes(v.status)))
    throw new DomainError("CONFLICT", "plans.openVersionExists");
}

/** A first plan starts empty; once a version is in force, changes are amendments. */
export function assertMayStartPlan(versions: readonly VersionFacts[]): void {
  assertNoOpenVersion(versions);
  if (versions.some((v) => v.status === "IN_FORCE")) throw new DomainError("INVALID_STATE", "plans.useAmendment");
}

/**
 * The version an amendment starts from: the one asked for (in force or withdrawn), or by default
 * the latest withdrawn version newer than the one in force (resolving a refusal), else the one in
 * force.
 */
export function amendmentBase<V extends VersionFacts>(versions: readonly V[], fromVersionId?: string): V {
  assertNoOpenVersion(versions);
  if (fromVersionId) {
    const chosen = versions.find((v) => v.id === fromVersionId);
    if (!chosen) throw new DomainError("NOT_FOUND", "plans.notFound");
    if (!AMENDABLE_STATUSES.includes(chosen.status))
      throw new DomainError("INVALID_STATE", `plans.amendNotFrom.${chosen.status}`);
    return chosen;
  }
  const inForce = versions.find((v) => v.status === "IN_FORCE");
  const withdrawn = versions
    .filter((v) => v.status === "WITHDRAWN" && (!inForce || v.number > inForce.number))
    .sort((a, b) => b.number - a.number)[0];
  const base = withdrawn ?? inForce;
  if (!base) throw new DomainError("INVALID_STATE", "plans.nothingToAmend");
  return base;
}

/** The next version number of a case (1 for the first). */
export function nextVersionNumber(versions: readonly { number: number }[]): number {
  return versions.reduce((max, v) => Math.max(max, v.number), 0) + 1;
}

/** Whether every signatory has signed (a refusal keeps the version from coming into force). */
export function isFullySigned(
  signatoryIds: readonly string[],
  signatures: readonly { signatoryId: string; decision: "SIGNED" | "REFUSED" }[],
): boolean {
  if (signatoryIds.length === 0) return false;
  const signed = new Set(signatures.filter((s) => s.decision === "SIGNED").map((s) => s.signatoryId));
  return signatoryIds.every((id) => signed.has(id));
}
