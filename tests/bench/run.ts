// `npm run bench` (BENCH_DB=postgres for PostgreSQL): the figures of issue 5 for the live
// meeting room's document server, measured against the real server with authentication,
// persistence and audit on.
//
//   1. one meeting, 15 clients            remote-update and saved-ack latency
//   2. 100 meetings × 10 clients          the same at 1,000 connections; server memory per meeting
//   3. hostile input                      server event-loop delay while malformed messages are
//                                         rejected, and while valid-but-expensive updates arrive;
//                                         honest latency meanwhile
//                                         and the fuzz corpus of tests/integration/collab-fuzz.test.ts
//                                         (over 10,000 hostile messages): server event loop and honest
//                                         latency meanwhile; BENCH_ONLY=hostile runs this phase alone
//   4. HTTP                               sign-in and home page latency
//   5. case plans (plans.ts)              freezing a plan of 50 activities with 8 signatories, and
//                                         a case with two years of history (50 meetings, 10 plan
//                                         versions), on SQLite and PostgreSQL; BENCH_ONLY=plans
//   6. production mode (cluster.ts)       three processes on PostgreSQL and Redis: cross-process
//                                         latency, memory over BENCH_SOAK_MINUTES (default 10),
//                                         failover after SIGKILL; BENCH_ONLY=cluster runs it alone
//
// The server runs in a child process (server-process.ts) so that its memory and event loop are
// its own; every client runs here. Prints a table and writes bench-results.json at the
// repository root. Targets are reported as PASS/MISS; a miss does not fail the run.
import { execFileSync } from "node:child_process";
import pg from "pg";
import { postgresAdminUrl } from "../support/test-db.ts";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import {
  EditLedger,
  LatencyRecorder,
  connectAll,
  drain,
  driveEdits,
  unconfirmedEdits,
  type BenchClient,
} from "./clients.ts";
import type { BenchMeeting, FixturePlan } from "./fixture.ts";
import {
  MALFORMED_MESSAGES,
  buildDenseStructsUpdate,
  buildPendingStructsUpdate,
  runFuzzAttack,
  runMalformedAttack,
  sendValidHostile,
} from "./hostile.ts";
import { formatFuzzOutcomes, summarizeViolations } from "../support/collab-fuzz.ts";
import { measureHomePage, measureSignIn } from "./http.ts";
import { runPlanBench } from "./plans.ts";
import { ClusterSkipped, clusterBudgetMs, mergeIntoResults, runCluster, singleProcessReference, soakMinutesFromEnv } from "./cluster.ts";
import type { ClusterOutcome } from "./cluster.ts";
import { startBenchServer, type BenchServer } from "./server-control.ts";
import type { EventLoopDelay } from "./server-process.ts";
import { FigureSet, summarize, type Target } from "./stats.ts";

const rootDir = path.resolve(import.meta.dirname, "../..");
const RESULTS_PATH = path.join(rootDir, "bench-results.json");
/** Stops a run that hangs; phases 1-5 take about 4 minutes on the 2-core machine (cluster.ts has its own budget). */
const WATCHDOG_MS = 12 * 60 * 1000;
const MB = 1024 * 1024;

const TARGET = {
  remoteP95: { max: 25, label: "p95 ≤ 25 ms" },
  savedP95: { max: 250, label: "p95 ≤ 250 ms" },
  memoryPerMeeting: { max: 2, label: "≤ 2 MB" },
  eventLoop: { max: 100, label: "≤ 100 ms" },
  fuzzHonestP95: { max: 100, label: "p95 ≤ 100 ms" },
  fuzzWrongAnswers: { max: 0, label: "none" },
} satisfies Record<string, Target>;

/** Concurrent fuzz senders, each with a sacrificial document of its own. */
const FUZZ_SENDERS = 6;
const FUZZ_CASES = 10_200;
/** Caps the fuzz phase on a slow or busy machine (it then reports how many it sent). */
const FUZZ_MAX_MS = 150_000;

