import { describe, expect, it } from "vitest";
import type { MeetingStatus } from "~/lib/db-types";
import { DomainError } from "../errors";
import {
  INITIAL_ROOM_STATE,
  RoomCommandSchema,
  RoomSignalSchema,
  RoomStateSchema,
  type RoomCommand,
  type RoomSignal,
  type RoomState,
} from "./room-protocol";
import { applyRoomCommand, ROOM_SIGNALS_KEPT, type RoomRuleContext, type RoomSnapshot } from "./room-rules";

const ITEM_A = "itemaaaaaaaa";
const ITEM_B = "itembbbbbbbb";
const MODERATOR = { userId: "usermoderator", name: "Kadri Kask" };
const TIMEKEEPER = { userId: "usertimekeeper", name: "Tiit Tamm" };
const PARTICIPANT = { userId: "userparticipant", name: "Jaan Kivi" };
const T0 = new Date("2026-12-01T10:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

type Role = "moderator" | "timekeeper" | "participant";
const ROLES: readonly Role[] = ["moderator", "timekeeper", "participant"];

let idCounter = 0;
function ctx(role: Role, overrides: Partial<RoomRuleContext> = {}): RoomRuleContext {
  const actor = role === "moderator" ? MODERATOR : role === "timekeeper" ? TIMEKEEPER : PARTICIPANT;
  return {
    actor,
    canModerate: role === "moderator",
    canKeepTime: role !== "participant",
    agendaItemIds: [ITEM_A, ITEM_B],
    meetingStatus: "IN_PROGRESS",
    now: T0,
    newId: () => `signal${++idCounter}`,
    ...overrides,
  };
}

function snapshot(state: Partial<RoomState> = {}, signals: RoomSignal[] = []): RoomSnapshot {
  return { state: { ...INITIAL_ROOM_STATE, ...state }, signals };
}

/** A meeting under way: agenda confirmed, item A current, timer paused at 0. */
function running(extra: Partial<RoomState> = {}, signals: RoomSignal[] = []): RoomSnapshot {
  return snapshot(
    {
      version: 5,
      agendaConfirmedAt: T0.toISOString(),
      currentItemId: ITEM_A,
      timer: { itemId: ITEM_A, runningSince: null, elapsedMs: 0 },
      ...extra,
    },
    signals,
  );
}

function signalOf(
  user: { userId: string; name: string },
  kind: RoomSignal["kind"],
  id: string,
  handledAt: string | null = null,
): RoomSignal {
  return { id, userId: user.userId, name: user.name, kind, agendaItemId: ITEM_A, at: T0.toISOString(), handledAt };
}

function errorOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error("expected a DomainError, nothing was thrown");
}

// Every command, with a state in which the permitted role succeeds.
const CASES: { command: RoomCommand; before: () => RoomSnapshot; allowed: readonly Role[]; refusal: string }[] = [
  {
    command: { type: "confirmAgenda" },
    before: () => snapshot(),
    allowed: ["moderator"],
    refusal: "roomErrors.onlyModerator",
  },
  {
    command: { type: "setCurrentItem", agendaItemId: ITEM_B },
    before: () => running(),
    allowed: ["moderator"],
    refusal: "roomErrors.onlyModerator",
  },
  {
    command: { type: "startTimer" },
    before: () => running(),
    allowed: ["moderator", "timekeeper"],
    refusal: "roomErrors.onlyTimekeeper",
  },
  {
    command: { type: "pauseTimer" },
    before: () => running({ timer: { itemId: ITEM_A, runningSince: T0.toISOString(), elapsedMs: 0 } }),
    allowed: ["moderator", "timekeeper"],
    refusal: "roomErrors.onlyTimekeeper",
  },
  {
    command: { type: "resetTimer" },
    before: () => running({ timer: { itemId: ITEM_A, runningSince: null, elapsedMs: 5000 } }),
    allowed: ["moderator", "timekeeper"],
    refusal: "roomErrors.onlyTimekeeper",
  },
  {
    command: { type: "raiseHand" },
    before: () => running(),
    allowed: ["moderator", "timekeeper", "participant"],
    refusal: "",
  },
  {
    command: { type: "lowerHand" },
    before: () =>
      running({
        hands: [MODERATOR, TIMEKEEPER, PARTICIPANT].map((p) => ({ ...p, raisedAt: T0.toISOString() })),
      }),
    allowed: ["moderator", "timekeeper", "participant"],
    refusal: "",
  },
  {
    command: { type: "lowerHand", userId: "userothersomeone" },
    before: () => running({ hands: [{ userId: "userothersomeone", name: "Eve Mägi", raisedAt: T0.toISOString() }] }),
    allowed: ["moderator"],
    refusal: "roomErrors.onlyModerator",
  },
  {
    command: { type: "signal", kind: "dontUnderstand" },
    before: () => running(),
    allowed: ["moderator", "timekeeper", "participant"],
    refusal: "",
  },
  {
    command: { type: "handleSignal", signalId: "signalopen" },
    before: () => running({}, [signalOf(PARTICIPANT, "disagree", "signalopen")]),
    allowed: ["moderator"],
    refusal: "roomErrors.onlyModerator",
  },
  {
    command: { type: "endMeeting" },
    before: () => running(),
    allowed: ["moderator"],
    refusal: "roomErrors.onlyModerator",
  },
];

