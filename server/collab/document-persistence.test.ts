// The durable point of a document's write queue when other processes relay updates to it
// (decision record 010): what "saved" waits for, and storing what a silent origin never confirmed.
// The database is a fake that records each append and can hold a write open.
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "../../app/lib/db-types.ts";
import { DocumentPersistence } from "./document-persistence.ts";
import { resolveCollabLimits } from "./limits.ts";

type FakeDb = { db: Db; appended: number[][]; hold(): () => void };

/** Updates are one byte each (their label), so a test can see which were written. */
function fakeDb(): FakeDb {
  const appended: number[][] = [];
  let gate: Promise<void> | null = null;
  const tx = {
    collabDocument: { upsert: async () => ({ frozenAt: null }) },
    collabUpdate: {
      createMany: async ({ data }: { data: Array<{ data: Uint8Array }> }) => {
        appended.push(data.map((row) => row.data[0] as number));
      },
    },
  };
  const db = {
    $transaction: async (run: (t: typeof tx) => Promise<unknown>) => {
      if (gate) await gate;
      return run(tx);
    },
  } as unknown as Db;
  return {
    db,
    appended,
    hold() {
      let release!: () => void;
      gate = new Promise((resolve) => (release = resolve));
      return () => {
        gate = null;
        release();
      };
    },
  };
}

const update = (label: number) => Uint8Array.of(label);

function persistence(db: Db, commits: number[]) {
  return new DocumentPersistence({
    name: "plan.unittest01",
    db,
    logger: pino({ level: "silent" }),
    limits: resolveCollabLimits({ persistDelayMs: 10, compactAfterUpdates: 1_000_000 }),
    storedUpdateRows: 0,
    peerCommitTimeoutMs: 3000,
    onCommitted: (seq) => commits.push(seq),
    onFrozen: () => {},
    onIdle: () => {},
  });
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("DocumentPersistence with relayed updates", () => {
  it("counts a relayed update as stored only once its origin confirms it, and never stores it itself then", async () => {
    const { db, appended } = fakeDb();
    const commits: number[] = [];
    const queue = persistence(db, commits);
    queue.trackRemote("p1", 7, update(1));
    queue.enqueue(update(2));
    await vi.advanceTimersByTimeAsync(50);
    // Our own update is written, but the relayed one before it is not confirmed yet.
    expect(appended).toEqual([[2]]);
    expect(queue.committedSeq).toBe(0);

    queue.confirmRemote("p1", 6);
    expect(queue.committedSeq).toBe(0);
    queue.confirmRemote("p2", 7);
    expect(queue.committedSeq).toBe(0);
    queue.confirmRemote("p1", 7);
    expect(queue.committedSeq).toBe(2);
    expect(commits).toEqual([2]);

    await vi.advanceTimersByTimeAsync(10_000);
    expect(appended).toEqual([[2]]);
  });

  it("stores a relayed update itself when its origin stays silent, after the timeout or when it leaves", async () => {
    const { db, appended } = fakeDb();
    const commits: number[] = [];
    const queue = persistence(db, commits);
    queue.trackRemote("p1", 1, update(1));
    queue.trackRemote("p2", 1, update(2));
    await vi.advanceTimersByTimeAsync(2900);
    expect(appended).toEqual([]);
    queue.adoptFrom("p2");
    await vi.advanceTimersByTimeAsync(50);
    expect(appended).toEqual([[2]]);
    expect(queue.committedSeq).toBe(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(appended).toEqual([[2], [1]]);
    expect(queue.committedSeq).toBe(2);
  });

  it("keeps an update adopted while a write is in flight, in sequence order", async () => {
    const { db, appended, hold } = fakeDb();
    const commits: number[] = [];
    const queue = persistence(db, commits);
    queue.trackRemote("p1", 1, update(1));
    const release = hold();
    queue.enqueue(update(2));
    await vi.advanceTimersByTimeAsync(20);
    // The write of update 2 hangs; meanwhile update 1 is adopted and goes in front of it.
    queue.adoptFrom("p1");
    release();
    await vi.advanceTimersByTimeAsync(100);
    expect(appended.flat().sort()).toEqual([1, 2]);
    expect(queue.committedSeq).toBe(2);
    expect(queue.isIdle).toBe(true);
  });

  it("flush stores everything, relayed updates not yet confirmed included", async () => {
    const { db, appended } = fakeDb();
    const queue = persistence(db, []);
    queue.trackRemote("p1", 1, update(1));
    queue.enqueue(update(2));
    await queue.flush();
    expect(appended.flat()).toEqual([1, 2]);
    expect(queue.committedSeq).toBe(2);
  });

  it("flushOwn leaves relayed updates to their origin", async () => {
    const { db, appended } = fakeDb();
    const queue = persistence(db, []);
    queue.trackRemote("p1", 1, update(1));
    queue.enqueue(update(2));
    await queue.flushOwn();
    expect(appended.flat()).toEqual([2]);
    expect(queue.isIdle).toBe(true);
    expect(queue.committedSeq).toBe(0);
  });
});
