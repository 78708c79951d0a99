// One Node process, one port: Express with the Remix handler, socket.io, and the Yjs endpoint.
// Upgrade requests are routed here by path, explicitly: /socket.io/ to socket.io, /collab/ to the
// Yjs server, anything else is refused.
import { randomBytes } from "node:crypto";
import { existsSync, watch } from "node:fs";
import http from "node:http";
import type { Duplex } from "node:stream";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import express from "express";
import type { Db } from "../app/lib/db-types.ts";
import type { AppServices } from "../app/lib/context.ts";
import { csrfCookieName, parseCookieHeader, serializeCookie } from "../app/lib/cookies.ts";
import { createCollabServer } from "./collab/collab-server.ts";
import { describeError } from "./collab/log-safe.ts";
import { RelayFlushError, createCollabRelay, createRedisTransport, type CollabRelay } from "./collab/relay.ts";
import { createConnectionLimiter } from "./connection-limiter.ts";
import { authorizeCollabRequest } from "./auth/authorize-collab.ts";
import { createDb } from "./db/create-db.ts";
import type { Env } from "./env.ts";
import type { Logger } from "./logger.ts";
import { createMailer } from "./mail/create-mailer.ts";
import { formatDocName } from "../app/domain/collab/doc-name.ts";
import { createRecentRevocations, createSocketServer, meetingRoom, userRoom } from "./realtime/socket-server.ts";
import { connectRedis, type RedisClients } from "./redis.ts";

export const rootDir = path.resolve(import.meta.dirname, "..");
const BUILD_PATH = path.join(rootDir, "build", "index.js");

export type AppServer = {
  httpServer: http.Server;
  services: AppServices;
  /** Resolves with the port actually bound (PORT=0 picks a free one). */
  listen(): Promise<{ port: number; url: string }>;
  /** Graceful shutdown: stop accepting, flush document writes, close sockets and the database. */
  close(): Promise<void>;
};

