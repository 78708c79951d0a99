// socket.io: authenticated from the session cookie at the handshake; with REDIS_URL set, events
// fan out to every app process through Redis Streams. The meeting room's events are in
// room-events.ts; every event payload is parsed with zod before use.
import type http from "node:http";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import { Server } from "socket.io";
import { z } from "zod";
import type { Db } from "../../app/lib/db-types.ts";
import { parseCookieHeader, sessionCookieName } from "../../app/lib/cookies.ts";
import { findSessionUser } from "../../app/domain/auth/sessions.ts";
import { actorFromUser } from "../../app/domain/actor.ts";
import { requireMeetingAccess } from "../../app/domain/access/meeting-access.ts";
import { DocIdSchema } from "../../app/domain/collab/doc-name.ts";
import { isDomainError } from "../../app/domain/errors.ts";
import type { RoomPresence } from "../../app/domain/room/room-protocol.ts";
import type { ConnectionLimiter } from "../connection-limiter.ts";
import type { Logger } from "../logger.ts";
import type { RedisClients } from "../redis.ts";
import { refuseUpgrade } from "../collab/upgrade-request.ts";
import { createRoomEvents, type RoomEventHooks } from "./room-events.ts";

export type SocketData = {
  userId: string;
  /** The meeting rooms this socket has joined, with how it appears there (read by fetchSockets on any process). */
  roomPresence?: Record<string, RoomPresence>;
};

/** Every socket of a person joins this room, so their access can be ended on every process. */
export function userRoom(userId: string) {
  return `user:${userId}`;
}

/** Sockets watching one meeting (preparation page, room) join this room after authorisation. */
export function meetingRoom(meetingId: string) {
  return `meeting:${meetingId}`;
}

/** Events the server pushes to a meeting's watchers; the payload carries ids only, never content. */
export const MEETING_EVENTS = ["agenda:changed", "participants:changed", "meeting:changed", "record:changed"] as const;
export type MeetingEvent = (typeof MEETING_EVENTS)[number];

/**
 * How long a dropped connection's rooms and the events it missed are kept for it (socket.io's
 * connection-state recovery; with Redis they are kept in Redis, so any process can restore them).
 * A blip (a restarted process, a moment of lost Wi-Fi) then loses no room event.
 */
export const RECOVERY_WINDOW_MS = 2 * 60 * 1000;

/**
 * People whose access ended within the recovery window. A connection of theirs that was down
 * when their live connections were closed (realtime.disconnectUser) would otherwise get its
 * rooms and missed events back on recovery; theirs are not restored, so they start afresh and
 * every room is authorised again. Filled on every process (create-server.ts).
 */
export type RecentRevocations = { add(userId: string): void; has(userId: string): boolean };

export function createRecentRevocations(windowMs = RECOVERY_WINDOW_MS, now = () => Date.now()): RecentRevocations {
  const until = new Map<string, number>();
  return {
    add(userId) {
      const at = now();
      for (const [id, expiresAt] of until) if (expiresAt <= at) until.delete(id);
      until.set(userId, at + windowMs);
    },
    has(userId) {
      const expiresAt = until.get(userId);
      return expiresAt !== undefined && expiresAt > now();
    },
  };
}

