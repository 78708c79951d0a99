// The meeting room's run-state over socket.io (decision record 009, protocol in
// app/domain/room/room-protocol.ts). A socket joins a room after the room's access rule
// (requireRoomAccess) let it in; commands go through runRoomCommand, and the new state is
// broadcast to everyone in the room, the signals to its moderators only. Presence is computed
// from the sockets in the room across every process (fetchSockets goes through the Redis adapter
// when there is one), so it is right however the participants are spread over the processes.
//
// Logs carry ids and codes only: names, positions and signals are personal data.
import type { Server, Socket } from "socket.io";
import { actorFromUser, type Actor } from "../../app/domain/actor.ts";
import { isDomainError, type DomainErrorCode } from "../../app/domain/errors.ts";
import { getRoomState } from "../../app/domain/room/get-room-state.ts";
import type { RoomAccessFacts } from "../../app/domain/room/room-access.ts";
import {
  ROOM_EVENTS,
  RoomCommandEnvelopeSchema,
  RoomJoinSchema,
  type RoomJoinResult,
  type RoomPresence,
} from "../../app/domain/room/room-protocol.ts";
import { runRoomCommand } from "../../app/domain/room/run-room-command.ts";
import type { Db } from "../../app/lib/db-types.ts";
import type { Logger } from "../logger.ts";
import type { SocketData } from "./socket-server.ts";

/** Everyone in a meeting's room (state and presence go here). */
export function roomChannel(meetingId: string) {
  return `room:${meetingId}`;
}

/** The room's moderators (signals go here). */
export function roomModeratorsChannel(meetingId: string) {
  return `room-mods:${meetingId}`;
}

export type RoomEventHooks = {
  /** The agenda was confirmed: the meeting is now in progress. */
  onMeetingStarted(meetingId: string): void;
  /** The moderator ended the meeting: it is held, its live document becomes read-only. */
  onMeetingEnded(meetingId: string): void;
};

/** What a refused request is answered with; messageKey is under roomErrors.* or error.*. */
export type RoomFailure = { ok: false; code: DomainErrorCode | "UNAVAILABLE"; messageKey: string };

type RoomServer = Server<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>;
type RoomSocket = Socket<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>;
type Ack = (response: unknown) => void;

/** At most this many commands per socket in the window: a held-down key must not flood the database. */
const COMMANDS_PER_WINDOW = 30;
const COMMAND_WINDOW_MS = 10_000;

/** How long presence waits for the other processes' answer (through the Redis adapter). */
const PRESENCE_TIMEOUT_MS = 2000;

const MEETING_ROLE_ORDER = ["MODERATOR", "MODERATOR_AND_MINUTE_TAKER", "MINUTE_TAKER", "TIMEKEEPER", "PARTICIPANT"];

const failure = (code: RoomFailure["code"], messageKey: string): RoomFailure => ({ ok: false, code, messageKey });

