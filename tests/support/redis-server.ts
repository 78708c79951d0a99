// A Redis server of a test's own (`redis-server`, as CI installs it), on a free port, with
// nothing written to disk: the test may stop it and start it again on the same port (an outage)
// without disturbing the Redis other tests use.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { findFreePort } from "./app-process.ts";

const START_TIMEOUT_MS = 10_000;

export type RedisServer = {
  url: string;
  port: number;
  isRunning(): boolean;
  /** Stops it (SIGKILL: no goodbye to the clients, as when a server dies). */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
};

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export async function startRedisServer(): Promise<RedisServer> {
  const port = await findFreePort();
  let child: ChildProcess | null = null;
  let output = "";

  const start = async () => {
    const started = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--loglevel", "warning"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    child = started;
    let spawnError: Error | null = null;
    started.once("error", (error) => (spawnError = error));
    started.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    started.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!(await canConnect(port))) {
      if (spawnError) throw new Error(`redis-server could not be started (${(spawnError as Error).message})`);
      if (started.exitCode !== null) throw new Error(`redis-server exited (code ${started.exitCode}): ${output}`);
      if (Date.now() > deadline) throw new Error(`redis-server did not listen on ${port}: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGKILL");
    await exited;
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    isRunning: () => child !== null && child.exitCode === null,
    stop,
    start,
  };
}
