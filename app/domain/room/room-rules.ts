// The rules of the meeting room's run-state (decision record 009): who may do what, and what
// each command does to the state. Pure: no database, no clock, no randomness (the caller passes
// `now` and `newId`), so every rule is tested exhaustively beside it.
//
// Roles follow 004 §2.2: the moderator leads (confirms the agenda, moves between items, gives the
// floor, ends the meeting); the moderator and the timekeeper keep each item within its time;
// every participant may ask for the floor and tell the moderator they do not understand or
// disagree. Once the meeting has ended nothing changes any more.
import type { MeetingStatus } from "~/lib/db-types";
import { DomainError } from "../errors";
import type { RoomCommand, RoomSignal, RoomState } from "./room-protocol";

/** Only the newest signals are kept: a moderator deals with them during the meeting. */
export const ROOM_SIGNALS_KEPT = 200;

export type RoomSnapshot = { state: RoomState; signals: RoomSignal[] };

export type RoomRuleContext = {
  actor: { userId: string; name: string };
  canModerate: boolean;
  canKeepTime: boolean;
  /** The meeting's agenda item ids, in agenda order. */
  agendaItemIds: readonly string[];
  meetingStatus: MeetingStatus;
  now: Date;
  newId(): string;
};

export type RoomStatusChange = "IN_PROGRESS" | "HELD" | null;

export type RoomCommandOutcome = RoomSnapshot & {
  /** What the meeting's status becomes because of this command, if anything. */
  statusChange: RoomStatusChange;
  /** False for a repeat that changes nothing (a hand raised twice): the version stays. */
  isChanged: boolean;
  /** Whether the signals (which only moderators see) changed. */
  isSignalsChanged: boolean;
};

const onlyModerator = () => new DomainError("FORBIDDEN", "roomErrors.onlyModerator");

/**
 * Applies one command to the room. Returns the new state (its version one higher when anything
 * changed) or throws a DomainError: FORBIDDEN for a role that may not, INVALID_STATE for a
 * command the meeting's state does not allow, VALIDATION for a command naming something that
 * is not there.
 */
export function applyRoomCommand(
  current: RoomSnapshot,
  command: RoomCommand,
  ctx: RoomRuleContext,
): RoomCommandOutcome {
  if (ctx.meetingStatus === "CANCELLED") throw new DomainError("INVALID_STATE", "roomErrors.meetingCancelled");
  if (current.state.endedAt !== null || ctx.meetingStatus === "HELD") {
    throw new DomainError("INVALID_STATE", "roomErrors.meetingEnded");
  }
  const { state, signals, statusChange } = nextSnapshot(current, command, ctx);
  const isStateChanged = !sameState(state, current.state);
  const isSignalsChanged = JSON.stringify(signals) !== JSON.stringify(current.signals);
  const isChanged = isStateChanged || isSignalsChanged || statusChange !== null;
  return {
    state: isChanged ? { ...state, version: current.state.version + 1 } : current.state,
    signals: isSignalsChanged ? signals : current.signals,
    statusChange,
    isChanged,
    isSignalsChanged,
  };
}

