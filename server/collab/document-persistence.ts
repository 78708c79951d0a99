// Write-behind queue of one document's updates: batches updates that arrive close together
// into one transaction, reports each commit (so the server can confirm "saved" to the authors),
// retries failed writes with backoff while keeping the updates in memory, and compacts.
//
// Writes of one document never overlap: every write runs through writeNext(), which waits for
// the one in flight.
//
// Sequence numbers order everything this process put into its copy of the document: updates
// its own clients sent (enqueue: this process stores them) and, with several processes,
// updates another process relayed (trackRemote: that process stores them and says so;
// decision record 010). `committedSeq` is the durable point: every update with a sequence up
// to it is stored, by us or by the process it came from. It only ever grows. A client's
// "saved" waits for it, so it is true even when part of what the client sent had reached us
// first through another process: if that process dies before storing it, we store it
// ourselves once it has made no progress for `peerCommitTimeoutMs` (or at once on flush or when
// it says goodbye).
//
// One write is one statement (document-store.ts) storing everything pending, merged into one
// update: one row per document per write, however many updates arrived in the window. Under load
// that keeps the database's work and its connection pool's queue in proportion to the documents
// being edited, not to the keystrokes.
import * as Y from "yjs";
import type { Db } from "../../app/lib/db-types.ts";
import { isDomainError } from "../../app/domain/errors.ts";
import type { Logger } from "../logger.ts";
import { appendDocumentUpdates, compactStoredDocument } from "./document-store.ts";
import type { CollabLimits } from "./limits.ts";
import { describeError } from "./log-safe.ts";

/** Where the updates go (document-store.ts; the unit test puts a recorder in its place). */
export type DocumentStore = {
  append(db: Db, name: string, updates: Uint8Array[]): Promise<void>;
  compact(db: Db, name: string): Promise<number>;
};

const DATABASE_STORE: DocumentStore = { append: appendDocumentUpdates, compact: compactStoredDocument };

export type DocumentPersistenceOptions = {
  name: string;
  db: Db;
  store?: DocumentStore;
  logger: Logger;
  limits: CollabLimits;
  storedUpdateRows: number;
  /**
   * How long a relayed update may wait for its origin's confirmation before we store it, counted
   * from its arrival or from the origin's last progress (its durable point moving on), whichever
   * is later, but never more than PEER_COMMIT_MAX_FACTOR times this from its arrival: an origin
   * that is slow but storing (a busy database) is not doubled by every other holder's writes.
   */
  peerCommitTimeoutMs?: number;
  onCommitted(committedSeq: number): void;
  /** The document was frozen in the database; the pending updates have been discarded. */
  onFrozen(): void;
  /** Nothing of our own pending and no write in flight. */
  onIdle(): void;
};

type PendingUpdate = { seq: number; update: Uint8Array };
/** An update another process relayed, not yet known to be stored. */
type RemoteUpdate = PendingUpdate & { from: string; originSeq: number; receivedAt: number };

/** See DocumentPersistenceOptions.peerCommitTimeoutMs. */
const PEER_COMMIT_MAX_FACTOR = 5;

export class DocumentPersistence {
  /** To write, in sequence order (own updates and adopted remote ones). */
  private pending: PendingUpdate[] = [];
  private unconfirmed: RemoteUpdate[] = [];
  /** Per origin process: its durable point as last announced, and when it last moved. */
  private readonly originProgress = new Map<string, { durableSeq: number; at: number }>();
  private lastSeq = 0;
  private committed = 0;
  private storedUpdateRows: number;
  private writing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private adoptTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private isStopped = false;

  constructor(private readonly options: DocumentPersistenceOptions) {
    this.storedUpdateRows = options.storedUpdateRows;
  }

  get lastEnqueuedSeq(): number {
    return this.lastSeq;
  }

  get committedSeq(): number {
    return this.committed;
  }

  /** Nothing of our own to store and no write in flight (relayed updates are their origin's). */
  get isIdle(): boolean {
    return this.pending.length === 0 && this.writing === null;
  }

