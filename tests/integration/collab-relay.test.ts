// Several Yjs server "processes" (collab servers in this process, each with its own relay) on
// one database, connected by an in-memory pub/sub (tests/support/memory-relay-hub.ts) that can
// cut one of them off as a Redis outage does. Real y-websocket clients. What the relay must
// get right: co-editing across processes, each update stored once, a late joiner catching up on
// what is not stored yet, nothing acknowledged lost when a process dies before storing, the
// resynchronisation after an outage, flushing and disconnecting across processes, and refusing
// what a peer must never send. The same runs against real Redis and real processes in
// tests/cluster/cluster.test.ts.
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
import { createCollabServer, type CollabAccess, type CollabServer } from "../../server/collab/collab-server.ts";
import { RelayFlushError, createCollabRelay, type CollabRelay } from "../../server/collab/relay.ts";
import { createRelayHub, type MemoryTransport, type RelayHub } from "../support/memory-relay-hub.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-db.ts";

type ProviderOptions = NonNullable<ConstructorParameters<typeof WebsocketProvider>[3]>;
const WebSocketPolyfill = WebSocket as unknown as NonNullable<ProviderOptions["WebSocketPolyfill"]>;

const logLines: Array<Record<string, unknown>> = [];
const logger = pino(
  { level: "info" },
  { write: (line: string) => void logLines.push(JSON.parse(line) as Record<string, unknown>) },
);

const ACCESS_BY_TOKEN: Record<string, CollabAccess> = {
  alice: { userId: "useralice0001", readOnly: false },
  bob: { userId: "userbob000001", readOnly: false },
  carol: { userId: "usercarol0001", readOnly: false },
};

let testDb: TestDatabase;
const cleanups: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  logLines.length = 0;
});
afterAll(async () => {
  await testDb?.drop();
});

