import { z } from "zod";
import type { DbOrTx } from "~/lib/db-types";
import { can, canOnPlan } from "../access/policy";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { parseInput } from "../parse-input";
import { loadPlanAccess, planNotFound } from "./plan-queries";
import { OPEN_STATUSES } from "./plan-rules";
import {
  loadCaseVersions,
  loadSignatories,
  refusalsOf,
  summaryOf,
  versionView,
  type PlanRefusal,
  type PlanVersionSummary,
  type PlanVersionView,
} from "./plan-views";

export const GetCasePlanSchema = z.object({ caseId: z.string().regex(/^[a-z0-9]{8,40}$/, "plans.notFound") });
export type GetCasePlanInput = z.input<typeof GetCasePlanSchema>;

export type CasePlanView = {
  caseId: string;
  caseNumber: string;
  permissions: { canEdit: boolean; canManage: boolean };
  /** Every version the actor may read, newest first. */
  versions: PlanVersionSummary[];
  /** The version in force, with its content and signatures. */
  inForce: PlanVersionView | null;
  /** The draft or the version out for signing, with its signatories and their signature state. */
  open: PlanVersionView | null;
  /** Every refusal to sign, with its reason (the signatories' dissent, shown to all), newest first. */
  refusals: PlanRefusal[];
};

/**
 * The case's plan: its versions, the one in force, the one being drafted or signed, and the
 * refusals. Whoever may read the case (or the client's own view) reads all of it; someone who
 * reads it only as a signatory (an advocate signing for the client) sees the versions they sign.
 */
export async function getCasePlan(
  actor: Actor,
  input: GetCasePlanInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<CasePlanView> {
  const { caseId } = parseInput(GetCasePlanSchema, input);
  const facts = await loadPlanAccess(actor, caseId, { db, now });
  if (!facts) throw planNotFound();
  const readsCase = can(actor, "case.read", facts) || can(actor, "case.readClientView", facts);
  let versions = await loadCaseVersions(db, caseId);
  if (!readsCase) {
    const mine = await db.planSignatory.findMany({
      where: { userId: actor.userId, versionId: { in: versions.map((v) => v.id) } },
      select: { versionId: true },
    });
    const ids = new Set(mine.map((s) => s.versionId));
    versions = versions.filter((v) => ids.has(v.id));
    if (versions.length === 0 || !canOnPlan(actor, "plan.read", { ...facts, isSignatory: true })) throw planNotFound();
  }
  const theCase = await db.case.findUniqueOrThrow({ where: { id: caseId }, select: { caseNumber: true } });
  const signatories = await loadSignatories(
    db,
    versions.map((v) => v.id),
  );
  const inForceRow = versions.find((v) => v.status === "IN_FORCE");
  const openRow = versions.find((v) => OPEN_STATUSES.includes(v.status));
  const view = (row: (typeof versions)[number] | undefined) =>
    row ? versionView(row, signatories.get(row.id) ?? [], actor.userId) : null;
  const result: CasePlanView = {
    caseId,
    caseNumber: theCase.caseNumber,
    permissions: {
      canEdit: canOnPlan(actor, "plan.edit", facts),
      canManage: canOnPlan(actor, "plan.manage", facts),
    },
    versions: versions.map(summaryOf),
    inForce: view(inForceRow),
    open: view(openRow),
    refusals: refusalsOf(versions, signatories),
  };
  await writeAudit(
    {
      actor,
      action: "plan.read",
      subjectType: "case",
      subjectId: caseId,
      caseId,
      details: { versions: versions.length },
    },
    { db },
  );
  return result;
}
