import type { DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { parseInput } from "../parse-input";
import { withTransaction } from "../with-transaction";
import { findAgendaItem, requireAgendaChange } from "./agenda-access";
import { reorderedPositions } from "./agenda-rules";
import { MoveAgendaItemSchema, type MoveAgendaItemInput } from "./agenda-schemas";
import { lockMeetingForChange } from "./lock-meeting";

/**
 * Moves an item one place up or down. The order is computed inside the transaction from the
 * items as they are then, so a move never works on a stale order. Moving does not change an
 * item's content, so it does not raise its version: someone editing the title is not refused.
 */
export async function moveAgendaItem(
  actor: Actor,
  input: MoveAgendaItemInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<{ isMoved: boolean; meetingId: string }> {
  const data = parseInput(MoveAgendaItemSchema, input);
  const item = await findAgendaItem(db, data.itemId);
  await requireAgendaChange(actor, item.meetingId, { db, now });

  return withTransaction(db, async (tx) => {
    await lockMeetingForChange(tx, item.meetingId);
    const { facts } = await requireAgendaChange(actor, item.meetingId, { db: tx, now });
    const items = await tx.agendaItem.findMany({
      where: { meetingId: item.meetingId },
      orderBy: [{ position: "asc" }, { createdAt: "asc" }, { id: "asc" }],
      select: { id: true, position: true },
    });
    const positions = reorderedPositions(items, item.id, data.direction);
    if (!positions) return { isMoved: false, meetingId: item.meetingId };
    for (const { id, position } of positions) {
      if (items.find((i) => i.id === id)?.position === position) continue;
      await tx.agendaItem.update({
        where: { id },
        data: id === item.id ? { position, updatedById: actor.userId } : { position },
      });
    }
    await writeAudit(
      {
        actor,
        action: "agenda.move",
        subjectType: "agenda-item",
        subjectId: item.id,
        caseId: facts.caseId,
        details: { meetingId: item.meetingId, direction: data.direction },
      },
      { db: tx },
    );
    return { isMoved: true, meetingId: item.meetingId };
  });
}
