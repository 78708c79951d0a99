// The production-mode phase of `npm run bench` (BENCH_ONLY=cluster runs it alone): three app
// processes on one PostgreSQL database and one Redis, as behind a load balancer, with the
// figures of issue 7:
//
//   latency    100 meetings × 10 clients, each meeting's clients spread over the three processes
//              (round robin): remote-update latency from an editor on one process to observers
//              on the others, against the single-process figure of phase 2 (p95 at most twice);
//   soak       BENCH_SOAK_MINUTES (default 10) of steady editing; heap + external of each process
//              after forced GC every 30 s; growth after warm-up (target: none, ≤ 10 %);
//   failover   SIGKILL to one process while all 1,000 clients are connected and editing: time
//              until every client it served is connected and synced elsewhere and every client
//              holds everything any client of its meeting had at the kill (target ≤ 10 s); how
//              many times each process loaded each document from the database (target: once).
//
// The database is created (and dropped) here; the first process seeds it. Redis is a
// redis-server child of this process on a free port (redis-server.ts). Clients move between
// processes as cluster-clients.ts describes.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createTestDatabase, postgresAdminUrl, type TestDatabase } from "../support/test-db.ts";
import {
  ClusterLedger,
  ClusterRecorder,
  RECONNECT_BASE_MS,
  RECONNECT_MAX_MS,
  connectClusterClients,
  drainCluster,
  driveClusterEdits,
  formatCloseCodes,
  hasEverything,
  isConverged,
  makeSteadyEdit,
  makeTrackedEdit,
  sleep,
  structCount,
  unionOfStateVectors,
  type ClusterClient,
} from "./cluster-clients.ts";
import type { FixturePlan } from "./fixture.ts";
import { findRedisServer, startRedis, type BenchRedis } from "./redis-server.ts";
import { startBenchServer, type BenchServer } from "./server-control.ts";
import type { DocumentLoads, MemorySample } from "./server-process.ts";
import { summarize, type FigureSet, type Target } from "./stats.ts";

const rootDir = path.resolve(import.meta.dirname, "../..");
const MB = 1024 * 1024;

const PROCESSES = 3;
const MEETINGS = 100;
const CLIENTS_PER_MEETING = 10;
const PLAN: FixturePlan = { cluster: { meetings: MEETINGS, usersPerMeeting: CLIENTS_PER_MEETING } };
/** As phase 2 (hundred_meetings), so that the two latencies compare. */
const LATENCY_WARMUP_EDITS = 200;
const LATENCY_MEASURED_EDITS = 2000;
const LATENCY_RATE = 100;
/** The long-running load: every meeting edits once every 2 s, each participant typing 15 edits (30 s) in a row. */
const STEADY_RATE = 50;
const STEADY_TURN = 15;
const SAMPLE_INTERVAL_MS = 30_000;
/** The second process: not the one that seeded (which makes no difference, the database is ours). */
const KILLED = 1;
const FAILOVER_TIMEOUT_MS = 60_000;
const CONVERGE_TIMEOUT_MS = 15_000;

const TARGET = {
  crossProcessRatio: { max: 2, label: "≤ 2× single process" },
  resync: { max: 10, label: "≤ 10 s" },
  growthPercent: { max: 10, label: "≤ 10 % (no growth)" },
  loadsPerDocument: { max: 1, label: "1 per process" },
} satisfies Record<string, Target>;

const METHOD = [
  "Production mode (cluster.*): three server processes as above, on one fresh PostgreSQL database and a",
  `  redis-server of the bench's own; ${MEETINGS} meetings × ${CLIENTS_PER_MEETING} clients, client i of meeting m on process (m + i) mod 3.`,
  "  - remote_update_cross_process: as remote_update, counting only observers on another process than the editor;",
  "    p95_ratio divides its p95 by phase 2's (same load on one process).",
  `  - soak: steady editing (${STEADY_RATE} edits/s; in each meeting one person types ${STEADY_TURN} edits in a row while the oldest`,
  "    text is deleted, so documents keep their size); heap + external after forced GC,",
  "    every 30 s, one process at a time; growth = last sample − first sample after warm-up.",
  `  - failover: SIGKILL to process ${KILLED + 1} while editing goes on; its clients move to another process at random after`,
  `    a jittered backoff (uniform in [0, ${RECONNECT_BASE_MS} ms], doubling per failure). resync_all: until every moved client is`,
  "    synced elsewhere and every client's document holds all that any client of its meeting had at the kill.",
  "  - document_loads: calls of loadStoredDocument (how the Yjs server reads a document to load it), per process.",
  "",
];

