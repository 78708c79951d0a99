// The app as a user starts it: bad configuration stops it with one clear line; a production
// start on PostgreSQL creates no demo accounts and prints the one-time set-up link instead.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { postgresAdminUrl } from "../support/test-db.ts";
import { startAppProcess, type AppProcess } from "../support/app-process.ts";

const rootDir = path.resolve(import.meta.dirname, "../..");

function startWith(env: Record<string, string>) {
  return spawnSync(process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: rootDir,
    env: { PATH: process.env.PATH, NODE_ENV: "production", ...env },
    encoding: "utf8",
    timeout: 30_000,
  });
}

describe("start-up configuration", () => {
  it.each([
    [{ PORT: "eighty" }, "Invalid environment variable PORT: expected a port number"],
    [
      { DATABASE_URL: "mysql://db/app" },
      "Invalid environment variable DATABASE_URL: expected postgresql://… or file:…",
    ],
    [{ REDIS_URL: "localhost" }, "Invalid environment variable REDIS_URL: expected redis://… or rediss://…"],
  ])("refuses %o with one line naming the variable and exit code 78", (env, message) => {
    const result = startWith(env);
    expect(result.status).toBe(78);
    expect(result.stderr.trim()).toBe(message);
    expect(result.stdout).toBe("");
  });
});

describe("production start on PostgreSQL", () => {
  const dbName = `jk_e2e_${randomBytes(5).toString("hex")}`;
  let app: AppProcess | undefined;

  afterAll(async () => {
    await app?.stop();
    const admin = new pg.Client({ connectionString: postgresAdminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  });

  it("migrates, creates no demo accounts, and prints a working one-time set-up link", async () => {
    const admin = new pg.Client({ connectionString: postgresAdminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const url = new URL(postgresAdminUrl);
    url.pathname = `/${dbName}`;
    app = await startAppProcess({
      DATABASE_URL: url.toString(),
      REDIS_URL: "redis://127.0.0.1:6379",
      LOG_LEVEL: "info",
    });

    const health = (await (await fetch(`${app.url}/healthz`)).json()) as { checks: Record<string, string> };
    expect(health.checks).toEqual({ database: "ok", redis: "ok" });

    // The child's stdout reaches us through a pipe, independently of the HTTP answer: give it a moment.
    const linkPattern = /https?:\/\/\S+\/invite\/[A-Za-z0-9_-]{20,}/;
    for (let waited = 0; !linkPattern.test(app.output()) && waited < 5000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const link = linkPattern.exec(app.output())?.[0];
    expect(link, app.output()).toBeTruthy();
    expect(app.output()).not.toContain("Demo data created");
    // The token is printed for the administrator, never written into the structured log.
    const token = link!.split("/invite/")[1]!;
    const jsonLines = app
      .output()
      .split("\n")
      .filter((l) => l.startsWith("{"));
    expect(jsonLines.length).toBeGreaterThan(0);
    expect(jsonLines.some((l) => l.includes(token))).toBe(false);

    const home = await fetch(`${app.url}/`, { redirect: "manual" });
    expect(home.headers.get("location")).toMatch(/\/setup$/);
    const invite = await fetch(`${app.url}/invite/${token}`);
    expect(invite.status).toBe(200);
    expect(await invite.text()).toContain('name="organisationName"');

    const check = new pg.Client({ connectionString: url.toString() });
    await check.connect();
    const { rows } = await check.query<{ n: string }>('SELECT count(*) AS n FROM "User"');
    await check.end();
    expect(Number(rows[0]!.n)).toBe(0);
  });
});
