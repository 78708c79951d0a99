// Connection attempts per client address: one token bucket per address, taken at the websocket
// upgrade for /collab/ and at the socket.io handshake, before any authorisation or database
// work, so that one address cannot make the process check sessions thousands of times a second.
// The buckets live in one bounded map: full buckets are swept (a full bucket and no bucket
// mean the same), and at the bound the address seen least recently is forgotten.
import type http from "node:http";
import type { Logger } from "./logger.ts";

export type ConnectionLimiterOptions = {
  /** Sustained attempts per second per address; 0 turns the limit off. */
  ratePerSecond: number;
  /** Attempts an address may make at once (a page opening its sockets, a reconnect). */
  burst: number;
  /** As TRUST_PROXY: the number of proxies in front, whose X-Forwarded-For entries are trusted. */
  trustProxy: number;
  logger?: Logger;
  maxAddresses?: number;
  now?: () => number;
};

export type ConnectionLimiter = {
  /** Takes one attempt for the request's client address; false when the address has none left. */
  admit(req: http.IncomingMessage): boolean;
  /** Addresses currently tracked (for tests and diagnostics). */
  readonly trackedAddresses: number;
};

const DEFAULT_MAX_ADDRESSES = 50_000;
const SWEEP_INTERVAL_MS = 60_000;
const REPORT_INTERVAL_MS = 10_000;

type Bucket = { tokens: number; at: number };

export function createConnectionLimiter(options: ConnectionLimiterOptions): ConnectionLimiter {
  const { ratePerSecond, burst, trustProxy, logger } = options;
  const maxAddresses = options.maxAddresses ?? DEFAULT_MAX_ADDRESSES;
  const now = options.now ?? (() => performance.now());
  // Insertion order is recency order: every attempt moves its address to the end.
  const buckets = new Map<string, Bucket>();
  let sweptAt = now();
  let refused = 0;
  let reportedAt = Number.NEGATIVE_INFINITY;

  const refill = (bucket: Bucket, at: number) =>
    Math.min(burst, bucket.tokens + ((at - bucket.at) / 1000) * ratePerSecond);

  function sweep(at: number): void {
    sweptAt = at;
    for (const [address, bucket] of buckets) {
      if (refill(bucket, at) >= burst) buckets.delete(address);
    }
  }

  function report(at: number): void {
    refused += 1;
    if (!logger || at - reportedAt < REPORT_INTERVAL_MS) return;
    // Counts only: client addresses are personal data and stay out of the log.
    logger.warn(
      { event: "connect.rate-limited", refused, trackedAddresses: buckets.size },
      "connection attempts refused",
    );
    reportedAt = at;
    refused = 0;
  }

  return {
    admit(req) {
      if (ratePerSecond === 0) return true;
      const at = now();
      if (at - sweptAt >= SWEEP_INTERVAL_MS) sweep(at);
      const address = clientAddress(req, trustProxy);
      let bucket = buckets.get(address);
      if (bucket) {
        buckets.delete(address);
        bucket.tokens = refill(bucket, at);
        bucket.at = at;
      } else {
        if (buckets.size >= maxAddresses) sweep(at);
        if (buckets.size >= maxAddresses) {
          const oldest = buckets.keys().next();
          if (!oldest.done) buckets.delete(oldest.value);
        }
        bucket = { tokens: burst, at };
      }
      buckets.set(address, bucket);
      if (bucket.tokens < 1) {
        report(at);
        return false;
      }
      bucket.tokens -= 1;
      return true;
    },
    get trackedAddresses() {
      return buckets.size;
    },
  };
}

/**
 * The client's address as Express's `req.ip` gives it with `trust proxy` set to the same hop count
 * (the value the sign-in throttling uses): each trusted proxy appended the address it saw to
 * X-Forwarded-For, so with `trustedProxies` proxies in front the client is that many entries from
 * the right (the socket's peer being the nearest proxy). Entries further left are whatever the
 * client sent and are never used; without trusted proxies, the socket's peer.
 */
export function clientAddress(req: http.IncomingMessage, trustedProxies: number): string {
  const peer = req.socket.remoteAddress ?? "unknown";
  if (trustedProxies <= 0) return peer;
  const header = req.headers["x-forwarded-for"];
  const forwarded = (Array.isArray(header) ? header.join(",") : (header ?? ""))
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  // Nearest first: the peer, then X-Forwarded-For from its right end.
  const hops = [peer, ...forwarded.reverse()];
  return hops[Math.min(trustedProxies, hops.length - 1)] ?? peer;
}