  /** An update this process's clients sent: stored here. */
  enqueue(update: Uint8Array): void {
    if (this.isStopped) return;
    this.lastSeq += 1;
    this.pending.push({ seq: this.lastSeq, update });
    // While a write is in flight it schedules the next batch itself when it finishes; while
    // writes fail, the retry timer is already set.
    if (this.writing === null) this.schedule(this.options.limits.persistDelayMs);
  }

  /**
   * An update another process relayed (its sequence `originSeq`): it stores it; we wait for its
   * confirmation (confirmRemote) and store it ourselves if none comes in time.
   */
  trackRemote(from: string, originSeq: number, update: Uint8Array): void {
    if (this.isStopped) return;
    this.lastSeq += 1;
    this.unconfirmed.push({ seq: this.lastSeq, update, from, originSeq, receivedAt: Date.now() });
    this.scheduleAdoption();
  }

  /** The process `from` has stored everything it held up to its sequence `durableSeq`. */
  confirmRemote(from: string, durableSeq: number): void {
    const progress = this.originProgress.get(from);
    if (!progress || durableSeq > progress.durableSeq) this.originProgress.set(from, { durableSeq, at: Date.now() });
    const before = this.unconfirmed.length;
    this.unconfirmed = this.unconfirmed.filter((entry) => entry.from !== from || entry.originSeq > durableSeq);
    if (this.unconfirmed.length !== before) this.advanceCommitted();
  }

  /** The process `from` will confirm nothing more (it left): store what it has not confirmed. */
  adoptFrom(from: string): void {
    this.adopt((entry) => entry.from === from);
    this.originProgress.delete(from);
  }

  /**
   * Stores everything enqueued so far, and every relayed update not yet confirmed by its origin
   * (which may have died). Rejects if a write fails (a retry stays scheduled).
   */
  async flush(): Promise<void> {
    this.adopt(() => true);
    await this.flushOwn();
  }

  /** Stores what this process itself has to store, leaving relayed updates to their origins. */
  async flushOwn(): Promise<void> {
    const target = this.lastSeq;
    this.clearTimer();
    while (this.pending.some((entry) => entry.seq <= target) && !this.isStopped) {
      await this.writeNext();
    }
  }

  stop(): void {
    this.isStopped = true;
    this.clearTimer();
    if (this.adoptTimer !== null) clearTimeout(this.adoptTimer);
    this.adoptTimer = null;
  }

  private adopt(predicate: (entry: RemoteUpdate) => boolean): void {
    const adopted = this.unconfirmed.filter(predicate);
    if (adopted.length === 0 || this.isStopped) return;
    this.unconfirmed = this.unconfirmed.filter((entry) => !predicate(entry));
    this.options.logger.info(
      { docName: this.options.name, updates: adopted.length },
      "collab: storing updates another process did not confirm",
    );
    this.pending = [...this.pending, ...adopted.map(({ seq, update }) => ({ seq, update }))].sort(
      (a, b) => a.seq - b.seq,
    );
    if (this.writing === null) this.schedule(0);
  }

  /** When we store a relayed update ourselves, if its origin has not confirmed it by then. */
  private adoptAt(entry: RemoteUpdate): number {
    const timeout = this.options.peerCommitTimeoutMs ?? 0;
    const progressAt = this.originProgress.get(entry.from)?.at ?? 0;
    return Math.min(entry.receivedAt + timeout * PEER_COMMIT_MAX_FACTOR, Math.max(entry.receivedAt, progressAt) + timeout);
  }

  /**
   * Wakes up when the first relayed update is due. Due ones, and those due within one write
   * window after them, are stored together (one write), not one write each.
   */
  private scheduleAdoption(): void {
    if (this.adoptTimer !== null || this.isStopped || this.unconfirmed.length === 0) return;
    let next = Infinity;
    for (const entry of this.unconfirmed) next = Math.min(next, this.adoptAt(entry));
    this.adoptTimer = setTimeout(
      () => {
        this.adoptTimer = null;
        const horizon = Date.now() + this.options.limits.persistDelayMs;
        // Deadlines only move later (progress), so none is missed by waking at the earliest.
        this.adopt((entry) => this.adoptAt(entry) <= horizon);
        this.scheduleAdoption();
      },
      Math.max(0, next - Date.now()),
    );
    this.adoptTimer.unref();
  }

