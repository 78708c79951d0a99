// The server as a whole on one port: health, CSRF, sign-in over HTTP, upgrade routing,
// socket.io authentication. Real server, real database, real clients.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io as connectSocket } from "socket.io-client";
import WebSocket from "ws";
import { hashPassword } from "../../app/domain/auth/password.ts";
import { CookieJar, startTestServer, type TestServer } from "../support/test-server.ts";

const EMAIL = "mari.maasikas@tartu-vald.example";
const PASSWORD = "oige-parool-123";
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer(process.env.TEST_DB === "postgres" ? { REDIS_URL: "redis://127.0.0.1:6379" } : {});
  const org = await t.testDb.db.organisation.create({ data: { name: "Testi vald", type: "MUNICIPALITY" } });
  await t.testDb.db.user.create({
    data: {
      kind: "STAFF",
      email: EMAIL,
      name: "Mari Maasikas",
      positionTitle: "juhtumikorraldaja",
      organisationId: org.id,
      passwordHash: await hashPassword(PASSWORD),
    },
  });
});
afterAll(async () => {
  await t?.close();
});

async function getLoginPage(jar: CookieJar) {
  const res = await fetch(`${t.url}/login`, { headers: { cookie: jar.header() } });
  jar.store(res);
  const html = await res.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  return { res, html, token };
}

function postForm(path: string, jar: CookieJar, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${t.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header(), ...headers },
    body: new URLSearchParams(fields),
  });
}

describe("health", () => {
  it("reports the database (and Redis in production mode) reachable", async () => {
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; checks: Record<string, string> };
    expect(body.status).toBe("ok");
    expect(body.checks.database).toBe("ok");
    if (process.env.TEST_DB === "postgres") expect(body.checks.redis).toBe("ok");
  });
});

describe("sign-in over HTTP", () => {
  it("serves the sign-in page in Estonian with a CSRF token bound to a cookie", async () => {
    const jar = new CookieJar();
    const { res, html, token } = await getLoginPage(jar);
    expect(res.status).toBe(200);
    expect(html).toContain('<html lang="et"');
    expect(html).toContain("Sisselogimine");
    expect(token).toBeTruthy();
    expect(jar.get("csrf")).toBe(token);
  });

  it("refuses a forged CSRF token with a clear message and creates no session", async () => {
    const jar = new CookieJar();
    await getLoginPage(jar);
    const before = await t.testDb.db.session.count();
    const res = await postForm("/login?_data=routes%2Flogin", jar, { _csrf: "forged".padEnd(43, "x"), email: EMAIL, password: PASSWORD });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { formError: string }).formError).toBe("error.csrf");
    expect(await t.testDb.db.session.count()).toBe(before);
  });

  it("refuses a cross-origin POST before it reaches the app", async () => {
    const jar = new CookieJar();
    const { token } = await getLoginPage(jar);
    const res = await postForm("/login", jar, { _csrf: token!, email: EMAIL, password: PASSWORD }, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(await t.testDb.db.session.count()).toBe(0);
  });

  it("says the password is wrong, keeps the e-mail typed, and creates no session", async () => {
    const jar = new CookieJar();
    const { token } = await getLoginPage(jar);
    const res = await postForm("/login", jar, { _csrf: token!, email: EMAIL, password: "vale-parool-000" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("E-posti aadress või parool ei ole õige.");
    expect(html).toContain(`value="${EMAIL}"`);
    expect(await t.testDb.db.session.count()).toBe(0);
  });

  it("signs in, sets an HttpOnly SameSite session cookie and shows the home page", async () => {
    const jar = new CookieJar();
    const { token } = await getLoginPage(jar);
    const res = await postForm("/login", jar, { _csrf: token!, email: EMAIL.toUpperCase(), password: PASSWORD });
    expect(res.status).toBe(302);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("sid="));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    jar.store(res);
    const home = await fetch(`${t.url}/`, { headers: { cookie: jar.header() } });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("Minu töölaud");
  });
});

describe("upgrade routing and realtime authentication", () => {
  async function sessionCookie() {
    const jar = new CookieJar();
    const { token } = await getLoginPage(jar);
    jar.store(await postForm("/login", jar, { _csrf: token!, email: EMAIL, password: PASSWORD }));
    return jar.header();
  }

  function upgradeStatus(path: string, headers: Record<string, string> = {}): Promise<number | "open"> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(t.url.replace("http", "ws") + path, { headers });
      ws.on("open", () => {
        ws.close();
        resolve("open");
      });
      ws.on("unexpected-response", (_req: http.ClientRequest, res: http.IncomingMessage) => resolve(res.statusCode ?? 0));
      ws.on("error", (error) => {
        if (/socket hang up|ECONNRESET/.test(error.message)) resolve(0);
        else reject(error);
      });
    });
  }

  it("refuses upgrades on paths that are neither socket.io nor collab", async () => {
    expect(await upgradeStatus("/something-else")).toBe(400);
  });

  it("refuses a Yjs connection without a session", async () => {
    expect(await upgradeStatus("/collab/meeting.abcdefgh12.room")).toBe(401);
  });

  it("refuses a Yjs connection from a foreign Origin even with a session", async () => {
    const cookie = await sessionCookie();
    expect(await upgradeStatus("/collab/meeting.abcdefgh12.room", { cookie, origin: "https://evil.example" })).toBe(400);
  });

  it("refuses socket.io without a session and accepts it with one", async () => {
    const anonymous = connectSocket(t.url, { transports: ["websocket"], reconnection: false });
    const error = await new Promise<Error>((resolve) => anonymous.on("connect_error", resolve));
    expect(error.message).toBe("UNAUTHENTICATED");
    anonymous.close();

    const cookie = await sessionCookie();
    const socket = connectSocket(t.url, { transports: ["websocket"], reconnection: false, extraHeaders: { cookie } });
    await new Promise<void>((resolve, reject) => {
      socket.on("connect", () => resolve());
      socket.on("connect_error", reject);
    });
    const ack = (await socket.timeout(5000).emitWithAck("session:ping", { at: 42 })) as { ok: boolean; at: number };
    expect(ack).toMatchObject({ ok: true, at: 42 });
    const bad = (await socket.timeout(5000).emitWithAck("session:ping", { at: "soon" })) as { ok: boolean; code: string };
    expect(bad).toEqual({ ok: false, code: "VALIDATION" });
    socket.close();
  });
});
