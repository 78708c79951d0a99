// The real app as a separate process, started the way a user starts it (`npm start` runs
// `node --import tsx server/index.ts` with NODE_ENV=production): the production build, the
// embedded SQLite database in a temporary data folder, demo mode, demo data seeded on start.
// Used by the browser tests, and by the cluster tests with DATABASE_URL and REDIS_URL in
// extraEnv (production mode, several processes). It builds nothing itself: `npm test` builds first.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const rootDir = path.resolve(import.meta.dirname, "../..");
const BUILD_PATH = path.join(rootDir, "build", "index.js");
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

export type AppProcess = {
  /** Where the app listens, e.g. http://127.0.0.1:41234 (also its public URL: the Origin check expects it). */
  url: string;
  /** Everything the process printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** Graceful: SIGTERM, then SIGKILL if it does not exit in time. */
  stop(): Promise<void>;
  /** Sends a signal (SIGKILL by default: no shutdown at all) and waits for the process to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** True once the process has exited. */
  hasExited(): boolean;
};

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error("could not find a free port"))));
    });
  });
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export async function startAppProcess(extraEnv: Record<string, string> = {}): Promise<AppProcess> {
  if (!existsSync(BUILD_PATH)) {
    throw new Error(
      `The app is not built (${path.relative(rootDir, BUILD_PATH)} is missing): run npm run build first.`,
    );
  }
  const port = await findFreePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "jk-e2e-"));
  const url = `http://127.0.0.1:${port}`;

  // Start from the caller's environment but drop everything that would change the mode: no
  // DATABASE_URL (embedded SQLite), no Redis, no explicit public URL or demo switch.
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ["DATABASE_URL", "REDIS_URL", "PUBLIC_URL", "DEMO_MODE", "TRUST_PROXY", "SMTP_URL", "DATA_DIR"]) {
    delete env[name];
  }
  Object.assign(env, {
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    ...extraEnv,
  });

  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: rootDir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));

  let isStopped = false;
  const stop = async () => {
    if (isStopped) return;
    isStopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      if (!(await waitForExit(child, STOP_TIMEOUT_MS))) {
        child.kill("SIGKILL");
        await waitForExit(child, STOP_TIMEOUT_MS);
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`the app exited during start-up (code ${child.exitCode ?? child.signalCode})`);
      }
      try {
        const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
        if (res.status === 200) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`/healthz did not answer 200 within ${START_TIMEOUT_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}. Output of the app:\n${output}`);
  }

  const kill = async (signal: NodeJS.Signals = "SIGKILL") => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      await waitForExit(child, STOP_TIMEOUT_MS);
    }
    await stop();
  };

  return {
    url,
    output: () => output,
    stop,
    kill,
    hasExited: () => child.exitCode !== null || child.signalCode !== null,
  };
}