describe("applyRoomCommand: who may do what", () => {
  it("covers every command type", () => {
    const covered = new Set(CASES.map((c) => c.command.type));
    const all = RoomCommandSchema.options.map((o) => o.shape.type.value);
    expect([...covered].sort()).toEqual([...all].sort());
  });

  for (const { command, before, allowed, refusal } of CASES) {
    for (const role of ROLES) {
      const label = `${command.type}${"userId" in command && command.userId ? " (someone else)" : ""}`;
      if (allowed.includes(role)) {
        it(`${label}: ${role} may, and the version grows by one`, () => {
          const current = before();
          const result = applyRoomCommand(current, command, ctx(role, { now: at(30) }));
          expect(result.isChanged).toBe(true);
          expect(result.state.version).toBe(current.state.version + 1);
          expect(RoomStateSchema.safeParse(result.state).success).toBe(true);
          expect(RoomSignalSchema.array().safeParse(result.signals).success).toBe(true);
        });
      } else {
        it(`${label}: ${role} may not (FORBIDDEN, ${refusal})`, () => {
          const current = before();
          const error = errorOf(() => applyRoomCommand(current, command, ctx(role)));
          expect(error.code).toBe("FORBIDDEN");
          expect(error.messageKey).toBe(refusal);
        });
      }
    }
  }

  it("after the meeting has ended, every command is refused for everyone (INVALID_STATE)", () => {
    const ended = running({ endedAt: at(60).toISOString() }, [signalOf(PARTICIPANT, "disagree", "signalopen")]);
    for (const { command } of CASES) {
      for (const role of ROLES) {
        const error = errorOf(() => applyRoomCommand(ended, command, ctx(role)));
        expect([command.type, role, error.code, error.messageKey]).toEqual([
          command.type,
          role,
          "INVALID_STATE",
          "roomErrors.meetingEnded",
        ]);
      }
    }
  });

  it("refuses every command while the meeting is held or cancelled, even if the room never ended", () => {
    for (const [status, key] of [
      ["HELD", "roomErrors.meetingEnded"],
      ["CANCELLED", "roomErrors.meetingCancelled"],
    ] as [MeetingStatus, string][]) {
      for (const { command, before } of CASES) {
        const error = errorOf(() => applyRoomCommand(before(), command, ctx("moderator", { meetingStatus: status })));
        expect([command.type, error.code, error.messageKey]).toEqual([command.type, "INVALID_STATE", key]);
      }
    }
  });
});

