// Ending someone's access closes their live connections at once: the socket.io connection and
// the Yjs document connection, through the real server.
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
  t = await startTestServer();
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

    const docName = formatDocName({ kind: "minutes", meetingId: meeting.id });
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
});
