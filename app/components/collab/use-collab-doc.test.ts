import { describe, expect, it } from "vitest";
import { jitteredReconnectDelay } from "./use-collab-doc";

describe("jitteredReconnectDelay", () => {
  it("spreads clients over the whole window instead of one instant", () => {
    expect(jitteredReconnectDelay(3, () => 0)).toBe(0);
    expect(jitteredReconnectDelay(3, () => 0.5)).toBe(500);
    expect(jitteredReconnectDelay(3, () => 0.999)).toBe(999);
  });

  it("doubles the window with each attempt up to ten seconds", () => {
    const widest = (attempt: number) => jitteredReconnectDelay(attempt, () => 1);
    expect([1, 2, 3, 4, 5, 6, 7].map(widest)).toEqual([250, 500, 1000, 2000, 4000, 8000, 10_000]);
    expect(widest(40)).toBe(10_000);
  });
});
