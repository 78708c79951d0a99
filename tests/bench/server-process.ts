// The server side of the bench, in its own process (forked by server-control.ts with
// --expose-gc), so that its memory and event loop are measured without the thousand clients
// that run in the parent process. By default it creates a fresh database (SQLite, or PostgreSQL
// when TEST_DB=postgres), seeds the synthetic fixture, starts the real server with createServer()
// (authentication, persistence and audit as in production) and answers the parent's
// measurement requests over the IPC channel. Nothing here is reachable over the network: the
// measurements travel only on IPC.
//
// Production mode (cluster.ts) starts three of these on one database the parent created:
// BENCH_DATABASE_URL names it (this process neither creates nor drops it), BENCH_REDIS_URL the
// Redis they share, and only the first one is given a BENCH_PLAN to seed.
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { Db } from "../../app/lib/db-types.ts";
import { createServer } from "../../server/create-server.ts";
import { createDb } from "../../server/db/create-db.ts";
import { parseEnv } from "../../server/env.ts";
import { createLogger } from "../../server/logger.ts";
import { createTestDatabase } from "../support/test-db.ts";
import { seedFixture, type Fixture, type FixturePlan } from "./fixture.ts";

export type ServerRequest = { id: number; type: "memory" | "eld-reset" | "eld-read" | "document-loads" | "close" };

/** How many times this process read each document from the database to load it, by document name. */
export type DocumentLoads = Record<string, number>;

export type MemorySample = { rss: number; heapUsed: number; external: number; arrayBuffers: number; isGcForced: boolean };
/** How late a 10 ms timer fired (beyond its interval), in ms; CPU use of the process in % of one core. */
export type EventLoopDelay = { maxMs: number; p99Ms: number; meanMs: number; cpuPercent: number };

export type ServerMessage =
  | { type: "ready"; url: string; databaseKind: "sqlite" | "postgresql"; fixture: Fixture; setupMs: number }
  | { type: "response"; id: number; result: unknown }
  | { type: "failed"; id: number; error: string };

const send = (message: ServerMessage) =>
  new Promise<void>((resolve) => {
    if (!process.send) throw new Error("server-process.ts is started by run.ts (through fork), not by hand");
    process.send(message, undefined, undefined, () => resolve());
  });

const started = performance.now();
const plan = JSON.parse(process.env.BENCH_PLAN ?? "{}") as FixturePlan;
const existingDatabaseUrl = process.env.BENCH_DATABASE_URL || null;
const testDb = existingDatabaseUrl ? null : await createTestDatabase();
const env = parseEnv({
  NODE_ENV: "production",
  PORT: "0",
  HOST: "127.0.0.1",
  DATABASE_URL: existingDatabaseUrl ?? testDb?.url,
  REDIS_URL: process.env.BENCH_REDIS_URL,
  DEMO_MODE: "false",
  LOG_LEVEL: "info",
  // Every bench client connects from 127.0.0.1; in production each person has an address of
  // their own. The per-address budget is left off rather than raised to a thousand.
  CONNECT_RATE_PER_IP: "0",
});
const ownDb = testDb?.db ?? createDb(env.database);
// A process given no plan (the second and third of a cluster) serves the first one's fixture.
const fixture: Fixture = Object.keys(plan).length > 0 ? await seedFixture(ownDb, plan) : { meetings: {}, signIn: { email: "", password: "" } };
const documentLoads = new Map<string, number>();
// JSON lines on stdout; the parent counts them by message (see log-summary.ts).
const server = await createServer({ env, logger: createLogger(env.logLevel), db: countDocumentLoads(ownDb, documentLoads) });
const { port } = await server.listen();

/**
 * The Yjs server loads a document with loadStoredDocument (app/domain/collab/stored-document.ts),
 * whose first statement is `collabUpdate.findMany({ where: { docName } })` on the database handle
 * the server was given. Other reads of those rows (compaction) come from elsewhere, so a call
 * counts as a load when loadStoredDocument is on the stack: counted here, without a hook in the
 * server. Loads are rare, so capturing a stack for each findMany costs nothing that matters.
 */