/** Production mode cannot run here (no redis-server, no PostgreSQL): reported, not a failure. */
export class ClusterSkipped extends Error {}

export type SingleProcessReference = { p95Ms: number; source: string };

export type ClusterOutcome = {
  /** Lines printed after the table: the memory series and the servers' log lines. */
  report: string[];
  meta: Record<string, unknown>;
};

export function soakMinutesFromEnv(): number {
  const raw = process.env.BENCH_SOAK_MINUTES;
  if (raw === undefined || raw === "") return 10;
  const minutes = Number(raw);
  if (!Number.isFinite(minutes) || minutes <= 0)
    throw new Error(`BENCH_SOAK_MINUTES: expected a positive number of minutes, got "${raw}"`);
  return minutes;
}

/** How long the phase may take before run.ts's watchdog stops it. */
export function clusterBudgetMs(soakMinutes: number): number {
  return soakMinutes * 60_000 + 8 * 60_000;
}

/** Whether server/create-server.ts relays Yjs updates between processes (the relay of issue 7). */
export function describeRelay(): { isWired: boolean; isCommitted: boolean } {
  const createServer = readFileSync(path.join(rootDir, "server/create-server.ts"), "utf8");
  let isCommitted = false;
  try {
    execFileSync("git", ["ls-files", "--error-unmatch", "server/collab/relay.ts"], { cwd: rootDir, stdio: "ignore" });
    isCommitted =
      execFileSync("git", ["status", "--porcelain", "server/collab/relay.ts", "server/create-server.ts"], {
        cwd: rootDir,
        encoding: "utf8",
      }).trim() === "";
  } catch {
    isCommitted = false;
  }
  return { isWired: /createCollabRelay\(/.test(createServer), isCommitted };
}

/**
 * The single-process p95 to compare with: phase 2 of this run, or (BENCH_ONLY=cluster) the one in
 * bench-results.json from the last full run.
 */
export function singleProcessReference(
  figures: FigureSet,
  resultsPath: string,
  database: string,
): SingleProcessReference | null {
  const name = "hundred_meetings.remote_update.p95";
  const inThisRun = figures.figures.find((figure) => figure.name === name);
  if (inThisRun && Number.isFinite(inThisRun.value))
    return { p95Ms: inThisRun.value, source: `phase 2 of this run, ${database}` };
  const previous = readResults(resultsPath);
  const figure = previous?.[name] as { value?: unknown } | undefined;
  const meta = previous?.meta as { date?: string; database?: string } | undefined;
  if (typeof figure?.value !== "number") return null;
  return {
    p95Ms: figure.value,
    source: `bench-results.json of ${meta?.date?.slice(0, 10) ?? "?"}, ${meta?.database ?? "?"}`,
  };
}

/**
 * What a partial run (BENCH_ONLY=cluster) writes: the figures of the last full run, with the
 * phase's own replaced and its meta under meta.cluster.
 */
export function mergeIntoResults(resultsPath: string, partial: Record<string, unknown>): Record<string, unknown> {
  const previous = readResults(resultsPath) ?? {};
  const kept = Object.entries(previous).filter(([name]) => name !== "meta" && !name.startsWith("cluster."));
  const { meta, ...fresh } = partial;
  return {
    meta: {
      ...(previous.meta as Record<string, unknown> | undefined),
      cluster: { measuredSeparately: "BENCH_ONLY=cluster", ...(meta as Record<string, unknown>) },
    },
    ...Object.fromEntries(kept),
    ...fresh,
  };
}

function readResults(resultsPath: string): Record<string, unknown> | null {
  if (!existsSync(resultsPath)) return null;
  try {
    return JSON.parse(readFileSync(resultsPath, "utf8")) as Record<string, unknown>;
  } catch {
    return null;
  }
}

type Context = {
  figures: FigureSet;
  servers: BenchServer[];
  urls: string[];
  clients: ClusterClient[];
  /** Clients by meeting, in participant order. */
  meetings: ClusterClient[][];
  ledger: ClusterLedger;
  report: string[];
  /** What each process had loaded just before the kill (the killed one cannot say afterwards). */
  loadsBeforeKill?: DocumentLoads[];
};

export async function runCluster({
  figures,
  reference,
  soakMinutes,
}: {
  figures: FigureSet;
  reference: SingleProcessReference | null;
  soakMinutes: number;
}): Promise<ClusterOutcome> {
  const redisCommand = findRedisServer();
  if (!redisCommand) throw new ClusterSkipped("redis-server is not on the PATH");
  let database: TestDatabase;
  try {
    database = await createTestDatabase({ kind: "postgresql" });
  } catch (error) {
    if ((error as { code?: string }).code === "ECONNREFUSED") {
      throw new ClusterSkipped(`PostgreSQL does not answer at ${new URL(postgresAdminUrl).host} (TEST_POSTGRES_URL)`);
    }
    throw error;
  }
  const relay = describeRelay();
  const started = performance.now();
  const loadAtStart = os.loadavg()[0] ?? 0;
  let redis: BenchRedis | null = null;
  const context: Context = {
    figures,
    servers: [],
    urls: [],
    clients: [],
    meetings: [],
    ledger: new ClusterLedger(),
    report: [...METHOD],
  };
  try {
    redis = await startRedis(redisCommand);
    const redisUrl = redis.url;
    // The first seeds; the others start once the fixture is in, as later processes of a deployment would.
    const first = await startBenchServer({ database: "postgres", plan: PLAN, databaseUrl: database.url, redisUrl });
    context.servers.push(first);
    await Promise.all(
      Array.from({ length: PROCESSES - 1 }, async () => {
        context.servers.push(await startBenchServer({ database: "postgres", databaseUrl: database.url, redisUrl }));
      }),
    );
    context.urls = context.servers.map((s) => s.url);
    figures.add("cluster.setup", (performance.now() - started) / 1000, "s", {
      note: "database + Redis + 3 processes (first seeds)",
    });
    const meetings = first.fixture.meetings.cluster ?? [];
    if (meetings.length !== MEETINGS) throw new Error("the first process did not seed the cluster meetings");

    setPhase(context, "connect");
    const connectStarted = performance.now();
    // Meeting m's client i starts on process (m + i) mod 3: 4/3/3 per meeting, 334/333/333 in all.
    context.clients = await connectClusterClients(
      meetings.flatMap((meeting, m) =>
        meeting.cookies.map((cookie, i) => ({
          urls: context.urls,
          first: (m + i) % PROCESSES,
          docName: meeting.docName,
          cookie,
          name: `Bench User ${i + 1}`,
          ledger: context.ledger,
        })),
      ),
      { concurrency: 50, timeoutMs: 180_000 },
    );
    figures.add("cluster.connect_all", (performance.now() - connectStarted) / 1000, "s", {
      note: "open + sync + saved, 50 at a time",
    });
    context.meetings = meetings.map((_, m) =>
      context.clients.slice(m * CLIENTS_PER_MEETING, (m + 1) * CLIENTS_PER_MEETING),
    );
    await sleep(2000);
    const connected = await memoryOfAll(context.servers);
    context.servers.forEach((_, i) => {
      figures.add(`cluster.process_${i + 1}.heap_plus_external`, heapPlusExternal(connected[i]!), "MB", {
        note:
          i === 0
            ? `all 100 meetings open, ${countOn(context.clients, i)} of the clients here (per process)`
            : `${countOn(context.clients, i)} clients`,
      });
    });

    await measureLatency(context, reference);
    const steady = startSteadyEditing(context);
    try {
      await soak(context, soakMinutes, steady);
      await failover(context, steady);
    } finally {
      await steady.stop();
    }
    await checkConvergence(context);
    await countLoads(context);
  } finally {
    for (const client of context.clients) client.destroy();
    context.report.push("Server log lines by process and phase (http.request lines only when status ≥ 400):");
    context.servers.forEach((server, i) => {
      server.logs.setPhase("shutdown");
      context.report.push(
        ` process ${i + 1}${i === KILLED ? " (killed with SIGKILL in the failover)" : ""}:`,
        server.logs.format(),
      );
    });
    await Promise.allSettled(context.servers.map((server) => server.stop()));
    await redis?.stop();
    await database.drop();
  }
  return {
    report: context.report,
    meta: {
      processes: PROCESSES,
      database: "postgresql",
      redis: redisVersion(redisCommand),
      relay: relay.isWired
        ? relay.isCommitted
          ? "wired in create-server.ts"
          : "wired in create-server.ts (uncommitted changes)"
        : "not wired: no cross-process relay",
      soakMinutes,
      steadyEditRate: STEADY_RATE,
      killedProcess: KILLED + 1,
      reconnectBackoff: `uniform in [0, min(${RECONNECT_MAX_MS}, ${RECONNECT_BASE_MS} × 2^failures)] ms, to another process at random`,
      durationSeconds: Math.round((performance.now() - started) / 1000),
      // Three servers, PostgreSQL, Redis and the clients share the machine's cores with whatever else runs.
      loadAverage1mAtStart: Math.round(loadAtStart * 100) / 100,
      loadAverage1mAtEnd: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
    },
  };
}

async function measureLatency(context: Context, reference: SingleProcessReference | null): Promise<void> {
  const { figures, servers, meetings, clients, ledger } = context;
  setPhase(context, "latency");
  const recorder = new ClusterRecorder();
  await Promise.all(servers.map((server) => server.resetEventLoop()));
  const clientCpu = process.cpuUsage();
  const clientLoop = monitorEventLoopDelay({ resolution: 10 });
  clientLoop.enable();
  const wall = performance.now();
  const run = await driveClusterEdits({
    meetings,
    ratePerSecond: LATENCY_RATE,
    edit: (client, meeting, index) =>
      makeTrackedEdit(client, meeting.length - 1, ledger, index < LATENCY_WARMUP_EDITS ? null : recorder),
    isDone: (index) => index >= LATENCY_WARMUP_EDITS + LATENCY_MEASURED_EDITS,
  });
  await drainCluster(clients, ledger, 8000);
  const loops = await Promise.all(servers.map((server) => server.readEventLoop()));
  const cpu = process.cpuUsage(clientCpu);
  clientLoop.disable();

  const cross = summarize(recorder.crossProcess);
  figures.add("cluster.edit_rate", (run.attempts / run.elapsedMs) * 1000, "edits/s", {
    note: `${LATENCY_WARMUP_EDITS} warm-up edits not counted`,
  });
  figures.addLatency("cluster.remote_update_cross_process", cross);
  const ratio = reference ? cross.p95 / reference.p95Ms : Number.NaN;
  figures.add("cluster.remote_update_cross_process.p95_ratio", ratio, "× single", {
    target: TARGET.crossProcessRatio,
    note: reference
      ? `÷ hundred_meetings.remote_update.p95 = ${reference.p95Ms} ms (${reference.source})`
      : "no single-process figure to compare with",
  });
  figures.add("cluster.remote_update_same_process.p95", summarize(recorder.sameProcess).p95, "ms", {
    note: "observer on the editor's process (context)",
  });
  figures.add("cluster.remote_update_all_observers.p95", summarize(recorder.allObservers).p95, "ms", {
    note: "until the last other client saw the edit",
  });
  figures.addLatency("cluster.saved_ack", summarize(recorder.saved));
  figures.add("cluster.edits", recorder.edits, "count");
  figures.add("cluster.edits_skipped", recorder.skipped, "count", { note: "chosen client not connected" });
  figures.add("cluster.missed_observations", ledger.missingObservations(), "count", {
    note: "not seen within the drain time",
  });
  figures.add(
    "cluster.unconfirmed_edits",
    clients.reduce((n, c) => n + c.unconfirmed.filter((e) => e.recorder === recorder).length, 0) + recorder.lostAcks,
    "count",
  );
  figures.add(
    "cluster.unexpected_closes",
    clients.reduce((n, c) => n + c.closeCodes.length, 0),
    "count",
  );
  figures.add("cluster.server_event_loop_max", Math.max(...loops.map((l) => l.maxMs)), "ms", {
    note: "worst of the 3 processes",
  });
  figures.add(
    "cluster.server_cpu",
    loops.reduce((sum, l) => sum + l.cpuPercent, 0),
    "% of a core",
    {
      note: `3 processes together (${loops.map((l) => Math.round(l.cpuPercent)).join(" + ")})`,
    },
  );
  figures.add(
    "cluster.client_process_cpu",
    ((cpu.user + cpu.system) / 1000 / (performance.now() - wall)) * 100,
    "% of a core",
    {
      note: "the clients' process (context)",
    },
  );
  figures.add("cluster.client_process_event_loop_p99", Math.max(0, clientLoop.percentile(99) / 1e6 - 10), "ms", {
    note: "the clients' process (context)",
  });
}

type SteadyEditing = { stop(): Promise<void>; edits(): number };

/** Steady editing across all meetings (and so all processes) until stopped. */
function startSteadyEditing(context: Context): SteadyEditing {
  let isStopped = false;
  let made = 0;
  const running = driveClusterEdits({
    meetings: context.meetings,
    ratePerSecond: STEADY_RATE,
    turn: STEADY_TURN,
    edit: (client) => {
      const isMade = makeSteadyEdit(client);
      if (isMade) made += 1;
      return isMade;
    },
    isDone: () => isStopped,
  });
  return {
    async stop() {
      isStopped = true;
      await running;
    },
    edits: () => made,
  };
}

async function soak(context: Context, minutes: number, steady: SteadyEditing): Promise<void> {
  const { figures, servers, meetings } = context;
  setPhase(context, "soak");
  const soakMs = minutes * 60_000;
  // Long enough for every document and connection to have reached its working size.
  const warmUpMs = Math.min(120_000, Math.max(SAMPLE_INTERVAL_MS, soakMs / 5));
  const samples: Array<{ atMs: number; memory: MemorySample[] }> = [];
  const structsAt = () => meetings.reduce((sum, meeting) => sum + structCount(meeting[0]!.doc), 0) / meetings.length;
  let structsAtWarmUp = Number.NaN;
  const editsAtStart = steady.edits();
  const started = performance.now();
  for (let k = 0; ; k += 1) {
    const dueAt = k * SAMPLE_INTERVAL_MS;
    await sleep(Math.max(0, started + dueAt - performance.now()));
    const atMs = performance.now() - started;
    samples.push({ atMs, memory: await memoryOfAll(servers) });
    if (Number.isNaN(structsAtWarmUp) && dueAt >= warmUpMs) structsAtWarmUp = structsAt();
    if (dueAt >= soakMs) break;
  }
  const elapsedMs = performance.now() - started;
  const warmUp = samples.find((s) => s.atMs >= warmUpMs - 1000) ?? samples[0]!;
  const final = samples.at(-1)!;

  figures.add("cluster.soak.minutes", elapsedMs / 60_000, "min", {
    note: `${samples.length} samples, 30 s apart; warm-up ${Math.round(warmUpMs / 1000)} s`,
  });
  figures.add("cluster.soak.edit_rate", ((steady.edits() - editsAtStart) / elapsedMs) * 1000, "edits/s", {
    note: `one typist at a time per meeting (${STEADY_TURN} edits), oldest text deleted`,
  });
  servers.forEach((_, i) => {
    const prefix = `cluster.soak.process_${i + 1}`;
    const start = heapPlusExternal(warmUp.memory[i]!);
    const end = heapPlusExternal(final.memory[i]!);
    const after = samples.filter((s) => s.atMs >= warmUp.atMs).map((s) => heapPlusExternal(s.memory[i]!));
    figures.add(`${prefix}.warm_up`, start, "MB", {
      note: i === 0 ? `heap + external after GC at ${Math.round(warmUp.atMs / 1000)} s` : undefined,
    });
    figures.add(`${prefix}.final`, end, "MB", { note: i === 0 ? `at ${Math.round(final.atMs / 1000)} s` : undefined });
    figures.add(`${prefix}.max_after_warm_up`, Math.max(...after), "MB");
    figures.add(`${prefix}.growth`, end - start, "MB");
    figures.add(`${prefix}.growth_percent`, ((end - start) / start) * 100, "%", { target: TARGET.growthPercent });
    figures.add(`${prefix}.rss_final`, final.memory[i]!.rss / MB, "MB", { note: "context" });
  });
  figures.add("cluster.soak.yjs_structs_per_document_growth", structsAt() - structsAtWarmUp, "count", {
    note: "items + deletion records Yjs keeps per document, warm-up → end (~250 B each in a server's copy)",
  });

  context.report.push("Soak: heap + external after forced GC (MB), per process:");
  context.report.push(`  ${"t (s)".padStart(6)}  ${servers.map((_, i) => `process ${i + 1}`.padStart(10)).join("  ")}`);
  for (const sample of samples) {
    context.report.push(
      `  ${String(Math.round(sample.atMs / 1000)).padStart(6)}  ${sample.memory.map((m) => heapPlusExternal(m).toFixed(1).padStart(10)).join("  ")}`,
    );
  }
}

async function failover(context: Context, steady: SteadyEditing): Promise<void> {
  const { figures, servers, meetings, clients } = context;
  setPhase(context, "failover");
  // Before the kill: what each process loaded so far (the killed one cannot say afterwards).
  context.loadsBeforeKill = await Promise.all(servers.map((server) => server.documentLoads()));
  const victims = clients.filter((client) => client.server === KILLED);
  const connectionsBefore = new Map(victims.map((client) => [client, client.connections]));
  const victimsNotReady = victims.filter((client) => !client.isReady()).length;
  const editsBefore = steady.edits();
  // Everything any client of the meeting had at the kill: nothing of it may be missing afterwards.
  const references = meetings.map((meeting) => unionOfStateVectors(meeting.map((client) => client.doc)));
  const killedAt = performance.now();
  const killing = servers[KILLED]!.kill();

  const reconnectedAfter = new Map<ClusterClient, number>();
  const resyncedAfter = new Map<ClusterClient, number>();
  const pending = meetings.flatMap((meeting, m) => meeting.map((client) => ({ client, reference: references[m]! })));
  const victimSet = new Set(victims);
  const deadline = killedAt + FAILOVER_TIMEOUT_MS;
  while (performance.now() < deadline) {
    const now = performance.now() - killedAt;
    for (const client of victims) {
      if (!reconnectedAfter.has(client) && client.server !== KILLED && client.isReady())
        reconnectedAfter.set(client, now);
    }
    for (let i = pending.length - 1; i >= 0; i -= 1) {
      const { client, reference } = pending[i]!;
      if (client.server === KILLED || !client.isReady() || !hasEverything(client.doc, reference)) continue;
      resyncedAfter.set(client, now);
      pending.splice(i, 1);
    }
    if (pending.length === 0 && reconnectedAfter.size === victims.length) break;
    await sleep(10);
  }
  await killing;

  const reconnect = summarize([...reconnectedAfter.values()].map((ms) => ms / 1000));
  const resyncAll =
    pending.length === 0 && reconnectedAfter.size === victims.length
      ? Math.max(...resyncedAfter.values(), ...reconnectedAfter.values()) / 1000
      : Number.NaN;
  figures.add("cluster.failover.clients_moved", victims.length, "count", {
    note: `clients of process ${KILLED + 1}${victimsNotReady > 0 ? `, ${victimsNotReady} not ready at the kill` : ""}`,
  });
  figures.add("cluster.failover.reconnect.p50", reconnect.p50, "s", {
    note: "kill → connected and synced on another process, per moved client",
  });
  figures.add("cluster.failover.reconnect.p95", reconnect.p95, "s");
  figures.add("cluster.failover.reconnect.max", reconnect.max, "s");
  figures.add("cluster.failover.resync_all", resyncAll, "s", {
    target: TARGET.resync,
    note: "kill → every moved client synced elsewhere and all 1,000 hold all their meeting had at the kill",
  });
  figures.add("cluster.failover.not_resynced", pending.length + victims.length - reconnectedAfter.size, "count", {
    note: `clients not there within ${FAILOVER_TIMEOUT_MS / 1000} s`,
  });
  figures.add(
    "cluster.failover.connection_attempts",
    victims.reduce((n, client) => n + client.connections - (connectionsBefore.get(client) ?? 0), 0),
    "count",
    { note: "new connections opened by the moved clients" },
  );
  figures.add(
    "cluster.failover.survivor_closes",
    clients.filter((client) => !victimSet.has(client)).reduce((n, c) => n + c.closeCodes.length, 0),
    "count",
    { note: "connections to the surviving processes that closed" },
  );
  figures.add("cluster.failover.edits_during", steady.edits() - editsBefore, "count", {
    note: "steady editing went on throughout",
  });
  context.report.push(`Failover: close codes seen by the moved clients: ${formatCloseCodes(victims)}.`);
}

/** Once editing stopped: every meeting's documents must end up identical and stored. */
async function checkConvergence(context: Context): Promise<void> {
  const { figures, meetings, clients } = context;
  setPhase(context, "converge");
  const deadline = Date.now() + CONVERGE_TIMEOUT_MS;
  let diverged = meetings.filter((meeting) => !isConverged(meeting.map((c) => c.doc)));
  while (Date.now() < deadline && (diverged.length > 0 || clients.some((c) => !c.saved.state().isSaved))) {
    await sleep(100);
    diverged = diverged.filter((meeting) => !isConverged(meeting.map((c) => c.doc)));
  }
  figures.add("cluster.failover.diverged_meetings", diverged.length, "count", {
    note: `documents of a meeting not identical ${CONVERGE_TIMEOUT_MS / 1000} s after editing stopped`,
  });
  figures.add("cluster.failover.unsaved_clients", clients.filter((c) => !c.saved.state().isSaved).length, "count", {
    note: "clients with changes not confirmed as stored",
  });
}

async function countLoads(context: Context): Promise<void> {
  const { figures, servers } = context;
  const before = context.loadsBeforeKill ?? [];
  const after = await Promise.all(
    servers.map((server, i) => (i === KILLED ? Promise.resolve(before[i] ?? {}) : server.documentLoads())),
  );
  let maxPerDocument = 0;
  after.forEach((loads, i) => {
    const counts = Object.values(loads);
    maxPerDocument = Math.max(maxPerDocument, ...counts);
    const total = counts.reduce((sum, n) => sum + n, 0);
    const sinceKill = total - Object.values(before[i] ?? {}).reduce((sum, n) => sum + n, 0);
    figures.add(`cluster.document_loads.process_${i + 1}`, total, "count", {
      note:
        i === KILLED
          ? `${counts.length} documents, until it was killed`
          : `${counts.length} documents; ${sinceKill} loads after the kill`,
    });
  });
  figures.add("cluster.document_loads.max_per_document", maxPerDocument, "count", {
    target: TARGET.loadsPerDocument,
    note: "most database loads of one document by one process, whole run",
  });
}

function setPhase(context: Context, phase: string): void {
  for (const server of context.servers) server.logs.setPhase(phase);
}

function memoryOfAll(servers: BenchServer[]): Promise<MemorySample[]> {
  // One at a time: three forced GCs at once would compete for the same two cores.
  return servers.reduce<Promise<MemorySample[]>>(
    async (previous, server) => [...(await previous), await server.memory()],
    Promise.resolve([]),
  );
}

function heapPlusExternal(sample: MemorySample): number {
  return (sample.heapUsed + sample.external) / MB;
}

function countOn(clients: ClusterClient[], server: number): number {
  return clients.filter((client) => client.server === server).length;
}

function redisVersion(command: string): string | null {
  try {
    return execFileSync(command, ["--version"], { encoding: "utf8" }).match(/v=(\S+)/)?.[1] ?? null;
  } catch {
    return null;
  }
}
