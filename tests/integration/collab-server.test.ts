// The Yjs server through real y-websocket clients (and raw `ws` sockets for what a
// well-behaved client never sends), against a real database.
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { readStoredDoc } from "../../app/domain/collab/stored-document.ts";
import { DomainError } from "../../app/domain/errors.ts";
import { trackSaved, type SavedTracker } from "../../app/lib/collab-saved.ts";
import type { Db } from "../../app/lib/db-types.ts";
import {
  createCollabServer,
  type CollabAccess,
  type CollabLimits,
  type CollabServer,
} from "../../server/collab/collab-server.ts";
import { compactStoredDocument } from "../../server/collab/document-store.ts";
import { createConnectionLimiter, type ConnectionLimiter } from "../../server/connection-limiter.ts";
import { awarenessMessage, awarenessPayload, deepJson, encodeUpdateV1, syncMessage, typeChainUpdate } from "../support/collab-fuzz.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-db.ts";

type ProviderOptions = NonNullable<ConstructorParameters<typeof WebsocketProvider>[3]>;
const WebSocketPolyfill = WebSocket as unknown as NonNullable<ProviderOptions["WebSocketPolyfill"]>;

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });

/** Test tokens in the query string stand in for sessions (wired elsewhere). */
const ACCESS_BY_TOKEN: Record<string, CollabAccess | DomainError> = {
  alice: { userId: "user-alice", readOnly: false },
  bob: { userId: "user-bob", readOnly: false },
  carol: { userId: "user-carol", readOnly: false },
  viewer: { userId: "user-viewer", readOnly: true },
  anonymous: new DomainError("UNAUTHENTICATED", "errors.auth.required"),
  outsider: new DomainError("FORBIDDEN", "errors.auth.forbidden"),
  gone: new DomainError("NOT_FOUND", "errors.notFound"),
};

const FAST_LIMITS: Partial<CollabLimits> = { persistDelayMs: 20, unloadDelayMs: 20, retryMinDelayMs: 20, retryMaxDelayMs: 100 };

let testDb: TestDatabase;
const cleanups: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
});

