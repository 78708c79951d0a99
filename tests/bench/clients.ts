// Honest collaborators: real y-websocket WebsocketProviders in Node (ws with the session cookie
// and an Origin, as a browser would send), the app's own "saved" tracker, and the two
// latencies the bench reports:
//   remote update: from the local change to each other client of the meeting observing it
//                  (one sample per observer);
//   saved ack:     from the local change to the server confirming it as committed.
// All clients run in this process, so one clock (performance.now()) times both ends.
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { trackSaved, type SavedTracker } from "../../app/lib/collab-saved.ts";

type ProviderOptions = NonNullable<ConstructorParameters<typeof WebsocketProvider>[3]>;
type WebSocketPolyfill = NonNullable<ProviderOptions["WebSocketPolyfill"]>;

/** y-websocket calls `new WebSocketPolyfill(url, protocols)`; this one adds what a browser sends itself. */
export function webSocketWithHeaders(cookie: string, origin: string): WebSocketPolyfill {
  class BenchWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie }, origin, perMessageDeflate: false });
    }
  }
  return BenchWebSocket as unknown as WebSocketPolyfill;
}

/** Latency samples of one measured phase. */
export class LatencyRecorder {
  readonly remote: number[] = [];
  /** Per edit: until the LAST other client of the meeting observed it. */
  readonly allObservers: number[] = [];
  readonly saved: number[] = [];
  edits = 0;
  /** Edits not made because the chosen client was not connected and synced at that moment. */
  skipped = 0;
  /** Edits whose connection closed before the server confirmed them. */
  lostAcks = 0;
}

type PendingEdit = { sentAt: number; remaining: number; recorder: LatencyRecorder | null };

/** Every edit in flight, by its key in the 'bench' map, until all other clients observed it. */
export class EditLedger {
  private readonly edits = new Map<string, PendingEdit>();

  begin(key: string, sentAt: number, observers: number, recorder: LatencyRecorder | null): void {
    if (observers > 0) this.edits.set(key, { sentAt, remaining: observers, recorder });
  }

  observe(key: string, now: number): void {
    const edit = this.edits.get(key);
    if (!edit) return;
    edit.remaining -= 1;
    edit.recorder?.remote.push(now - edit.sentAt);
    if (edit.remaining === 0) {
      edit.recorder?.allObservers.push(now - edit.sentAt);
      this.edits.delete(key);
    }
  }

  /** Observations still outstanding (for measured edits only). */
  missingObservations(): number {
    let missing = 0;
    for (const edit of this.edits.values()) if (edit.recorder) missing += edit.remaining;
    return missing;
  }

  forget(): void {
    this.edits.clear();
  }
}

export type BenchClient = {
  name: string;
  doc: Y.Doc;
  text: Y.Text;
  map: Y.Map<unknown>;
  provider: WebsocketProvider;
  saved: SavedTracker;
  /** Close codes the server sent this client (a routine run has none). */
  closeCodes: number[];
  /** Local edits the server has not confirmed yet, oldest first. */
  unconfirmed: Array<{ sentAt: number; recorder: LatencyRecorder | null }>;
  destroy(): void;
};