  /** The durable point: just below the oldest update still to be stored by anyone we know of. */
  private advanceCommitted(): void {
    let oldest = Infinity;
    for (const entry of this.pending) oldest = Math.min(oldest, entry.seq);
    for (const entry of this.unconfirmed) oldest = Math.min(oldest, entry.seq);
    const durable = oldest === Infinity ? this.lastSeq : oldest - 1;
    if (durable <= this.committed) return;
    this.committed = durable;
    this.options.onCommitted(this.committed);
  }

  private schedule(delayMs: number): void {
    if (this.timer !== null || this.isStopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      // Failures are logged and rescheduled inside write().
      this.writeNext().catch(() => {});
    }, delayMs);
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private async writeNext(): Promise<void> {
    if (this.writing !== null) {
      await this.writing;
      return;
    }
    if (this.pending.length === 0 || this.isStopped) return;
    const write = this.write();
    this.writing = write;
    try {
      await write;
    } finally {
      this.writing = null;
    }
    if (this.pending.length > 0) this.schedule(this.options.limits.persistDelayMs);
    else this.options.onIdle();
  }

  private async write(): Promise<void> {
    const { name, db, logger, limits } = this.options;
    const batch = this.pending.slice(0, limits.maxUpdatesPerWrite);
    if (batch.length === 0) return;
    const rows = mergeForStorage(batch.map((entry) => entry.update));
    try {
      await (this.options.store ?? DATABASE_STORE).append(db, name, rows);
    } catch (error) {
      if (isDomainError(error) && error.code === "FROZEN") {
        logger.warn(
          { docName: name, discardedUpdates: this.pending.length + this.unconfirmed.length },
          "collab: document frozen, updates discarded",
        );
        this.pending = [];
        this.unconfirmed = [];
        this.stop();
        this.options.onFrozen();
        return;
      }
      this.failures += 1;
      const delay = Math.min(limits.retryMinDelayMs * 2 ** (this.failures - 1), limits.retryMaxDelayMs);
      logger.error(
        {
          docName: name,
          pendingUpdates: this.pending.length,
          failures: this.failures,
          retryInMs: delay,
          err: describeError(error),
        },
        "collab: storing updates failed, will retry",
      );
      this.clearTimer();
      this.schedule(delay);
      throw error;
    }
    if (this.failures > 0) logger.info({ docName: name, failures: this.failures }, "collab: storing updates recovered");
    this.failures = 0;
    // By identity: adopted updates may have been put in front of the batch meanwhile.
    const written = new Set(batch);
    this.pending = this.pending.filter((entry) => !written.has(entry));
    this.storedUpdateRows += rows.length;
    this.advanceCommitted();
    if (this.storedUpdateRows > limits.compactAfterUpdates) await this.compact();
  }

  private async compact(): Promise<void> {
    const { name, db, logger } = this.options;
    try {
      const removed = await (this.options.store ?? DATABASE_STORE).compact(db, name);
      this.storedUpdateRows = Math.max(0, this.storedUpdateRows - removed);
      logger.debug({ docName: name, removedRows: removed }, "collab: compacted");
    } catch (error) {
      // Not fatal: the rows stay valid and the next commit tries again.
      logger.error({ docName: name, err: describeError(error) }, "collab: compaction failed");
    }
  }
}

/**
 * The updates of one write as one (Yjs updates merge into one that does the same; what waits
 * for a missing dependency stays in it). Should merging ever fail, they are stored as they came.
 */
function mergeForStorage(updates: Uint8Array[]): Uint8Array[] {
  if (updates.length < 2) return updates;
  try {
    return [Y.mergeUpdates(updates)];
  } catch {
    return updates;
  }
}
