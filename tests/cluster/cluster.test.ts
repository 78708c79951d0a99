// Production mode as a county runs it: three app processes (the production build, started as
// `npm start` starts it) on one PostgreSQL database and a Redis of this test's own, with a TCP
// load balancer in front (tests/support/tcp-balancer.ts). Real y-websocket and socket.io clients.
// It shows what decision record 010 promises: clients on different processes co-edit and
// converge; the meeting room's run-state agrees everywhere; withdrawing someone's access on one
// process closes their connections on the others; a Redis outage is survived, reported and
// healed; a process killed with SIGKILL mid-typing loses no edit that was confirmed as saved,
// and its clients carry on through the others. Needs `npm run build` (npm test builds first).
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io as connectSocket, type Socket } from "socket.io-client";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { createSession } from "../../app/domain/auth/sessions.ts";
import { formatDocName } from "../../app/domain/collab/doc-name.ts";
import { readStoredDoc } from "../../app/domain/collab/stored-document.ts";
import type { RoomCommand, RoomState } from "../../app/domain/room/room-protocol.ts";
import { trackSaved, type SavedTracker } from "../../app/lib/collab-saved.ts";
import type { Db } from "../../app/lib/db-types.ts";
import { createMeetingWithParticipants } from "../factories/records.ts";
import { createTeamCase, type TeamCase } from "../factories/team.ts";
import { startAppProcess, type AppProcess } from "../support/app-process.ts";
import { startRedisServer, type RedisServer } from "../support/redis-server.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-db.ts";
import { startBalancer, type Balancer } from "../support/tcp-balancer.ts";

const PROCESS_NAMES = ["A", "B", "C"] as const;

let testDb: TestDatabase;
let db: Db;
let redis: RedisServer;
let balancer: Balancer;
const processes: AppProcess[] = [];
const closers: Array<() => void> = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.db;
  redis = await startRedisServer();
  balancer = await startBalancer([0, 0, 0]);
  const started = await Promise.all(
    PROCESS_NAMES.map(() =>
      startAppProcess({
        DATABASE_URL: testDb.url,
        REDIS_URL: redis.url,
        // As in production: every process has the proxy's public address (the Origin check
        // compares with it; these clients, like any non-browser client, send no Origin).
        PUBLIC_URL: balancer.url,
        LOG_LEVEL: "info",
        // Every client of this test comes from 127.0.0.1.
        CONNECT_RATE_PER_IP: "10000",
        CONNECT_BURST_PER_IP: "100000",
      }),
    ),
  );
  processes.push(...started);
  started.forEach((process, index) => balancer.setBackend(index, Number(new URL(process.url).port)));
});

afterAll(async () => {
  for (const close of closers.splice(0).reverse()) close();
  await Promise.all(processes.map((process) => process.stop()));
  await balancer?.close();
  await redis?.stop();
  await testDb?.drop();
});

const processUrl = (index: number) => (processes[index] as AppProcess).url;
const allOutput = () => processes.map((process) => process.output()).join("\n");

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function cookieOf(userId: string): Promise<string> {
  return `sid=${(await createSession({ userId }, { db, sessionDays: 1 })).token}`;
}

/** A case team and a meeting of it with two agenda items, everyone having consented (factories). */
async function setupMeeting(team?: TeamCase) {
  const theTeam = team ?? (await createTeamCase(db));
  const meeting = await createMeetingWithParticipants(db, theTeam);
  const item = (position: number, title: string) =>
    db.agendaItem.create({
      data: {
        meetingId: meeting.id,
        position,
        title,
        durationMinutes: 20,
        createdById: theTeam.people.caseManager.user.id,
        updatedById: theTeam.people.caseManager.user.id,
      },
    });
  const items = [(await item(1, "Olukorra ülevaade")).id, (await item(2, "Järgmised sammud")).id] as const;
  return { team: theTeam, meeting, items, docName: formatDocName({ kind: "room", meetingId: meeting.id }) };
}

// ---- Yjs clients --------------------------------------------------------------------------------

type DocClient = {
  doc: Y.Doc;
  provider: WebsocketProvider;
  saved: SavedTracker;
  closeCodes: number[];
  connectionErrors: number;
  destroy(): void;
};

function webSocketWithCookie(cookie: string) {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  };
}

type Target = { url: string; via?: number; then?: number };

/** Query parameters for the balancer: which process, and which one if that is down. */
const routing = ({ via, then }: Target): Record<string, string> => ({
  ...(via === undefined ? {} : { via: String(via) }),
  ...(then === undefined ? {} : { then: String(then) }),
});