export function createRoomEvents({
  io,
  db,
  logger,
  hooks,
}: {
  io: RoomServer;
  db: Db;
  logger: Logger;
  hooks: RoomEventHooks;
}): (socket: RoomSocket) => void {
  async function loadActor(socket: RoomSocket): Promise<Actor | null> {
    const user = await db.user.findUnique({ where: { id: socket.data.userId } });
    return user && !user.disabledAt ? actorFromUser(user) : null;
  }

  /** Who is in the room now, once per person (someone may have the room open on two devices). */
  async function presenceOf(meetingId: string): Promise<RoomPresence[]> {
    const sockets = await io
      .in(roomChannel(meetingId))
      .timeout(PRESENCE_TIMEOUT_MS)
      .fetchSockets()
      .catch((error: unknown) => {
        // A process that died without saying goodbye is waited for until the adapter's
        // heartbeat gives up on it; meanwhile show who is here rather than nobody.
        logger.warn({ event: "room.presence-partial", meetingId, err: errorName(error) });
        return io.local.in(roomChannel(meetingId)).fetchSockets();
      });
    const byUser = new Map<string, RoomPresence>();
    for (const s of sockets) {
      const entry = s.data.roomPresence?.[meetingId];
      if (entry && !byUser.has(entry.userId)) byUser.set(entry.userId, entry);
    }
    return [...byUser.values()].sort(
      (a, b) =>
        MEETING_ROLE_ORDER.indexOf(a.meetingRole) - MEETING_ROLE_ORDER.indexOf(b.meetingRole) ||
        a.name.localeCompare(b.name, "et"),
    );
  }

  async function broadcastPresence(meetingId: string): Promise<void> {
    try {
      const presence = await presenceOf(meetingId);
      io.to(roomChannel(meetingId)).emit(ROOM_EVENTS.presence as never, { meetingId, presence } as never);
    } catch (error) {
      logger.warn({ event: "room.presence-failed", meetingId, err: errorName(error) });
    }
  }

  function failureOf(error: unknown, event: string, ids: Record<string, string>): RoomFailure {
    if (isDomainError(error)) return failure(error.code, error.messageKey);
    logger.error({ event, ...ids, err: errorName(error) });
    return failure("UNAVAILABLE", "roomErrors.unavailable");
  }

  return (socket) => {
    let windowStart = 0;
    let commandsInWindow = 0;

    socket.on(ROOM_EVENTS.join as never, async (payload: unknown, ack: unknown) => {
      if (typeof ack !== "function") return;
      const reply = ack as Ack;
      const parsed = RoomJoinSchema.safeParse(payload);
      if (!parsed.success) return reply(failure("VALIDATION", "roomErrors.invalidRequest"));
      const { meetingId } = parsed.data;
      try {
        const actor = await loadActor(socket);
        if (!actor) return reply(failure("UNAUTHENTICATED", "roomErrors.signedOut"));
        const view = await getRoomState(actor, meetingId, { db });
        socket.data.roomPresence = { ...socket.data.roomPresence, [meetingId]: presenceEntry(actor, view.access) };
        await socket.join(roomChannel(meetingId));
        if (view.access.canModerate) await socket.join(roomModeratorsChannel(meetingId));
        else await socket.leave(roomModeratorsChannel(meetingId));
        const presence = await presenceOf(meetingId);
        const result: RoomJoinResult = {
          state: view.state,
          presence,
          signals: view.signals,
          me: {
            userId: actor.userId,
            canModerate: view.access.canModerate,
            canKeepTime: view.access.canKeepTime,
            canWrite: view.access.canWrite,
          },
        };
        reply({ ok: true, ...result });
        socket.to(roomChannel(meetingId)).emit(ROOM_EVENTS.presence as never, { meetingId, presence } as never);
      } catch (error) {
        reply(failureOf(error, "room.join-failed", { meetingId, userId: socket.data.userId }));
      }
    });

    socket.on(ROOM_EVENTS.leave as never, async (payload: unknown, ack: unknown) => {
      const parsed = RoomJoinSchema.safeParse(payload);
      if (!parsed.success) {
        if (typeof ack === "function") (ack as Ack)(failure("VALIDATION", "roomErrors.invalidRequest"));
        return;
      }
      const { meetingId } = parsed.data;
      await leaveRoom(socket, meetingId);
      if (typeof ack === "function") (ack as Ack)({ ok: true });
      await broadcastPresence(meetingId);
    });

    socket.on(ROOM_EVENTS.command as never, async (payload: unknown, ack: unknown) => {
      const reply: Ack = typeof ack === "function" ? (ack as Ack) : () => {};
      const parsed = RoomCommandEnvelopeSchema.safeParse(payload);
      if (!parsed.success) return reply(failure("VALIDATION", "roomErrors.invalidRequest"));
      const { meetingId, command } = parsed.data;
      if (!socket.data.roomPresence?.[meetingId] || !socket.rooms.has(roomChannel(meetingId))) {
        return reply(failure("INVALID_STATE", "roomErrors.notJoined"));
      }
      const at = Date.now();
      if (at - windowStart > COMMAND_WINDOW_MS) {
        windowStart = at;
        commandsInWindow = 0;
      }
      commandsInWindow += 1;
      if (commandsInWindow > COMMANDS_PER_WINDOW) return reply(failure("RATE_LIMITED", "roomErrors.tooFast"));
      try {
        const actor = await loadActor(socket);
        if (!actor) return reply(failure("UNAUTHENTICATED", "roomErrors.signedOut"));
        const result = await runRoomCommand(actor, { meetingId, command }, { db });
        reply({ ok: true, state: result.state });
        if (!result.isChanged) return;
        io.to(roomChannel(meetingId)).emit(ROOM_EVENTS.state as never, { meetingId, state: result.state } as never);
        if (result.isSignalsChanged) {
          io.to(roomModeratorsChannel(meetingId)).emit(
            ROOM_EVENTS.signals as never,
            { meetingId, signals: result.signals } as never,
          );
        }
        if (result.statusChange === "IN_PROGRESS") hooks.onMeetingStarted(meetingId);
        if (result.statusChange === "HELD") hooks.onMeetingEnded(meetingId);
      } catch (error) {
        reply(
          failureOf(error, "room.command-failed", { meetingId, userId: socket.data.userId, command: command.type }),
        );
      }
    });

    socket.on("disconnect", (reason: string) => {
      const meetingIds = Object.keys(socket.data.roomPresence ?? {});
      socket.data.roomPresence = {};
      // At shutdown there is no one left here to tell (the adapter's failed sends are handled in
      // server/redis.ts anyway): the clients rejoin elsewhere, which broadcasts their presence.
      if (reason === "server shutting down") return;
      // The socket has already left its rooms: the others see the presence without it.
      for (const meetingId of meetingIds) void broadcastPresence(meetingId);
    });
  };
}

async function leaveRoom(socket: RoomSocket, meetingId: string): Promise<void> {
  const { [meetingId]: _left, ...rest } = socket.data.roomPresence ?? {};
  socket.data.roomPresence = rest;
  await socket.leave(roomChannel(meetingId));
  await socket.leave(roomModeratorsChannel(meetingId));
}

function presenceEntry(actor: Actor, access: RoomAccessFacts): RoomPresence {
  return {
    userId: actor.userId,
    name: access.name,
    position: access.position,
    meetingRole: access.participant.meetingRole,
    caseRole: access.participant.caseRole,
    isRemote: access.participant.isRemote,
  };
}

/** An error's kind for the log: its name and a database error code, never its message (it may quote data). */
function errorName(error: unknown): string {
  if (!(error instanceof Error)) return "unknown";
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? `${error.name}:${code}` : error.name;
}
