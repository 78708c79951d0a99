// Rows of a live document kept as a Y.Array of Y.Map, one map per row with a string `id` (the
// room's decisions and dissents, the plan's activities, evaluations and attachments).
// Browser-safe: yjs and zod only.
//
// Everything read back is parsed with zod: browsers write the document, so an entry that does
// not parse, or repeats an id already read, is skipped (and counted), never trusted.
import * as Y from "yjs";
import type { z } from "zod";

/** A Y.Map's plain value: Y.Text and other Yjs types become their JSON, everything else as stored. */
export function plainEntry(map: Y.Map<unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of map.entries()) {
    if (value instanceof Y.Text) out[key] = value.toString();
    else if (value instanceof Y.AbstractType) out[key] = value.toJSON();
    else out[key] = value;
  }
  return out;
}

/** The index of the first row with that id, or -1. */
export function findRowIndex(array: Y.Array<Y.Map<unknown>>, id: string): number {
  let index = 0;
  for (const entry of array) {
    if (entry instanceof Y.Map && entry.get("id") === id) return index;
    index += 1;
  }
  return -1;
}

/** The map of the first row with that id, or null. */
export function findRowMap(array: Y.Array<Y.Map<unknown>>, id: string): Y.Map<unknown> | null {
  const index = findRowIndex(array, id);
  return index < 0 ? null : (array.get(index) ?? null);
}

/** Removes the first row with that id. Returns whether there was one. */
export function removeRow(array: Y.Array<Y.Map<unknown>>, id: string): boolean {
  const index = findRowIndex(array, id);
  if (index < 0) return false;
  array.delete(index, 1);
  return true;
}

/**
 * The rows that parse, in order. A row that does not parse, or repeats an id already read (a
 * browser can write anything, and records merge rows by id), is skipped and counted.
 */
export function parseRows<T extends { id: string }>(
  array: Y.Array<Y.Map<unknown>>,
  schema: z.ZodType<T>,
): { entries: T[]; skipped: number } {
  const entries: T[] = [];
  const ids = new Set<string>();
  let skipped = 0;
  for (const entry of array) {
    const parsed = entry instanceof Y.Map ? schema.safeParse(plainEntry(entry)) : null;
    if (parsed?.success && !ids.has(parsed.data.id)) {
      ids.add(parsed.data.id);
      entries.push(parsed.data);
    } else {
      skipped += 1;
    }
  }
  return { entries, skipped };
}
