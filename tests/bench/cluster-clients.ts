// Clients of the production-mode bench (cluster.ts): real y-websocket providers that know the
// addresses of every app process and, when their connection closes, move to another one as a
// browser behind a load balancer would, after a jittered backoff. y-websocket's provider takes one
// URL and would keep retrying the dead process, so a move creates a new provider on the same
// Y.Doc and awareness against the next address: the document and the presence carry over, and
// the new provider's sync sends whatever the old process never passed on.
//
// Latency is attributed by where the observer is: `crossProcess` samples are from an observer
// connected to another process than the editor when the edit was made (the relay's path),
// `sameProcess` ones from an observer on the editor's own process.
import * as awarenessProtocol from "y-protocols/awareness";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { trackSaved, type SavedTracker } from "../../app/lib/collab-saved.ts";
import { webSocketWithHeaders } from "./clients.ts";

/**
 * Reconnect delay: uniform in [0, min(MAX, BASE × 2^failures)] ("full jitter"), so that the
 * clients of a dead process do not all arrive at the others in the same instant. `failures`
 * restarts at zero once a connection synced.
 */
export const RECONNECT_BASE_MS = 1000;
export const RECONNECT_MAX_MS = 8000;

export class ClusterRecorder {
  readonly crossProcess: number[] = [];
  readonly sameProcess: number[] = [];
  /** Per edit: until the last other client of the meeting observed it. */
  readonly allObservers: number[] = [];
  readonly saved: number[] = [];
  edits = 0;
  skipped = 0;
  lostAcks = 0;
}

type PendingEdit = { sentAt: number; sender: number; remaining: number; recorder: ClusterRecorder | null };

/** Every tracked edit in flight, by its key in the 'bench' map, until all other clients observed it. */
export class ClusterLedger {
  private readonly edits = new Map<string, PendingEdit>();

  begin(key: string, sentAt: number, sender: number, observers: number, recorder: ClusterRecorder | null): void {
    if (observers > 0) this.edits.set(key, { sentAt, sender, remaining: observers, recorder });
  }

  observe(key: string, now: number, observer: number): void {
    const edit = this.edits.get(key);
    if (!edit) return;
    edit.remaining -= 1;
    const elapsed = now - edit.sentAt;
    (observer === edit.sender ? edit.recorder?.sameProcess : edit.recorder?.crossProcess)?.push(elapsed);
    if (edit.remaining === 0) {
      edit.recorder?.allObservers.push(elapsed);
      this.edits.delete(key);
    }
  }

  missingObservations(): number {
    let missing = 0;
    for (const edit of this.edits.values()) if (edit.recorder) missing += edit.remaining;
    return missing;
  }
}

export type ClusterClientSpec = {
  /** http://127.0.0.1:port of every app process, in a fixed order. */
  urls: string[];
  /** Index into urls of the process it connects to first. */
  first: number;
  docName: string;
  cookie: string;
  name: string;
  ledger: ClusterLedger;
};

export type ClusterClient = {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly text: Y.Text;
  readonly map: Y.Map<unknown>;
  /** Index of the process it is connected (or connecting) to. */
  readonly server: number;
  /** Connected, synced, and its saved tracker attached. */
  isReady(): boolean;
  readonly saved: SavedTracker;
  /** Close codes of its connections (1006 when the process died). */
  readonly closeCodes: number[];
  /** Connections opened, the first one included. */
  readonly connections: number;
  /** Local edits not yet confirmed as stored, oldest first. */
  unconfirmed: Array<{ sentAt: number; recorder: ClusterRecorder | null }>;
  destroy(): void;
};

