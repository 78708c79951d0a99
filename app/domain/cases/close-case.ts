import type { DbOrTx } from "~/lib/db-types";
import { requireCaseAccess } from "../access/load-case-access";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { DomainError } from "../errors";
import { parseInput } from "../parse-input";
import { withTransaction } from "../with-transaction";
import { cancelPlannedMeetings } from "./cancel-open-meetings";
import { CloseCaseSchema, parseCaseId, type CloseCaseInput } from "./case-schemas";
import { TERMINAL_STAGES } from "./case-stage";
import { findOpenItems } from "./open-items";

function openItemsNeedReason(count: number) {
  return new DomainError("INVALID_STATE", "case.openItemsNeedReason", {
    params: { count },
    fieldErrors: { openItemsReason: "case.openItemsReasonRequired" },
  });
}

/**
 * The case manager closes the case with the reason and the client's feedback on how the help
 * worked (004 §3.7). A case with open items (meetings still planned or under way) closes only
 * when the reason for that is recorded (issue 3); its planned meetings are then cancelled. The
 * client is told in their view. Afterwards the case is a record: readable, never changed.
 */
export async function closeCase(
  actor: Actor,
  input: CloseCaseInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<{ cancelledMeetingIds: string[] }> {
  const caseId = parseCaseId(input.caseId);
  await requireCaseAccess(actor, "case.close", caseId, { db, now });
  const data = parseInput(CloseCaseSchema, input);
  const openBefore = await findOpenItems(caseId, { db });
  if (openBefore.length > 0 && !data.openItemsReason) throw openItemsNeedReason(openBefore.length);

  return withTransaction(db, async (tx) => {
    await requireCaseAccess(actor, "case.close", caseId, { db: tx, now });
    // Counted again: a meeting planned since the check above needs the reason too.
    const open = await findOpenItems(caseId, { db: tx });
    if (open.length > 0 && !data.openItemsReason) throw openItemsNeedReason(open.length);
    const { count } = await tx.case.updateMany({
      where: { id: caseId, stage: { notIn: [...TERMINAL_STAGES] } },
      data: {
        stage: "CLOSED",
        closedAt: now,
        closureReason: data.reason,
        clientFeedback: data.clientFeedback,
        openItemsReason: open.length > 0 ? data.openItemsReason : null,
      },
    });
    if (count !== 1) throw new DomainError("INVALID_STATE", "case.closedNoChanges");
    const cancelledMeetingIds = await cancelPlannedMeetings(
      actor,
      { caseId, cause: "case.close", reason: data.openItemsReason },
      { tx },
    );
    await tx.clientNotice.create({ data: { caseId, kind: "CASE_CLOSED", createdAt: now } });
    await writeAudit(
      {
        actor,
        action: "case.close",
        subjectType: "case",
        subjectId: caseId,
        caseId,
        reason: data.reason,
        details: { openItems: open.length, cancelledMeetings: cancelledMeetingIds.length },
      },
      { db: tx },
    );
    return { cancelledMeetingIds };
  });
}
