import type { CaseStage, DbOrTx } from "~/lib/db-types";
import { requireCaseAccess } from "../access/load-case-access";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { DomainError } from "../errors";
import { parseInput } from "../parse-input";
import { withTransaction } from "../with-transaction";
import { ChangeCaseStageSchema, parseCaseId, type ChangeCaseStageInput } from "./case-schemas";
import { assertStageTransition } from "./case-stage";

/**
 * The case manager moves the case to its next stage (case-stage.ts). Closing and handing over
 * are separate actions with their own rules (closeCase, handOverCase).
 */
export async function changeCaseStage(
  actor: Actor,
  input: ChangeCaseStageInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<{ from: CaseStage; to: CaseStage }> {
  const caseId = parseCaseId(input.caseId);
  await requireCaseAccess(actor, "case.changeStage", caseId, { db, now });
  const data = parseInput(ChangeCaseStageSchema, input);
  const { stage: from } = await db.case.findUniqueOrThrow({ where: { id: caseId }, select: { stage: true } });
  assertStageTransition(from, data.to);

  return withTransaction(db, async (tx) => {
    await requireCaseAccess(actor, "case.changeStage", caseId, { db: tx, now });
    // Conditional on the stage read above: two changes racing cannot both apply.
    const { count } = await tx.case.updateMany({ where: { id: caseId, stage: from }, data: { stage: data.to } });
    if (count !== 1) throw new DomainError("CONFLICT", "case.changedByOther");
    await writeAudit(
      {
        actor,
        action: "case.stage.change",
        subjectType: "case",
        subjectId: caseId,
        caseId,
        reason: data.reason,
        details: { from, to: data.to },
      },
      { db: tx },
    );
    return { from, to: data.to };
  });
}