export async function createServer({
  env,
  logger,
  db: givenDb,
}: {
  env: Env;
  logger: Logger;
  db?: Db;
}): Promise<AppServer> {
  const db = givenDb ?? createDb(env.database);
  const redis: RedisClients | null = env.redisUrl ? await connectRedis(env.redisUrl, logger) : null;
  // Production mode: collaborative documents are kept in step with the other processes' copies.
  const relay: CollabRelay | null = redis ? createCollabRelay({ transport: createRedisTransport(redis), logger }) : null;
  const revocations = createRecentRevocations();
  const mailer = createMailer({ smtpUrl: env.smtpUrl, from: env.mailFrom, logger });
  const config = {
    isDemoMode: env.isDemoMode,
    isSecureCookie: env.isSecureCookie,
    publicUrl: env.publicUrl.origin,
    sessionDays: env.sessionDays,
  };
  // Filled in below once socket.io and the Yjs server exist.
  const realtime: AppServices["realtime"] = {
    disconnectUser: () => {},
    notifyMeeting: () => {},
    flushDocument: async () => {},
    disconnectDocument: () => {},
  };
  const services: AppServices = { db, config, logger, mailer, realtime };
  let boundPort = env.port;
  // Browsers name the page's origin on every POST and websocket. Without an explicit PUBLIC_URL
  // (quick start, tests) the app may be opened as localhost or 127.0.0.1: accept loopback on our port.
  const isOriginAllowed = (origin: string | undefined) => {
    if (!origin) return true;
    if (env.isPublicUrlExplicit) return origin === config.publicUrl;
    try {
      const url = new URL(origin);
      return ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname) && Number(url.port) === boundPort;
    } catch {
      return false;
    }
  };

  const app = express();
  app.disable("x-powered-by");
  // A hop count, never `true`: Express would then take the leftmost X-Forwarded-For entry, which
  // the client writes itself (a proxy appends, it does not replace).
  if (env.trustProxy > 0) app.set("trust proxy", env.trustProxy);

  app.use((_req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    next();
  });

  // One JSON line per request: method, path with secrets masked, status, duration. No query
  // strings, no bodies, no cookies (they can carry personal data or tokens).
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      if (req.path === "/healthz" || req.path.startsWith("/build/")) return;
      logger.info({
        event: "http.request",
        method: req.method,
        path: maskPath(req.path),
        status: res.statusCode,
        ms: Number((process.hrtime.bigint() - started) / 1_000_000n),
      });
    });
    next();
  });

  app.get("/healthz", async (_req, res) => {
    const checks: Record<string, "ok" | "fail"> = {};
    try {
      await db.$queryRawUnsafe("SELECT 1");
      checks.database = "ok";
    } catch {
      checks.database = "fail";
    }
    if (redis) checks.redis = (await redis.ping()) ? "ok" : "fail";
    const isHealthy = Object.values(checks).every((v) => v === "ok");
    res.status(isHealthy ? 200 : 503).json({ status: isHealthy ? "ok" : "fail", checks });
  });

  app.use("/build", express.static(path.join(rootDir, "public", "build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(rootDir, "public"), { maxAge: "1h" }));

  // Double-submit CSRF token: a random cookie per browser, echoed in every form (app/lib/forms.server.ts).
  // Cross-site POSTs are refused here already when the browser names another Origin.
  app.use((req, res, next) => {
    if (!["GET", "HEAD", "OPTIONS"].includes(req.method) && !isOriginAllowed(req.headers.origin)) {
      logger.warn({ event: "http.foreign-origin", method: req.method }, "cross-origin request refused");
      res.status(403).type("text/plain").send("Forbidden: cross-origin request");
      return;
    }
    const name = csrfCookieName(config.isSecureCookie);
    let token = parseCookieHeader(req.headers.cookie)[name];
    if (!token || !/^[A-Za-z0-9_-]{32,64}$/.test(token)) {
      token = randomBytes(32).toString("base64url");
      res.append("Set-Cookie", serializeCookie(name, token, { isSecure: config.isSecureCookie }));
    }
    res.locals.csrfToken = token;
    next();
  });

  let build = await loadBuild();
  const remixHandler = createRequestHandler({
    build: async () => build,
    mode: env.nodeEnv === "production" ? "production" : "development",
    getLoadContext: (req, res) => ({
      services,
      request: { clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown", csrfToken: String(res.locals.csrfToken) },
    }),
  });
  app.all("*", remixHandler);

  const httpServer = http.createServer(app);
  // One budget of connection attempts per client address for socket.io and /collab/ together.
  const connectionLimiter = createConnectionLimiter({ ...env.connectLimit, trustProxy: env.trustProxy, logger });
  const io = createSocketServer({
    httpServer,
    db,
    logger,
    isSecureCookie: config.isSecureCookie,
    isOriginAllowed,
    connectionLimiter,
    redis,
    revocations,
    roomHooks: {
      onMeetingStarted: (meetingId) => realtime.notifyMeeting(meetingId, "meeting:changed"),
      // A held meeting's room document is read-only (authorize-document.ts): its open connections,
      // on every process, reconnect and are authorised again.
      onMeetingEnded: (meetingId) => {
        realtime.disconnectDocument(formatDocName({ kind: "room", meetingId }));
        realtime.notifyMeeting(meetingId, "meeting:changed");
      },
    },
  });
  const collab = createCollabServer({
    db,
    logger,
    limits: env.collabLimits,
    connectionLimiter,
    authorize: (req, docName) => authorizeCollabRequest(req, docName, { db, isSecureCookie: config.isSecureCookie }),
    relay,
  });

  // The Yjs connections of a person or a document are closed here and, through the relay's
  // control channel, by every other process in the same way. socket.io's disconnectSockets goes
  // to every process through its Redis adapter by itself.
  const endUserConnectionsHere = (userId: string) => {
    revocations.add(userId);
    collab.disconnectUser(userId);
  };
  relay?.onControl({
    disconnectUser: endUserConnectionsHere,
    disconnectDocument: (docName) => collab.disconnectDocument(docName),
  });
  realtime.disconnectUser = (userId: string) => {
    endUserConnectionsHere(userId);
    relay?.disconnectUser(userId);
    io.in(userRoom(userId)).disconnectSockets(true);
  };
  realtime.notifyMeeting = (meetingId, event) => {
    io.to(meetingRoom(meetingId)).emit(event as never, { meetingId } as never);
  };
  // Every process holding the document stores what it holds; the caller then reads the database.
  realtime.flushDocument = async (docName) => {
    const results = await Promise.allSettled([collab.flushDocument(docName), relay?.flushDocument(docName)]);
    const failure = results.find((result): result is PromiseRejectedResult => result.status === "rejected");
    if (failure) {
      const reason: unknown = failure.reason;
      logger.warn(
        {
          event: "collab.flush-document-failed",
          docName,
          // Ours names a document and counts processes; a database error's text may quote data.
          err: reason instanceof RelayFlushError ? reason.message : describeError(reason),
        },
        "a live document could not be stored on request",
      );
      throw reason;
    }
  };
  realtime.disconnectDocument = (docName) => {
    collab.disconnectDocument(docName);
    relay?.disconnectDocument(docName);
  };

  httpServer.on("upgrade", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    if (pathname.startsWith("/socket.io/")) return; // socket.io's own upgrade listener takes it
    if (pathname.startsWith("/collab/") && isOriginAllowed(req.headers.origin)) {
      collab.handleUpgrade(req, socket, head);
      return;
    }
    socket.write("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    socket.destroy();
  });

  // Development: `remix dev --manual` rebuilds; we re-import the build and tell it we are ready.
  let watcher: ReturnType<typeof watch> | null = null;
  if (env.nodeEnv === "development" && existsSync(path.dirname(BUILD_PATH))) {
    watcher = watch(path.dirname(BUILD_PATH), { persistent: false }, async (_event, file) => {
      if (file !== "version.txt" && file !== "index.js") return;
      build = await loadBuild(true);
      await broadcastDevReady(build);
    });
  }

  let isClosed = false;
  return {
    httpServer,
    services,
    async listen() {
      await new Promise<void>((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(env.port, env.host, () => resolve());
      });
      const address = httpServer.address();
      const port = typeof address === "object" && address ? address.port : env.port;
      boundPort = port;
      // Without an explicit PUBLIC_URL (quick start, tests) links point to where we really listen.
      if (!env.isPublicUrlExplicit) config.publicUrl = `http://localhost:${port}`;
      if (env.nodeEnv === "development") await broadcastDevReady(build);
      return { port, url: config.publicUrl };
    },
    async close() {
      if (isClosed) return;
      isClosed = true;
      watcher?.close();
      const closing = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      try {
        await collab.close();
      } catch (error) {
        // The documents that could not be stored stay in their stored state; say how many.
        const failed = error instanceof AggregateError ? error.errors.length : 1;
        logger.error({ event: "collab.flush-failed", documents: failed }, "document writes lost at shutdown");
      }
      await new Promise<void>((resolve) => io.close(() => resolve()));
      httpServer.closeAllConnections();
      await closing;
      await relay?.close();
      await redis?.close();
      if (!givenDb) await db.$disconnect();
    },
  };
}

/** Invitation links carry a secret in the path: never let it into a log. */
export function maskPath(pathname: string): string {
  return pathname.replace(/^\/invite\/[^/]+/, "/invite/:token").slice(0, 200);
}

async function loadBuild(isReload = false): Promise<ServerBuild> {
  if (!existsSync(BUILD_PATH)) {
    throw new Error("The app is not built yet: run `npm run build` first (or `npm run dev`).");
  }
  const url = pathToFileURL(BUILD_PATH).href + (isReload ? `?t=${Date.now()}` : "");
  return (await import(url)) as ServerBuild;
}