function nextSnapshot(
  current: RoomSnapshot,
  command: RoomCommand,
  ctx: RoomRuleContext,
): RoomSnapshot & { statusChange: RoomStatusChange } {
  const { state, signals } = current;
  const at = ctx.now.toISOString();
  const unchanged = { state, signals, statusChange: null };
  switch (command.type) {
    case "confirmAgenda": {
      if (!ctx.canModerate) throw onlyModerator();
      const statusChange = ctx.meetingStatus === "PLANNED" ? "IN_PROGRESS" : null;
      // Confirming twice (two moderators at once) keeps the first confirmation.
      if (state.agendaConfirmedAt !== null) return { ...unchanged, statusChange };
      const first = ctx.agendaItemIds[0] ?? null;
      const startsFirstItem = state.currentItemId === null && first !== null;
      return {
        state: {
          ...state,
          agendaConfirmedAt: at,
          currentItemId: startsFirstItem ? first : state.currentItemId,
          timer: startsFirstItem ? pausedAtZero(first) : state.timer,
        },
        signals,
        statusChange,
      };
    }
    case "setCurrentItem": {
      if (!ctx.canModerate) throw onlyModerator();
      if (!ctx.agendaItemIds.includes(command.agendaItemId)) {
        throw new DomainError("VALIDATION", "roomErrors.itemNotOnAgenda");
      }
      return {
        state: { ...state, currentItemId: command.agendaItemId, timer: pausedAtZero(command.agendaItemId) },
        signals,
        statusChange: null,
      };
    }
    case "startTimer": {
      if (!ctx.canKeepTime) throw new DomainError("FORBIDDEN", "roomErrors.onlyTimekeeper");
      if (state.currentItemId === null || !ctx.agendaItemIds.includes(state.currentItemId)) {
        throw new DomainError("INVALID_STATE", "roomErrors.noCurrentItem");
      }
      if (state.timer.runningSince !== null) return unchanged;
      const timer = state.timer.itemId === state.currentItemId ? state.timer : pausedAtZero(state.currentItemId);
      return { state: { ...state, timer: { ...timer, runningSince: at } }, signals, statusChange: null };
    }
    case "pauseTimer": {
      if (!ctx.canKeepTime) throw new DomainError("FORBIDDEN", "roomErrors.onlyTimekeeper");
      return { state: { ...state, timer: pausedTimer(state.timer, ctx.now) }, signals, statusChange: null };
    }
    case "resetTimer": {
      if (!ctx.canKeepTime) throw new DomainError("FORBIDDEN", "roomErrors.onlyTimekeeper");
      return { state: { ...state, timer: pausedAtZero(state.timer.itemId) }, signals, statusChange: null };
    }
    case "raiseHand": {
      if (state.hands.some((h) => h.userId === ctx.actor.userId)) return unchanged;
      const hand = { userId: ctx.actor.userId, name: ctx.actor.name, raisedAt: at };
      return { state: { ...state, hands: [...state.hands, hand] }, signals, statusChange: null };
    }
    case "lowerHand": {
      const userId = command.userId ?? ctx.actor.userId;
      // Lowering someone else's hand is giving them the floor: the moderator's job.
      if (userId !== ctx.actor.userId && !ctx.canModerate) throw onlyModerator();
      return {
        state: { ...state, hands: state.hands.filter((h) => h.userId !== userId) },
        signals,
        statusChange: null,
      };
    }
    case "signal": {
      // One open signal of a kind per person: pressing again tells the moderator nothing new.
      const isOpen = signals.some(
        (s) => s.userId === ctx.actor.userId && s.kind === command.kind && s.handledAt === null,
      );
      if (isOpen) return unchanged;
      const signal: RoomSignal = {
        id: ctx.newId(),
        userId: ctx.actor.userId,
        name: ctx.actor.name,
        kind: command.kind,
        agendaItemId: state.currentItemId,
        at,
        handledAt: null,
      };
      return { state, signals: [...signals, signal].slice(-ROOM_SIGNALS_KEPT), statusChange: null };
    }
    case "handleSignal": {
      if (!ctx.canModerate) throw onlyModerator();
      const target = signals.find((s) => s.id === command.signalId);
      if (!target) throw new DomainError("VALIDATION", "roomErrors.signalNotFound");
      if (target.handledAt !== null) return unchanged;
      return {
        state,
        signals: signals.map((s) => (s.id === command.signalId ? { ...s, handledAt: at } : s)),
        statusChange: null,
      };
    }
    case "endMeeting": {
      if (!ctx.canModerate) throw onlyModerator();
      return {
        state: { ...state, timer: pausedTimer(state.timer, ctx.now), endedAt: at },
        signals,
        statusChange: "HELD",
      };
    }
  }
}

function pausedAtZero(itemId: string | null): RoomState["timer"] {
  return { itemId, runningSince: null, elapsedMs: 0 };
}

/** The timer stopped at `now`, its running stretch added to the elapsed time. */
function pausedTimer(timer: RoomState["timer"], now: Date): RoomState["timer"] {
  if (timer.runningSince === null) return timer;
  const ran = Math.max(0, Math.round(now.getTime() - Date.parse(timer.runningSince)));
  return { ...timer, runningSince: null, elapsedMs: timer.elapsedMs + ran };
}

function sameState(a: RoomState, b: RoomState): boolean {
  return JSON.stringify({ ...a, version: 0 }) === JSON.stringify({ ...b, version: 0 });
}
