// The durable point of a document's write queue when other processes relay updates to it
// (decision record 010): what "saved" waits for, and storing what a silent origin never confirmed.
// The store is a recorder that can hold a write open; each update sets one numbered key, so a
// test can see which updates each write stored (one write stores them merged into one row).
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import type { Db } from "../../app/lib/db-types.ts";
import { DocumentPersistence, type DocumentStore } from "./document-persistence.ts";
import { resolveCollabLimits } from "./limits.ts";

type FakeStore = { store: DocumentStore; appended: number[][]; rows: number[]; hold(): () => void };

function fakeStore(): FakeStore {
  const appended: number[][] = [];
  const rows: number[] = [];
  let gate: Promise<void> | null = null;
  const store: DocumentStore = {
    async append(_db, _name, updates) {
      if (gate) await gate;
      const doc = new Y.Doc();
      for (const row of updates) Y.applyUpdate(doc, row);
      appended.push(Array.from(doc.getMap("labels").keys(), Number).sort((a, b) => a - b));
      rows.push(updates.length);
      doc.destroy();
    },
    compact: async () => 0,
  };
  return {
    store,
    appended,
    rows,
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

/** An update of its own client that sets the key `label`. */
function update(label: number): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap("labels").set(String(label), true);
  const encoded = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return encoded;
}

function persistence({ store }: FakeStore, commits: number[]) {
  return new DocumentPersistence({
    name: "plan.unittest01",
    db: {} as Db,
    store,
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
    const fake = fakeStore();
    const { appended } = fake;
    const commits: number[] = [];
    const queue = persistence(fake, commits);
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
    const fake = fakeStore();
    const { appended } = fake;
    const commits: number[] = [];
    const queue = persistence(fake, commits);
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
    const fake = fakeStore();
    const { appended, hold } = fake;
    const commits: number[] = [];
    const queue = persistence(fake, commits);
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
    const fake = fakeStore();
    const { appended } = fake;
    const queue = persistence(fake, []);
    queue.trackRemote("p1", 1, update(1));
    queue.enqueue(update(2));
    await queue.flush();
    expect(appended.flat()).toEqual([1, 2]);
    expect(queue.committedSeq).toBe(2);
  });

  it("stores the updates of one write window as one row", async () => {
    const fake = fakeStore();
    const queue = persistence(fake, []);
    for (let label = 1; label <= 5; label += 1) queue.enqueue(update(label));
    await vi.advanceTimersByTimeAsync(50);
    expect(fake.appended).toEqual([[1, 2, 3, 4, 5]]);
    expect(fake.rows).toEqual([1]);
    expect(queue.committedSeq).toBe(5);
  });

  it("waits longer for an origin that keeps storing, and stores what falls due together in one write", async () => {
    const fake = fakeStore();
    const queue = persistence(fake, []);
    queue.trackRemote("busy", 10, update(1));
    queue.trackRemote("busy", 11, update(2));
    // A slow database: the origin's durable point moves on every 2 s, not yet past these.
    for (let second = 2; second <= 10; second += 2) {
      await vi.advanceTimersByTimeAsync(2000);
      queue.confirmRemote("busy", second / 2);
      if (second === 4) queue.trackRemote("busy", 12, update(3));
    }
    // Silent, it would have been stored after 3 s; progressing, it is not (12 s now).
    await vi.advanceTimersByTimeAsync(2000);
    expect(fake.appended).toEqual([]);
    // Its last progress was at 10 s: all three are due at 13 s, and go in one write.
    await vi.advanceTimersByTimeAsync(1100);
    expect(fake.appended).toEqual([[1, 2, 3]]);
  });

  it("stores a relayed update itself at five times the timeout after it came, however the origin progresses", async () => {
    const fake = fakeStore();
    const queue = persistence(fake, []);
    queue.trackRemote("busy", 1000, update(1));
    for (let second = 1; second <= 14; second += 1) {
      await vi.advanceTimersByTimeAsync(1000);
      queue.confirmRemote("busy", second);
    }
    await vi.advanceTimersByTimeAsync(900);
    expect(fake.appended).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    expect(fake.appended).toEqual([[1]]);
  });

  it("flushOwn leaves relayed updates to their origin", async () => {
    const fake = fakeStore();
    const { appended } = fake;
    const queue = persistence(fake, []);
    queue.trackRemote("p1", 1, update(1));
    queue.enqueue(update(2));
    await queue.flushOwn();
    expect(appended.flat()).toEqual([2]);
    expect(queue.isIdle).toBe(true);
    expect(queue.committedSeq).toBe(0);
  });
});