function newDocName(): string {
  return `plan.r${randomBytes(8).toString("hex")}`;
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type TestProcess = {
  collab: CollabServer;
  relay: CollabRelay;
  transport: MemoryTransport;
  url: string;
  /** Stops listening and drops every connection without storing or saying goodbye (a kill). */
  kill(): void;
};

type Gate = { isClosed: boolean; waiting: number; open(): void };

/**
 * A database handle whose writes of updates (the SQL statement of server/collab/document-store.ts)
 * wait while `isClosed` (a process whose writes hang).
 */
function gatedDb(db: Db): { db: Db; gate: Gate } {
  const gate: Gate = { isClosed: false, waiting: 0, open: () => {} };
  let release: () => void = () => {};
  gate.open = () => {
    gate.isClosed = false;
    release();
  };
  const proxied = new Proxy(db, {
    get(target, prop) {
      if (prop === "$executeRawUnsafe") {
        return async (...args: unknown[]) => {
          while (gate.isClosed) {
            gate.waiting += 1;
            await new Promise<void>((resolve) => (release = resolve));
            gate.waiting -= 1;
          }
          return (target.$executeRawUnsafe as (...a: unknown[]) => Promise<unknown>)(...args);
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { db: proxied, gate };
}

async function startProcess(
  hub: RelayHub,
  prefix: string,
  {
    gated,
    peerCommitTimeoutMs = 300,
    flushTimeoutMs = 1000,
  }: { gated?: { db: Db; gate: Gate }; peerCommitTimeoutMs?: number; flushTimeoutMs?: number } = {},
): Promise<TestProcess> {
  const db = gated?.db ?? testDb.db;
  const transport = hub.transport();
  const relay = createCollabRelay({ transport, logger, prefix, peerCommitTimeoutMs, flushTimeoutMs });
  const collab = createCollabServer({
    db,
    logger,
    relay,
    limits: { persistDelayMs: 10, unloadDelayMs: 50, retryMinDelayMs: 20, retryMaxDelayMs: 100 },
    async authorize(req) {
      const token = new URL(req.url ?? "/", "http://localhost").searchParams.get("token") ?? "";
      const access = ACCESS_BY_TOKEN[token];
      if (!access) throw new DomainError("UNAUTHENTICATED", "errors.auth.required");
      return access;
    },
  });
  // As server/create-server.ts wires it.
  relay.onControl({
    disconnectUser: (userId) => collab.disconnectUser(userId),
    disconnectDocument: (docName) => collab.disconnectDocument(docName),
  });
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  server.on("upgrade", (req, socket, head) => collab.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  let isKilled = false;
  cleanups.push(async () => {
    // A write left hanging by the test goes through now, so that closing can store it.
    gated?.gate.open();
    await collab.close().catch(() => {});
    await relay.close();
    if (isKilled) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return {
    collab,
    relay,
    transport,
    url: `ws://127.0.0.1:${port}/collab`,
    kill() {
      isKilled = true;
      transport.down();
      server.closeAllConnections();
      server.close();
    },
  };
}

type TestClient = {
  doc: Y.Doc;
  text: Y.Text;
  provider: WebsocketProvider;
  saved: SavedTracker;
  closeCodes: number[];
  destroy(): void;
};

function connectClient(url: string, docName: string, token: string, doc = new Y.Doc()): TestClient {
  const provider = new WebsocketProvider(url, docName, doc, {
    WebSocketPolyfill,
    disableBc: true,
    params: { token },
    maxBackoffTime: 200,
  });
  const saved = trackSaved(provider);
  const closeCodes: number[] = [];
  provider.on("connection-close", (event) => {
    if (event) closeCodes.push(event.code);
  });
  let isDestroyed = false;
  const destroy = () => {
    if (isDestroyed) return;
    isDestroyed = true;
    saved.destroy();
    provider.destroy();
  };
  cleanups.push(destroy);
  return { doc, text: doc.getText("body"), provider, saved, closeCodes, destroy };
}

async function connectSynced(url: string, docName: string, token: string, doc?: Y.Doc): Promise<TestClient> {
  const client = connectClient(url, docName, token, doc);
  await waitFor(() => client.provider.synced, `${token} to sync`);
  return client;
}

async function storedText(docName: string): Promise<string> {
  const doc = await readStoredDoc(testDb.db, docName);
  try {
    return doc.getText("body").toString();
  } finally {
    doc.destroy();
  }
}

const storedRowCount = (docName: string) => testDb.db.collabUpdate.count({ where: { docName } });

function newGroup() {
  return { hub: createRelayHub(), prefix: `t${randomBytes(4).toString("hex")}:` };
}

describe("collab relay between processes", () => {
  it("relays edits and presence both ways and stores each update once, by the process that received it", async () => {
    const { hub, prefix } = newGroup();
    const a = await startProcess(hub, prefix);
    const b = await startProcess(hub, prefix);
    const docName = newDocName();
    const alice = await connectSynced(a.url, docName, "alice");
    const bob = await connectSynced(b.url, docName, "bob");

    alice.text.insert(0, "Kokkulepe");
    await waitFor(() => bob.text.toString() === "Kokkulepe", "bob to see alice's edit");
    bob.text.insert(9, " kinnitatud");
    await waitFor(() => alice.text.toString() === "Kokkulepe kinnitatud", "alice to see bob's edit");
    await Promise.all([alice.saved.whenSaved(), bob.saved.whenSaved()]);

    alice.provider.awareness.setLocalStateField("cursor", { at: 3 });
    await waitFor(
      () =>
        (bob.provider.awareness.getStates().get(alice.doc.clientID) as { cursor?: unknown } | undefined)?.cursor !==
        undefined,
      "bob to see alice's cursor",
    );

    // Give a process that stores relayed updates, or that misses the confirmations and stores
    // them after its 300 ms wait, the chance to write them again.
    await pause(800);
    expect(await storedRowCount(docName)).toBe(2);
    expect(await storedText(docName)).toBe("Kokkulepe kinnitatud");

    alice.destroy();
    await waitFor(() => !bob.provider.awareness.getStates().has(alice.doc.clientID), "alice's presence to go on b");
  });

  it("lets a process that loads late catch up on what the others hold but have not stored yet", async () => {
    const { hub, prefix } = newGroup();
    const gated = gatedDb(testDb.db);
    const a = await startProcess(hub, prefix, { gated, peerCommitTimeoutMs: 60_000 });
    const docName = newDocName();
    const alice = await connectSynced(a.url, docName, "alice");
    alice.text.insert(0, "stored ");
    await alice.saved.whenSaved();

    gated.gate.isClosed = true;
    alice.text.insert(7, "and typed just now");
    await waitFor(() => gated.gate.waiting > 0, "a's write to hang");
    expect(await storedText(docName)).toBe("stored ");

    const b = await startProcess(hub, prefix, { peerCommitTimeoutMs: 60_000 });
    const bob = await connectSynced(b.url, docName, "bob");
    await waitFor(() => bob.text.toString() === "stored and typed just now", "bob to get what a holds");
    expect(alice.saved.state().isSaved).toBe(false);

    gated.gate.open();
    await alice.saved.whenSaved();
    expect(await storedText(docName)).toBe("stored and typed just now");
  });

  it("catches up a late process on a document more sessions have deleted in than an update may bring clients", async () => {
    // A sync answer is Y.encodeStateAsUpdate: it carries the document's whole delete set, here
    // naming 80 sessions (the limit on clients bringing structs is 64).
    const { hub, prefix } = newGroup();
    const gated = gatedDb(testDb.db);
    const a = await startProcess(hub, prefix, { gated, peerCommitTimeoutMs: 60_000 });
    const docName = newDocName();
    for (let first = 0; first < 80; first += 10) {
      await Promise.all(
        Array.from({ length: 10 }, async (_, i) => {
          const session = await connectSynced(a.url, docName, "carol");
          session.text.insert(0, `<${first + i}x>`);
          session.text.delete(session.text.toString().indexOf("x"), 1);
          await session.saved.whenSaved();
          session.destroy();
        }),
      );
    }
    const alice = await connectSynced(a.url, docName, "alice");
    gated.gate.isClosed = true;
    alice.text.insert(0, "not stored yet ");
    await waitFor(() => gated.gate.waiting > 0, "a's write to hang");

    const b = await startProcess(hub, prefix, { peerCommitTimeoutMs: 60_000 });
    const bob = await connectSynced(b.url, docName, "bob");
    await waitFor(() => bob.text.toString().startsWith("not stored yet "), "bob to get what only a holds");
    expect(bob.text.toString()).toBe(alice.text.toString());
    expect(logLines.some((line) => line.msg === "collab: relayed message refused")).toBe(false);
    gated.gate.open();
    await alice.saved.whenSaved();
  });

  it("loses no acknowledged edit when a process dies before storing: the one that holds its edits stores them", async () => {
    const { hub, prefix } = newGroup();
    const gated = gatedDb(testDb.db);
    const a = await startProcess(hub, prefix, { gated });
    const b = await startProcess(hub, prefix);
    const docName = newDocName();
    const alice = await connectSynced(a.url, docName, "alice");
    const bob = await connectSynced(b.url, docName, "bob");

    // a takes alice's edit and relays it, but its write hangs: then a dies.
    gated.gate.isClosed = true;
    alice.text.insert(0, "only a had this to store");
    await waitFor(() => bob.text.toString() === "only a had this to store", "b to hold alice's edit");
    expect(alice.saved.state().isSaved).toBe(false);
    a.kill();
    alice.destroy();

    // alice's browser reconnects to b with its document. b already has the edit, so her sync
    // carries nothing new; "saved" must still mean stored: b stores what a never confirmed.
    const again = await connectSynced(b.url, docName, "alice", alice.doc);
    await again.saved.whenSaved();
    expect(await storedText(docName)).toBe("only a had this to store");
    expect(logLines.some((line) => line.msg === "collab: storing updates another process did not confirm")).toBe(true);
  });

  it("keeps editing and saving through an outage and resynchronises both sides when it ends", async () => {
    const { hub, prefix } = newGroup();
    const a = await startProcess(hub, prefix);
    const b = await startProcess(hub, prefix);
    const docName = newDocName();
    const alice = await connectSynced(a.url, docName, "alice");
    const bob = await connectSynced(b.url, docName, "bob");
    alice.provider.awareness.setLocalStateField("cursor", { at: 1 });
    await waitFor(() => bob.provider.awareness.getStates().has(alice.doc.clientID), "bob to see alice");

    a.transport.down();
    b.transport.down();
    // Presence relayed from a process cut off is no longer current.
    await waitFor(() => !bob.provider.awareness.getStates().has(alice.doc.clientID), "alice's presence to go on b");
    alice.text.insert(0, "A ");
    bob.text.insert(0, "B ");
    await Promise.all([alice.saved.whenSaved(), bob.saved.whenSaved()]);
    expect(alice.text.toString()).toBe("A ");
    expect(bob.text.toString()).toBe("B ");

    // Each side asks the other for what it lacks when it is back (whichever comes back first
    // finds nobody to ask; the second does the exchange both ways).
    a.transport.up();
    b.transport.up();
    await waitFor(() => alice.text.length === 4 && alice.text.toString() === bob.text.toString(), "convergence");
    // A presence once removed comes back with its next change (y-protocols keeps the clock).
    alice.provider.awareness.setLocalStateField("cursor", { at: 2 });
    await waitFor(() => bob.provider.awareness.getStates().has(alice.doc.clientID), "alice's presence back on b");
    const fresh = await connectSynced(b.url, docName, "carol");
    expect(fresh.text.toString()).toBe(alice.text.toString());
    expect(await storedText(docName)).toBe(alice.text.toString());
  });

  it("flushes the document on every process holding it, and says which did not answer", async () => {
    const { hub, prefix } = newGroup();
    const gatedA = gatedDb(testDb.db);
    const a = await startProcess(hub, prefix, { gated: gatedA, peerCommitTimeoutMs: 60_000 });
    const b = await startProcess(hub, prefix, { peerCommitTimeoutMs: 60_000 });
    const requester = await startProcess(hub, prefix, { flushTimeoutMs: 500 });
    const docName = newDocName();
    const alice = await connectSynced(a.url, docName, "alice");
    await connectSynced(b.url, docName, "bob");

    gatedA.gate.isClosed = true;
    alice.text.insert(0, "held by a");
    await waitFor(() => gatedA.gate.waiting > 0, "a's write to hang");
    // a cannot store: the request fails, naming how many did not answer, and the caller knows
    // that the database does not have everything.
    const failure = await requester.relay.flushDocument(docName).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RelayFlushError);
    expect((failure as Error).message).toMatch(/^1 of 2 other processes holding plan\.\S+ did not answer/);

    gatedA.gate.open();
    await requester.relay.flushDocument(docName);
    expect(await storedText(docName)).toBe("held by a");
    // Nobody holds it: nothing to wait for.
    await requester.relay.flushDocument(newDocName());
  });

  it("closes a person's and a document's connections on the other processes", async () => {
    const { hub, prefix } = newGroup();
    const a = await startProcess(hub, prefix);
    const b = await startProcess(hub, prefix);
    const docName = newDocName();
    const bobOnB = await connectSynced(b.url, docName, "bob");
    const carolOnB = await connectSynced(b.url, docName, "carol");

    a.relay.disconnectUser(ACCESS_BY_TOKEN.bob!.userId);
    await waitFor(() => bobOnB.closeCodes.includes(1012), "bob to be disconnected on b");
    expect(carolOnB.closeCodes).toEqual([]);

    a.relay.disconnectDocument(docName);
    await waitFor(() => carolOnB.closeCodes.includes(1012), "carol to be disconnected on b");
  });

  it("refuses relayed messages that are not what a peer sends, and keeps working", async () => {
    const { hub, prefix } = newGroup();
    const a = await startProcess(hub, prefix);
    const b = await startProcess(hub, prefix);
    const docName = newDocName();
    const alice = await connectSynced(a.url, docName, "alice");
    const bob = await connectSynced(b.url, docName, "bob");
    const channel = `${prefix}doc:${docName}`;
    const envelope = (fields: Record<string, unknown>) =>
      JSON.stringify({ v: 1, from: "0123456789abcdef", doc: docName, ...fields });

    // Many invented clients in one update: more than a client may send (CollabLimits.maxUpdateClients).
    const crowd = Y.mergeUpdates(
      Array.from({ length: 100 }, () => {
        const one = new Y.Doc();
        one.getText("body").insert(0, "x");
        return Y.encodeStateAsUpdate(one);
      }),
    );
    const forged = [
      "not json",
      JSON.stringify({ v: 2, t: "update" }),
      envelope({ t: "update", seq: 1, durable: 0, data: "%%%" }),
      envelope({ t: "update", seq: 1, durable: 0, data: Buffer.from([0, 2, 255, 255, 255]).toString("base64") }),
      envelope({ t: "update", seq: 1, durable: 0, data: Buffer.from(crowd).toString("base64") }),
      envelope({ t: "sync-request", sv: Buffer.from([200, 200, 200]).toString("base64"), awareness: null }),
      envelope({ t: "awareness", data: Buffer.from([1, 2, 3]).toString("base64") }),
      envelope({ t: "update", doc: "plan.someotherdoc1", seq: 1, durable: 0, data: "AAA=" }),
      JSON.stringify({ v: 1, from: "0123456789abcdef", t: "disconnect-user", userId: "../../etc" }),
    ];
    for (const message of forged) hub.inject(channel, message);
    hub.inject(`${prefix}control`, forged.at(-1)!);

    alice.text.insert(0, "still fine");
    await waitFor(() => bob.text.toString() === "still fine", "bob to get alice's edit");
    expect(bob.text.toString()).not.toContain("x");
    expect(alice.closeCodes).toEqual([]);
    expect(bob.closeCodes).toEqual([]);
    expect(logLines.some((line) => line.event === "collab.relay-refused")).toBe(true);
    expect(logLines.some((line) => line.msg === "collab: relayed message refused")).toBe(true);
  });
});
