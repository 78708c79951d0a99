// Stored state of a collaborative document: CollabDocument.snapshot plus CollabUpdate rows.
// Reading lives in app/domain/collab/stored-document.ts; writing and compacting here.
//
// Invariant: the server only ever appends the updates it received and folds stored rows into
// the snapshot. It never writes the in-memory document as a whole, so an empty or stale
// in-memory copy cannot overwrite what is stored.
//
// Several processes may write one document at once (decision record 010): each appends what its
// own clients sent, and any of them may compact. Every writing transaction first writes the
// CollabDocument row, which on PostgreSQL locks it until commit (SQLite has one writer at a time
// anyway), so appends and compactions of one document take turns; a compaction writes only if the
// snapshot it merged from is still the stored one.
import * as Y from "yjs";
import { DomainError } from "../../app/domain/errors.ts";
import type { Db } from "../../app/lib/db-types.ts";

// Reading is shared with the domain (the record is produced from a stored room document): one
// place for how snapshot and rows make the document.
export { loadStoredDocument, type StoredDocument } from "../../app/domain/collab/stored-document.ts";

/** Appends updates in one transaction. Throws DomainError FROZEN if the document is frozen. */
export async function appendDocumentUpdates(db: Db, name: string, updates: Uint8Array[]): Promise<void> {
  await db.$transaction(async (tx) => {
    // Writing updatedAt (rather than an empty update) locks the row, so a freeze committed by
    // another transaction is seen here: checked again inside the writing transaction.
    const document = await tx.collabDocument.upsert({
      where: { name },
      create: { name },
      update: { updatedAt: new Date() },
      select: { frozenAt: true },
    });
    if (document.frozenAt) throw new DomainError("FROZEN", "errors.collab.frozen");
    await tx.collabUpdate.createMany({
      data: updates.map((update) => ({ docName: name, data: toBytes(update) })),
    });
  });
}

/**
 * Folds the stored rows into the snapshot, built from the stored rows alone (not from memory,
 * which may hold updates not yet committed). Returns the number of rows removed (0 when another
 * process compacted meanwhile: the next commit tries again).
 *
 * Merging can take a while for a large document, so it happens outside any transaction, on what
 * was read. The writing transaction then locks the document's row and goes ahead only if the
 * snapshot is still the one merged from: every row it deletes (by id, never a range) is then in
 * the new snapshot, and a row committed after the read stays. Without that check, two processes
 * compacting at once lose the rows the first one folded in (tests/cluster/collab-store.test.ts).
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
    Y.transact(merged, () => {
      if (read.snapshot) Y.applyUpdate(merged, read.snapshot);
      for (const row of rows) Y.applyUpdate(merged, row.data);
    });
    snapshot = Y.encodeStateAsUpdate(merged);
  } finally {
    merged.destroy();
  }
  return db.$transaction(async (tx) => {
    // The lock (appends take it too, by their upsert), then the check under it.
    const locked = await tx.collabDocument.updateMany({ where: { name }, data: { updatedAt: new Date() } });
    if (locked.count === 0) return 0;
    const current = await tx.collabDocument.findUnique({ where: { name }, select: { snapshot: true, frozenAt: true } });
    if (!current || current.frozenAt || !isSameBytes(current.snapshot, read.snapshot)) return 0;
    await tx.collabDocument.update({ where: { name }, data: { snapshot: toBytes(snapshot) } });
    const ids = rows.map((row) => row.id);
    for (let start = 0; start < ids.length; start += DELETE_CHUNK) {
      await tx.collabUpdate.deleteMany({
        where: { docName: name, id: { in: ids.slice(start, start + DELETE_CHUNK) } },
      });
    }
    return rows.length;
  });
}

function isSameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === null || b === null) return a === b;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

/** Ids per DELETE statement: well under the bind-parameter limits of SQLite and PostgreSQL. */
const DELETE_CHUNK = 1000;

/** Prisma's Bytes is a Uint8Array over a plain ArrayBuffer. */
function toBytes(data: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(data);
}
