// The stored form of a collaborative document with several writers (decision record 010): two
// database clients, as two app processes have, append and compact one document at the same time.
// Whatever either committed must be in the document read back, however the compactions fall.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { readStoredDoc } from "../../app/domain/collab/stored-document.ts";
import type { Db } from "../../app/lib/db-types.ts";
import { createDb } from "../../server/db/create-db.ts";
import { appendDocumentUpdates, compactStoredDocument } from "../../server/collab/document-store.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-db.ts";

let testDb: TestDatabase;
let otherProcessDb: Db;

beforeAll(async () => {
  testDb = await createTestDatabase();
  otherProcessDb = createDb(testDb.database);
});
afterAll(async () => {
  await otherProcessDb?.$disconnect();
  await testDb?.drop();
});

/** One writer: its own Y.Doc (its own client id) appending numbered items, one update each. */
function writer(name: string) {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  return {
    name,
    next(i: number): Uint8Array {
      doc.getArray<number>(name).push([i]);
      return updates.at(-1)!;
    },
  };
}

describe("stored collaborative documents with two writers", () => {
  // Several processes are a PostgreSQL deployment (this project runs on PostgreSQL only); the
  // embedded SQLite database has one process.
  it(
    "loses no committed update while two processes append and compact at the same time",
    async () => {
      const docName = "plan.compactionrace01";
      const ROUNDS = 60;
      const run = async (db: Db, w: ReturnType<typeof writer>) => {
        for (let i = 0; i < ROUNDS; i += 1) {
          await appendDocumentUpdates(db, docName, [w.next(i)]);
          // Compact often, so that compactions of the two overlap each other and the appends.
          if (i % 2 === 1) await compactStoredDocument(db, docName);
        }
      };
      await appendDocumentUpdates(testDb.db, docName, [writer("setup").next(0)]);
      const first = writer("first");
      const second = writer("second");
      await Promise.all([run(testDb.db, first), run(otherProcessDb, second), run(testDb.db, writer("third"))]);

      const doc = await readStoredDoc(testDb.db, docName);
      const expected = Array.from({ length: ROUNDS }, (_, i) => i);
      expect(doc.getArray("first").toArray()).toEqual(expected);
      expect(doc.getArray("second").toArray()).toEqual(expected);
      expect(doc.getArray("third").toArray()).toEqual(expected);
      expect(doc.store.pendingStructs).toBeNull();
      doc.destroy();
    },
  );

  it("deletes only the rows it folded into the snapshot", async () => {
    const docName = "plan.compactionrows01";
    const w = writer("only");
    await appendDocumentUpdates(testDb.db, docName, [w.next(0), w.next(1)]);
    expect(await compactStoredDocument(testDb.db, docName)).toBe(2);
    await appendDocumentUpdates(testDb.db, docName, [w.next(2)]);
    expect(await testDb.db.collabUpdate.count({ where: { docName } })).toBe(1);
    const doc = await readStoredDoc(testDb.db, docName);
    expect(doc.getArray("only").toArray()).toEqual([0, 1, 2]);
    doc.destroy();
  });
});