const ATTACKERS = 4;
const VALID_HOSTILE_PAYLOADS = [
  { key: "dense_structs_1mib", describe: "520,000 one-clock structs", build: () => buildDenseStructsUpdate(520_000, 4_000_001) },
  { key: "pending_structs_2k", describe: "2,000 structs waiting on missing clocks", build: () => buildPendingStructsUpdate(2_000, 5_000_000) },
  { key: "pending_structs_8k", describe: "8,000 structs waiting on missing clocks", build: () => buildPendingStructsUpdate(8_000, 6_000_000) },
  { key: "pending_structs_16k", describe: "16,000 structs waiting on missing clocks", build: () => buildPendingStructsUpdate(16_000, 7_000_000) },
];

const PLAN: FixturePlan = {
  one: { meetings: 1, usersPerMeeting: 15 },
  hundred: { meetings: 100, usersPerMeeting: 10 },
  // 10 honest participants, then the attackers (valid sessions, participants of the meeting).
  hostile: { meetings: 1, usersPerMeeting: 10 + ATTACKERS },
  // One document per expensive payload, so that each is measured on its own.
  hostileTarget: { meetings: VALID_HOSTILE_PAYLOADS.length, usersPerMeeting: 1 },
  fuzzTarget: { meetings: FUZZ_SENDERS, usersPerMeeting: 1 },
};
/** What BENCH_ONLY=hostile seeds. */
const HOSTILE_GROUPS = ["hostile", "hostileTarget", "fuzzTarget"];

// y-websocket adds one process 'exit' listener per provider in Node; we run a thousand.
process.setMaxListeners(0);

const figures = new FigureSet();
const notes: string[] = [];
const clientLoop = monitorEventLoopDelay({ resolution: 10 });
clientLoop.enable();

function specsFor(meeting: BenchMeeting, server: BenchServer, ledger: EditLedger, count = meeting.cookies.length) {
  return meeting.cookies.slice(0, count).map((cookie, i) => ({
    serverUrl: server.url,
    docName: meeting.docName,
    cookie,
    name: `Bench User ${i + 1}`,
    ledger,
  }));
}

function meetingsOf(server: BenchServer, group: string): BenchMeeting[] {
  const meetings = server.fixture.meetings[group];
  if (!meetings || meetings.length === 0) throw new Error(`fixture has no ${group} meetings`);
  return meetings;
}

function destroyAll(clients: BenchClient[]): void {
  for (const client of clients) client.destroy();
}

const closeCodesOf = (clients: BenchClient[]) => clients.reduce((n, c) => n + c.closeCodes.length, 0);

/** Latency figures of one recorder under `prefix`. */
function addEditFigures(
  prefix: string,
  recorder: LatencyRecorder,
  extra: { ledger: EditLedger; clients: BenchClient[]; targets?: boolean; remoteTarget?: Target },
) {
  figures.addLatency(`${prefix}.remote_update`, summarize(recorder.remote), extra.remoteTarget ?? (extra.targets ? TARGET.remoteP95 : undefined));
  figures.add(`${prefix}.remote_update_all_observers.p95`, summarize(recorder.allObservers).p95, "ms", {
    note: "until the last other client saw the edit",
  });
  figures.addLatency(`${prefix}.saved_ack`, summarize(recorder.saved), extra.targets ? TARGET.savedP95 : undefined);
  figures.add(`${prefix}.edits`, recorder.edits, "count");
  figures.add(`${prefix}.edits_skipped`, recorder.skipped, "count", { note: "chosen client not connected" });
  figures.add(`${prefix}.missed_observations`, extra.ledger.missingObservations(), "count", { note: "not seen within the drain time" });
  figures.add(`${prefix}.unconfirmed_edits`, unconfirmedEdits(extra.clients, recorder) + recorder.lostAcks, "count");
}

type Meter = { cpu: NodeJS.CpuUsage; wall: number };

/** Starts measuring the server's event loop and CPU, and this (client) process's. */
async function startMeter(server: BenchServer): Promise<Meter> {
  await server.resetEventLoop();
  clientLoop.reset();
  return { cpu: process.cpuUsage(), wall: performance.now() };
}

type MeterReading = { server: EventLoopDelay; clientLoopP99Ms: number; clientCpuPercent: number };

