import type { DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { parseInput } from "../parse-input";
import { withTransaction } from "../with-transaction";
import { changedByOther, findAgendaItem, requireAgendaChange } from "./agenda-access";
import { RemoveAgendaItemSchema, type RemoveAgendaItemInput } from "./agenda-schemas";
import { lockMeetingForChange } from "./lock-meeting";

/**
 * Removes an item from the draft agenda. Like an edit, it names the version it saw: an item
 * someone has just changed is not removed unseen (CONFLICT). The audit entry keeps the fact.
 */
export async function removeAgendaItem(
  actor: Actor,
  input: RemoveAgendaItemInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<{ meetingId: string }> {
  const data = parseInput(RemoveAgendaItemSchema, input);
  const item = await findAgendaItem(db, data.itemId);
  await requireAgendaChange(actor, item.meetingId, { db, now });
  if (item.version !== data.version) throw changedByOther();

  await withTransaction(db, async (tx) => {
    await lockMeetingForChange(tx, item.meetingId);
    const { facts } = await requireAgendaChange(actor, item.meetingId, { db: tx, now });
    const { count } = await tx.agendaItem.deleteMany({ where: { id: item.id, version: data.version } });
    if (count !== 1) throw changedByOther();
    await writeAudit(
      {
        actor,
        action: "agenda.remove",
        subjectType: "agenda-item",
        subjectId: item.id,
        caseId: facts.caseId,
        details: { meetingId: item.meetingId, version: data.version },
      },
      { db: tx },
    );
  });
  return { meetingId: item.meetingId };
}
