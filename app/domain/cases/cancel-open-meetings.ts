import type { Tx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";

/**
 * When a case ends (closed, or handed over outside the system), its planned meetings will not
 * take place: each is cancelled with its own audit entry. A meeting already under way is left to
 * finish and be recorded.
 */
export async function cancelPlannedMeetings(
  actor: Actor,
  { caseId, cause, reason }: { caseId: string; cause: "case.close" | "case.handover"; reason: string | null },
  { tx }: { tx: Tx },
): Promise<string[]> {
  const planned = await tx.meeting.findMany({ where: { caseId, status: "PLANNED" }, select: { id: true } });
  const ids = planned.map((m) => m.id);
  if (ids.length === 0) return ids;
  await tx.meeting.updateMany({ where: { id: { in: ids }, status: "PLANNED" }, data: { status: "CANCELLED" } });
  for (const id of ids) {
    await writeAudit(
      { actor, action: "meeting.cancel", subjectType: "meeting", subjectId: id, caseId, reason, details: { cause } },
      { db: tx },
    );
  }
  return ids;
}