afterEach(async () => {
  // Clients first, then servers (last started, first stopped).
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(async () => {
  await testDb?.drop();
});

function newDocName(): string {
  return `plan.t${randomBytes(8).toString("hex")}`;
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

type TestServer = {
  collab: CollabServer;
  /** The serverUrl for WebsocketProvider. */
  url: string;
  authorizeCalls: string[];
};

async function startServer(
  options: {
    db?: Db;
    limits?: Partial<CollabLimits>;
    isFrozen?: (docName: string) => Promise<boolean>;
    connectionLimiter?: ConnectionLimiter;
  } = {},
): Promise<TestServer> {
  const authorizeCalls: string[] = [];
  const collab = createCollabServer({
    db: options.db ?? testDb.db,
    logger,
    limits: { ...FAST_LIMITS, ...options.limits },
    isFrozen: options.isFrozen,
    connectionLimiter: options.connectionLimiter,
    async authorize(req, docName) {
      authorizeCalls.push(docName);
      const token = new URL(req.url ?? "/", "http://localhost").searchParams.get("token") ?? "anonymous";
      const access = ACCESS_BY_TOKEN[token] ?? ACCESS_BY_TOKEN.anonymous;
      if (access instanceof DomainError) throw access;
      return access as CollabAccess;
    },
  });
  const server = http.createServer((_req, res) => {
    res.statusCode = 404;
    res.end();
  });
  server.on("upgrade", (req, socket, head) => {
    if (req.url?.startsWith("/collab/")) collab.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  let isStopped = false;
  const stop = async () => {
    if (isStopped) return;
    isStopped = true;
    await collab.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  cleanups.push(stop);
  return { collab, url: `ws://127.0.0.1:${port}/collab`, authorizeCalls, stop } as TestServer & { stop: () => Promise<void> };
}

async function stopServer(server: TestServer): Promise<void> {
  await (server as TestServer & { stop: () => Promise<void> }).stop();
}

type TestClient = {
  doc: Y.Doc;
  text: Y.Text;
  provider: WebsocketProvider;
  saved: SavedTracker;
  closeCodes: number[];
  statuses: string[];
  destroy(): void;
};

function connectClient(server: TestServer, docName: string, token: string, doc = new Y.Doc()): TestClient {
  const provider = new WebsocketProvider(server.url, docName, doc, {
    WebSocketPolyfill,
    disableBc: true,
    params: { token },
    maxBackoffTime: 200,
  });
  const saved = trackSaved(provider);
  const closeCodes: number[] = [];
  const statuses: string[] = [];
  provider.on("connection-close", (event) => {
    if (event) closeCodes.push(event.code);
  });
  provider.on("status", ({ status }) => statuses.push(status));
  let isDestroyed = false;
  const destroy = () => {
    if (isDestroyed) return;
    isDestroyed = true;
    saved.destroy();
    provider.destroy();
    doc.destroy();
  };
  cleanups.push(destroy);
  return { doc, text: doc.getText("body"), provider, saved, closeCodes, statuses, destroy };
}

async function connectSynced(server: TestServer, docName: string, token: string, doc?: Y.Doc): Promise<TestClient> {
  const client = connectClient(server, docName, token, doc);
  await waitFor(() => client.provider.synced, `${token} to sync`);
  return client;
}

type RawSocket = {
  ws: WebSocket;
  closed: Promise<{ code: number; reason: string }>;
  opened: Promise<void>;
  /** The server's first message (its sync step 1): the document is loaded and the socket attached. */
  attached: Promise<Uint8Array>;
};

function openRawSocket(server: TestServer, path: string): RawSocket {
  const ws = new WebSocket(`${server.url}/${path}`);
  ws.on("error", () => {});
  cleanups.push(() => ws.terminate());
  return {
    ws,
    opened: new Promise((resolve) => ws.once("open", () => resolve())),
    closed: new Promise((resolve) => ws.once("close", (code, reason) => resolve({ code, reason: reason.toString() }))),
    attached: new Promise((resolve) => ws.once("message", (data: Buffer) => resolve(Uint8Array.from(data)))),
  };
}

/** Sends a sync step 1 and waits for the answer: every message sent before it has been handled. */
function roundTrip(raw: RawSocket): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      if (data[0] !== 0 || data[1] !== 1) return;
      raw.ws.off("message", onMessage);
      resolve();
    };
    raw.ws.on("message", onMessage);
    raw.ws.send(Uint8Array.from([0, 0, 1, 0]));
  });
}

/** The HTTP status the server answered an upgrade with (101 if it accepted it). */
function upgradeStatus(server: TestServer, path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${server.url}/${path}`, { headers });
    ws.on("error", () => {});
    ws.once("open", () => {
      ws.terminate();
      resolve(101);
    });
    ws.once("unexpected-response", (req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      req.destroy();
    });
  });
}

async function storedRows(docName: string) {
  const [document, updates] = await Promise.all([
    testDb.db.collabDocument.findUnique({ where: { name: docName } }),
    testDb.db.collabUpdate.count({ where: { docName } }),
  ]);
  return { document, updates };
}

/**
 * Wraps the db so that chosen methods can be slowed down or made to fail. `write`: the statement
 * that stores updates (server/collab/document-store.ts writes them in SQL).
 */
function interceptDb(
  db: Db,
  intercept: {
    write?: (run: () => Promise<unknown>) => Promise<unknown>;
    findUpdates?: (run: () => Promise<unknown>) => Promise<unknown>;
  },
): Db {
  const bindTo = (target: object, prop: string | symbol) => {
    const value = Reflect.get(target, prop, target) as unknown;
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
  };
  return new Proxy(db, {
    get(target, prop) {
      if (prop === "$executeRawUnsafe" && intercept.write) {
        const write = intercept.write;
        return (...args: unknown[]) =>
          write(() => (target.$executeRawUnsafe as (...a: unknown[]) => Promise<unknown>)(...args));
      }
      if (prop === "collabUpdate" && intercept.findUpdates) {
        const findUpdates = intercept.findUpdates;
        return new Proxy(target.collabUpdate, {
          get(delegate, method) {
            if (method === "findMany") {
              return (...args: unknown[]) =>
                findUpdates(() => (delegate.findMany as (...a: unknown[]) => Promise<unknown>)(...args));
            }
            return bindTo(delegate, method);
          },
        });
      }
      return bindTo(target, prop);
    },
  });
}

describe("collab server", () => {
  it("two clients converge on concurrent edits and see each other's presence", async () => {
    const server = await startServer();
    const docName = newDocName();
    const alice = await connectSynced(server, docName, "alice");
    const bob = await connectSynced(server, docName, "bob");

    // Both edit position 0 in the same tick, before either has seen the other's edit.
    alice.text.insert(0, "from alice ");
    bob.text.insert(0, "from bob ");
    await waitFor(() => alice.text.toString() === bob.text.toString() && alice.text.length === 20, "convergence");
    expect(alice.text.toString()).toMatch(/from alice/);
    expect(alice.text.toString()).toMatch(/from bob/);

    alice.provider.awareness.setLocalStateField("cursor", { at: 3 });
    await waitFor(
      () => (bob.provider.awareness.getStates().get(alice.doc.clientID) as { cursor?: unknown } | undefined)?.cursor !== undefined,
      "bob to see alice's cursor",
    );
    expect(server.collab.stats()).toEqual({ documents: 1, connections: 2 });

    await Promise.all([alice.saved.whenSaved(), bob.saved.whenSaved()]);
    alice.destroy();
    await waitFor(() => !bob.provider.awareness.getStates().has(alice.doc.clientID), "alice's presence to go");
  });

  it("shares one load among clients connecting at the same time", async () => {
    let loads = 0;
    let releaseLoad!: () => void;
    const loadGate = new Promise<void>((resolve) => (releaseLoad = resolve));
    const db = interceptDb(testDb.db, {
      async findUpdates(run) {
        loads += 1;
        await loadGate;
        return run();
      },
    });
    const server = await startServer({ db });
    const docName = newDocName();
    const clients = [connectClient(server, docName, "alice"), connectClient(server, docName, "bob"), connectClient(server, docName, "carol")];
    await waitFor(() => server.collab.stats().connections === 3, "three connections");
    expect(clients.some((c) => c.provider.synced)).toBe(false);
    releaseLoad();
    await waitFor(() => clients.every((c) => c.provider.synced), "all to sync");
    expect(loads).toBe(1);
  });

  it("keeps content across unloading and a server restart", async () => {
    const docName = newDocName();
    const first = await startServer();
    const alice = await connectSynced(first, docName, "alice");
    alice.text.insert(0, "Kokkulepe: ");
    alice.text.insert(11, "kohtume neljapäeval");
    await alice.saved.whenSaved();
    alice.destroy();
    await waitFor(() => first.collab.stats().documents === 0, "the document to unload");

    const reader = await connectSynced(first, docName, "bob");
    expect(reader.text.toString()).toBe("Kokkulepe: kohtume neljapäeval");
    reader.text.insert(0, "NB ");
    await reader.saved.whenSaved();
    reader.destroy();
    await stopServer(first);

    const second = await startServer();
    const afterRestart = await connectSynced(second, docName, "carol");
    expect(afterRestart.text.toString()).toBe("NB Kokkulepe: kohtume neljapäeval");
    expect((await storedRows(docName)).updates).toBeGreaterThan(0);
  });

  it("lets clients in to a document that more sessions have deleted in than an update may bring clients", async () => {
    // Every browser session is a Yjs client of its own, and Yjs puts a document's whole delete
    // set into every sync step 2: a reconnecting tab names every session that ever deleted
    // something. 80 sessions (the limit on clients bringing structs is 64) each type and delete.
    const server = await startServer();
    const docName = newDocName();
    const SESSIONS = 80;
    for (let first = 0; first < SESSIONS; first += 10) {
      await Promise.all(
        Array.from({ length: 10 }, async (_, i) => {
          const session = await connectSynced(server, docName, "alice");
          session.text.insert(0, `<${first + i}x>`);
          session.text.delete(session.text.toString().indexOf("x"), 1);
          await session.saved.whenSaved();
          session.destroy();
        }),
      );
    }
    const expected = new Set(Array.from({ length: SESSIONS }, (_, i) => `<${i}>`));

    // A fresh client gets all of it.
    const fresh = await connectSynced(server, docName, "bob");
    expect(new Set(fresh.text.toString().match(/<\d+>/g))).toEqual(expected);
    const deleters = Y.decodeUpdate(Y.encodeStateAsUpdate(fresh.doc)).ds.clients.size;
    expect(deleters).toBe(SESSIONS);

    // A tab that holds the document reconnects: its sync step 2 carries the whole delete set.
    const tab = new Y.Doc();
    Y.applyUpdate(tab, Y.encodeStateAsUpdate(fresh.doc));
    const reconnecting = await connectSynced(server, docName, "carol", tab);
    reconnecting.text.insert(0, "still editing ");
    await reconnecting.saved.whenSaved();
    await waitFor(() => fresh.text.toString().startsWith("still editing "), "the edit to reach the fresh client");
    expect(reconnecting.closeCodes).toEqual([]);
    expect(fresh.closeCodes).toEqual([]);
  });

  it("compacts stored updates into a snapshot without losing content", async () => {
    const docName = newDocName();
    const server = await startServer({ limits: { compactAfterUpdates: 5, persistDelayMs: 1 } });
    const alice = await connectSynced(server, docName, "alice");
    for (let i = 0; i < 20; i += 1) {
      alice.text.insert(alice.text.length, `${i},`);
      await alice.saved.whenSaved();
    }
    const stored = await storedRows(docName);
    expect(stored.document?.snapshot).toBeTruthy();
    expect(stored.updates).toBeLessThanOrEqual(5);
    alice.destroy();
    await stopServer(server);

    const restarted = await startServer();
    const reader = await connectSynced(restarted, docName, "bob");
    expect(reader.text.toString()).toBe(Array.from({ length: 20 }, (_, i) => `${i},`).join(""));
  });

  it("refuses the upgrade with the HTTP status of the authorisation error", async () => {
    const server = await startServer();
    const docName = newDocName();
    expect(await upgradeStatus(server, `${docName}?token=anonymous`)).toBe(401);
    expect(await upgradeStatus(server, `${docName}?token=outsider`)).toBe(403);
    expect(await upgradeStatus(server, `${docName}?token=gone`)).toBe(404);

    const refused = connectClient(server, docName, "outsider");
    let connectionErrors = 0;
    refused.provider.on("connection-error", () => (connectionErrors += 1));
    await waitFor(() => connectionErrors > 0, "the provider's connection error");
    refused.destroy();
    expect(refused.statuses).not.toContain("connected");
    // Nothing was loaded for a refused client.
    expect(server.collab.stats()).toEqual({ documents: 0, connections: 0 });
  });

  it("refuses invalid document names before authorising", async () => {
    const server = await startServer();
    for (const path of ["not-a-document", "plan.SHOUTING1", "meeting.abcdefgh.notes", "plan.abc%ZZdefgh", "plan.abcdefgh%2Fx"]) {
      expect(await upgradeStatus(server, `${path}?token=alice`), path).toBe(400);
    }
    expect(server.authorizeCalls).toEqual([]);
  });

  it("serves a read-only client but closes it with 4403 when it writes", async () => {
    const server = await startServer();
    const docName = newDocName();
    const alice = await connectSynced(server, docName, "alice");
    alice.text.insert(0, "agreed text");
    await alice.saved.whenSaved();

    const viewer = await connectSynced(server, docName, "viewer");
    expect(viewer.text.toString()).toBe("agreed text");
    // Its sync answer carried nothing new, so it is confirmed like any other.
    await viewer.saved.whenSaved();
    alice.text.insert(0, "the ");
    await waitFor(() => viewer.text.toString() === "the agreed text", "the viewer to receive updates");

    let closedWith: { code: number; reason: string } | null = null;
    viewer.provider.on("closed", (event) => (closedWith = event));
    viewer.text.insert(0, "forged ");
    await waitFor(() => closedWith !== null, "the viewer to be closed");
    expect(closedWith).toEqual({ code: 4403, reason: "read-only" });

    const bob = await connectSynced(server, docName, "bob");
    expect(bob.text.toString()).toBe("the agreed text");
    expect(alice.text.toString()).toBe("the agreed text");
  });

  it("closes a writer of a frozen document with 4423", async () => {
    const docName = newDocName();
    const frozen = new Set([docName]);
    const server = await startServer({ isFrozen: async (name) => frozen.has(name) });
    const alice = await connectSynced(server, docName, "alice");
    let closedWith: { code: number; reason: string } | null = null;
    alice.provider.on("closed", (event) => (closedWith = event));
    alice.text.insert(0, "too late");
    await waitFor(() => closedWith !== null, "alice to be closed");
    expect(closedWith).toEqual({ code: 4423, reason: "frozen" });
    expect((await storedRows(docName)).updates).toBe(0);
  });

  it("discards updates to a document frozen in the database after it was loaded", async () => {
    const server = await startServer();
    const docName = newDocName();
    const alice = await connectSynced(server, docName, "alice");
    alice.text.insert(0, "signed version");
    await alice.saved.whenSaved();
    await testDb.db.collabDocument.update({ where: { name: docName }, data: { frozenAt: new Date() } });

    let closedWith: { code: number; reason: string } | null = null;
    alice.provider.on("closed", (event) => (closedWith = event));
    alice.text.insert(0, "edited ");
    // The write transaction sees the freeze: everyone is sent to reconnect (1012), and alice's
    // unsaved edit is then refused on the read-only reconnection.
    await waitFor(() => closedWith !== null, "alice to be refused");
    expect(alice.closeCodes).toContain(1012);
    expect(closedWith).toEqual({ code: 4423, reason: "frozen" });
    expect(alice.saved.state().isSaved).toBe(false);

    const reader = await connectSynced(server, docName, "bob");
    expect(reader.text.toString()).toBe("signed version");
  });

  it("closes a connection sending an oversized message with 1009 while others keep editing", async () => {
    const server = await startServer({ limits: { maxMessageBytes: 64 * 1024 } });
    const docName = newDocName();
    const alice = await connectSynced(server, docName, "alice");
    const bob = await connectSynced(server, docName, "bob");
    const carol = await connectSynced(server, docName, "carol");

    carol.text.insert(0, "x".repeat(100 * 1024));
    await waitFor(() => carol.closeCodes.includes(1009), "carol to be closed with 1009");
    carol.destroy();

    alice.text.insert(0, "still working");
    await waitFor(() => bob.text.toString() === "still working", "bob to receive alice's edit");
    await alice.saved.whenSaved();
  });

  it("closes only the connection that sends a malformed message", async () => {
    const server = await startServer();
    const docName = newDocName();
    const alice = await connectSynced(server, docName, "alice");
    const bob = await connectSynced(server, docName, "bob");

    const garbage = [
      Uint8Array.from([0, 2, 200, 1, 2, 3]), // update longer than the message
      Uint8Array.from([0, 2, 4, 255, 255, 255, 255]), // not a Yjs update
      Uint8Array.from([42]), // unknown message type
      Uint8Array.from([0, 9, 0]), // unknown sync message type
      Uint8Array.from([1, 3, 1, 2, 3]), // awareness that is not an awareness update
    ];
    for (const message of garbage) {
      const raw = openRawSocket(server, `${docName}?token=carol`);
      await raw.opened;
      raw.ws.send(message);
      expect((await raw.closed).code, `message ${Array.from(message).join(",")}`).toBe(4400);
    }
    const text = openRawSocket(server, `${docName}?token=carol`);
    await text.opened;
    text.ws.send("hello");
    expect((await text.closed).code).toBe(4400);

    alice.text.insert(0, "a");
    bob.text.insert(0, "b");
    await waitFor(() => alice.text.toString() === bob.text.toString() && alice.text.length === 2, "convergence");
    expect(alice.closeCodes).toEqual([]);
    expect(bob.closeCodes).toEqual([]);
  });

  it("confirms an update as saved only after its write committed", async () => {
    let releaseCommit: () => void = () => {};
    let isGateOpen = true;
    let writesWaiting = 0;
    const db = interceptDb(testDb.db, {
      async write(run) {
        if (!isGateOpen) {
          writesWaiting += 1;
          await new Promise<void>((resolve) => (releaseCommit = resolve));
        }
        return run();
      },
    });
    const server = await startServer({ db });
    const docName = newDocName();
    const alice = await connectSynced(server, docName, "alice");
    await alice.saved.whenSaved();
    const acks: boolean[] = [];
    alice.saved.onChange((state) => acks.push(state.isSaved));

    isGateOpen = false;
    alice.text.insert(0, "important");
    expect(alice.saved.state()).toMatchObject({ isSaved: false, unconfirmedCount: 1 });
    await waitFor(() => writesWaiting === 1, "the write to start");
    // Give a wrong implementation the chance to confirm early.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(alice.saved.state().isSaved).toBe(false);
    expect(acks).not.toContain(true);
    expect((await storedRows(docName)).updates).toBe(0);

    isGateOpen = true;
    releaseCommit();
    await alice.saved.whenSaved();
    expect((await storedRows(docName)).updates).toBe(1);
  });

  it("keeps updates in memory and retries when a write fails", async () => {
    let failuresLeft = 2;
    const db = interceptDb(testDb.db, {
      async write(run) {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          throw new Error("database unavailable");
        }
        return run();
      },
    });
    const server = await startServer({ db });
    const docName = newDocName();
    const alice = await connectSynced(server, docName, "alice");
    alice.text.insert(0, "survives a hiccup");
    await alice.saved.whenSaved();
    expect(failuresLeft).toBe(0);
    alice.destroy();
    // Not unloaded until stored, and then unloaded.
    await waitFor(() => server.collab.stats().documents === 0, "the document to unload");

    const reader = await connectSynced(server, docName, "bob");
    expect(reader.text.toString()).toBe("survives a hiccup");
  });

  it("closes the connection when loading fails and never replaces the stored document", async () => {
    const docName = newDocName();
    const healthy = await startServer();
    const alice = await connectSynced(healthy, docName, "alice");
    alice.text.insert(0, "stored before the outage");
    await alice.saved.whenSaved();
    alice.destroy();
    await stopServer(healthy);
    const before = await storedRows(docName);

    let isDatabaseDown = true;
    const db = interceptDb(testDb.db, {
      async findUpdates(run) {
        if (isDatabaseDown) throw new Error("database unavailable");
        return run();
      },
    });
    const server = await startServer({ db });
    const bob = connectClient(server, docName, "bob");
    bob.text.insert(0, "typed while loading ");
    await waitFor(() => bob.closeCodes.includes(1011), "bob to be closed with 1011");
    expect(bob.provider.synced).toBe(false);
    expect(bob.saved.state()).toMatchObject({ isSaved: false, hasOfflineChanges: true });
    expect(server.collab.stats().documents).toBe(0);
    expect(await storedRows(docName)).toEqual(before);

    const neverStored = newDocName();
    const carol = connectClient(server, neverStored, "carol");
    await waitFor(() => carol.closeCodes.includes(1011), "carol to be closed with 1011");
    carol.destroy();
    expect(await storedRows(neverStored)).toEqual({ document: null, updates: 0 });

    // The next attempt loads afresh; bob's reconnect then syncs both ways.
    isDatabaseDown = false;
    await waitFor(() => bob.provider.synced, "bob to sync after the outage");
    // Both were inserted at position 0 concurrently; Yjs orders them by client id.
    await waitFor(() => bob.text.length === "typed while loading stored before the outage".length, "merged text");
    expect(bob.text.toString()).toContain("typed while loading ");
    expect(bob.text.toString()).toContain("stored before the outage");
    await bob.saved.whenSaved();
  });

  it("closes a connection to a full document with 4503, and y-websocket gets in once someone leaves", async () => {
    const server = await startServer({ limits: { maxConnectionsPerDocument: 2 } });
    const docName = newDocName();
    await connectSynced(server, docName, "alice");
    const bob = await connectSynced(server, docName, "bob");

    // The handshake completes, so that a browser can read why it was closed.
    const raw = openRawSocket(server, `${docName}?token=carol`);
    await raw.opened;
    expect(await raw.closed).toEqual({ code: 4503, reason: "document full" });
    expect(server.collab.stats()).toEqual({ documents: 1, connections: 2 });

    // 4503 is not in y-websocket's "give up" range (4400-4499): it keeps trying.
    const carol = connectClient(server, docName, "carol");
    await waitFor(() => carol.closeCodes.filter((code) => code === 4503).length >= 2, "carol to be told twice that the document is full");
    expect(carol.provider.synced).toBe(false);
    bob.destroy();
    await waitFor(() => carol.provider.synced, "carol to get in once bob left");
  });

  it("refuses connection attempts over an address's budget with 429, before authorising", async () => {
    const server = await startServer({
      connectionLimiter: createConnectionLimiter({ ratePerSecond: 0.001, burst: 3, trustProxy: 1 }),
    });
    const docName = newDocName();
    expect(await upgradeStatus(server, `${docName}?token=alice`)).toBe(101);
    expect(await upgradeStatus(server, `${docName}?token=outsider`)).toBe(403);
    // Every attempt counts, even one that names no document.
    expect(await upgradeStatus(server, "not-a-document?token=alice")).toBe(400);
    const authorised = server.authorizeCalls.length;
    expect(await upgradeStatus(server, `${docName}?token=alice`)).toBe(429);
    expect(server.authorizeCalls).toHaveLength(authorised);
    // Behind a trusted proxy, another client address has a budget of its own.
    expect(await upgradeStatus(server, `${docName}?token=alice`, { "X-Forwarded-For": "203.0.113.5" })).toBe(101);
  });

  it("drops presence changes over the awareness rate without closing the connection", async () => {
    const server = await startServer({ limits: { maxAwarenessPerSecond: 0.001, awarenessBurst: 3 } });
    const docName = newDocName();
    const alice = await connectSynced(server, docName, "alice");
    const noteOf777 = () => (alice.provider.awareness.getStates().get(777) as { n?: number } | undefined)?.n;
    const raw = openRawSocket(server, `${docName}?token=bob`);
    await raw.attached;
    for (let n = 1; n <= 10; n += 1) raw.ws.send(awarenessMessage(awarenessPayload([{ clientId: 777, clock: n, json: JSON.stringify({ n }) }])));
    await roundTrip(raw);
    await waitFor(() => noteOf777() === 3, "alice to see bob's third presence change");
    await roundTrip(raw);
    expect(noteOf777()).toBe(3);
    // Its presence still goes when it leaves.
    raw.ws.close();
    expect((await raw.closed).code).toBe(1005);
    await waitFor(() => noteOf777() === undefined, "bob's presence to go");
  });

  it("refuses values and shared types nested too deeply, and the document stays servable", async () => {
    const server = await startServer();
    const docName = newDocName();
    const alice = await connectSynced(server, docName, "alice");
    alice.text.insert(0, "before");
    await alice.saved.whenSaved();
    const hostile = [
      // 40,000 levels parse fine and could never be sent to anyone again (JSON.stringify).
      syncMessage(2, encodeUpdateV1([{ client: 31, clock: 0, structs: [{ kind: "item", parent: "body", content: { type: "embed", json: deepJson(40_000) } }] }])),
      // 3,000 maps deep: deleting or collecting them overflows the stack in every client.
      syncMessage(2, typeChainUpdate(32, 3000)),
      awarenessMessage(awarenessPayload([{ clientId: 33, clock: 1, json: deepJson(30_000) }])),
    ];
    for (const message of hostile) {
      const raw = openRawSocket(server, `${docName}?token=carol`);
      await raw.attached;
      raw.ws.send(message);
      expect((await raw.closed).code).toBe(4400);
    }
    const bob = await connectSynced(server, docName, "bob");
    expect(bob.text.toString()).toBe("before");
    expect(bob.provider.awareness.getStates().has(33)).toBe(false);
    expect(alice.closeCodes).toEqual([]);
  });

  it("closes a writer that adds to what waits for dependencies once the document holds its maximum", async () => {
    const server = await startServer({ limits: { maxPendingBytes: 100 } });
    const docName = newDocName();
    const alice = await connectSynced(server, docName, "alice");
    const raw = openRawSocket(server, `${docName}?token=carol`);
    await raw.attached;
    const dangling = (client: number) =>
      syncMessage(2, encodeUpdateV1([{ client, clock: 0, structs: [{ kind: "item", origin: { client: 9_999_999, clock: 7 }, content: { type: "string", text: "?" } }] }]));
    // Each waits for a struct that never comes; Yjs keeps them all.
    let client = 5000;
    let closed: { code: number; reason: string } | null = null;
    void raw.closed.then((event) => (closed = event));
    while (closed === null && client < 5100) {
      raw.ws.send(dangling(client++));
      await Promise.race([roundTrip(raw), raw.closed]);
    }
    expect(closed).toEqual({ code: 4400, reason: "malformed message" });
    expect(client).toBeGreaterThan(5003);
    // Honest editing goes on.
    alice.text.insert(0, "still here");
    await alice.saved.whenSaved();
    const bob = await connectSynced(server, docName, "bob");
    expect(bob.text.toString()).toBe("still here");
  });

  it("refuses items that refer ahead of themselves, and what it accepted while waiting for a gap compacts", async () => {
    const server = await startServer();
    const docName = newDocName();
    const alice = await connectSynced(server, docName, "alice");
    alice.text.insert(0, "honest;");
    await alice.saved.whenSaved();
    const send = async (message: Uint8Array) => {
      const raw = openRawSocket(server, `${docName}?token=carol`);
      await raw.attached;
      raw.ws.send(message);
      const closed = await Promise.race([raw.closed, roundTrip(raw).then(() => null)]);
      raw.ws.close();
      return closed?.code ?? "accepted";
    };
    const text = (value: string) => ({ type: "string", text: value }) as const;
    // Each waits for clocks 0-3 of its client and names its own client's clock 9 (as parent,
    // origin or right neighbour), which no Yjs ever writes. Accepted, it was stored as it came;
    // once the gap was filled, integrating it threw inside Yjs: the write that filled the gap was
    // refused, and every later compaction failed, as did loading the stored rows.
    const ahead = [
      { kind: "item", parent: { client: 4201, clock: 9 }, content: text("p") },
      { kind: "item", origin: { client: 4202, clock: 9 }, content: text("o") },
      { kind: "item", rightOrigin: { client: 4203, clock: 9 }, content: text("r") },
    ] as const;
    for (const [i, struct] of ahead.entries()) {
      expect(await send(syncMessage(2, encodeUpdateV1([{ client: 4201 + i, clock: 4, structs: [struct] }])))).toBe(4400);
      expect(await send(syncMessage(2, encodeUpdateV1([{ client: 4201 + i, clock: 0, structs: [{ kind: "item", parent: "body", content: text("gap;") }] }])))).toBe("accepted");
    }
    // An empty deleted-content item broke Yjs's struct store at once, half applied: what was
    // stored then differed from what the server served.
    expect(await send(syncMessage(2, encodeUpdateV1([{ client: 4204, clock: 0, structs: [{ kind: "item", parent: "body", content: { type: "deleted", length: 0 } }] }])))).toBe(4400);
    // The same shape referring back, as Yjs writes it, waits and is integrated once its gap is filled.
    expect(await send(syncMessage(2, encodeUpdateV1([{ client: 4300, clock: 5, structs: [{ kind: "item", origin: { client: 4300, clock: 4 }, content: text("late;") }] }])))).toBe("accepted");
    expect(await send(syncMessage(2, encodeUpdateV1([{ client: 4300, clock: 0, structs: [{ kind: "item", parent: "body", content: text("fill;") }] }])))).toBe("accepted");
    await waitFor(() => alice.text.toString().includes("late;"), "the late item to reach alice");

    await server.collab.flush();
    const rows = (await storedRows(docName)).updates;
    expect(await compactStoredDocument(testDb.db, docName)).toBe(rows);
    expect(rows).toBeGreaterThan(1);
    const stored = await readStoredDoc(testDb.db, docName);
    try {
      expect(stored.getText("body").toString()).toBe(alice.text.toString());
      expect(Y.encodeStateVector(stored)).toEqual(Y.encodeStateVector(alice.doc));
    } finally {
      stored.destroy();
    }
    expect(alice.text.toString().split(";").filter(Boolean).sort()).toEqual(["fill", "gap", "gap", "gap", "honest", "late"].sort());
    expect(alice.closeCodes).toEqual([]);
    // Loaded again from what is stored (loading used to fail for good, 1011 for everyone).
    const live = alice.text.toString();
    alice.destroy();
    await stopServer(server);
    const restarted = await startServer();
    const bob = await connectSynced(restarted, docName, "bob");
    expect(bob.text.toString()).toBe(live);
  });

  it("enforces the message rate and the presence size", async () => {
    const server = await startServer({
      limits: { maxMessagesPerSecond: 5, messageBurst: 5, maxAwarenessBytes: 512 },
    });

    const other = newDocName();
    const raw = openRawSocket(server, `${other}?token=carol`);
    await raw.opened;
    const syncStep1 = Uint8Array.from([0, 0, 1, 0]);
    for (let i = 0; i < 20; i += 1) raw.ws.send(syncStep1);
    expect((await raw.closed).code).toBe(4429);

    const chatty = await connectSynced(server, newDocName(), "carol");
    chatty.provider.awareness.setLocalStateField("note", "x".repeat(1024));
    await waitFor(() => chatty.closeCodes.includes(1009), "oversized presence to close the connection");
  });

  it("sends a document's clients to reconnect (and be authorised again) on request", async () => {
    const server = await startServer();
    const docName = newDocName();
    const alice = await connectSynced(server, docName, "alice");
    alice.text.insert(0, "before");
    await alice.saved.whenSaved();
    server.collab.disconnectDocument(docName);
    await waitFor(() => alice.closeCodes.includes(1012), "alice to be disconnected");
    await waitFor(() => alice.provider.synced, "alice to reconnect");
    expect(server.authorizeCalls.filter((name) => name === docName)).toHaveLength(2);
    alice.text.insert(6, " and after");
    await alice.saved.whenSaved();
    expect(alice.text.toString()).toBe("before and after");
  });

  it("caps the messages queued while the document loads", async () => {
    let releaseLoad!: () => void;
    const loadGate = new Promise<void>((resolve) => (releaseLoad = resolve));
    const db = interceptDb(testDb.db, {
      async findUpdates(run) {
        await loadGate;
        return run();
      },
    });
    const server = await startServer({ db, limits: { maxQueuedMessages: 3 } });
    const raw = openRawSocket(server, `${newDocName()}?token=alice`);
    await raw.opened;
    for (let i = 0; i < 4; i += 1) raw.ws.send(Uint8Array.from([0, 0, 1, 0]));
    expect((await raw.closed).code).toBe(4429);
    releaseLoad();
  });
});
