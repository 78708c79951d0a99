// socket.io: authenticated from the session cookie at the handshake; with REDIS_URL set, events
// fan out to every app process through Redis Streams. Meeting-room events are added by the
// meeting-room work; every event payload is parsed with zod before use.
import type http from "node:http";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import { Server } from "socket.io";
import { z } from "zod";
import type { Db } from "../../app/lib/db-types.ts";
import { parseCookieHeader, sessionCookieName } from "../../app/lib/cookies.ts";
import { findSessionUser } from "../../app/domain/auth/sessions.ts";
import type { Logger } from "../logger.ts";
import type { RedisClients } from "../redis.ts";

export type SocketData = { userId: string };

/** Every socket of a person joins this room, so their access can be ended on every process. */
export function userRoom(userId: string) {
  return `user:${userId}`;
}

export function createSocketServer(opts: {
  httpServer: http.Server;
  db: Db;
  logger: Logger;
  isSecureCookie: boolean;
  isOriginAllowed: (origin: string | undefined) => boolean;
  redis: RedisClients | null;
}) {
  const io = new Server<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>(
    opts.httpServer,
    {
      // We route upgrades ourselves (create-server.ts): socket.io must not destroy the Yjs ones.
      destroyUpgrade: false,
      serveClient: false,
      maxHttpBufferSize: 64 * 1024,
      allowRequest: (req, callback) => {
        callback(null, opts.isOriginAllowed(req.headers.origin));
      },
      ...(opts.redis ? { adapter: createAdapter(opts.redis.adapter) } : {}),
    },
  );

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

  const PingSchema = z.object({ at: z.number().int().nonnegative() });
  io.on("connection", (socket) => {
    void socket.join(userRoom(socket.data.userId));
    // Round-trip check used by clients to show the connection state.
    socket.on("session:ping" as never, (payload: unknown, ack: unknown) => {
      if (typeof ack !== "function") return;
      const parsed = PingSchema.safeParse(payload);
      ack(parsed.success ? { ok: true, at: parsed.data.at, userId: socket.data.userId } : { ok: false, code: "VALIDATION" });
    });
  });

  return io;
}
