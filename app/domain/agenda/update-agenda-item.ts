import type { DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { parseInput } from "../parse-input";
import { withTransaction } from "../with-transaction";
import { changedByOther, findAgendaItem, requireAgendaChange, requireOwnerIsParticipant } from "./agenda-access";
import { assertFitsMeeting } from "./agenda-rules";
import { UpdateAgendaItemSchema, type UpdateAgendaItemInput } from "./agenda-schemas";
import { lockMeetingForChange } from "./lock-meeting";

/**
 * Changes an item's title, owner or time box. The edit names the version it started from: if
 * someone else changed the item in between, nothing is written (CONFLICT) and the editor sees
 * the other person's version. A longer time box must still fit in the meeting while it is planned.
 */
export async function updateAgendaItem(
  actor: Actor,
  input: UpdateAgendaItemInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<{ version: number; changedFields: string[]; meetingId: string }> {
  const data = parseInput(UpdateAgendaItemSchema, input);
  const item = await findAgendaItem(db, data.itemId);
  const { facts: factsBefore, durationMinutes } = await requireAgendaChange(actor, item.meetingId, { db, now });
  if (item.version !== data.version) throw changedByOther();

  const changedFields = (["title", "durationMinutes", "ownerUserId"] as const).filter((f) => item[f] !== data[f]);
  if (changedFields.length === 0) return { version: item.version, changedFields, meetingId: item.meetingId };
  if (data.ownerUserId !== item.ownerUserId) await requireOwnerIsParticipant(db, item.meetingId, data.ownerUserId);
  const others = await db.agendaItem.findMany({
    where: { meetingId: item.meetingId, id: { not: item.id } },
    select: { durationMinutes: true },
  });
  assertFitsMeeting([...others, data], durationMinutes, factsBefore.status);

  return withTransaction(db, async (tx) => {
    await lockMeetingForChange(tx, item.meetingId);
    const { facts, durationMinutes: length } = await requireAgendaChange(actor, item.meetingId, { db: tx, now });
    if (data.ownerUserId !== item.ownerUserId) await requireOwnerIsParticipant(tx, item.meetingId, data.ownerUserId);
    const othersNow = await tx.agendaItem.findMany({
      where: { meetingId: item.meetingId, id: { not: item.id } },
      select: { durationMinutes: true },
    });
    assertFitsMeeting([...othersNow, data], length, facts.status);
    // The version in the condition makes check and write one step.
    const { count } = await tx.agendaItem.updateMany({
      where: { id: item.id, version: data.version },
      data: {
        title: data.title,
        durationMinutes: data.durationMinutes,
        ownerUserId: data.ownerUserId,
        updatedById: actor.userId,
        version: { increment: 1 },
      },
    });
    if (count !== 1) throw changedByOther();
    await writeAudit(
      {
        actor,
        action: "agenda.update",
        subjectType: "agenda-item",
        subjectId: item.id,
        caseId: facts.caseId,
        details: { meetingId: item.meetingId, fields: changedFields.join(","), version: data.version + 1 },
      },
      { db: tx },
    );
    return { version: data.version + 1, changedFields, meetingId: item.meetingId };
  });
}