async function readMeter(server: BenchServer, meter: Meter): Promise<MeterReading> {
  const loop = await server.readEventLoop();
  const cpu = process.cpuUsage(meter.cpu);
  return {
    server: loop,
    clientLoopP99Ms: Math.max(0, clientLoop.percentile(99) / 1e6 - 10),
    clientCpuPercent: ((cpu.user + cpu.system) / 1000 / (performance.now() - meter.wall)) * 100,
  };
}

function addMeterFigures(prefix: string, reading: MeterReading, eventLoopTarget?: Target, note?: string): void {
  figures.add(`${prefix}.server_event_loop_max`, reading.server.maxMs, "ms", { target: eventLoopTarget, note });
  figures.add(`${prefix}.server_event_loop_p99`, reading.server.p99Ms, "ms");
  figures.add(`${prefix}.server_cpu`, reading.server.cpuPercent, "% of a core");
  figures.add(`${prefix}.client_process_event_loop_p99`, reading.clientLoopP99Ms, "ms", { note: "the clients' process (context)" });
  figures.add(`${prefix}.client_process_cpu`, reading.clientCpuPercent, "% of a core", { note: "the clients' process (context)" });
}

async function oneMeeting(server: BenchServer): Promise<void> {
  server.logs.setPhase("1 meeting × 15 clients");
  const ledger = new EditLedger();
  const [meeting] = meetingsOf(server, "one");
  const clients = await connectAll(specsFor(meeting!, server, ledger), { concurrency: 15, timeoutMs: 30_000 });
  const recorder = new LatencyRecorder();
  const WARMUP = 40;
  const MEASURED = 300;
  const RATE = 20;
  const meter = await startMeter(server);
  const run = await driveEdits({
    meetings: [clients],
    ratePerSecond: RATE,
    ledger,
    recorderFor: (i) => (i < WARMUP ? null : recorder),
    isDone: (i) => i >= WARMUP + MEASURED,
  });
  await drain(clients, ledger, 5000);
  figures.add("one_meeting.clients", clients.length, "count");
  figures.add("one_meeting.edit_rate", (run.edits / run.elapsedMs) * 1000, "edits/s", { note: `${WARMUP} warm-up edits not counted` });
  addEditFigures("one_meeting", recorder, { ledger, clients, targets: true });
  figures.add("one_meeting.unexpected_closes", closeCodesOf(clients), "count");
  addMeterFigures("one_meeting", await readMeter(server, meter));
  destroyAll(clients);
}

async function hundredMeetings(server: BenchServer): Promise<void> {
  server.logs.setPhase("100 meetings × 10 clients");
  const ledger = new EditLedger();
  const meetings = meetingsOf(server, "hundred");
  const before = await server.memory();
  const connectStarted = performance.now();
  const clients = await connectAll(
    meetings.flatMap((m) => specsFor(m, server, ledger)),
    { concurrency: 50, timeoutMs: 120_000 },
  );
  const connectMs = performance.now() - connectStarted;
  // Let presence settle before weighing the server.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const after = await server.memory();
  const perMeeting = (a: number, b: number) => (a - b) / MB / meetings.length;
  const grouped = meetings.map((_, m) => clients.slice(m * 10, m * 10 + 10));

  const recorder = new LatencyRecorder();
  const WARMUP = 200;
  const MEASURED = 2000;
  const RATE = 100;
  const meter = await startMeter(server);
  const run = await driveEdits({
    meetings: grouped,
    ratePerSecond: RATE,
    ledger,
    recorderFor: (i) => (i < WARMUP ? null : recorder),
    isDone: (i) => i >= WARMUP + MEASURED,
  });
  await drain(clients, ledger, 8000);
  const reading = await readMeter(server, meter);
  const afterEdits = await server.memory();

  figures.add("hundred_meetings.connections", clients.length, "count");
  figures.add("hundred_meetings.connect_all", connectMs / 1000, "s", { note: "open + sync + saved, 50 at a time" });
  figures.add("hundred_meetings.memory_per_meeting", perMeeting(after.heapUsed + after.external, before.heapUsed + before.external), "MB", {
    target: TARGET.memoryPerMeeting,
    note: "Δ(heapUsed+external) after GC / 100, incl. its 10 connections",
  });
  figures.add("hundred_meetings.memory_per_meeting_rss", perMeeting(after.rss, before.rss), "MB", { note: "Δrss / 100 (context)" });
  figures.add(
    "hundred_meetings.memory_per_meeting_after_edits",
    perMeeting(afterEdits.heapUsed + afterEdits.external, before.heapUsed + before.external),
    "MB",
    { note: `same, after ${run.edits} edits` },
  );
  figures.add("hundred_meetings.server_heap_plus_external", (after.heapUsed + after.external) / MB, "MB", { note: "all 100 open" });
  figures.add("hundred_meetings.server_rss", after.rss / MB, "MB", { note: "all 100 open" });
  figures.add("hundred_meetings.edit_rate", (run.edits / run.elapsedMs) * 1000, "edits/s", { note: `${WARMUP} warm-up edits not counted` });
  addEditFigures("hundred_meetings", recorder, { ledger, clients, targets: true });
  figures.add("hundred_meetings.unexpected_closes", closeCodesOf(clients), "count");
  addMeterFigures("hundred_meetings", reading);
  if (!after.isGcForced) notes.push("memory: global.gc was not available, figures include garbage");
  destroyAll(clients);
}

