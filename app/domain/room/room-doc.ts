// The meeting room's live document (Yjs): what the meeting writes together. Browser-safe: yjs
// and zod only, used by the room's editors and by the server when the record is produced.
//
// Layout of the Y.Doc named `meeting.<id>.room` (app/domain/collab/doc-name.ts):
// - `minutes.<agendaItemId>`: Y.XmlFragment, the Tiptap minutes under each agenda item (the
//   agenda itself is AgendaItem rows, live through socket.io, so its ids are stable);
// - `decisions`: Y.Array of Y.Map, structured decisions (004 §2.2: every decision is tied to
//   responsible persons, a deadline and a next step);
// - `dissents`: Y.Array of Y.Map, dissenting opinions attached to a decision, attributed to
//   their author, and to the minute-taker who wrote one down for them;
// - `summary.<question>`: Y.Text, the four closing questions of 004 §2.2.
// Top-level types are used for everything two people might create at once (a top-level type
// never conflicts); maps are created by one person (whoever adds the decision).
//
// Everything read back from the document is parsed with zod: the document is written by
// browsers, so an entry that does not parse is skipped (and counted), never trusted.
import * as Y from "yjs";
import { z } from "zod";
import { CLOSING_QUESTIONS, DateOnlySchema, PersonRefSchema, type ClosingQuestion, type PersonRef } from "../records/record-schemas";

export const DECISIONS_KEY = "decisions";
export const DISSENTS_KEY = "dissents";
export const ROOM_TEXT_MAX = 10_000;

/** The Tiptap field (Y.XmlFragment name) of one agenda item's minutes. */
export function minutesFieldName(agendaItemId: string): string {
  return `minutes.${agendaItemId}`;
}

export function summaryFieldName(question: ClosingQuestion): string {
  return `summary.${question}`;
}

const RowId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const UserId = z.string().regex(/^[a-z0-9]{8,40}$/);

export const RoomDecisionSchema = z.object({
  id: RowId,
  agendaItemId: RowId,
  text: z.string().max(ROOM_TEXT_MAX),
  nextStep: z.string().max(ROOM_TEXT_MAX),
  deadline: DateOnlySchema.nullable(),
  responsible: z.array(PersonRefSchema).max(20),
  createdByUserId: UserId,
  createdAt: z.string().max(40),
});
export type RoomDecision = z.output<typeof RoomDecisionSchema>;

export const RoomDissentSchema = z.object({
  id: RowId,
  decisionId: RowId,
  authorUserId: UserId.nullable(),
  authorName: z.string().trim().min(1).max(300),
  text: z.string().max(ROOM_TEXT_MAX),
  /** Set when the minute-taker wrote the opinion down for its author (004 §2.2). */
  recordedByUserId: UserId.nullable(),
  recordedByName: z.string().max(300).nullable(),
  createdAt: z.string().max(40),
});
export type RoomDissent = z.output<typeof RoomDissentSchema>;

export type RoomContent = {
  minutes: { agendaItemId: string; text: string }[];
  decisions: RoomDecision[];
  dissents: RoomDissent[];
  summary: Record<ClosingQuestion, string>;
  /** Entries that did not parse and were left out. */
  skipped: number;
};

export function decisionsArray(doc: Y.Doc): Y.Array<Y.Map<unknown>> {
  return doc.getArray<Y.Map<unknown>>(DECISIONS_KEY);
}

export function dissentsArray(doc: Y.Doc): Y.Array<Y.Map<unknown>> {
  return doc.getArray<Y.Map<unknown>>(DISSENTS_KEY);
}

export function summaryText(doc: Y.Doc, question: ClosingQuestion): Y.Text {
  return doc.getText(summaryFieldName(question));
}

export function minutesFragment(doc: Y.Doc, agendaItemId: string): Y.XmlFragment {
  return doc.getXmlFragment(minutesFieldName(agendaItemId));
}

/** A Y.Map's plain value: Y.Text and Y.Array become their JSON, everything else as stored. */
function plainEntry(map: Y.Map<unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of map.entries()) {
    if (value instanceof Y.Text) out[key] = value.toString();
    else if (value instanceof Y.AbstractType) out[key] = value.toJSON();
    else out[key] = value;
  }
  return out;
}

function findIndex(array: Y.Array<Y.Map<unknown>>, id: string): number {
  let index = 0;
  for (const entry of array) {
    if (entry instanceof Y.Map && entry.get("id") === id) return index;
    index += 1;
  }
  return -1;
}

export function findDecisionMap(doc: Y.Doc, id: string): Y.Map<unknown> | null {
  const index = findIndex(decisionsArray(doc), id);
  return index < 0 ? null : (decisionsArray(doc).get(index) ?? null);
}

export function findDissentMap(doc: Y.Doc, id: string): Y.Map<unknown> | null {
  const index = findIndex(dissentsArray(doc), id);
  return index < 0 ? null : (dissentsArray(doc).get(index) ?? null);
}

/** Replaces the text with `value`, touching only the changed middle, so concurrent typing elsewhere merges. */
export function setYText(text: Y.Text, value: string): void {
  const current = text.toString();
  if (current === value) return;
  let start = 0;
  const maxStart = Math.min(current.length, value.length);
  while (start < maxStart && current[start] === value[start]) start += 1;
  let end = 0;
  const maxEnd = Math.min(current.length, value.length) - start;
  while (end < maxEnd && current[current.length - 1 - end] === value[value.length - 1 - end]) end += 1;
  const doc = text.doc;
  if (!doc) throw new Error("setYText: the text is not part of a document");
  doc.transact(() => {
    const removed = current.length - start - end;
    if (removed > 0) text.delete(start, removed);
    const inserted = value.slice(start, value.length - end);
    if (inserted.length > 0) text.insert(start, inserted);
  });
}

