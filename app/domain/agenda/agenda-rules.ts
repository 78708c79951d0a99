// Pure rules of the agenda's time plan (004 §2.1 agenda with a time plan; §2.2 the timekeeper
// keeps each item within its time): the time boxes together must fit in the meeting while it is
// being planned; once it is under way, the plan may run over (see assertFitsMeeting).
import type { MeetingStatus } from "~/lib/db-types";
import { DomainError } from "../errors";

/** Minutes of all time boxes together. */
export function agendaTotal(items: readonly { durationMinutes: number }[]): number {
  return items.reduce((sum, item) => sum + item.durationMinutes, 0);
}

/**
 * Whether the time boxes must fit in the meeting's length. While the meeting is planned, yes: the
 * time plan is what everyone agreed to come for (004 §2.1). Once it is under way, items come up
 * that nobody foresaw (004 §2.2: items are added during the meeting), and refusing them would
 * force the team to shorten items already being discussed just to write the new one down; the
 * plan may then run over, and the time plan says by how much (agendaFit "over").
 */
export function mustFitMeeting(meetingStatus: MeetingStatus): boolean {
  return meetingStatus !== "IN_PROGRESS";
}

/**
 * Refuses an agenda whose time boxes exceed the meeting's length (unless the meeting is under
 * way, mustFitMeeting): VALIDATION with the total and the length, so the message can say by how
 * much.
 */
export function assertFitsMeeting(
  items: readonly { durationMinutes: number }[],
  meetingMinutes: number,
  meetingStatus: MeetingStatus,
): void {
  if (!mustFitMeeting(meetingStatus)) return;
  const total = agendaTotal(items);
  if (total > meetingMinutes) {
    throw new DomainError("VALIDATION", "agenda.exceedsMeeting", {
      params: { total, length: meetingMinutes },
      fieldErrors: { durationMinutes: "agenda.exceedsMeetingField" },
    });
  }
}

export type AgendaFit = "fits" | "nearlyFull" | "full" | "over";

/** How full the time plan is, for the warning beside the total. "nearlyFull": 10 % or less left. */
export function agendaFit(total: number, meetingMinutes: number): AgendaFit {
  if (total > meetingMinutes) return "over";
  if (total === meetingMinutes) return "full";
  if (meetingMinutes - total <= Math.max(5, Math.floor(meetingMinutes / 10))) return "nearlyFull";
  return "fits";
}

/**
 * The new order after moving one item up or down: positions 1..n in the current order, with the
 * moved item swapped with its neighbour. Null when it cannot move (already first or last).
 */
export function reorderedPositions<T extends { id: string }>(
  items: readonly T[],
  itemId: string,
  direction: "up" | "down",
): { id: string; position: number }[] | null {
  const index = items.findIndex((i) => i.id === itemId);
  if (index < 0) return null;
  const target = direction === "up" ? index - 1 : index + 1;
  if (target < 0 || target >= items.length) return null;
  const order = items.map((i) => i.id);
  [order[index], order[target]] = [order[target] as string, order[index] as string];
  return order.map((id, i) => ({ id, position: i + 1 }));
}
