import type { DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { DomainError } from "../errors";
import { parseInput } from "../parse-input";
import { withTransaction } from "../with-transaction";
import { freezeStoredDocument } from "./plan-document";
import { lockCaseForChange, planDocName, requirePlanAccess, requireVersion } from "./plan-queries";
import { nextPlanStatus } from "./plan-rules";
import { DiscardDraftSchema, type DiscardDraftInput } from "./plan-schemas";

/**
 * The case manager gives up a draft: DISCARDED, its live document frozen (kept, read-only) and
 * its editors disconnected. A new plan or amendment can then be started.
 */
export async function discardDraft(
  actor: Actor,
  input: DiscardDraftInput,
  {
    db,
    now = new Date(),
    disconnectDocument,
  }: { db: DbOrTx; now?: Date; disconnectDocument: (docName: string) => void },
): Promise<{ versionId: string }> {
  const { versionId } = parseInput(DiscardDraftSchema, input);
  const version = await requireVersion(db, versionId);
  await requirePlanAccess(actor, "plan.manage", version.caseId, { db, now });
  nextPlanStatus(version.status, "discard");
  const docName = planDocName(versionId);

  const result = await withTransaction(db, async (tx) => {
    await lockCaseForChange(tx, version.caseId);
    await requirePlanAccess(actor, "plan.manage", version.caseId, { db: tx, now });
    const current = await requireVersion(tx, versionId);
    const to = nextPlanStatus(current.status, "discard");
    const { count } = await tx.planVersion.updateMany({
      where: { id: versionId, status: "DRAFT" },
      data: { status: to, discardedAt: now, discardedById: actor.userId },
    });
    if (count !== 1) throw new DomainError("CONFLICT", "plans.staleVersion");
    await freezeStoredDocument(tx, docName, now);
    await writeAudit(
      {
        actor,
        action: "plan.discard",
        subjectType: "plan-version",
        subjectId: versionId,
        caseId: version.caseId,
        details: { number: version.number },
      },
      { db: tx },
    );
    return { versionId };
  });
  disconnectDocument(docName);
  return result;
}
