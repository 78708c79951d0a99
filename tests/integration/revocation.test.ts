// Ending someone's access closes their live connections at once: the socket.io connection and
// the Yjs document connection, through the real server (on PostgreSQL with the Redis adapter, as
// between several processes). A connection that was down at that moment does not get its rooms
// back through socket.io's connection-state recovery.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io as connectSocket } from "socket.io-client";
import WebSocket from "ws";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { createSession } from "../../app/domain/auth/sessions.ts";
import { formatDocName } from "../../app/domain/collab/doc-name.ts";
import { createCase, createCaseMeeting, createStaffUser } from "../factories/people.ts";
import { startTestServer, type TestServer } from "../support/test-server.ts";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer(process.env.TEST_DB === "postgres" ? { REDIS_URL: "redis://127.0.0.1:6379" } : {});
});
afterAll(async () => {
  await t?.close();
});

function cookieHeaderWebSocket(cookie: string) {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  };
}

async function waitFor(check: () => boolean, ms = 5000) {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("realtime.disconnectUser", () => {
  it("closes the person's socket.io and Yjs connections and leaves others connected", async () => {
    const { db } = t.testDb;
    const { user: manager } = await createStaffUser(db);
    const { user: other } = await createStaffUser(db, { organisationId: manager.organisationId! });
    const theCase = await createCase(db, { caseManagerId: manager.id });
    await db.caseMember.create({ data: { caseId: theCase.id, userId: other.id, role: "CASE_MANAGER" } });
    const meeting = await createCaseMeeting(db, { caseId: theCase.id, createdById: manager.id });
    const managerCookie = `sid=${(await createSession({ userId: manager.id }, { db, sessionDays: 1 })).token}`;
    const otherCookie = `sid=${(await createSession({ userId: other.id }, { db, sessionDays: 1 })).token}`;

    const socket = connectSocket(t.url, {
      transports: ["websocket"],
      reconnection: false,
      extraHeaders: { cookie: otherCookie },
    });
    const keeper = connectSocket(t.url, {
      transports: ["websocket"],
      reconnection: false,
      extraHeaders: { cookie: managerCookie },
    });
    await waitFor(() => socket.connected && keeper.connected);

    const docName = formatDocName({ kind: "room", meetingId: meeting.id });
    const provider = new WebsocketProvider(`${t.url.replace("http", "ws")}/collab`, docName, new Y.Doc(), {
      WebSocketPolyfill: cookieHeaderWebSocket(otherCookie) as never,
      disableBc: true,
      connect: true,
    });
    provider.shouldConnect = true;
    await waitFor(() => provider.synced);
    const closes: number[] = [];
    provider.on("connection-close", (event) => closes.push(event?.code ?? 0));
    // Do not reconnect in this test: we only want to see the close.
    provider.on("connection-close", () => {
      provider.shouldConnect = false;
    });

    t.server.services.realtime.disconnectUser(other.id);

    await waitFor(() => !socket.connected && closes.length > 0);
    expect(closes[0]).toBe(1012);
    expect(keeper.connected).toBe(true);
    provider.destroy();
    socket.close();
    keeper.close();
  });

  it("lets people who may read a meeting watch it, pushes changes to them, and refuses strangers", async () => {
    const { db } = t.testDb;
    const { user: manager } = await createStaffUser(db);
    const { user: stranger } = await createStaffUser(db);
    const theCase = await createCase(db, { caseManagerId: manager.id });
    const meeting = await createCaseMeeting(db, { caseId: theCase.id, createdById: manager.id });
    const cookieOf = async (userId: string) => `sid=${(await createSession({ userId }, { db, sessionDays: 1 })).token}`;
    const watcher = connectSocket(t.url, {
      transports: ["websocket"],
      reconnection: false,
      extraHeaders: { cookie: await cookieOf(manager.id) },
    });
    const outsider = connectSocket(t.url, {
      transports: ["websocket"],
      reconnection: false,
      extraHeaders: { cookie: await cookieOf(stranger.id) },
    });
    await waitFor(() => watcher.connected && outsider.connected);

    expect(await watcher.timeout(5000).emitWithAck("meeting:watch", { meetingId: meeting.id })).toEqual({ ok: true });
    expect(await outsider.timeout(5000).emitWithAck("meeting:watch", { meetingId: meeting.id })).toEqual({
      ok: false,
      code: "NOT_FOUND",
    });
    expect(await outsider.timeout(5000).emitWithAck("meeting:watch", { meetingId: "../etc" })).toEqual({
      ok: false,
      code: "VALIDATION",
    });

    const received: unknown[] = [];
    const leaked: unknown[] = [];
    watcher.on("agenda:changed", (payload: unknown) => received.push(payload));
    outsider.on("agenda:changed", (payload: unknown) => leaked.push(payload));
    t.server.services.realtime.notifyMeeting(meeting.id, "agenda:changed");
    await waitFor(() => received.length === 1);
    expect(received[0]).toEqual({ meetingId: meeting.id });
    expect(leaked).toEqual([]);
    watcher.close();
    outsider.close();
  });

  it("recovers a dropped connection with its rooms and missed events, except for someone whose access ended meanwhile", async () => {
    const { db } = t.testDb;
    const { user: manager } = await createStaffUser(db);
    const { user: other } = await createStaffUser(db, { organisationId: manager.organisationId! });
    const theCase = await createCase(db, { caseManagerId: manager.id });
    await db.caseMember.create({ data: { caseId: theCase.id, userId: other.id, role: "CASE_MANAGER" } });
    const meeting = await createCaseMeeting(db, { caseId: theCase.id, createdById: manager.id });
    const cookieOf = async (userId: string) => `sid=${(await createSession({ userId }, { db, sessionDays: 1 })).token}`;
    const watch = async (cookie: string) => {
      const socket = connectSocket(t.url, {
        transports: ["websocket"],
        reconnectionDelay: 500,
        randomizationFactor: 0,
        extraHeaders: { cookie },
      });
      const received: unknown[] = [];
      socket.on("agenda:changed", (payload: unknown) => received.push(payload));
      await waitFor(() => socket.connected);
      expect(await socket.timeout(5000).emitWithAck("meeting:watch", { meetingId: meeting.id })).toEqual({ ok: true });
      return { socket, received };
    };
    const openConnections = () =>
      new Promise<number>((resolve, reject) =>
        t.server.httpServer.getConnections((error, count) => (error ? reject(error) : resolve(count))),
      );
    /**
     * Drops the transport as a network blip does; `whileDown` runs once the server has seen the
     * connection go (and kept its session for recovery), before the client reconnects.
     */
    const blip = async ({ socket }: { socket: ReturnType<typeof connectSocket> }, whileDown: () => void) => {
      const before = await openConnections();
      const down = new Promise<void>((resolve) => socket.once("disconnect", () => resolve()));
      socket.io.engine.close();
      await down;
      for (let tries = 0; (await openConnections()) >= before; tries += 1) {
        if (tries > 100) throw new Error("the server did not see the connection close");
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      whileDown();
      await waitFor(() => socket.connected);
    };

    const kept = await watch(await cookieOf(manager.id));
    const revoked = await watch(await cookieOf(other.id));
    // A client can only ask for what it missed after the first event (its offset in the stream).
    t.server.services.realtime.notifyMeeting(meeting.id, "agenda:changed");
    await waitFor(() => kept.received.length === 1 && revoked.received.length === 1);

    await blip(kept, () => t.server.services.realtime.notifyMeeting(meeting.id, "agenda:changed"));
    expect(kept.socket.recovered).toBe(true);
    // The event sent while it was away arrives, and it is still watching the meeting.
    await waitFor(() => kept.received.length === 2);
    t.server.services.realtime.notifyMeeting(meeting.id, "agenda:changed");
    await waitFor(() => kept.received.length === 3);
    const revokedBefore = revoked.received.length;

    await blip(revoked, () => {
      t.server.services.realtime.disconnectUser(other.id);
      t.server.services.realtime.notifyMeeting(meeting.id, "agenda:changed");
    });
    expect(revoked.socket.recovered).toBe(false);
    t.server.services.realtime.notifyMeeting(meeting.id, "agenda:changed");
    await waitFor(() => kept.received.length === 5);
    // Neither the event sent while it was away nor the later one: it is in no meeting's room.
    expect(revoked.received).toHaveLength(revokedBefore);
    kept.socket.close();
    revoked.socket.close();
  });
});
