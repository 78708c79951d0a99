import type { DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { parseInput } from "../parse-input";
import { withTransaction } from "../with-transaction";
import { requireAgendaChange, requireOwnerIsParticipant } from "./agenda-access";
import { assertFitsMeeting } from "./agenda-rules";
import { AddAgendaItemSchema, type AddAgendaItemInput } from "./agenda-schemas";
import { lockMeetingForChange } from "./lock-meeting";

/**
 * Anyone invited adds an item to the agenda, at its end: a title, who leads it (a participant)
 * and its time box. The time boxes together may not exceed the meeting (004 §2.1 time plan)
 * while it is planned (during the meeting they may: agenda-rules.ts): checked first, and again
 * inside the transaction after locking the meeting, so that two people adding at the same
 * moment cannot together overfill it.
 */
export async function addAgendaItem(
  actor: Actor,
  input: AddAgendaItemInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<{ itemId: string; version: number }> {
  const data = parseInput(AddAgendaItemSchema, input);
  const { facts: factsBefore, durationMinutes } = await requireAgendaChange(actor, data.meetingId, { db, now });
  await requireOwnerIsParticipant(db, data.meetingId, data.ownerUserId);
  const before = await db.agendaItem.findMany({
    where: { meetingId: data.meetingId },
    select: { durationMinutes: true },
  });
  assertFitsMeeting([...before, data], durationMinutes, factsBefore.status);

  return withTransaction(db, async (tx) => {
    await lockMeetingForChange(tx, data.meetingId);
    const { facts, durationMinutes: length } = await requireAgendaChange(actor, data.meetingId, { db: tx, now });
    await requireOwnerIsParticipant(tx, data.meetingId, data.ownerUserId);
    const items = await tx.agendaItem.findMany({
      where: { meetingId: data.meetingId },
      select: { durationMinutes: true, position: true },
    });
    assertFitsMeeting([...items, data], length, facts.status);
    const position = items.reduce((max, i) => Math.max(max, i.position), 0) + 1;
    const item = await tx.agendaItem.create({
      data: {
        meetingId: data.meetingId,
        position,
        title: data.title,
        ownerUserId: data.ownerUserId,
        durationMinutes: data.durationMinutes,
        createdById: actor.userId,
        updatedById: actor.userId,
        createdAt: now,
      },
    });
    // The title is case data: the audit names the item, not what it says.
    await writeAudit(
      {
        actor,
        action: "agenda.add",
        subjectType: "agenda-item",
        subjectId: item.id,
        caseId: facts.caseId,
        details: { meetingId: data.meetingId },
      },
      { db: tx },
    );
    return { itemId: item.id, version: item.version };
  });
}
