// Limits and timings of the Yjs server. Defaults are safe for production; tests shorten the
// timings. Every limit protects the shared process from one misbehaving client.

export type CollabLimits = {
  /** Largest websocket message accepted; larger closes the connection with 1009. */
  maxMessageBytes: number;
  /**
   * Structure limits of one Yjs update. A well-formed update can still be built to be expensive:
   * thousands of invented clients whose structs wait on clocks that never arrive make
   * Y.applyUpdate super-linear (hundreds of ms for 16k structs, minutes for 1 MiB), blocking
   * every meeting on the process. Honest updates carry one or a few clients (one per browser
   * session) and, even for a large paste, few structs. Over the limit closes with 4400.
   */
  maxUpdateClients: number;
  maxUpdateStructs: number;
  /** Largest awareness (cursor/presence) payload; larger closes with 1009. */
  maxAwarenessBytes: number;
  /** Sustained messages per second per connection (token bucket refill); over closes with 4429. */
  maxMessagesPerSecond: number;
  /** Token bucket size: the burst a connection may send at once (reconnect, paste). */
  messageBurst: number;
  /** Connections per document, counting handshakes in progress; over is refused with HTTP 503. */
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
  maxAwarenessBytes: 64 * 1024,
  maxMessagesPerSecond: 100,
  messageBurst: 300,
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
  if (limits.maxMessagesPerSecond <= 0 || limits.messageBurst < 1 || limits.maxUpdatesPerWrite < 1) {
    throw new Error("collab limits maxMessagesPerSecond, messageBurst and maxUpdatesPerWrite must be positive");
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
