// The socket.io handshake under the per-address connection limit: refused with 429 before the
// session is looked up. No database here: the one given counts and refuses every use.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { io as connectSocket } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { Db } from "../../app/lib/db-types.ts";
import { createConnectionLimiter } from "../connection-limiter.ts";
import { createSocketServer } from "./socket-server.ts";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startServer(burst: number) {
  const databaseUses: string[] = [];
  const db = new Proxy({} as Db, {
    get(_target, property) {
      databaseUses.push(String(property));
      throw new Error("no database in this test");
    },
  });
  const httpServer = http.createServer();
  const io = createSocketServer({
    httpServer,
    db,
    logger: pino({ level: "silent" }),
    isSecureCookie: false,
    isOriginAllowed: () => true,
    // A burst and practically no refill.
    connectionLimiter: createConnectionLimiter({ ratePerSecond: 0.001, burst, trustProxy: 0 }),
    redis: null,
    roomHooks: { onMeetingStarted: () => {}, onMeetingEnded: () => {} },
  });
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  cleanups.push(async () => {
    await new Promise<void>((resolve) => io.close(() => resolve()));
    httpServer.closeAllConnections();
  });
  return { url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`, databaseUses };
}

describe("socket.io handshake limit per address", () => {
  it("answers polling handshakes over the budget with 429", async () => {
    const server = await startServer(2);
    const handshake = () => fetch(`${server.url}/socket.io/?EIO=4&transport=polling`);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const response = await handshake();
      statuses.push(response.status);
      if (i === 2) expect(await response.text()).toBe("Too Many Requests");
      else await response.arrayBuffer();
    }
    expect(statuses).toEqual([200, 200, 429]);
  });

  it("answers websocket handshakes over the budget with 429, before the session is looked up", async () => {
    const server = await startServer(2);
    const attempt = () =>
      new Promise<string>((resolve) => {
        const socket = connectSocket(server.url, {
          transports: ["websocket"],
          reconnection: false,
          extraHeaders: { cookie: "sid=some-session" },
        });
        socket.once("connect_error", (error) => {
          socket.close();
          resolve(error.message);
        });
      });
    // The first two reach the session lookup (which fails here: no database).
    expect(await attempt()).toBe("UNAVAILABLE");
    expect(await attempt()).toBe("UNAVAILABLE");
    const usesBefore = server.databaseUses.length;
    expect(usesBefore).toBeGreaterThan(0);

    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${server.url.replace("http", "ws")}/socket.io/?EIO=4&transport=websocket`);
      ws.on("error", () => {});
      ws.once("open", () => resolve(101));
      ws.once("unexpected-response", (req, res) => {
        res.resume();
        req.destroy();
        resolve(res.statusCode ?? 0);
      });
    });
    expect(status).toBe(429);
    expect(server.databaseUses.length).toBe(usesBefore);
  });
});