/** A y-websocket client: straight to a process, or through the balancer asking for one (`via`). */
function openDoc(target: Target, docName: string, cookie: string, doc = new Y.Doc()): DocClient {
  const provider = new WebsocketProvider(`${target.url.replace(/^http/, "ws")}/collab`, docName, doc, {
    WebSocketPolyfill: webSocketWithCookie(cookie) as never,
    disableBc: true,
    maxBackoffTime: 300,
    params: routing(target),
  });
  const saved = trackSaved(provider);
  const client: DocClient = {
    doc,
    provider,
    saved,
    closeCodes: [],
    connectionErrors: 0,
    destroy() {
      saved.destroy();
      provider.destroy();
    },
  };
  provider.on("connection-close", (event) => {
    if (event) client.closeCodes.push(event.code);
  });
  provider.on("connection-error", () => (client.connectionErrors += 1));
  closers.push(() => client.destroy());
  return client;
}

async function openSyncedDoc(target: Target, docName: string, cookie: string): Promise<DocClient> {
  const client = openDoc(target, docName, cookie);
  await waitFor(() => client.provider.synced, `a client of ${docName} to sync`);
  return client;
}

const textOf = (client: DocClient, key = "notes") => client.doc.getText(key).toString();

// ---- socket.io clients ----------------------------------------------------------------------------

type JoinAck = { ok: true; state: RoomState; presence: Array<{ userId: string }> } | { ok: false; code: string };
type CommandAck = { ok: true; state: RoomState } | { ok: false; code: string; messageKey: string };

type RoomClient = {
  socket: Socket;
  states: RoomState[];
  disconnectReasons: string[];
  latest(): RoomState | undefined;
  join(): Promise<JoinAck>;
  command(command: RoomCommand): Promise<CommandAck>;
};

async function openRoom(
  target: Target,
  meetingId: string,
  cookie: string,
  { rejoin = false }: { rejoin?: boolean } = {},
): Promise<RoomClient> {
  const socket = connectSocket(target.url, {
    transports: ["websocket"],
    reconnection: rejoin,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    extraHeaders: { cookie },
    query: routing(target),
  });
  const client: RoomClient = {
    socket,
    states: [],
    disconnectReasons: [],
    latest: () => client.states.at(-1),
    join: () => socket.timeout(10_000).emitWithAck("room:join", { meetingId }) as Promise<JoinAck>,
    command: (command) =>
      socket.timeout(10_000).emitWithAck("room:command", { meetingId, command }) as Promise<CommandAck>,
  };
  socket.on("room:state", (payload: { state: RoomState }) => client.states.push(payload.state));
  socket.on("disconnect", (reason) => client.disconnectReasons.push(reason));
  // As the room page does (use-room-socket.ts): join again after every reconnect.
  if (rejoin) {
    socket.on("connect", () => {
      void client.join().then((ack) => {
        if (ack.ok) client.states.push(ack.state);
      });
    });
  }
  closers.push(() => socket.close());
  await waitFor(() => socket.connected, "a socket.io client to connect");
  return client;
}

function expectOk<T extends { ok: boolean }>(ack: T): Extract<T, { ok: true }> {
  expect(ack, JSON.stringify(ack)).toMatchObject({ ok: true });
  return ack as Extract<T, { ok: true }>;
}

async function health(index: number): Promise<{ status: number; checks: Record<string, string> }> {
  const res = await fetch(`${processUrl(index)}/healthz`, { signal: AbortSignal.timeout(5000) });
  const body = (await res.json()) as { checks: Record<string, string> };
  return { status: res.status, checks: body.checks };
}

// ------------------------------------------------------------------------------------------------

