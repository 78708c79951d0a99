// Writing the first state of a version's live document (plan.<versionId>), inside the
// transaction that creates the version: a new draft starts with the proposed first interim
// evaluation, an amendment with the content of the version it amends. The document is new and
// nobody has it open yet, so its first update row is written directly (as
// server/collab/document-store.ts appendDocumentUpdates would); the Yjs server loads it from there.
import * as Y from "yjs";
import type { Tx } from "~/lib/db-types";
import { seedPlanDoc } from "./plan-doc";
import type { PlanContent } from "./plan-schemas";

type DocContent = Pick<PlanContent, "problem" | "goals" | "activities" | "evaluations" | "attachments">;

/** The Yjs update that writes `content` into an empty document. */
export function seedUpdate(content: DocContent): Uint8Array {
  const doc = new Y.Doc();
  try {
    seedPlanDoc(doc, content);
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

/** Creates the stored document with its first update. */
export async function storeSeededDocument(tx: Tx, name: string, content: DocContent): Promise<void> {
  await tx.collabDocument.create({ data: { name } });
  await tx.collabUpdate.create({ data: { docName: name, data: new Uint8Array(seedUpdate(content)) } });
}

/**
 * Freezes the stored document: the Yjs server refuses every write from then on (it checks
 * frozenAt under the document row's lock), and opens it read-only. Creates the row if the
 * document was never stored (a draft nobody typed into).
 */
export async function freezeStoredDocument(tx: Tx, name: string, now: Date): Promise<void> {
  await tx.collabDocument.upsert({ where: { name }, create: { name, frozenAt: now }, update: { frozenAt: now } });
}