function countDocumentLoads(db: Db, loads: Map<string, number>): Db {
  const updates = db.collabUpdate;
  const countingUpdates = new Proxy(updates, {
    get(target, property) {
      if (property !== "findMany") return Reflect.get(target, property, target) as unknown;
      return (args: Parameters<typeof updates.findMany>[0]) => {
        const docName = args?.where?.docName;
        if (typeof docName === "string" && new Error().stack?.includes("loadStoredDocument")) {
          loads.set(docName, (loads.get(docName) ?? 0) + 1);
        }
        return target.findMany(args);
      };
    },
  });
  return new Proxy(db, {
    get(target, property) {
      if (property === "collabUpdate") return countingUpdates;
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

// Event-loop delay: perf_hooks.monitorEventLoopDelay with 10 ms resolution (fine enough for a
// 100 ms target, cheap enough not to disturb the server). Its reset() also forgets the time of
// the last tick, so a block that starts within one interval of a reset is not recorded at all;
// this timer keeps the time of the last tick across resets and reports the longest gap
// beyond the interval, so a block is always counted in the window where it ends.
const RESOLUTION_MS = 10;
const eventLoop = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
eventLoop.enable();
let lastTick = performance.now();
let longestGapMs = 0;
const gapTimer = setInterval(() => {
  const now = performance.now();
  longestGapMs = Math.max(longestGapMs, now - lastTick - RESOLUTION_MS);
  lastTick = now;
}, RESOLUTION_MS);
// CPU time since the last reset, next to the delays: a busy loop and a blocked one look alike.
let cpuAtReset = process.cpuUsage();
let wallAtReset = performance.now();
function resetEventLoop(): void {
  eventLoop.reset();
  longestGapMs = 0;
  cpuAtReset = process.cpuUsage();
  wallAtReset = performance.now();
}

async function sampleMemory(): Promise<MemorySample> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    // Twice, with a turn of the loop between, so that objects freed by finalisers go too.
    gc();
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  // A forced GC blocks the loop on purpose: keep it out of the delay figures.
  resetEventLoop();
  return { rss, heapUsed, external, arrayBuffers, isGcForced: gc !== undefined };
}

function readEventLoop(): EventLoopDelay {
  const cpu = process.cpuUsage(cpuAtReset);
  const cpuPercent = ((cpu.user + cpu.system) / 1000 / Math.max(1, performance.now() - wallAtReset)) * 100;
  // The histogram records whole intervals (resolution included); the gap timer, the excess.
  const histogramMaxMs = eventLoop.count === 0 ? 0 : eventLoop.max / 1e6 - RESOLUTION_MS;
  const maxMs = Math.max(0, longestGapMs, histogramMaxMs);
  if (eventLoop.count === 0) return { maxMs, p99Ms: 0, meanMs: 0, cpuPercent };
  const excess = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  return { maxMs, p99Ms: excess(eventLoop.percentile(99)), meanMs: excess(eventLoop.mean), cpuPercent };
}

let closing: Promise<void> | null = null;
function shutDown(): Promise<void> {
  closing ??= (async () => {
    eventLoop.disable();
    clearInterval(gapTimer);
    await server.close();
    // The parent drops a database it created for several processes.
    if (testDb) await testDb.drop();
    else await ownDb.$disconnect();
  })();
  return closing;
}

process.on("message", (message: ServerRequest) => {
  void (async () => {
    try {
      let result: unknown = null;
      if (message.type === "memory") result = await sampleMemory();
      else if (message.type === "eld-reset") resetEventLoop();
      else if (message.type === "eld-read") result = readEventLoop();
      else if (message.type === "document-loads") result = Object.fromEntries(documentLoads) satisfies DocumentLoads;
      else if (message.type === "close") await shutDown();
      await send({ type: "response", id: message.id, result });
      if (message.type === "close") process.exit(0);
    } catch (error) {
      await send({ type: "failed", id: message.id, error: error instanceof Error ? error.stack ?? error.message : String(error) });
    }
  })();
});
// The parent died or gave up on us: still drop our database.
process.on("disconnect", () => {
  void shutDown().finally(() => process.exit(0));
});

await send({
  type: "ready",
  url: `http://127.0.0.1:${port}`,
  databaseKind: env.database.kind,
  fixture,
  setupMs: performance.now() - started,
});