async function hostileInput(server: BenchServer): Promise<string[]> {
  server.logs.setPhase("hostile input");
  const report: string[] = [];
  const ledger = new EditLedger();
  const [meeting] = meetingsOf(server, "hostile");
  const honest = await connectAll(specsFor(meeting!, server, ledger, 10), { concurrency: 10, timeoutMs: 30_000 });
  const attackerCookies = meeting!.cookies.slice(10);
  const baseline = new LatencyRecorder();
  const duringMalformed = new LatencyRecorder();
  const duringValid = new LatencyRecorder();
  const duringFuzz = new LatencyRecorder();
  let current: LatencyRecorder | null = null;
  let isStopped = false;
  const editing = driveEdits({
    meetings: [honest],
    ratePerSecond: 20,
    ledger,
    recorderFor: () => current,
    isDone: () => isStopped,
  });
  try {
    await sleep(1000); // warm-up
    current = baseline;
    await sleep(3000);

    // Malformed messages: must be rejected, and cheaply.
    current = duringMalformed;
    const meter = await startMeter(server);
    const attack = await runMalformedAttack({
      serverUrl: server.url,
      docName: meeting!.docName,
      cookies: attackerCookies,
      durationMs: 6000,
      concurrency: 6,
    });
    const malformedReading = await readMeter(server, meter);

    // Valid but expensive updates, each to its own document of another meeting: the honest
    // meeting shows what one attacked document costs everyone else.
    current = duringValid;
    const targets = meetingsOf(server, "hostileTarget");
    const validResults: Array<{ key: string; describe: string; bytes: number; answerMs: number; closeCode: number | null; loopMaxMs: number }> = [];
    for (const [i, payload] of VALID_HOSTILE_PAYLOADS.entries()) {
      const target = targets[i]!;
      const message = payload.build();
      await server.resetEventLoop();
      const result = await sendValidHostile({ serverUrl: server.url, docName: target.docName, cookie: target.cookies[0]! }, message, 20_000);
      await sleep(500);
      const loop = await server.readEventLoop();
      validResults.push({ ...payload, bytes: message.byteLength, ...result, loopMaxMs: loop.maxMs });
    }
    await sleep(1000);

    // The fuzz corpus of the integration test: refused messages at the honest meeting's
    // document, valid hostile ones at documents of their own.
    current = duringFuzz;
    const fuzzSeed = process.env.BENCH_FUZZ_SEED ? Number(process.env.BENCH_FUZZ_SEED) : randomBytes(4).readUInt32LE(0);
    const fuzzMeter = await startMeter(server);
    const fuzzStarted = performance.now();
    const fuzz = await runFuzzAttack({
      serverUrl: server.url,
      shared: { docName: meeting!.docName, cookies: attackerCookies },
      sacrificial: meetingsOf(server, "fuzzTarget").map((m) => ({ docName: m.docName, cookie: m.cookies[0]! })),
      seed: fuzzSeed,
      count: FUZZ_CASES,
      maxDurationMs: FUZZ_MAX_MS,
    });
    const fuzzSeconds = (performance.now() - fuzzStarted) / 1000;
    const fuzzReading = await readMeter(server, fuzzMeter);
    await sleep(1000);
    current = null;
    isStopped = true;
    await editing;
    await drain(honest, ledger, 5000);

    addEditFigures("hostile.baseline_before_attack", baseline, { ledger, clients: honest });
    addMeterFigures("hostile.malformed", malformedReading, TARGET.eventLoop, "6 s of malformed messages, 6 connections at a time");
    figures.add("hostile.malformed.messages", attack.attempts, "count", { note: "one per connection" });
    figures.add("hostile.malformed.messages_per_second", attack.attempts / 6, "msg/s");
    let notClosed = 0;
    for (const outcomes of attack.outcomes.values()) {
      for (const [outcome, count] of outcomes) if (!outcome.startsWith("close ")) notClosed += count;
    }
    figures.add("hostile.malformed.not_closed_by_server", notClosed, "count", { note: "accepted, refused at upgrade or timed out" });
    addEditFigures("hostile.malformed.honest", duringMalformed, { ledger, clients: honest });
    for (const result of validResults) {
      figures.add(`hostile.valid.${result.key}.server_event_loop_max`, result.loopMaxMs, "ms", {
        target: TARGET.eventLoop,
        note: `${Math.round(result.bytes / 1024)} KiB valid update: ${result.describe}`,
      });
      figures.add(`hostile.valid.${result.key}.answer_time`, result.answerMs, "ms", {
        note: result.closeCode === null ? "accepted (connection kept open)" : `closed ${result.closeCode}`,
      });
    }
    addEditFigures("hostile.valid.honest_other_meeting", duringValid, { ledger, clients: honest });
    figures.add("hostile.fuzz.messages", fuzz.messages, "count", {
      note: `${FUZZ_SENDERS} senders, seed ${fuzzSeed}, ${fuzzSeconds.toFixed(0)} s, ${fuzz.connections} connections`,
    });
    addMeterFigures("hostile.fuzz", fuzzReading, TARGET.eventLoop, "fuzz: event-loop max while the corpus is sent");
    figures.add("hostile.fuzz.wrong_answers", fuzz.violations.length, "count", {
      target: TARGET.fuzzWrongAnswers,
      note: "answers other than the case demands (see the report below)",
    });
    // "fuzz: honest remote-update p95 during fuzz"
    addEditFigures("hostile.fuzz.honest", duringFuzz, { ledger, clients: honest, remoteTarget: TARGET.fuzzHonestP95 });
    figures.add("hostile.honest_unexpected_closes", closeCodesOf(honest), "count");

    report.push("Malformed messages, by kind → how the server answered:");
    for (const kind of MALFORMED_MESSAGES) {
      const outcomes = attack.outcomes.get(kind.name);
      const text = outcomes ? [...outcomes].map(([o, n]) => `${o} ×${n}`).join(", ") : "not sent";
      report.push(`  ${kind.name.padEnd(44)} ${text}`);
    }
    report.push(`Fuzz corpus (seed ${fuzzSeed}, BENCH_FUZZ_SEED repeats it), by kind → how the server answered:`);
    for (const line of formatFuzzOutcomes(fuzz)) report.push(`  ${line}`);
    for (const line of summarizeViolations(fuzz)) report.push(`  WRONG: ${line}`);
    report.push("Valid but expensive updates (each on its own document):");
    for (const r of validResults) {
      report.push(
        `  ${r.key.padEnd(22)} ${String(r.bytes).padStart(8)} B  answered after ${r.answerMs.toFixed(0)} ms, ` +
          `server loop max ${r.loopMaxMs.toFixed(0)} ms, ${r.closeCode === null ? "accepted" : `closed ${r.closeCode}`}`,
      );
    }
  } finally {
    isStopped = true;
    await editing;
    destroyAll(honest);
  }
  return report;
}

