import type { DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { DomainError } from "../errors";
import { parseInput } from "../parse-input";
import { withTransaction } from "../with-transaction";
import { lockCaseForChange, requirePlanAccess, requireVersion } from "./plan-queries";
import { nextPlanStatus } from "./plan-rules";
import { WithdrawFromSigningSchema, type WithdrawFromSigningInput } from "./plan-schemas";

/**
 * The case manager takes a version back from signing (after a refusal, or when something must
 * change): WITHDRAWN, its content, hash and the signatures given stay as they are, readable; an
 * amendment starts from it. Signatures arriving afterwards are refused as stale.
 */
export async function withdrawFromSigning(
  actor: Actor,
  input: WithdrawFromSigningInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<{ versionId: string }> {
  const data = parseInput(WithdrawFromSigningSchema, input);
  const version = await requireVersion(db, data.versionId);
  await requirePlanAccess(actor, "plan.manage", version.caseId, { db, now });
  nextPlanStatus(version.status, "withdraw");

  return withTransaction(db, async (tx) => {
    await lockCaseForChange(tx, version.caseId);
    await requirePlanAccess(actor, "plan.manage", version.caseId, { db: tx, now });
    const current = await requireVersion(tx, version.id);
    const to = nextPlanStatus(current.status, "withdraw");
    const { count } = await tx.planVersion.updateMany({
      where: { id: version.id, status: "SIGNING" },
      data: { status: to, withdrawnAt: now, withdrawnById: actor.userId, withdrawalReason: data.reason || null },
    });
    if (count !== 1) throw new DomainError("CONFLICT", "plans.staleVersion");
    await writeAudit(
      {
        actor,
        action: "plan.withdraw",
        subjectType: "plan-version",
        subjectId: version.id,
        caseId: version.caseId,
        details: { number: version.number },
      },
      { db: tx },
    );
    return { versionId: version.id };
  });
}