describe("confirmAgenda", () => {
  it("confirms, makes the first item current with its timer at 0, and starts a planned meeting", () => {
    const result = applyRoomCommand(
      snapshot(),
      { type: "confirmAgenda" },
      ctx("moderator", { meetingStatus: "PLANNED" }),
    );
    expect(result.state).toEqual({
      ...INITIAL_ROOM_STATE,
      version: 1,
      agendaConfirmedAt: T0.toISOString(),
      currentItemId: ITEM_A,
      timer: { itemId: ITEM_A, runningSince: null, elapsedMs: 0 },
    });
    expect(result.statusChange).toBe("IN_PROGRESS");
  });

  it("keeps an item already chosen, and changes no status of a meeting already in progress", () => {
    const before = snapshot({ currentItemId: ITEM_B, timer: { itemId: ITEM_B, runningSince: null, elapsedMs: 700 } });
    const result = applyRoomCommand(before, { type: "confirmAgenda" }, ctx("moderator"));
    expect(result.state.currentItemId).toBe(ITEM_B);
    expect(result.state.timer.elapsedMs).toBe(700);
    expect(result.statusChange).toBeNull();
  });

  it("with an empty agenda confirms without a current item", () => {
    const result = applyRoomCommand(snapshot(), { type: "confirmAgenda" }, ctx("moderator", { agendaItemIds: [] }));
    expect(result.state.agendaConfirmedAt).toBe(T0.toISOString());
    expect(result.state.currentItemId).toBeNull();
  });

  it("confirming again keeps the first confirmation and changes nothing", () => {
    const before = running();
    const result = applyRoomCommand(before, { type: "confirmAgenda" }, ctx("moderator", { now: at(90) }));
    expect(result.isChanged).toBe(false);
    expect(result.state).toBe(before.state);
  });
});

describe("setCurrentItem", () => {
  it("moves to the item and resets the timer to it, paused at 0", () => {
    const before = running({ timer: { itemId: ITEM_A, runningSince: T0.toISOString(), elapsedMs: 1234 } });
    const result = applyRoomCommand(before, { type: "setCurrentItem", agendaItemId: ITEM_B }, ctx("moderator"));
    expect(result.state.currentItemId).toBe(ITEM_B);
    expect(result.state.timer).toEqual({ itemId: ITEM_B, runningSince: null, elapsedMs: 0 });
    expect(result.statusChange).toBeNull();
  });

  it("refuses an item that is not on this meeting's agenda (VALIDATION)", () => {
    const error = errorOf(() =>
      applyRoomCommand(running(), { type: "setCurrentItem", agendaItemId: "itemelsewhere" }, ctx("moderator")),
    );
    expect([error.code, error.messageKey]).toEqual(["VALIDATION", "roomErrors.itemNotOnAgenda"]);
  });
});

describe("the timer", () => {
  it("runs: start, pause adds the running stretch, start again, pause again", () => {
    let room = running();
    room = applyRoomCommand(room, { type: "startTimer" }, ctx("timekeeper", { now: at(0) }));
    expect(room.state.timer).toEqual({ itemId: ITEM_A, runningSince: at(0).toISOString(), elapsedMs: 0 });
    room = applyRoomCommand(room, { type: "pauseTimer" }, ctx("timekeeper", { now: at(90) }));
    expect(room.state.timer).toEqual({ itemId: ITEM_A, runningSince: null, elapsedMs: 90_000 });
    room = applyRoomCommand(room, { type: "startTimer" }, ctx("moderator", { now: at(100) }));
    room = applyRoomCommand(room, { type: "pauseTimer" }, ctx("moderator", { now: at(110) }));
    expect(room.state.timer.elapsedMs).toBe(100_000);
    expect(room.state.version).toBe(9);
  });

  it("needs a current item to start (INVALID_STATE), and one still on the agenda", () => {
    const none = errorOf(() => applyRoomCommand(snapshot(), { type: "startTimer" }, ctx("timekeeper")));
    expect([none.code, none.messageKey]).toEqual(["INVALID_STATE", "roomErrors.noCurrentItem"]);
    const removed = errorOf(() =>
      applyRoomCommand(running(), { type: "startTimer" }, ctx("timekeeper", { agendaItemIds: [ITEM_B] })),
    );
    expect(removed.messageKey).toBe("roomErrors.noCurrentItem");
  });

  it("starting a running timer and pausing a paused one change nothing (no new version)", () => {
    const isRunning = running({ timer: { itemId: ITEM_A, runningSince: T0.toISOString(), elapsedMs: 0 } });
    const again = applyRoomCommand(isRunning, { type: "startTimer" }, ctx("timekeeper", { now: at(5) }));
    expect(again.isChanged).toBe(false);
    expect(again.state).toBe(isRunning.state);
    const paused = running();
    expect(applyRoomCommand(paused, { type: "pauseTimer" }, ctx("timekeeper")).isChanged).toBe(false);
  });

  it("reset stops the timer at 0 on the same item", () => {
    const before = running({ timer: { itemId: ITEM_A, runningSince: T0.toISOString(), elapsedMs: 4000 } });
    const result = applyRoomCommand(before, { type: "resetTimer" }, ctx("timekeeper", { now: at(20) }));
    expect(result.state.timer).toEqual({ itemId: ITEM_A, runningSince: null, elapsedMs: 0 });
  });

  it("never counts backwards when the clock is behind the start", () => {
    const before = running({ timer: { itemId: ITEM_A, runningSince: at(10).toISOString(), elapsedMs: 500 } });
    const result = applyRoomCommand(before, { type: "pauseTimer" }, ctx("timekeeper", { now: at(0) }));
    expect(result.state.timer.elapsedMs).toBe(500);
  });

  it("starts from 0 when the timer still measures an item that is no longer current", () => {
    const before = running({ timer: { itemId: ITEM_B, runningSince: null, elapsedMs: 9000 } });
    const result = applyRoomCommand(before, { type: "startTimer" }, ctx("timekeeper"));
    expect(result.state.timer).toEqual({ itemId: ITEM_A, runningSince: T0.toISOString(), elapsedMs: 0 });
  });
});

