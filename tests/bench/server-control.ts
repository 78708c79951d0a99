// The parent's handle on the server process (server-process.ts): starts it, waits for it to be
// ready, asks it for memory and event-loop figures, collects its log lines, stops it (or kills it,
// as a crash would).
import { fork, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import type { FixturePlan, Fixture } from "./fixture.ts";
import type { DocumentLoads, EventLoopDelay, MemorySample, ServerMessage, ServerRequest } from "./server-process.ts";
import { LogSummary } from "./log-summary.ts";

const START_TIMEOUT_MS = 120_000;
const REQUEST_TIMEOUT_MS = 60_000;

export type BenchServer = {
  url: string;
  databaseKind: "sqlite" | "postgresql";
  /** Empty unless this process seeded the database. */
  fixture: Fixture;
  setupMs: number;
  logs: LogSummary;
  memory(): Promise<MemorySample>;
  resetEventLoop(): Promise<void>;
  readEventLoop(): Promise<EventLoopDelay>;
  documentLoads(): Promise<DocumentLoads>;
  /** SIGKILL: no shutdown, no flush, as when the machine or the process dies. Resolves once it is gone. */
  kill(): Promise<void>;
  /** Graceful shutdown (flushes documents, drops the database); kills the process if it hangs. */
  stop(): Promise<void>;
};

export type BenchServerOptions = {
  database: "sqlite" | "postgres";
  /** What to seed; leave out (or empty) for a process that serves what another one seeded. */
  plan?: FixturePlan;
  /** Use this database (created and dropped by the caller) instead of a fresh one of its own. */
  databaseUrl?: string;
  /** Production mode: the Redis shared with the other processes. */
  redisUrl?: string;
};

export async function startBenchServer({ database, plan = {}, databaseUrl, redisUrl }: BenchServerOptions): Promise<BenchServer> {
  const child = fork(path.join(import.meta.dirname, "server-process.ts"), [], {
    // BENCH_SERVER_CPU_PROF=<dir>: also write a V8 CPU profile of the server there, to find a slow path.
    execArgv: [
      "--expose-gc",
      ...(process.env.BENCH_SERVER_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_SERVER_CPU_PROF}`] : []),
      "--import",
      "tsx",
    ],
    env: {
      ...process.env,
      TEST_DB: database === "postgres" ? "postgres" : "sqlite",
      BENCH_PLAN: JSON.stringify(plan),
      BENCH_DATABASE_URL: databaseUrl ?? "",
      BENCH_REDIS_URL: redisUrl ?? "",
    },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  const logs = new LogSummary();
  // BENCH_SERVER_LOG_DIR=<dir>: also keep every log line of the server, one file per process.
  const logDir = process.env.BENCH_SERVER_LOG_DIR;
  const logFile = logDir ? createWriteStream(path.join(logDir, `server-${process.pid}-${child.pid ?? "x"}.log`)) : null;
  const onLine = (line: string) => {
    logs.add(line);
    logFile?.write(`${line}\n`);
  };
  createInterface({ input: child.stdout! }).on("line", onLine);
  createInterface({ input: child.stderr! }).on("line", onLine);

  let exitCode: number | string | null = null;
  const exited = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      exitCode = code ?? signal;
      logFile?.end();
      resolve();
    }),
  );

  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  const ready = new Promise<Extract<ServerMessage, { type: "ready" }>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the server process did not start in time")), START_TIMEOUT_MS);
    child.on("message", (message: ServerMessage) => {
      if (message.type === "ready") {
        clearTimeout(timer);
        resolve(message);
      } else {
        const waiter = pending.get(message.id);
        pending.delete(message.id);
        if (message.type === "response") waiter?.resolve(message.result);
        else waiter?.reject(new Error(`server process: ${message.error}`));
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      const error = new Error(`the server process exited (${String(exitCode)}); its last lines:\n${logs.tail().join("\n")}`);
      reject(error);
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
    });
  });

  function request<T>(type: ServerRequest["type"]): Promise<T> {
    if (exitCode !== null) return Promise.reject(new Error(`the server process has exited (${String(exitCode)})`));
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`server process: no answer to ${type}`));
      }, REQUEST_TIMEOUT_MS);
      pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      child.send({ id, type } satisfies ServerRequest);
    });
  }

  let info: Extract<ServerMessage, { type: "ready" }>;
  try {
    info = await ready;
  } catch (error) {
    await kill(child, exited);
    throw error;
  }

  let stopping: Promise<void> | null = null;
  return {
    url: info.url,
    databaseKind: info.databaseKind,
    fixture: info.fixture,
    setupMs: info.setupMs,
    logs,
    memory: () => request<MemorySample>("memory"),
    resetEventLoop: () => request<void>("eld-reset"),
    readEventLoop: () => request<EventLoopDelay>("eld-read"),
    documentLoads: () => request<DocumentLoads>("document-loads"),
    kill: () => kill(child, exited),
    stop() {
      stopping ??= (async () => {
        if (exitCode !== null) return;
        try {
          await request("close");
        } catch {
          // Reported by the caller through the logs; make sure the process goes anyway.
        }
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
        await kill(child, exited);
      })();
      return stopping;
    },
  };
}

async function kill(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGKILL");
  await exited;
}