export function createSocketServer(opts: {
  httpServer: http.Server;
  db: Db;
  logger: Logger;
  isSecureCookie: boolean;
  isOriginAllowed: (origin: string | undefined) => boolean;
  /** Connection attempts per client address, taken at the handshake before anything else. */
  connectionLimiter?: ConnectionLimiter;
  redis: RedisClients | null;
  roomHooks: RoomEventHooks;
  revocations?: RecentRevocations;
}) {
  const io = new Server<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>(
    opts.httpServer,
    {
      // We route upgrades ourselves (create-server.ts): socket.io must not destroy the Yjs ones.
      destroyUpgrade: false,
      serveClient: false,
      maxHttpBufferSize: 64 * 1024,
      // Called for handshakes only (a request without a session id), before the session lookup.
      allowRequest: (req, callback) => {
        if (opts.connectionLimiter && !opts.connectionLimiter.admit(req)) {
          answerTooManyRequests(req);
          callback("too many connection attempts", false);
          return;
        }
        callback(null, opts.isOriginAllowed(req.headers.origin));
      },
      ...(opts.redis ? { adapter: createAdapter(opts.redis.adapter) } : {}),
      // The session is checked again on recovery (skipMiddlewares: false): a person signed out
      // meanwhile does not get their connection back.
      connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: false },
    },
  );

  // Restoring runs before the middlewares and sends the missed events at once: refuse it here
  // for someone whose access ended meanwhile (see RecentRevocations).
  const revocations = opts.revocations;
  if (revocations) {
    const adapter = io.of("/").adapter;
    const restoreSession = adapter.restoreSession.bind(adapter);
    // Typed as always finding one; the adapters resolve with nothing when there is none.
    adapter.restoreSession = (async (pid: string, offset: string) => {
      const session = await restoreSession(pid, offset);
      const userId = (session?.data as Partial<SocketData> | undefined)?.userId;
      return session && typeof userId === "string" && revocations.has(userId) ? null : session;
    }) as typeof adapter.restoreSession;
  }

  io.use(async (socket, next) => {
    try {
      const cookies = parseCookieHeader(socket.handshake.headers.cookie);
      const user = await findSessionUser(cookies[sessionCookieName(opts.isSecureCookie)], { db: opts.db });
      if (!user) return next(new Error("UNAUTHENTICATED"));
      socket.data.userId = user.id;
      next();
    } catch (error) {
      opts.logger.error({ event: "socket.auth-failed", err: (error as Error).message });
      next(new Error("UNAVAILABLE"));
    }
  });

  const registerRoomEvents = createRoomEvents({ io, db: opts.db, logger: opts.logger, hooks: opts.roomHooks });
  const PingSchema = z.object({ at: z.number().int().nonnegative() });
  const WatchMeetingSchema = z.object({ meetingId: DocIdSchema });
  io.on("connection", (socket) => {
    void socket.join(userRoom(socket.data.userId));
    registerRoomEvents(socket);
    // Round-trip check used by clients to show the connection state.
    socket.on("session:ping" as never, (payload: unknown, ack: unknown) => {
      if (typeof ack !== "function") return;
      const parsed = PingSchema.safeParse(payload);
      ack(
        parsed.success
          ? { ok: true, at: parsed.data.at, userId: socket.data.userId }
          : { ok: false, code: "VALIDATION" },
      );
    });

    // Watching a meeting: the same meeting policy as the pages decides, then the socket joins
    // the meeting's room and receives its change notifications (ids only; clients reload data).
    socket.on("meeting:watch" as never, async (payload: unknown, ack: unknown) => {
      if (typeof ack !== "function") return;
      const parsed = WatchMeetingSchema.safeParse(payload);
      if (!parsed.success) return ack({ ok: false, code: "VALIDATION" });
      try {
        const user = await opts.db.user.findUnique({ where: { id: socket.data.userId } });
        if (!user || user.disabledAt) return ack({ ok: false, code: "UNAUTHENTICATED" });
        await requireMeetingAccess(actorFromUser(user), "read", parsed.data.meetingId, { db: opts.db });
        await socket.join(meetingRoom(parsed.data.meetingId));
        ack({ ok: true });
      } catch (error) {
        if (isDomainError(error)) return ack({ ok: false, code: error.code });
        opts.logger.error({ event: "socket.watch-failed", err: (error as Error).message });
        ack({ ok: false, code: "UNAVAILABLE" });
      }
    });
  });

  return io;
}

/**
 * engine.io answers a refused handshake with 400 or 403 only; answer 429 ourselves first. It then
 * leaves the request alone: a polling response already sent, an upgrade socket no longer writable.
 */
function answerTooManyRequests(req: http.IncomingMessage): void {
  const res = (req as http.IncomingMessage & { res?: http.ServerResponse }).res;
  if (res) {
    if (!res.headersSent) res.writeHead(429, { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "1" });
    res.end("Too Many Requests");
    return;
  }
  refuseUpgrade(req.socket, 429);
}