describe("hands", () => {
  it("queue in the order raised; raising again keeps one's place and changes nothing", () => {
    let room = running();
    room = applyRoomCommand(room, { type: "raiseHand" }, ctx("participant", { now: at(1) }));
    room = applyRoomCommand(room, { type: "raiseHand" }, ctx("timekeeper", { now: at(2) }));
    const again = applyRoomCommand(room, { type: "raiseHand" }, ctx("participant", { now: at(3) }));
    expect(again.isChanged).toBe(false);
    expect(again.state.hands).toEqual([
      { ...PARTICIPANT, raisedAt: at(1).toISOString() },
      { ...TIMEKEEPER, raisedAt: at(2).toISOString() },
    ]);
  });

  it("lowering one's own hand removes only it; the moderator lowers anyone's", () => {
    const room = running({
      hands: [PARTICIPANT, TIMEKEEPER].map((p) => ({ ...p, raisedAt: T0.toISOString() })),
    });
    const own = applyRoomCommand(room, { type: "lowerHand" }, ctx("participant"));
    expect(own.state.hands.map((h) => h.userId)).toEqual([TIMEKEEPER.userId]);
    const byModerator = applyRoomCommand(room, { type: "lowerHand", userId: PARTICIPANT.userId }, ctx("moderator"));
    expect(byModerator.state.hands.map((h) => h.userId)).toEqual([TIMEKEEPER.userId]);
    // Naming oneself explicitly is allowed for anyone.
    const named = applyRoomCommand(room, { type: "lowerHand", userId: PARTICIPANT.userId }, ctx("participant"));
    expect(named.state.hands.map((h) => h.userId)).toEqual([TIMEKEEPER.userId]);
  });

  it("a timekeeper may not lower someone else's hand", () => {
    const room = running({ hands: [{ ...PARTICIPANT, raisedAt: T0.toISOString() }] });
    const error = errorOf(() =>
      applyRoomCommand(room, { type: "lowerHand", userId: PARTICIPANT.userId }, ctx("timekeeper")),
    );
    expect(error.code).toBe("FORBIDDEN");
  });

  it("lowering a hand that is not raised changes nothing", () => {
    const result = applyRoomCommand(running(), { type: "lowerHand" }, ctx("participant"));
    expect(result.isChanged).toBe(false);
  });
});

