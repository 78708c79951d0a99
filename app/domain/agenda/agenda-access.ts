import type { DbOrTx, MeetingStatus } from "~/lib/db-types";
import { requireMeetingAccess, type MeetingAccessFacts } from "../access/meeting-access";
import type { Actor } from "../actor";
import { DomainError } from "../errors";

/** The agenda is drafted before the meeting and confirmed at its start (004 §2.1, §2.2). */
export const AGENDA_OPEN_STATUSES: readonly MeetingStatus[] = ["PLANNED", "IN_PROGRESS"];

export function isAgendaOpen(status: MeetingStatus): boolean {
  return AGENDA_OPEN_STATUSES.includes(status);
}

/**
 * Anyone invited (or the manager) may change the agenda while the meeting is planned or under
 * way. Returns the access facts and the meeting's length. Called before the transaction and
 * again inside it.
 */
export async function requireAgendaChange(
  actor: Actor,
  meetingId: string,
  { db, now }: { db: DbOrTx; now?: Date },
): Promise<{ facts: MeetingAccessFacts; durationMinutes: number }> {
  const facts = await requireMeetingAccess(actor, "agenda", meetingId, { db, now });
  if (!isAgendaOpen(facts.status)) throw new DomainError("INVALID_STATE", "agenda.meetingNotOpen");
  const meeting = await db.meeting.findUniqueOrThrow({ where: { id: meetingId }, select: { durationMinutes: true } });
  return { facts, durationMinutes: meeting.durationMinutes };
}

/** The owner of an item must be a participant of the meeting. */
export async function requireOwnerIsParticipant(
  db: DbOrTx,
  meetingId: string,
  ownerUserId: string | null,
): Promise<void> {
  if (!ownerUserId) return;
  const participant = await db.meetingParticipant.findUnique({
    where: { meetingId_userId: { meetingId, userId: ownerUserId } },
    select: { id: true },
  });
  if (!participant) {
    throw new DomainError("VALIDATION", "agenda.ownerNotParticipant", {
      fieldErrors: { ownerUserId: "agenda.ownerNotParticipant" },
    });
  }
}

/** An item by id with its meeting; NOT_FOUND when there is none (before any access check). */
export async function findAgendaItem(db: DbOrTx, itemId: string) {
  const item = await db.agendaItem.findUnique({
    where: { id: itemId },
    select: { id: true, meetingId: true, version: true, title: true, durationMinutes: true, ownerUserId: true },
  });
  if (!item) throw new DomainError("NOT_FOUND", "agenda.itemNotFound");
  return item;
}

export const changedByOther = () => new DomainError("CONFLICT", "agenda.changedByOther");