describe("three app processes on PostgreSQL and Redis", () => {
  it("lets clients on different processes edit one document together, with presence", async () => {
    const { team, docName } = await setupMeeting();
    const { caseManager, specialistWithConsent, client } = team.people;
    const onA = await openSyncedDoc({ url: processUrl(0) }, docName, await cookieOf(caseManager.user.id));
    const onB = await openSyncedDoc({ url: processUrl(1) }, docName, await cookieOf(specialistWithConsent.user.id));
    const onC = await openSyncedDoc({ url: processUrl(2) }, docName, await cookieOf(client.user.id));
    const all = [onA, onB, onC];

    // All three type at once, at the same place.
    onA.doc.getText("notes").insert(0, "[A]");
    onB.doc.getText("notes").insert(0, "[B]");
    onC.doc.getText("notes").insert(0, "[C]");
    await waitFor(() => all.every((c) => textOf(c).length === 9 && textOf(c) === textOf(onA)), "all three to converge");
    for (const marker of ["[A]", "[B]", "[C]"]) expect(textOf(onA)).toContain(marker);
    await Promise.all(all.map((c) => c.saved.whenSaved()));

    onA.provider.awareness.setLocalStateField("cursor", { anchor: 1 });
    await waitFor(
      () => onC.provider.awareness.getStates().has(onA.doc.clientID),
      "the client on C to see the cursor of the one on A",
    );

    // What they wrote is stored: read back from the database, without any process.
    const stored = await readStoredDoc(db, docName);
    expect(stored.getText("notes").toString()).toBe(textOf(onA));
    stored.destroy();
  });

  it("keeps the meeting room's run-state the same on all three processes, and ending the meeting reaches them all", async () => {
    const { team, meeting, items, docName } = await setupMeeting();
    const { caseManager, specialistWithConsent, client } = team.people;
    const moderator = await openRoom({ url: processUrl(0) }, meeting.id, await cookieOf(caseManager.user.id));
    const minuteTaker = await openRoom(
      { url: processUrl(1) },
      meeting.id,
      await cookieOf(specialistWithConsent.user.id),
    );
    const theClient = await openRoom({ url: processUrl(2) }, meeting.id, await cookieOf(client.user.id));
    const room = [moderator, minuteTaker, theClient];
    for (const member of room) expectOk(await member.join());

    expectOk(await moderator.command({ type: "confirmAgenda" }));
    expectOk(await moderator.command({ type: "setCurrentItem", agendaItemId: items[1] }));
    expectOk(await moderator.command({ type: "startTimer" }));
    expectOk(await theClient.command({ type: "raiseHand" }));
    const last = expectOk(await minuteTaker.command({ type: "raiseHand" })).state;

    await waitFor(
      () => room.every((member) => member.latest()?.version === last.version),
      "every process to pass the state on",
    );
    for (const member of room) expect(member.latest()).toEqual(last);
    expect(last.currentItemId).toBe(items[1]);
    expect(last.timer).toMatchObject({ itemId: items[1], runningSince: expect.any(String) });
    expect(last.hands.map((hand) => hand.userId)).toEqual([client.user.id, specialistWithConsent.user.id]);

    // Joining anew on any process gives the same state, and everyone in the room, wherever
    // they are connected.
    for (const member of room) {
      const joined = expectOk(await member.join());
      expect(joined.state).toEqual(last);
      expect(joined.presence.map((p) => p.userId).sort()).toEqual(
        [caseManager.user.id, specialistWithConsent.user.id, client.user.id].sort(),
      );
    }

    // Ending the meeting on A makes its room document read-only: the writers on B and C are sent
    // to reconnect (1012) and find it so (a write then closes with 4403).
    const docOnB = await openSyncedDoc({ url: processUrl(1) }, docName, await cookieOf(specialistWithConsent.user.id));
    const docOnC = await openSyncedDoc({ url: processUrl(2) }, docName, await cookieOf(client.user.id));
    expectOk(await moderator.command({ type: "endMeeting" }));
    await waitFor(
      () => docOnB.closeCodes.includes(1012) && docOnC.closeCodes.includes(1012),
      "the room document's connections on B and C to be sent to reconnect",
    );
    await waitFor(() => docOnC.provider.synced, "the client on C to be back, read-only");
    docOnC.doc.getText("notes").insert(0, "after the end");
    await waitFor(() => docOnC.closeCodes.includes(4403), "a write after the end to be refused");
  });

  it("closes on every process the connections of someone whose consent was withdrawn on one of them", async () => {
    const { team, meeting, docName } = await setupMeeting();
    const { caseManager, specialistWithConsent } = team.people;
    const specialistCookie = await cookieOf(specialistWithConsent.user.id);
    const managerCookie = await cookieOf(caseManager.user.id);
    const docOnB = await openSyncedDoc({ url: processUrl(1) }, docName, specialistCookie);
    const docOnC = await openSyncedDoc({ url: processUrl(2) }, docName, specialistCookie);
    const roomOnB = await openRoom({ url: processUrl(1) }, meeting.id, specialistCookie);
    const roomOnC = await openRoom({ url: processUrl(2) }, meeting.id, specialistCookie);
    expectOk(await roomOnB.join());
    expectOk(await roomOnC.join());
    const managerDocOnB = await openSyncedDoc({ url: processUrl(1) }, docName, managerCookie);
    const managerRoomOnC = await openRoom({ url: processUrl(2) }, meeting.id, managerCookie);

    // The case manager withdraws the consent on the team page, served by process A.
    const consent = await db.sharingConsent.findFirstOrThrow({
      where: { caseId: team.caseId, recipientUserId: specialistWithConsent.user.id, withdrawnAt: null },
    });
    const csrf = randomBytes(32).toString("base64url");
    const res = await fetch(`${processUrl(0)}/cases/${team.caseId}/team?_data=routes%2Fcases.%24caseId.team`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: `${managerCookie}; csrf=${csrf}` },
      body: new URLSearchParams({ _csrf: csrf, intent: "withdrawConsent", consentId: consent.id }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, intent: "withdrawConsent" });

    await waitFor(
      () => docOnB.closeCodes.includes(1012) && docOnC.closeCodes.includes(1012),
      "the specialist's document connections on B and C to be closed",
      10_000,
    );
    await waitFor(
      () => !roomOnB.socket.connected && !roomOnC.socket.connected,
      "the specialist's room connections on B and C to be closed",
      10_000,
    );
    expect(roomOnB.disconnectReasons).toContain("io server disconnect");
    expect(roomOnC.disconnectReasons).toContain("io server disconnect");

    // They reconnect and are authorised again: refused now, so they never get the document back.
    const errorsBefore = docOnB.connectionErrors;
    await waitFor(() => docOnB.connectionErrors > errorsBefore, "the specialist's reconnection to be refused");
    expect(docOnB.provider.synced).toBe(false);
    const again = await openRoom({ url: processUrl(2) }, meeting.id, specialistCookie);
    expect(await again.join()).toMatchObject({ ok: false });

    // Nobody else was disconnected.
    expect(managerDocOnB.closeCodes).toEqual([]);
    expect(managerRoomOnC.socket.connected).toBe(true);
  });

  it("survives a Redis outage: reported by /healthz and the logs, editing goes on, processes resynchronise", async () => {
    const { team, docName } = await setupMeeting();
    const { caseManager, client } = team.people;
    const onA = await openSyncedDoc({ url: processUrl(0) }, docName, await cookieOf(caseManager.user.id));
    const onC = await openSyncedDoc({ url: processUrl(2) }, docName, await cookieOf(client.user.id));
    onA.doc.getText("notes").insert(0, "before;");
    await waitFor(() => textOf(onC) === "before;", "C to get A's edit");

    await redis.stop();
    for (const index of [0, 1, 2]) {
      await waitFor(
        async () => (await health(index)).status === 503,
        `/healthz of ${PROCESS_NAMES[index]} to report the outage`,
      );
      expect((await health(index)).checks).toEqual({ database: "ok", redis: "fail" });
    }
    await waitFor(
      () => processes.every((p) => p.output().includes('"event":"redis.down"')),
      "every process to log the outage",
    );

    // Both sides keep editing, and their edits are stored and confirmed; they cannot see each
    // other's until Redis is back.
    onA.doc.getText("notes").insert(7, "typed on A during the outage;");
    onC.doc.getText("notes").insert(0, "typed on C during the outage;");
    await Promise.all([onA.saved.whenSaved(), onC.saved.whenSaved()]);
    expect(textOf(onA)).not.toContain("typed on C");
    expect(textOf(onC)).not.toContain("typed on A");

    await redis.start();
    for (const index of [0, 1, 2]) {
      await waitFor(
        async () => (await health(index)).status === 200,
        `/healthz of ${PROCESS_NAMES[index]} to recover`,
        30_000,
      );
    }
    await waitFor(
      () => textOf(onA) === textOf(onC) && textOf(onA).includes("typed on A") && textOf(onA).includes("typed on C"),
      "A and C to converge after the outage",
      30_000,
    );
    expect(allOutput()).toContain('"event":"redis.up"');
    expect(allOutput()).toContain('"event":"collab.relay-resync"');

    // Edits go across again, and a newcomer on the third process gets everything.
    onC.doc.getText("notes").insert(0, "after;");
    await waitFor(() => textOf(onA).startsWith("after;"), "A to get C's edit after the outage");
    const fresh = await openSyncedDoc(
      { url: processUrl(1) },
      docName,
      await cookieOf(team.people.specialistWithConsent.user.id),
    );
    await waitFor(() => textOf(fresh) === textOf(onA), "a newcomer on B to have it all");

    // The logs carry ids and codes, never the people or what they wrote.
    const people = await db.user.findMany({ select: { name: true, email: true } });
    const output = allOutput();
    for (const person of people) {
      expect(output).not.toContain(person.name);
      expect(output).not.toContain(person.email);
    }
    expect(output).not.toContain("during the outage");
  });

  it("loses no edit confirmed as saved when a process is killed mid-typing; its clients carry on through the others", async () => {
    const { team, meeting, docName } = await setupMeeting();
    const { caseManager, specialistWithConsent, client } = team.people;
    const cookies = [
      await cookieOf(caseManager.user.id),
      await cookieOf(specialistWithConsent.user.id),
      await cookieOf(client.user.id),
    ];
    // Writer 0 on A, writers 1 and 2 on B (the one to be killed), all through the balancer. When
    // B is gone, its writers go to A, which holds the document and what B relayed but had not
    // stored yet. (A process loading the document afresh would be sent those edits again by the
    // reconnecting clients; one that holds them must see to their storing itself.)
    const targets: Target[] = [
      { url: balancer.url, via: 0 },
      { url: balancer.url, via: 1, then: 0 },
      { url: balancer.url, via: 1, then: 0 },
    ];
    const writers = targets.map((target, i) => openDoc(target, docName, cookies[i] as string));
    await waitFor(() => writers.every((w) => w.provider.synced), "the writers to sync");
    const moderator = await openRoom({ url: balancer.url, via: 1, then: 2 }, meeting.id, cookies[0] as string, {
      rejoin: true,
    });
    await waitFor(() => moderator.states.length > 0, "the moderator to join on B");
    expectOk(await moderator.command({ type: "confirmAgenda" }));
    const stateBeforeKill = expectOk(await moderator.command({ type: "raiseHand" })).state;

    // Each writer appends its next number every 20 ms, one message each. trackSaved confirms them
    // in order: with no offline changes waiting, all but the last `unconfirmedCount` are stored.
    // Remember how far that was, as the app's "saved" indicator would have told the person.
    const typed = [0, 0, 0];
    const confirmed = [0, 0, 0];
    writers.forEach((writer, i) =>
      writer.saved.onChange((state) => {
        if (state.hasOfflineChanges) return;
        confirmed[i] = Math.max(confirmed[i] as number, (typed[i] as number) - state.unconfirmedCount);
      }),
    );
    const typing = setInterval(() => {
      writers.forEach((writer, i) => {
        writer.doc.getArray<number>(`writer-${i}`).push([typed[i] as number]);
        typed[i] = (typed[i] as number) + 1;
      });
    }, 20);
    closers.push(() => clearInterval(typing));

    await waitFor(() => confirmed[1]! > 10 && confirmed[2]! > 10, "the writers on B to have edits confirmed");
    const routesBeforeKill = balancer.routes.length;
    await (processes[1] as AppProcess).kill("SIGKILL");
    const confirmedAtKill = [...confirmed];

    // Typing goes on; the clients of B reconnect (through the balancer) to A or C.
    await waitFor(() => {
      const moved = balancer.routes.slice(routesBeforeKill).filter((route) => route.asked === 1);
      return moved.filter((route) => route.served === 0).length >= 2 && moved.some((route) => route.served === 2);
    }, "B's writers to be served by A, and its socket.io client by C");
    await waitFor(() => writers.every((w) => w.provider.synced), "every writer to be in sync again");
    const typedAfterReconnect = [...typed];
    await waitFor(() => typed.every((count, i) => count > (typedAfterReconnect[i] as number) + 20), "more typing");
    clearInterval(typing);
    await Promise.all(writers.map((writer) => writer.saved.whenSaved()));

    // Everything, including all that was confirmed before the kill, is there for a newcomer
    // with no local state on another process, and in the database itself.
    const expected = typed.map((count) => Array.from({ length: count }, (_, n) => n));
    const fresh = await openSyncedDoc({ url: processUrl(2) }, docName, cookies[2] as string);
    await waitFor(
      () => expected.every((list, i) => fresh.doc.getArray(`writer-${i}`).length === list.length),
      "the newcomer to receive every edit",
    );
    expected.forEach((list, i) => expect(fresh.doc.getArray(`writer-${i}`).toArray()).toEqual(list));
    const stored = await readStoredDoc(db, docName);
    expected.forEach((list, i) => {
      const items = stored.getArray<number>(`writer-${i}`).toArray();
      expect(items.length).toBeGreaterThanOrEqual(confirmedAtKill[i] as number);
      expect(items).toEqual(list);
    });
    stored.destroy();

    // The room client of B rejoined elsewhere and finds the room as it was.
    await waitFor(
      () => moderator.socket.connected && moderator.latest()?.version === stateBeforeKill.version,
      "the moderator to rejoin",
    );
    expect(moderator.latest()).toEqual(stateBeforeKill);
    const next = expectOk(await moderator.command({ type: "lowerHand" })).state;
    expect(next.version).toBe(stateBeforeKill.version + 1);
  });
});
