// The meeting room's shared state and its socket.io protocol. Browser-safe: zod only.
//
// The live document (room-doc.ts) holds what the meeting writes; this state holds how the
// meeting runs: whether the agenda is confirmed, the current item, the item timer, the queue
// of raised hands, and the client's "I don't understand" / "I disagree" signals to the
// moderator. It is stored in the database (MeetingRoom), so it survives a reconnect and a
// server restart, and every change goes through one service (run-room-command.ts).
import { z } from "zod";

export const ROOM_SIGNAL_KINDS = ["dontUnderstand", "disagree"] as const;
export type RoomSignalKind = (typeof ROOM_SIGNAL_KINDS)[number];

const Id = z.string().regex(/^[a-z0-9]{8,40}$/);

export const RoomStateSchema = z.object({
  /** Grows with every change; clients ignore a state older than the one they hold. */
  version: z.number().int().nonnegative(),
  agendaConfirmedAt: z.string().nullable(),
  currentItemId: Id.nullable(),
  timer: z.object({
    /** The agenda item the timer measures. */
    itemId: Id.nullable(),
    /** ISO instant when it was last started; null while paused. */
    runningSince: z.string().nullable(),
    /** Time counted before runningSince (the sum of earlier runs). */
    elapsedMs: z.number().int().nonnegative(),
  }),
  hands: z.array(z.object({ userId: Id, name: z.string(), raisedAt: z.string() })).max(200),
  endedAt: z.string().nullable(),
});
export type RoomState = z.output<typeof RoomStateSchema>;

/** A signal from a participant (the client, usually) to the moderator; only moderators receive them. */
export const RoomSignalSchema = z.object({
  id: z.string(),
  userId: Id,
  name: z.string(),
  kind: z.enum(ROOM_SIGNAL_KINDS),
  /** The agenda item current when it was sent. */
  agendaItemId: Id.nullable(),
  at: z.string(),
  handledAt: z.string().nullable(),
});
export type RoomSignal = z.output<typeof RoomSignalSchema>;

export const INITIAL_ROOM_STATE: RoomState = Object.freeze({
  version: 0,
  agendaConfirmedAt: null,
  currentItemId: null,
  timer: { itemId: null, runningSince: null, elapsedMs: 0 },
  hands: [],
  endedAt: null,
}) as RoomState;

/** Everything a participant may ask of the room. Who may do which is decided in room-rules.ts. */
export const RoomCommandSchema = z.discriminatedUnion("type", [
  /** Moderator: the agenda is confirmed (004 §2.2); the meeting is now in progress. */
  z.object({ type: z.literal("confirmAgenda") }).strict(),
  /** Moderator: move to an agenda item (resets the timer to that item, paused). */
  z.object({ type: z.literal("setCurrentItem"), agendaItemId: Id }).strict(),
  /** Moderator or timekeeper. */
  z.object({ type: z.literal("startTimer") }).strict(),
  z.object({ type: z.literal("pauseTimer") }).strict(),
  z.object({ type: z.literal("resetTimer") }).strict(),
  /** Anyone in the room, for themselves. */
  z.object({ type: z.literal("raiseHand") }).strict(),
  /** Anyone for themselves; the moderator for anyone (giving the floor). */
  z.object({ type: z.literal("lowerHand"), userId: Id.optional() }).strict(),
  /** Anyone in the room: "I don't understand" / "I disagree", to the moderator. */
  z.object({ type: z.literal("signal"), kind: z.enum(ROOM_SIGNAL_KINDS) }).strict(),
  /** Moderator: a signal was seen and dealt with. */
  z.object({ type: z.literal("handleSignal"), signalId: z.string().max(64) }).strict(),
  /** Moderator: the meeting is over; its documents become read-only (status HELD). */
  z.object({ type: z.literal("endMeeting") }).strict(),
]);
export type RoomCommand = z.output<typeof RoomCommandSchema>;

export type RoomPresence = {
  userId: string;
  name: string;
  /** Position and organisation, as the room shows them. */
  position: string;
  meetingRole: string;
  caseRole: string | null;
  isRemote: boolean;
};

/** What `room:join` answers with. */
export type RoomJoinResult = {
  state: RoomState;
  presence: RoomPresence[];
  /** Only for moderators; empty for everyone else. */
  signals: RoomSignal[];
  me: { userId: string; canModerate: boolean; canKeepTime: boolean; canWrite: boolean };
};

/** socket.io event names of the room, client → server (with acknowledgement) and server → client. */
export const ROOM_EVENTS = {
  /** c→s { meetingId } ack { ok: true, ...RoomJoinResult } | { ok: false, code, messageKey } */
  join: "room:join",
  /** c→s { meetingId } (no ack) */
  leave: "room:leave",
  /** c→s { meetingId, command: RoomCommand } ack { ok: true, state } | { ok: false, code, messageKey } */
  command: "room:command",
  /** s→c { meetingId, state: RoomState } to everyone in the room */
  state: "room:state",
  /** s→c { meetingId, presence: RoomPresence[] } to everyone in the room */
  presence: "room:presence",
  /** s→c { meetingId, signals: RoomSignal[] } to the room's moderators only */
  signals: "room:signals",
} as const;

export const RoomJoinSchema = z.object({ meetingId: Id }).strict();
export const RoomCommandEnvelopeSchema = z.object({ meetingId: Id, command: RoomCommandSchema }).strict();

/** The timer's reading at `now` (ms), for display: elapsed plus the running stretch. */
export function timerElapsedMs(timer: RoomState["timer"], now: number): number {
  if (!timer.runningSince) return timer.elapsedMs;
  return timer.elapsedMs + Math.max(0, now - Date.parse(timer.runningSince));
}