export function connectClient(options: {
  serverUrl: string;
  docName: string;
  cookie: string;
  name: string;
  ledger: EditLedger;
}): BenchClient {
  const { serverUrl, docName, cookie, name, ledger } = options;
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${serverUrl.replace(/^http/, "ws")}/collab`, docName, doc, {
    WebSocketPolyfill: webSocketWithHeaders(cookie, serverUrl),
    disableBc: true,
    maxBackoffTime: 1000,
  });
  // Presence as the room sends it: a name and a caret colour.
  provider.awareness.setLocalStateField("user", { name, color: "#3366cc" });
  const saved = trackSaved(provider);
  const client: BenchClient = {
    name,
    doc,
    text: doc.getText("minutes"),
    map: doc.getMap("bench"),
    provider,
    saved,
    closeCodes: [],
    unconfirmed: [],
    destroy() {
      saved.destroy();
      provider.destroy();
      doc.destroy();
    },
  };
  provider.on("connection-close", (event) => {
    if (event) client.closeCodes.push(event.code);
  });
  client.map.observe((event) => {
    // Only what arrived from the server: our own edits have another origin.
    if (event.transaction.origin !== provider) return;
    const now = performance.now();
    for (const key of event.keysChanged) ledger.observe(key, now);
  });
  saved.onChange((state) => {
    if (!provider.wsconnected) {
      // The tracker restarts its counters on reconnect: these edits are confirmed (if ever)
      // through the next sync, not one by one.
      for (const edit of client.unconfirmed) if (edit.recorder) edit.recorder.lostAcks += 1;
      client.unconfirmed = [];
      return;
    }
    const now = performance.now();
    // Confirmations arrive in order: everything beyond the unconfirmed count is saved.
    while (client.unconfirmed.length > state.unconfirmedCount) {
      const edit = client.unconfirmed.shift()!;
      edit.recorder?.saved.push(now - edit.sentAt);
    }
  });
  return client;
}

export function isReady(client: BenchClient): boolean {
  return client.provider.wsconnected && client.provider.synced;
}

/** Opens clients `concurrency` at a time; resolves when every one is synced and saved. */
export async function connectAll(
  specs: Array<Parameters<typeof connectClient>[0]>,
  { concurrency, timeoutMs }: { concurrency: number; timeoutMs: number },
): Promise<BenchClient[]> {
  const clients: BenchClient[] = [];
  const deadline = Date.now() + timeoutMs;
  try {
    for (let i = 0; i < specs.length; i += concurrency) {
      const batch = specs.slice(i, i + concurrency).map((spec) => connectClient(spec));
      clients.push(...batch);
      await waitFor(() => batch.every((c) => isReady(c) && c.saved.state().isSaved), deadline, () => {
        const notReady = clients.filter((c) => !isReady(c)).length;
        const codes = new Map<number, number>();
        for (const code of clients.flatMap((c) => c.closeCodes)) codes.set(code, (codes.get(code) ?? 0) + 1);
        const seen = [...codes].map(([code, n]) => `${code} ×${n}`).join(", ") || "none";
        return `${notReady} of ${clients.length} clients not synced (close codes seen: ${seen})`;
      });
    }
  } catch (error) {
    for (const client of clients) client.destroy();
    throw error;
  }
  return clients;
}

/** Makes one edit: a short tagged string in the minutes and a 'bench' map entry with the send time. */
export function makeEdit(client: BenchClient, seq: number, observers: number, ledger: EditLedger, recorder: LatencyRecorder | null): boolean {
  if (!isReady(client)) {
    if (recorder) recorder.skipped += 1;
    return false;
  }
  const key = `e${seq}`;
  const sentAt = performance.now();
  ledger.begin(key, sentAt, observers, recorder);
  client.unconfirmed.push({ sentAt, recorder });
  client.doc.transact(() => {
    client.text.insert(client.text.length, ` [${seq}]`);
    client.map.set(key, { seq, sentAtEpochMs: Date.now() });
  });
  if (recorder) recorder.edits += 1;
  return true;
}

let editSequence = 0;

/**
 * Edits at `ratePerSecond` overall, round robin over the meetings and, within a meeting, over
 * its clients, until `isDone` says so. `recorderFor(n)` picks where the n-th edit's samples go
 * (null: warm-up, not measured).
 */
export async function driveEdits(options: {
  meetings: BenchClient[][];
  ratePerSecond: number;
  ledger: EditLedger;
  recorderFor: (index: number) => LatencyRecorder | null;
  isDone: (index: number, elapsedMs: number) => boolean;
}): Promise<{ edits: number; elapsedMs: number }> {
  const { meetings, ratePerSecond, ledger, recorderFor, isDone } = options;
  const started = performance.now();
  let index = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - started;
      // After a stall of this process, catch up by at most a few edits rather than a burst.
      const due = Math.min(Math.floor((elapsed * ratePerSecond) / 1000) - index, 5);
      for (let i = 0; i < due; i += 1) {
        if (isDone(index, performance.now() - started)) break;
        const meeting = meetings[index % meetings.length] as BenchClient[];
        const client = meeting[Math.floor(index / meetings.length) % meeting.length] as BenchClient;
        makeEdit(client, ++editSequence, meeting.length - 1, ledger, recorderFor(index));
        index += 1;
      }
      if (isDone(index, performance.now() - started)) {
        clearInterval(timer);
        resolve();
      }
    }, 2);
  });
  return { edits: index, elapsedMs: performance.now() - started };
}

/** Waits until every edit was observed and confirmed, or the timeout passed. */
export async function drain(clients: BenchClient[], ledger: EditLedger, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (ledger.missingObservations() === 0 && clients.every((c) => c.unconfirmed.length === 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function unconfirmedEdits(clients: BenchClient[], recorder: LatencyRecorder): number {
  return clients.reduce((sum, c) => sum + c.unconfirmed.filter((e) => e.recorder === recorder).length, 0);
}

export async function waitFor(check: () => boolean, deadline: number, describe: () => string): Promise<void> {
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