async function httpFigures(server: BenchServer): Promise<void> {
  server.logs.setPhase("HTTP");
  const meter = await startMeter(server);
  const signIn = await measureSignIn(server.url, server.fixture.signIn, 30);
  figures.add("http.sign_in.p50", signIn.p50, "ms", { note: "POST /login (scrypt N=2^15), 30 sequential" });
  figures.add("http.sign_in.p95", signIn.p95, "ms");
  const [meeting] = meetingsOf(server, "one");
  const home = await measureHomePage(server.url, meeting!.cookies[1]!, { count: 200, concurrency: 10 });
  figures.add("http.home.p50", home.summary.p50, "ms", { note: "GET / signed in, 200 requests, 10 in flight" });
  figures.add("http.home.p95", home.summary.p95, "ms");
  figures.add("http.home.throughput", home.requestsPerSecond, "req/s");
  addMeterFigures("http", await readMeter(server, meter));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function gitCommit(): string | null {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: rootDir, encoding: "utf8" }).trim();
  } catch {
    return null;
  }
}

/** BENCH_ONLY=hostile or =plans: that phase's figures of this run, everything else of the last full run. */
function mergePhaseResults(phase: "hostile" | "plans", partial: Record<string, unknown>): Record<string, unknown> {
  let previous: Record<string, unknown> = {};
  try {
    if (existsSync(RESULTS_PATH)) previous = JSON.parse(readFileSync(RESULTS_PATH, "utf8")) as Record<string, unknown>;
  } catch {
    previous = {};
  }
  const kept = Object.entries(previous).filter(([name]) => name !== "meta" && !name.startsWith(`${phase}.`));
  const { meta, ...fresh } = partial;
  return {
    meta: {
      ...(previous.meta as Record<string, unknown> | undefined),
      [phase]: { measuredSeparately: `BENCH_ONLY=${phase}`, ...(meta as Record<string, unknown>) },
    },
    ...Object.fromEntries(kept),
    ...fresh,
  };
}

