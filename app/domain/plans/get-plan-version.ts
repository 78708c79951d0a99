import type { DbOrTx } from "~/lib/db-types";
import { canOnPlan } from "../access/policy";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { parseInput } from "../parse-input";
import { diffPlanContent, type PlanChange } from "./diff-plan-content";
import { findVersion, requirePlanAccess, requireVersion } from "./plan-queries";
import { PlanVersionRefSchema, parsePlanContent, type PlanContent, type PlanVersionRefInput } from "./plan-schemas";
import { loadSignatories, versionView, type PlanVersionView } from "./plan-views";

export type PlanVersionDetail = PlanVersionView & {
  caseNumber: string;
  /** The version this one amends, with its content: the UI diffs a live draft against it. */
  basedOn: { id: string; number: number; content: PlanContent } | null;
  /** What changed against the version amended (null while DRAFT: the content is in the document). */
  changes: PlanChange[] | null;
  permissions: { canEdit: boolean; canManage: boolean; canSign: boolean };
};

/** One version of a case plan (every version stays readable forever), for its readers and its signatories. */
export async function getPlanVersion(
  actor: Actor,
  input: PlanVersionRefInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<PlanVersionDetail> {
  const { versionId } = parseInput(PlanVersionRefSchema, input);
  const version = await requireVersion(db, versionId);
  const facts = await requirePlanAccess(actor, "plan.read", version.caseId, { db, now, versionId });
  const signatories = (await loadSignatories(db, [versionId])).get(versionId) ?? [];
  const view = versionView(version, signatories, actor.userId);
  const baseRow = version.basedOnId ? await findVersion(db, version.basedOnId) : null;
  const basedOn =
    baseRow?.content != null
      ? { id: baseRow.id, number: baseRow.number, content: parsePlanContent(baseRow.content) }
      : null;
  const theCase = await db.case.findUniqueOrThrow({ where: { id: version.caseId }, select: { caseNumber: true } });
  await writeAudit(
    {
      actor,
      action: "plan.version.read",
      subjectType: "plan-version",
      subjectId: versionId,
      caseId: version.caseId,
      details: { number: version.number },
    },
    { db },
  );
  return {
    ...view,
    caseNumber: theCase.caseNumber,
    basedOn,
    changes: basedOn && view.content ? diffPlanContent(basedOn.content, view.content) : null,
    permissions: {
      canEdit: version.status === "DRAFT" && canOnPlan(actor, "plan.edit", facts),
      canManage: canOnPlan(actor, "plan.manage", facts),
      canSign:
        version.status === "SIGNING" && canOnPlan(actor, "plan.sign", facts) && view.mySignatory?.signature === null,
    },
  };
}
