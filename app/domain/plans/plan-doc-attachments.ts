// The attached files of a draft in its live document (layout: plan-doc.ts, `attachments`: a
// Y.Array of Y.Map, one per file, the fields of PlanAttachmentSchema). Browser-safe: the editor
// adds the metadata attachPlanFile returned, and removes an entry (the stored file stays: another
// version may name it, and a fixed version's file never goes).
import * as Y from "yjs";
import { findRowIndex } from "../collab/y-rows";
import { attachmentsArray } from "./plan-doc";
import { PlanAttachmentSchema, type PlanAttachment } from "./plan-schemas";

/** Adds an uploaded file's metadata at the end; false when the file is listed already. */
export function addAttachmentToDoc(doc: Y.Doc, attachment: PlanAttachment): boolean {
  const parsed = PlanAttachmentSchema.parse(attachment);
  if (findRowIndex(attachmentsArray(doc), parsed.id) >= 0) return false;
  const map = new Y.Map<unknown>();
  doc.transact(() => {
    for (const [key, value] of Object.entries(parsed)) map.set(key, value);
    attachmentsArray(doc).push([map]);
  });
  return true;
}

/** Takes a file off the draft (every entry with that id). Returns whether there was one. */
export function removeAttachmentFromDoc(doc: Y.Doc, id: string): boolean {
  let removed = false;
  doc.transact(() => {
    for (
      let index = findRowIndex(attachmentsArray(doc), id);
      index >= 0;
      index = findRowIndex(attachmentsArray(doc), id)
    ) {
      attachmentsArray(doc).delete(index, 1);
      removed = true;
    }
  });
  return removed;
}
