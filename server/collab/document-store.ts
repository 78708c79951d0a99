// Stored state of a collaborative document: CollabDocument.snapshot plus CollabUpdate rows.
// Reading lives in app/domain/collab/stored-document.ts; writing and compacting here.
//
// Invariant: the server only ever appends the updates it received and folds stored rows into
// the snapshot. It never writes the in-memory document as a whole, so an empty or stale
// in-memory copy cannot overwrite what is stored.
//
// Several processes may write one document at once (decision record 010): each appends what its
// own clients sent, and any of them may compact. Nothing here holds an interactive transaction:
// under load those held a pooled connection across several round trips (and event-loop turns),
// and waiting for a connection to start one ran into Prisma's 2 s limit (P2028).
// - An append is one statement. On PostgreSQL it writes the CollabDocument row (only if the
//   document is not frozen) and inserts the rows from what that write returned: the row lock makes
//   it wait for a freeze or a compaction committing meanwhile, and then it sees them. SQLite has
//   one writer at a time: its INSERT … SELECT checks frozenAt within the statement.
// - A compaction merges outside any transaction, then replaces the snapshot only if it is still
//   the one it merged from (compare and set), and only then deletes the rows it folded in.
import * as Y from "yjs";
import { DomainError } from "../../app/domain/errors.ts";
import { isUniqueViolation } from "../../app/domain/with-transaction.ts";
import type { Db } from "../../app/lib/db-types.ts";
import { databaseKindOf } from "../db/create-db.ts";

// Reading is shared with the domain (the record is produced from a stored room document): one
// place for how snapshot and rows make the document.
export { loadStoredDocument, type StoredDocument } from "../../app/domain/collab/stored-document.ts";

/** Rows per INSERT statement: well under the bind-parameter limits of SQLite and PostgreSQL. */
const INSERT_CHUNK = 500;

/**
 * Appends each update as a row, in one statement per INSERT_CHUNK updates (the write queue
 * passes one, merged: document-persistence.ts). Throws DomainError FROZEN if the document is
 * frozen; creates the document's row on its first append.
 */
export async function appendDocumentUpdates(db: Db, name: string, updates: Uint8Array[]): Promise<void> {
  const kind = databaseKindOf(db);
  for (let start = 0; start < updates.length; start += INSERT_CHUNK) {
    const chunk = updates.slice(start, start + INSERT_CHUNK);
    let inserted = await insertUnlessFrozen(db, kind, name, chunk);
    if (inserted === 0) {
      const document = await db.collabDocument.findUnique({ where: { name }, select: { frozenAt: true } });
      if (document?.frozenAt) throw new DomainError("FROZEN", "errors.collab.frozen");
      if (!document) {
        // The first append: create the row (another process may do so at the same moment).
        await db.collabDocument.create({ data: { name }, select: { name: true } }).catch((error: unknown) => {
          if (!isUniqueViolation(error)) throw error;
        });
      }
      inserted = await insertUnlessFrozen(db, kind, name, chunk);
      if (inserted === 0) throw new DomainError("FROZEN", "errors.collab.frozen");
    }
  }
}

/**
 * One statement: inserts the rows if the document exists and is not frozen. Returns the number
 * of rows inserted (0: missing or frozen). Only placeholders are put into the SQL text.
 */
async function insertUnlessFrozen(db: Db, kind: "sqlite" | "postgresql", name: string, updates: Uint8Array[]): Promise<number> {
  const data = updates.map((update) => toBytes(update));
  if (kind === "postgresql") {
    // $1 name, $2 now, then the updates. "v"."n" keeps the rows in the order given.
    const values = data.map((_, i) => `(${i + 1}, $${i + 3}::bytea)`).join(", ");
    return db.$executeRawUnsafe(
      `WITH "doc" AS (UPDATE "CollabDocument" SET "updatedAt" = $2 WHERE "name" = $1 AND "frozenAt" IS NULL RETURNING "name"),
        "v"("n", "data") AS (VALUES ${values})
      INSERT INTO "CollabUpdate" ("docName", "data") SELECT "doc"."name", "v"."data" FROM "doc", "v" ORDER BY "v"."n"`,
      name,
      new Date(),
      ...data,
    );
  }
  const values = data.map((_, i) => `(${i + 1}, ?)`).join(", ");
  const inserted = await db.$executeRawUnsafe(
    `WITH "v"("n", "data") AS (VALUES ${values})
    INSERT INTO "CollabUpdate" ("docName", "data")
      SELECT "CollabDocument"."name", "v"."data" FROM "CollabDocument", "v"
      WHERE "CollabDocument"."name" = ? AND "CollabDocument"."frozenAt" IS NULL ORDER BY "v"."n"`,
    ...data,
    name,
  );
  if (inserted > 0) await db.collabDocument.updateMany({ where: { name }, data: { updatedAt: new Date() } });
  return inserted;
}

/**
 * Folds the stored rows into the snapshot, built from the stored rows alone (not from memory,
 * which may hold updates not yet committed). Returns the number of rows removed (0 when another
 * process compacted meanwhile: the next commit tries again).
 *
 * Merging can take a while for a large document, so it happens on what was read, outside any
 * transaction. The new snapshot is written only where the stored one is still the one merged
 * from (and the document is not frozen): then every row read is in it, and only then are exactly
 * those rows deleted, by id, never a range; a row committed after the read stays. A compaction
 * that lost the race (another process wrote a snapshot meanwhile) writes and deletes nothing.
 * Without the comparison, two processes compacting at once lose the rows the first one folded
 * in (tests/cluster/collab-store.test.ts). A process dying between the two statements leaves
 * rows that are also in the snapshot: applied twice on load, which Yjs ignores.
 */
export async function compactStoredDocument(db: Db, name: string): Promise<number> {
  const read = await db.collabDocument.findUnique({ where: { name }, select: { snapshot: true, frozenAt: true } });
  if (!read || read.frozenAt) return 0;
  const rows = await db.collabUpdate.findMany({
    where: { docName: name },
    orderBy: { id: "asc" },
    select: { id: true, data: true },
  });
  if (rows.length === 0) return 0;
  const merged = new Y.Doc();
  let snapshot: Uint8Array;
  try {
    // One apply of the merged rows, not one per row: with structs waiting for dependencies (which
    // hostile updates leave behind), each apply re-merges everything waiting, so applying ~200
    // rows one by one blocked the event loop for up to 190 ms in the fuzz bench.
    const stored = rows.map((row) => row.data);
    Y.applyUpdate(merged, Y.mergeUpdates(read.snapshot ? [read.snapshot, ...stored] : stored));
    snapshot = Y.encodeStateAsUpdate(merged);
  } finally {
    merged.destroy();
  }
  const written = await db.collabDocument.updateMany({
    where: { name, frozenAt: null, snapshot: read.snapshot === null ? null : toBytes(read.snapshot) },
    data: { snapshot: toBytes(snapshot), updatedAt: new Date() },
  });
  if (written.count === 0) return 0;
  const ids = rows.map((row) => row.id);
  for (let start = 0; start < ids.length; start += DELETE_CHUNK) {
    await db.collabUpdate.deleteMany({ where: { docName: name, id: { in: ids.slice(start, start + DELETE_CHUNK) } } });
  }
  return rows.length;
}

/** Ids per DELETE statement: well under the bind-parameter limits of SQLite and PostgreSQL. */
const DELETE_CHUNK = 1000;

/** Prisma's Bytes is a Uint8Array over a plain ArrayBuffer. */
function toBytes(data: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(data);
}