describe("signals", () => {
  it("records who, what and under which item, without touching the state except its version", () => {
    const before = running();
    const result = applyRoomCommand(
      before,
      { type: "signal", kind: "disagree" },
      ctx("participant", { now: at(7), newId: () => "signalnew" }),
    );
    expect(result.signals).toEqual([
      {
        id: "signalnew",
        userId: PARTICIPANT.userId,
        name: PARTICIPANT.name,
        kind: "disagree",
        agendaItemId: ITEM_A,
        at: at(7).toISOString(),
        handledAt: null,
      },
    ]);
    expect(result.isSignalsChanged).toBe(true);
    expect({ ...result.state, version: 0 }).toEqual({ ...before.state, version: 0 });
    expect(result.state.version).toBe(before.state.version + 1);
  });

  it("one open signal of a kind per person: a repeat is a no-op; another kind or person is not", () => {
    const open = running({}, [signalOf(PARTICIPANT, "dontUnderstand", "signalone")]);
    const repeat = applyRoomCommand(open, { type: "signal", kind: "dontUnderstand" }, ctx("participant"));
    expect(repeat.isChanged).toBe(false);
    expect(repeat.isSignalsChanged).toBe(false);
    expect(repeat.signals).toBe(open.signals);
    expect(applyRoomCommand(open, { type: "signal", kind: "disagree" }, ctx("participant")).signals).toHaveLength(2);
    expect(applyRoomCommand(open, { type: "signal", kind: "dontUnderstand" }, ctx("timekeeper")).signals).toHaveLength(
      2,
    );
  });

  it("once the moderator has handled it, the same signal may be sent again", () => {
    const handled = running({}, [signalOf(PARTICIPANT, "dontUnderstand", "signalone", T0.toISOString())]);
    const result = applyRoomCommand(handled, { type: "signal", kind: "dontUnderstand" }, ctx("participant"));
    expect(result.signals).toHaveLength(2);
  });

  it("before any item is current, a signal names no item", () => {
    const result = applyRoomCommand(snapshot(), { type: "signal", kind: "dontUnderstand" }, ctx("participant"));
    expect(result.signals[0]?.agendaItemId).toBeNull();
  });

  it(`keeps only the newest ${ROOM_SIGNALS_KEPT}`, () => {
    const many = Array.from({ length: ROOM_SIGNALS_KEPT }, (_, i) =>
      signalOf({ userId: `userpeople${String(i).padStart(4, "0")}`, name: "X" }, "disagree", `old${i}`),
    );
    const result = applyRoomCommand(
      running({}, many),
      { type: "signal", kind: "disagree" },
      ctx("participant", { newId: () => "newest" }),
    );
    expect(result.signals).toHaveLength(ROOM_SIGNALS_KEPT);
    expect(result.signals[0]?.id).toBe("old1");
    expect(result.signals.at(-1)?.id).toBe("newest");
  });

  it("handling marks it handled once; again changes nothing; an unknown id is refused", () => {
    const open = running({}, [
      signalOf(PARTICIPANT, "disagree", "signalone"),
      signalOf(TIMEKEEPER, "disagree", "signaltwo"),
    ]);
    const handled = applyRoomCommand(
      open,
      { type: "handleSignal", signalId: "signalone" },
      ctx("moderator", { now: at(5) }),
    );
    expect(handled.signals.map((s) => s.handledAt)).toEqual([at(5).toISOString(), null]);
    expect(handled.isSignalsChanged).toBe(true);
    const again = applyRoomCommand(
      handled,
      { type: "handleSignal", signalId: "signalone" },
      ctx("moderator", { now: at(9) }),
    );
    expect(again.isChanged).toBe(false);
    const error = errorOf(() => applyRoomCommand(open, { type: "handleSignal", signalId: "nosuch" }, ctx("moderator")));
    expect([error.code, error.messageKey]).toEqual(["VALIDATION", "roomErrors.signalNotFound"]);
  });
});

describe("endMeeting", () => {
  it("stops a running timer with its time counted, records the end and makes the meeting held", () => {
    const before = running({ timer: { itemId: ITEM_A, runningSince: at(0).toISOString(), elapsedMs: 1000 } });
    const result = applyRoomCommand(before, { type: "endMeeting" }, ctx("moderator", { now: at(60) }));
    expect(result.state.timer).toEqual({ itemId: ITEM_A, runningSince: null, elapsedMs: 61_000 });
    expect(result.state.endedAt).toBe(at(60).toISOString());
    expect(result.statusChange).toBe("HELD");
  });

  it("ends a meeting whose agenda was never confirmed too (PLANNED → HELD)", () => {
    const result = applyRoomCommand(snapshot(), { type: "endMeeting" }, ctx("moderator", { meetingStatus: "PLANNED" }));
    expect(result.statusChange).toBe("HELD");
    expect(result.state.version).toBe(1);
  });
});

describe("the protocol's schemas", () => {
  it("refuse unknown commands and extra fields", () => {
    expect(RoomCommandSchema.safeParse({ type: "confirmAgenda" }).success).toBe(true);
    expect(RoomCommandSchema.safeParse({ type: "dance" }).success).toBe(false);
    expect(RoomCommandSchema.safeParse({ type: "raiseHand", userId: "userparticipant" }).success).toBe(false);
    expect(RoomCommandSchema.safeParse({ type: "signal", kind: "angry" }).success).toBe(false);
  });
});
