// What is stored of a collaborative (Yjs) document: CollabDocument.snapshot plus the CollabUpdate
// rows appended after it (server/collab/document-store.ts writes them). Read here, in one place,
// by the Yjs server when it loads a document and by domain services that need what a document
// says (the meeting record produced from the room).
import * as Y from "yjs";
import type { DbOrTx } from "~/lib/db-types";

export type StoredDocument = {
  /** The snapshot (if any) followed by the update rows in id order. */
  updates: Uint8Array[];
  updateRowCount: number;
  isFrozen: boolean;
};

export async function loadStoredDocument(db: DbOrTx, name: string): Promise<StoredDocument> {
  // Rows before the snapshot: a compaction committing between the two reads moves rows into
  // the snapshot, so this order can at worst read an update twice (applying it again is a
  // no-op), never miss one.
  const rows = await db.collabUpdate.findMany({
    where: { docName: name },
    orderBy: { id: "asc" },
    select: { data: true },
  });
  const document = await db.collabDocument.findUnique({
    where: { name },
    select: { snapshot: true, frozenAt: true },
  });
  const updates: Uint8Array[] = [];
  if (document?.snapshot) updates.push(document.snapshot);
  for (const row of rows) updates.push(row.data);
  return { updates, updateRowCount: rows.length, isFrozen: document?.frozenAt != null };
}

/**
 * The stored document as a Y.Doc (empty if nothing was ever stored). Only what is committed:
 * changes the Yjs server still holds in memory are not in it, so flush the document first
 * (Realtime.flushDocument). The caller destroys the doc when done.
 */
export async function readStoredDoc(db: DbOrTx, name: string): Promise<Y.Doc> {
  const stored = await loadStoredDocument(db, name);
  const doc = new Y.Doc({ gc: true });
  try {
    Y.transact(doc, () => {
      for (const update of stored.updates) Y.applyUpdate(doc, update);
    });
  } catch (error) {
    doc.destroy();
    throw error;
  }
  return doc;
}
