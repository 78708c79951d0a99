import { describe, expect, it } from "vitest";
import { DEFAULT_COLLAB_LIMITS, TokenBucket, resolveCollabLimits } from "./limits.ts";

describe("TokenBucket", () => {
  it("allows a burst, refuses beyond it, and refills over time", () => {
    let now = 0;
    const bucket = new TokenBucket(10, 3, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    now = 100; // 0.1 s at 10/s = one token
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    now = 10_000; // refill never exceeds the capacity
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  });
});

describe("resolveCollabLimits", () => {
  it("fills in defaults", () => {
    expect(resolveCollabLimits({ unloadDelayMs: 5 })).toEqual({ ...DEFAULT_COLLAB_LIMITS, unloadDelayMs: 5 });
  });

  it("rejects nonsense", () => {
    expect(() => resolveCollabLimits({ maxMessageBytes: -1 })).toThrow(/maxMessageBytes/);
    expect(() => resolveCollabLimits({ persistDelayMs: Number.NaN })).toThrow(/persistDelayMs/);
    expect(() => resolveCollabLimits({ maxMessagesPerSecond: 0 })).toThrow();
    expect(() => resolveCollabLimits({ maxAwarenessPerSecond: 0 })).toThrow(/maxAwarenessPerSecond/);
    expect(() => resolveCollabLimits({ awarenessBurst: 0.5 })).toThrow(/awarenessBurst/);
  });
});