export function connectClusterClient(spec: ClusterClientSpec): ClusterClient {
  const { urls, docName, cookie, name, ledger } = spec;
  const doc = new Y.Doc();
  const text = doc.getText("minutes");
  const map = doc.getMap("bench");
  // One presence for the client's whole life; each provider announces it on connecting.
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalStateField("user", { name, color: "#3366cc" });
  let server = spec.first;
  let provider: WebsocketProvider;
  let saved: SavedTracker;
  let failures = 0;
  let connections = 0;
  let moveTimer: NodeJS.Timeout | null = null;
  let isDestroyed = false;
  const closeCodes: number[] = [];

  const client: ClusterClient = {
    name,
    doc,
    text,
    map,
    get server() {
      return server;
    },
    isReady: () => provider.wsconnected && provider.synced,
    get saved() {
      return saved;
    },
    closeCodes,
    get connections() {
      return connections;
    },
    unconfirmed: [],
    destroy() {
      isDestroyed = true;
      if (moveTimer) clearTimeout(moveTimer);
      saved.destroy();
      provider.destroy();
      doc.destroy();
    },
  };

  function open(index: number): void {
    server = index;
    connections += 1;
    const url = urls[index] as string;
    const current = new WebsocketProvider(`${url.replace(/^http/, "ws")}/collab`, docName, doc, {
      WebSocketPolyfill: webSocketWithHeaders(cookie, url),
      awareness,
      disableBc: true,
    });
    const tracker = trackSaved(current);
    provider = current;
    saved = tracker;
    tracker.onChange((state) => {
      if (!current.wsconnected) return;
      const now = performance.now();
      // Confirmations arrive in order: everything beyond the unconfirmed count is saved.
      while (client.unconfirmed.length > state.unconfirmedCount) {
        const edit = client.unconfirmed.shift()!;
        edit.recorder?.saved.push(now - edit.sentAt);
      }
    });
    current.on("sync", (isSynced) => {
      if (isSynced) failures = 0;
    });
    current.on("connection-close", (event) => {
      if (current !== provider || isDestroyed || moveTimer) return;
      if (event) closeCodes.push(event.code);
      // Whatever this connection did not confirm is confirmed (if ever) through the next sync.
      for (const edit of client.unconfirmed) if (edit.recorder) edit.recorder.lostAcks += 1;
      client.unconfirmed = [];
      // After y-websocket has finished with the closed socket: destroying the provider stops
      // its own reconnect (to the same, possibly dead, process).
      queueMicrotask(() => {
        tracker.destroy();
        current.destroy();
      });
      const delay = Math.random() * Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** failures);
      failures += 1;
      const from = index;
      moveTimer = setTimeout(() => {
        moveTimer = null;
        if (!isDestroyed) open(anotherServer(urls.length, from));
      }, delay);
    });
  }

  map.observe((event) => {
    // Only what arrived from a server; our own edits are local transactions.
    if (event.transaction.local) return;
    const now = performance.now();
    for (const key of event.keysChanged) ledger.observe(key, now, server);
  });
  open(spec.first);
  return client;
}

/** A process other than the one that just failed, at random, as a load balancer would pick. */
function anotherServer(count: number, failed: number): number {
  if (count < 2) return failed;
  const pick = Math.floor(Math.random() * (count - 1));
  return pick >= failed ? pick + 1 : pick;
}

/** Opens clients `concurrency` at a time; resolves when every one is synced and saved. */
export async function connectClusterClients(
  specs: ClusterClientSpec[],
  { concurrency, timeoutMs }: { concurrency: number; timeoutMs: number },
): Promise<ClusterClient[]> {
  const clients: ClusterClient[] = [];
  const deadline = Date.now() + timeoutMs;
  try {
    for (let i = 0; i < specs.length; i += concurrency) {
      const batch = specs.slice(i, i + concurrency).map((spec) => connectClusterClient(spec));
      clients.push(...batch);
      await waitUntil(
        () => batch.every((c) => c.isReady() && c.saved.state().isSaved),
        deadline,
        () => {
          const notReady = clients.filter((c) => !c.isReady()).length;
          return `${notReady} of ${clients.length} clients not synced (close codes seen: ${formatCloseCodes(clients)})`;
        },
      );
    }
  } catch (error) {
    for (const client of clients) client.destroy();
    throw error;
  }
  return clients;
}

export function formatCloseCodes(clients: ClusterClient[]): string {
  const codes = new Map<number, number>();
  for (const code of clients.flatMap((c) => c.closeCodes)) codes.set(code, (codes.get(code) ?? 0) + 1);
  return [...codes].map(([code, n]) => `${code} ×${n}`).join(", ") || "none";
}

let editSequence = 0;

/**
 * A measured edit, as in the single-process phases: a tagged string appended to the minutes and
 * a new 'bench' map entry that every other client reports on arrival.
 */
export function makeTrackedEdit(
  client: ClusterClient,
  observers: number,
  ledger: ClusterLedger,
  recorder: ClusterRecorder | null,
): boolean {
  if (!client.isReady()) {
    if (recorder) recorder.skipped += 1;
    return false;
  }
  const seq = ++editSequence;
  const key = `e${seq}`;
  const sentAt = performance.now();
  ledger.begin(key, sentAt, client.server, observers, recorder);
  client.unconfirmed.push({ sentAt, recorder });
  client.doc.transact(() => {
    client.text.insert(client.text.length, ` [${seq}]`);
    client.map.set(key, { seq, sentAtEpochMs: Date.now() });
  });
  if (recorder) recorder.edits += 1;
  return true;
}

