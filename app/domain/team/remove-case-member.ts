import type { DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { requireCaseAccess } from "../access/load-case-access";
import { writeAudit } from "../audit/write-audit";
import { DomainError } from "../errors";
import { parseInput } from "../parse-input";
import { withTransaction } from "../with-transaction";
import { RemoveCaseMemberSchema, type RemoveCaseMemberInput } from "./team-schemas";

/**
 * The case manager takes someone off the case team, with the reason. The membership row is kept
 * (removedAt, removedReason) so the history shows who was on the team when. The responsible case
 * manager's own membership stays: the case changes hands only by a handover.
 *
 * Returns the removed person, so the caller can end their open realtime connections.
 */
export async function removeCaseMember(
  actor: Actor,
  input: RemoveCaseMemberInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<{ memberId: string; affectedUserId: string }> {
  const data = parseInput(RemoveCaseMemberSchema, input);

  return withTransaction(db, async (tx) => {
    const facts = await requireCaseAccess(actor, "case.removeMember", data.caseId, { db: tx, now });
    const member = await tx.caseMember.findFirst({
      where: { id: data.memberId, caseId: data.caseId },
      select: { id: true, userId: true, role: true, removedAt: true },
    });
    if (!member) throw new DomainError("NOT_FOUND", "team.memberNotFound");
    if (member.userId === facts.caseManagerId && member.role === "CASE_MANAGER") {
      throw new DomainError("INVALID_STATE", "team.cannotRemoveCaseManager");
    }
    const { count } = await tx.caseMember.updateMany({
      where: { id: member.id, removedAt: null },
      data: { removedAt: now, removedReason: data.reason },
    });
    if (count !== 1) throw new DomainError("INVALID_STATE", "team.memberAlreadyRemoved");
    await writeAudit(
      {
        actor,
        action: "case.member.remove",
        subjectType: "case-member",
        subjectId: member.id,
        caseId: data.caseId,
        reason: data.reason,
        details: { userId: member.userId, role: member.role },
      },
      { db: tx },
    );
    return { memberId: member.id, affectedUserId: member.userId };
  });
}