/** SQLite always; PostgreSQL when the server the tests use answers. */
async function planDatabases(): Promise<Array<"sqlite" | "postgresql">> {
  const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return ["sqlite", "postgresql"];
  } catch {
    notes.push("plans.postgres.* not measured: PostgreSQL is not reachable");
    return ["sqlite"];
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const database = process.env.BENCH_DB === "postgres" ? "postgres" : "sqlite";
  const only = process.env.BENCH_ONLY || null;
  if (only !== null && only !== "cluster" && only !== "hostile" && only !== "plans") {
    throw new Error(`BENCH_ONLY: expected "cluster", "hostile" or "plans" (or unset for all), got "${only}"`);
  }
  const soakMinutes = soakMinutesFromEnv();
  const started = performance.now();
  const loadAtStart = os.loadavg()[0] ?? 0;
  if (loadAtStart > 0.5) {
    console.log(`bench: note: the machine is already busy (1-minute load average ${loadAtStart.toFixed(2)}); figures will be noisier.`);
  }
  let server: BenchServer | null = null;
  const watchdog = setTimeout(() => {
    console.error("bench: watchdog: the run took too long, stopping");
    void Promise.resolve(server?.stop()).finally(() => process.exit(2));
  }, (only === "cluster" ? 0 : WATCHDOG_MS) + (only === "hostile" || only === "plans" ? 0 : clusterBudgetMs(soakMinutes)));
  watchdog.unref();
  let hostileReport: string[] = [];
  let failure: unknown = null;
  if (only === null || only === "hostile") {
    console.log(`bench: starting the server on a fresh ${database} database (server in a child process, clients here)…`);
    const plan = only === "hostile" ? Object.fromEntries(HOSTILE_GROUPS.map((group) => [group, PLAN[group]!])) : PLAN;
    server = await startBenchServer({ database, plan });
    if (only === null) figures.add("setup.server_ready", server.setupMs / 1000, "s", { note: "migrate + seed + start" });
    try {
      if (only === null) {
        console.log("bench: 1 meeting × 15 clients…");
        await oneMeeting(server);
        console.log("bench: 100 meetings × 10 clients…");
        await hundredMeetings(server);
      }
      console.log("bench: hostile input…");
      hostileReport = await hostileInput(server);
      if (only === null) {
        console.log("bench: HTTP…");
        await httpFigures(server);
      }
    } catch (error) {
      failure = error;
    } finally {
      server.logs.setPhase("shutdown");
      await server.stop();
    }
  }
  if (failure === null && (only === null || only === "plans")) {
    try {
      await runPlanBench(figures, await planDatabases());
    } catch (error) {
      failure = error;
    }
  }
  // After the single server stopped: the three processes need the cores to themselves.
  let cluster: ClusterOutcome | null = null;
  let clusterSkipped: string | null = null;
  if (failure === null && only !== "hostile" && only !== "plans") {
    console.log(`bench: production mode: 3 processes on PostgreSQL and Redis, ${soakMinutes}-minute soak…`);
    try {
      cluster = await runCluster({ figures, reference: singleProcessReference(figures, RESULTS_PATH, database), soakMinutes });
    } catch (error) {
      if (!(error instanceof ClusterSkipped)) failure = error;
      else clusterSkipped = error.message;
    }
  }
  if (clusterSkipped) notes.push(`production mode (cluster.*) not measured: ${clusterSkipped}`);
  clearTimeout(watchdog);

  const meta = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? null,
    totalMemoryMb: Math.round(os.totalmem() / MB),
    database: server?.databaseKind ?? null,
    commit: gitCommit(),
    durationSeconds: Math.round((performance.now() - started) / 1000),
    // Other work on the machine (tests of parallel sessions, CI) skews every figure.
    loadAverage1mAtStart: Math.round(loadAtStart * 100) / 100,
    loadAverage1mAtEnd: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
    memoryMethod:
      "server in its own process (node --expose-gc); after two forced GCs, Δ(heapUsed + external) between " +
      "'no bench meeting open' and '100 meetings × 10 clients open and synced', divided by 100",
    cluster: cluster?.meta ?? (clusterSkipped ? `not measured: ${clusterSkipped}` : null),
    complete: failure === null,
  };
  // BENCH_ONLY=cluster or =hostile keeps the other figures of the last full run.
  const results =
    only === "hostile" || only === "plans"
      ? mergePhaseResults(only, figures.toJson(meta))
      : only
        ? mergeIntoResults(RESULTS_PATH, figures.toJson(meta))
        : figures.toJson(meta);
  writeFileSync(RESULTS_PATH, `${JSON.stringify(results, null, 2)}\n`);

  console.log("");
  console.log(
    `Bench on ${meta.database}, node ${meta.node}, ${meta.cpus} CPUs (${meta.cpuModel ?? "?"}), ${meta.date}, ` +
      `load average ${meta.loadAverage1mAtStart} at start / ${meta.loadAverage1mAtEnd} at end`,
  );
  console.log(figures.formatTable());
  console.log("");
  for (const line of hostileReport) console.log(line);
  console.log("");
  console.log("How it was measured:");
  console.log("  - The real server (createServer, production mode, sessions, audit rows, persistence) runs in a child");
  console.log("    process; all clients are real y-websocket providers in this process, timed with one clock.");
  console.log("  - remote_update: local change → each other client of the meeting observes it (one sample per observer).");
  console.log("  - saved_ack: local change → the server's 'saved' message (after the database commit) covers it.");
  console.log(`  - memory: ${meta.memoryMethod}. RSS delta shown for context.`);
  console.log("  - event loop: how late a 10 ms timer fired inside the server process (monitorEventLoopDelay for p99, a plain timer for the max).");
  console.log("  - the clients share one process: its own event-loop p99 and CPU are shown as context for the latencies.");
  console.log("  - hostile.valid: well-formed Yjs updates built to be expensive (structs waiting on clocks that never come, or");
  console.log("    hundreds of thousands of tiny structs); the server accepts them. Sent one at a time to their own documents.");
  for (const note of notes) console.log(`  - ${note}`);
  console.log("");
  if (server) {
    console.log("Server log lines by phase (http.request lines only when status ≥ 400):");
    console.log(server.logs.format());
    console.log("");
  }
  for (const line of cluster?.report ?? []) console.log(line);
  const misses = figures.misses();
  console.log(misses.length === 0 ? "All targets met." : `Targets missed: ${misses.map((m) => m.name).join(", ")}`);
  console.log(`Wrote ${path.relative(process.cwd(), RESULTS_PATH) || RESULTS_PATH} (${meta.durationSeconds} s).`);
  if (failure) {
    console.error("bench: the run did not complete:", failure);
    process.exitCode = 1;
  }
}

await main();
// Stray timers of destroyed providers must not keep a finished (or failed) run alive.
process.exit();
