// Limits and timings of the Yjs server. Defaults are safe for production; tests shorten the
// timings. Every limit protects the shared process from one misbehaving client.

export type CollabLimits = {
  /** Largest websocket message accepted; larger closes the connection with 1009. */
  maxMessageBytes: number;
  /**
   * Structure limits of one Yjs update. A well-formed update can still be built to be expensive:
   * thousands of invented clients whose structs wait on clocks that never arrive make
   * Y.applyUpdate super-linear (hundreds of ms for 16k structs, minutes for 1 MiB), blocking
   * every meeting on the process, and a megabyte of one-byte structs takes half a second just
   * to decode. Honest updates bring structs of one or a few clients (one per browser session)
   * and, even for a large paste, few structs. Counted while reading (protocol.ts, scanUpdate),
   * so that the work spent on an update over them stays small. Over a limit closes with 4400.
   *
   * `maxUpdateClients` counts the clients that bring structs, not those in the delete set: Yjs
   * puts a document's whole delete set into every sync step 2, naming every browser session
   * that ever deleted something in the document.
   */
  maxUpdateClients: number;
  /** Structs, plus the values inside JSON and `any` contents (each decoded like a struct). */
  maxUpdateStructs: number;
  /**
   * Ranges in an update's delete set. Generous: a sync step 2 carries the document's whole
   * delete set (a heavily edited document of 80 sessions holds some thousands of ranges), and
   * a document that outgrew it could no longer be reconnected to. Decoding and applying 50,000
   * ranges takes some tens of milliseconds.
   */
  maxUpdateDeleteRanges: number;
  /**
   * Deepest nesting of shared types (a map in a map in …). Yjs deletes and garbage-collects
   * nested types recursively: a chain some thousands deep overflows the stack halfway through
   * a transaction, leaving the server's copy unlike the stored one and crashing clients that
   * receive it. Tiptap documents nest a few levels per list level, the room document three.
   * Over the limit closes with 4400.
   */
  maxTypeDepth: number;
  /**
   * Structs a document may hold that wait for dependencies that never came (Yjs keeps them
   * "pending", in V2 encoding; this is its size in bytes). Every later update that leaves
   * something pending is merged with all of them, and every sync sends them, so an attacker
   * adding one dangling struct after another would make both slower and slower. Honest clients
   * leave little pending, and only briefly (for example while a relayed update is late). Once a
   * document holds this much, an update that would add to it closes with 4400.
   */
  maxPendingBytes: number;
  /**
   * Deepest nesting of JSON values (embeds, formatting attributes, map values, presence
   * states). JSON.parse has no depth limit but JSON.stringify does: a value nested some
   * thousands deep is accepted and then breaks every later sync of the document.
   * Over the limit closes with 4400.
   */
  maxValueDepth: number;
  /** Largest awareness (cursor/presence) payload; larger closes with 1009. */
  maxAwarenessBytes: number;
  /** Sustained messages per second per connection (token bucket refill); over closes with 4429. */
  maxMessagesPerSecond: number;
  /** Token bucket size: the burst a connection may send at once (reconnect, paste). */
  messageBurst: number;
  /**
   * Awareness changes per second per connection, apart from the message rate. Only changes
   * count: y-websocket echoes every presence update it receives back to the server, and those
   * echoes change nothing. Changes over the rate are dropped, not answered with a close:
   * dragging a selection sends one per mouse move, and a lost cursor position is repaired by
   * the next one (or the client's renewal every 15 s), while a close would be permanent.
   */
  maxAwarenessPerSecond: number;
  awarenessBurst: number;
  /**
   * Connections per document, counting handshakes in progress. Over the limit the handshake
   * completes and the connection is closed at once with 4503 "document full", which a
   * browser can read (it cannot read the status of a refused handshake).
   */
  maxConnectionsPerDocument: number;
  /** Messages a connection may send before its document has loaded; over closes with 4429. */
  maxQueuedMessages: number;
  maxQueuedBytes: number;
  /** Outgoing bytes waiting on a slow client before it is dropped (1013, it may reconnect). */
  maxBufferedBytes: number;
  /** Updates arriving within this window are stored in one transaction. */
  persistDelayMs: number;
  maxUpdatesPerWrite: number;
  /** Backoff for failed writes: doubles from min to max. */
  retryMinDelayMs: number;
  retryMaxDelayMs: number;
  /** Stored update rows after which they are folded into the snapshot. */
  compactAfterUpdates: number;
  /** How long an unused document stays in memory after its last connection left. */
  unloadDelayMs: number;
  /** Ping interval; a connection that missed a whole interval is terminated. */
  pingIntervalMs: number;
};

export const DEFAULT_COLLAB_LIMITS: CollabLimits = Object.freeze({
  maxMessageBytes: 1024 * 1024,
  maxUpdateClients: 64,
  maxUpdateStructs: 20_000,
  maxUpdateDeleteRanges: 50_000,
  maxTypeDepth: 64,
  maxPendingBytes: 16 * 1024,
  maxValueDepth: 32,
  maxAwarenessBytes: 64 * 1024,
  maxMessagesPerSecond: 100,
  messageBurst: 300,
  maxAwarenessPerSecond: 20,
  awarenessBurst: 60,
  maxConnectionsPerDocument: 50,
  maxQueuedMessages: 100,
  maxQueuedBytes: 4 * 1024 * 1024,
  maxBufferedBytes: 16 * 1024 * 1024,
  persistDelayMs: 50,
  maxUpdatesPerWrite: 500,
  retryMinDelayMs: 250,
  retryMaxDelayMs: 30_000,
  compactAfterUpdates: 200,
  unloadDelayMs: 30_000,
  pingIntervalMs: 30_000,
});

export function resolveCollabLimits(overrides: Partial<CollabLimits> = {}): CollabLimits {
  const limits = { ...DEFAULT_COLLAB_LIMITS, ...overrides };
  for (const [key, value] of Object.entries(limits)) {
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new Error(`collab limit ${key} must be a non-negative number`);
    }
  }
  const positive = ["maxMessagesPerSecond", "messageBurst", "maxAwarenessPerSecond", "awarenessBurst", "maxUpdatesPerWrite"] as const;
  for (const key of positive) {
    if (!(limits[key] > 0)) throw new Error(`collab limit ${key} must be positive`);
  }
  if (limits.messageBurst < 1 || limits.awarenessBurst < 1) {
    throw new Error("collab limits messageBurst and awarenessBurst must be at least 1");
  }
  return limits;
}

/** Token bucket: `capacity` tokens, refilled at `ratePerSecond`; one token per message. */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly capacity: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = capacity;
    this.refilledAt = now();
  }

  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.refilledAt) / 1000) * this.ratePerSecond);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