/** Longest the minutes get under the steady load: older text is deleted as new text is typed. */
const STEADY_TEXT_CHARS = 2000;

/**
 * An edit of the long-running load: typing at the end of the minutes while the oldest text is
 * deleted, so that the document stays the same size and a growing process means the process keeps
 * something, not that the documents grew. Driven in turns (one person types for a while, then the
 * next), so that Yjs merges each typist's consecutive insertions into one item: interleaving a
 * different writer on every edit leaves one deleted item per edit behind (about 250 bytes each in
 * the server's copy), which is the document's history, not a leak.
 */
export function makeSteadyEdit(client: ClusterClient): boolean {
  if (!client.isReady()) return false;
  const seq = ++editSequence;
  client.doc.transact(() => {
    client.text.insert(client.text.length, ` [${seq}]`);
    const excess = client.text.length - STEADY_TEXT_CHARS;
    if (excess > 0) client.text.delete(0, excess);
  });
  return true;
}

/**
 * Calls `edit` at `ratePerSecond` overall, round robin over the meetings and, within a meeting,
 * over its clients (each making `turn` edits of its meeting in a row, default 1), until `isDone`
 * says so.
 */
export async function driveClusterEdits(options: {
  meetings: ClusterClient[][];
  ratePerSecond: number;
  turn?: number;
  edit: (client: ClusterClient, meeting: ClusterClient[], index: number) => boolean;
  isDone: (index: number) => boolean;
}): Promise<{ attempts: number; made: number; elapsedMs: number }> {
  const { meetings, ratePerSecond, edit, isDone, turn = 1 } = options;
  const started = performance.now();
  let index = 0;
  let made = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - started;
      // After a stall of this process, catch up by at most a few edits rather than a burst.
      const due = Math.min(Math.floor((elapsed * ratePerSecond) / 1000) - index, 5);
      for (let i = 0; i < due && !isDone(index); i += 1) {
        const meeting = meetings[index % meetings.length] as ClusterClient[];
        const client = meeting[Math.floor(index / (meetings.length * turn)) % meeting.length] as ClusterClient;
        if (edit(client, meeting, index)) made += 1;
        index += 1;
      }
      if (isDone(index)) {
        clearInterval(timer);
        resolve();
      }
    }, 2);
  });
  return { attempts: index, made, elapsedMs: performance.now() - started };
}

/** Waits until every tracked edit was observed and confirmed, or the timeout passed. */
export async function drainCluster(clients: ClusterClient[], ledger: ClusterLedger, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (ledger.missingObservations() === 0 && clients.every((c) => c.unconfirmed.length === 0)) return;
    await sleep(20);
  }
}

/** The state vector as a map: client id → number of items seen from it. */
export function stateVectorOf(doc: Y.Doc): Map<number, number> {
  return Y.decodeStateVector(Y.encodeStateVector(doc));
}

/** Element-wise maximum: everything any of the documents has. */
export function unionOfStateVectors(docs: Y.Doc[]): Map<number, number> {
  const union = new Map<number, number>();
  for (const doc of docs) {
    for (const [clientId, clock] of stateVectorOf(doc)) union.set(clientId, Math.max(clock, union.get(clientId) ?? 0));
  }
  return union;
}

/** True when the document has everything the reference state vector names. */
export function hasEverything(doc: Y.Doc, reference: Map<number, number>): boolean {
  for (const [clientId, clock] of reference) {
    if (Y.getState(doc.store, clientId) < clock) return false;
  }
  return true;
}

/** True when every document of the group holds the same content. */
export function isConverged(docs: Y.Doc[]): boolean {
  const [first, ...rest] = docs;
  if (!first) return true;
  const vector = Buffer.from(Y.encodeStateVector(first));
  const text = first.getText("minutes").toString();
  return rest.every((doc) => vector.equals(Y.encodeStateVector(doc)) && doc.getText("minutes").toString() === text);
}

/** Items and tombstones the document keeps (what Yjs holds in memory for it). */
export function structCount(doc: Y.Doc): number {
  let count = 0;
  for (const structs of doc.store.clients.values()) count += structs.length;
  return count;
}

export async function waitUntil(check: () => boolean, deadline: number, describe: () => string): Promise<void> {
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${describe()}`);
    await sleep(10);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
