// Write-behind queue of one document's updates: batches updates that arrive close together
// into one transaction, reports each commit (so the server can confirm "saved" to the authors),
// retries failed writes with backoff while keeping the updates in memory, and compacts.
//
// Writes of one document never overlap: every write runs through writeNext(), which waits for
// the one in flight. Sequence numbers order updates; `committedSeq` only ever grows.
import type { Db } from "../../app/lib/db-types.ts";
import { isDomainError } from "../../app/domain/errors.ts";
import type { Logger } from "../logger.ts";
import { appendDocumentUpdates, compactStoredDocument } from "./document-store.ts";
import type { CollabLimits } from "./limits.ts";
import { describeError } from "./log-safe.ts";

export type DocumentPersistenceOptions = {
  name: string;
  db: Db;
  logger: Logger;
  limits: CollabLimits;
  storedUpdateRows: number;
  onCommitted(committedSeq: number): void;
  /** The document was frozen in the database; the pending updates have been discarded. */
  onFrozen(): void;
  /** Nothing pending and no write in flight. */
  onIdle(): void;
};

type PendingUpdate = { seq: number; update: Uint8Array };

export class DocumentPersistence {
  private pending: PendingUpdate[] = [];
  private lastSeq = 0;
  private committed = 0;
  private storedUpdateRows: number;
  private writing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
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

  get isIdle(): boolean {
    return this.pending.length === 0 && this.writing === null;
  }

  enqueue(update: Uint8Array): void {
    if (this.isStopped) return;
    this.lastSeq += 1;
    this.pending.push({ seq: this.lastSeq, update });
    // While a write is in flight it schedules the next batch itself when it finishes; while
    // writes fail, the retry timer is already set.
    if (this.writing === null) this.schedule(this.options.limits.persistDelayMs);
  }

  /** Stores everything enqueued so far. Rejects if a write fails (a retry stays scheduled). */
  async flush(): Promise<void> {
    const target = this.lastSeq;
    this.clearTimer();
    while (this.committed < target && !this.isStopped) {
      await this.writeNext();
    }
  }

  stop(): void {
    this.isStopped = true;
    this.clearTimer();
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
    const last = batch.at(-1);
    if (!last) return;
    try {
      await appendDocumentUpdates(
        db,
        name,
        batch.map((entry) => entry.update),
      );
    } catch (error) {
      if (isDomainError(error) && error.code === "FROZEN") {
        logger.warn(
          { docName: name, discardedUpdates: this.pending.length },
          "collab: document frozen, updates discarded",
        );
        this.pending = [];
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
    this.pending.splice(0, batch.length);
    this.committed = last.seq;
    this.storedUpdateRows += batch.length;
    this.options.onCommitted(this.committed);
    if (this.storedUpdateRows > limits.compactAfterUpdates) await this.compact();
  }

  private async compact(): Promise<void> {
    const { name, db, logger } = this.options;
    try {
      const removed = await compactStoredDocument(db, name);
      this.storedUpdateRows = Math.max(0, this.storedUpdateRows - removed);
      logger.debug({ docName: name, removedRows: removed }, "collab: compacted");
    } catch (error) {
      // Not fatal: the rows stay valid and the next commit tries again.
      logger.error({ docName: name, err: describeError(error) }, "collab: compaction failed");
    }
  }
}
