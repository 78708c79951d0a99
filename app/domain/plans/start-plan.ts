import type { DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { parseInput } from "../parse-input";
import { tallinnDay } from "../time/tallinn-time";
import { withTransaction } from "../with-transaction";
import { newRowId } from "./plan-doc";
import { storeSeededDocument } from "./plan-document";
import { loadPlanTeam, lockCaseForChange, planDocName, requirePlanAccess } from "./plan-queries";
import { assertMayStartPlan, nextVersionNumber } from "./plan-rules";
import { StartPlanSchema, proposeFirstEvaluationDate, type StartPlanInput } from "./plan-schemas";

export type StartedPlanVersion = { versionId: string; number: number; docName: string };

/**
 * The case manager starts the case's first plan (or a new one after every earlier attempt was
 * withdrawn or discarded): an empty DRAFT, co-edited live in its document. The first interim
 * evaluation is proposed (004 §3.4: at the latest three months after the plan), with the case
 * manager responsible. Once a version is in force, changes are amendments (startAmendment).
 */
export async function startPlan(
  actor: Actor,
  input: StartPlanInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<StartedPlanVersion> {
  const { caseId } = parseInput(StartPlanSchema, input);
  await requirePlanAccess(actor, "plan.manage", caseId, { db, now });

  return withTransaction(db, async (tx) => {
    await lockCaseForChange(tx, caseId);
    await requirePlanAccess(actor, "plan.manage", caseId, { db: tx, now });
    const versions = await tx.planVersion.findMany({
      where: { caseId },
      select: { id: true, number: true, status: true },
    });
    assertMayStartPlan(versions);
    const number = nextVersionNumber(versions);
    const version = await tx.planVersion.create({
      data: { caseId, number, status: "DRAFT", createdById: actor.userId, createdAt: now },
      select: { id: true },
    });
    const manager = (await loadPlanTeam(tx, caseId, now)).find((p) => p.isCaseManager);
    const docName = planDocName(version.id);
    await storeSeededDocument(tx, docName, {
      problem: "",
      goals: "",
      activities: [],
      evaluations: [
        {
          id: newRowId(),
          dueDate: proposeFirstEvaluationDate(tallinnDay(now)),
          method: "",
          responsible: manager ? { userId: manager.userId, name: manager.name, position: manager.position } : null,
        },
      ],
      attachments: [],
    });
    await writeAudit(
      { actor, action: "plan.start", subjectType: "plan-version", subjectId: version.id, caseId, details: { number } },
      { db: tx },
    );
    return { versionId: version.id, number, docName };
  });
}