export function addDecision(
  doc: Y.Doc,
  input: { id: string; agendaItemId: string; createdByUserId: string; now: Date; text?: string },
): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  doc.transact(() => {
    map.set("id", input.id);
    map.set("agendaItemId", input.agendaItemId);
    map.set("text", new Y.Text(input.text ?? ""));
    map.set("nextStep", new Y.Text(""));
    map.set("deadline", null);
    map.set("responsible", []);
    map.set("createdByUserId", input.createdByUserId);
    map.set("createdAt", input.now.toISOString());
    decisionsArray(doc).push([map]);
  });
  return map;
}

/** Sets the deadline (YYYY-MM-DD or null) and/or the responsible persons of a decision. */
export function updateDecision(
  doc: Y.Doc,
  id: string,
  patch: { deadline?: string | null; responsible?: PersonRef[] },
): void {
  const map = findDecisionMap(doc, id);
  if (!map) return;
  doc.transact(() => {
    if (patch.deadline !== undefined) map.set("deadline", patch.deadline);
    if (patch.responsible !== undefined) map.set("responsible", patch.responsible.map((p) => ({ ...p })));
  });
}

/**
 * Removes a decision unless someone disagreed with it: a dissenting opinion stays attached to
 * what it disagrees with. Returns whether it was removed.
 */
export function removeDecision(doc: Y.Doc, id: string): boolean {
  const hasDissent = dissentsArray(doc)
    .toArray()
    .some((d) => d instanceof Y.Map && d.get("decisionId") === id);
  if (hasDissent) return false;
  const index = findIndex(decisionsArray(doc), id);
  if (index < 0) return false;
  decisionsArray(doc).delete(index, 1);
  return true;
}

export function addDissent(
  doc: Y.Doc,
  input: {
    id: string;
    decisionId: string;
    authorUserId: string | null;
    authorName: string;
    recordedBy: { userId: string; name: string } | null;
    now: Date;
    text?: string;
  },
): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  doc.transact(() => {
    map.set("id", input.id);
    map.set("decisionId", input.decisionId);
    map.set("authorUserId", input.authorUserId);
    map.set("authorName", input.authorName);
    map.set("text", new Y.Text(input.text ?? ""));
    map.set("recordedByUserId", input.recordedBy?.userId ?? null);
    map.set("recordedByName", input.recordedBy?.name ?? null);
    map.set("createdAt", input.now.toISOString());
    dissentsArray(doc).push([map]);
  });
  return map;
}

/** Plain text of a Tiptap fragment: one line per block, list items prefixed with "- ". */
export function fragmentToPlainText(fragment: Y.XmlFragment): string {
  const lines: string[] = [];
  const walk = (node: Y.XmlElement | Y.XmlText | Y.XmlHook, listDepth: number, isListItem: boolean) => {
    if (node instanceof Y.XmlText) {
      const text = node
        .toDelta()
        .map((op: { insert?: unknown }) => (typeof op.insert === "string" ? op.insert : ""))
        .join("");
      lines.push(`${isListItem ? `${"  ".repeat(Math.max(0, listDepth - 1))}- ` : ""}${text}`);
      return;
    }
    if (!(node instanceof Y.XmlElement)) return;
    const name = node.nodeName;
    const isList = name === "bulletList" || name === "orderedList";
    let first = true;
    for (const child of node.toArray()) {
      walk(child as Y.XmlElement | Y.XmlText, isList ? listDepth + 1 : listDepth, name === "listItem" ? first : false);
      if (name === "listItem") first = false;
    }
  };
  for (const child of fragment.toArray()) walk(child as Y.XmlElement | Y.XmlText, 0, false);
  return lines
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/**
 * Everything the room wrote, as plain data: minutes of the given agenda items (in that order),
 * decisions, dissents and the closing summary.
 */
export function readRoomContent(doc: Y.Doc, agendaItemIds: readonly string[]): RoomContent {
  let skipped = 0;
  const decisions: RoomDecision[] = [];
  for (const entry of decisionsArray(doc)) {
    const parsed = entry instanceof Y.Map ? RoomDecisionSchema.safeParse(plainEntry(entry)) : null;
    if (parsed?.success) decisions.push(parsed.data);
    else skipped += 1;
  }
  const dissents: RoomDissent[] = [];
  for (const entry of dissentsArray(doc)) {
    const parsed = entry instanceof Y.Map ? RoomDissentSchema.safeParse(plainEntry(entry)) : null;
    if (parsed?.success) dissents.push(parsed.data);
    else skipped += 1;
  }
  const summary = Object.fromEntries(
    CLOSING_QUESTIONS.map((q) => [q, summaryText(doc, q).toString().slice(0, ROOM_TEXT_MAX)]),
  ) as Record<ClosingQuestion, string>;
  return {
    minutes: agendaItemIds.map((agendaItemId) => ({
      agendaItemId,
      text: fragmentToPlainText(minutesFragment(doc, agendaItemId)).slice(0, ROOM_TEXT_MAX),
    })),
    decisions,
    dissents,
    summary,
    skipped,
  };
}
