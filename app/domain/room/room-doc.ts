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
import {
  CLOSING_QUESTIONS,
  DateOnlySchema,
  PersonRefSchema,
  type ClosingQuestion,
  type PersonRef,
} from "../records/record-schemas";
import { findRowMap, parseRows, removeRow } from "../collab/y-rows";

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

export function findDecisionMap(doc: Y.Doc, id: string): Y.Map<unknown> | null {
  return findRowMap(decisionsArray(doc), id);
}

export function findDissentMap(doc: Y.Doc, id: string): Y.Map<unknown> | null {
  return findRowMap(dissentsArray(doc), id);
}

/** True for the first half of a UTF-16 surrogate pair (an emoji, for example). */
function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** The first `max` UTF-16 units of `text`, never ending in half a surrogate pair. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return text.slice(0, isHighSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max);
}

/**
 * Replaces the text with `value`, touching only the changed middle, so concurrent typing
 * elsewhere merges. The boundaries never split a surrogate pair: Yjs replaces half a pair with
 * U+FFFD, which would turn one emoji into another's broken halves.
 */
export function setYText(text: Y.Text, value: string): void {
  const doc = text.doc;
  if (!doc) throw new Error("setYText: the text is not part of a document");
  const current = text.toString();
  if (current === value) return;
  const shorter = Math.min(current.length, value.length);
  let start = 0;
  while (start < shorter && current[start] === value[start]) start += 1;
  if (start > 0 && isHighSurrogate(current.charCodeAt(start - 1))) start -= 1;
  let end = 0;
  while (end < shorter - start && current[current.length - 1 - end] === value[value.length - 1 - end]) end += 1;
  // The kept tail must not begin with the second half of a pair whose first half changes.
  if (end > 0 && isHighSurrogate(current.charCodeAt(current.length - end - 1))) end -= 1;
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
    if (patch.responsible !== undefined) {
      const responsible = patch.responsible.map((p) => ({ ...p }));
      map.set("responsible", responsible);
    }
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
  return removeRow(decisionsArray(doc), id);
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

/**
 * Withdraws a dissenting opinion (one added by mistake, or that its author takes back while the
 * meeting runs). Who may is the room's decision (its author, or the minute-taker who wrote it
 * down); the document cannot tell (decision record 009). Returns whether it was there.
 */
export function removeDissent(doc: Y.Doc, id: string): boolean {
  return removeRow(dissentsArray(doc), id);
}

/** Nodes inside a paragraph that are not text (y-prosemirror stores each as an element). */
const INLINE_NODES = new Set(["hardBreak", "hard_break", "image", "mention", "emoji"]);
/** Lists and the nodes that hold blocks rather than text. */
const LIST_NODES = new Set(["bulletList", "orderedList", "taskList"]);

type XmlNode = Y.XmlElement | Y.XmlText | Y.XmlHook;

/** The text of one block's inline content; a hard break is a line break. */
function inlineText(nodes: readonly XmlNode[]): string {
  let text = "";
  for (const node of nodes) {
    if (node instanceof Y.XmlText) {
      for (const op of node.toDelta() as { insert?: unknown }[]) if (typeof op.insert === "string") text += op.insert;
    } else if (node instanceof Y.XmlElement) {
      text += node.nodeName === "hardBreak" || node.nodeName === "hard_break" ? "\n" : inlineText(node.toArray());
    }
  }
  return text;
}

/** A block holds text (a paragraph, a heading, a code block) rather than other blocks (a list, a quote). */
function isTextBlock(element: Y.XmlElement): boolean {
  const children = element.toArray();
  return (
    !LIST_NODES.has(element.nodeName) &&
    (children.length === 0 ||
      children.some((c) => c instanceof Y.XmlText || (c instanceof Y.XmlElement && INLINE_NODES.has(c.nodeName))))
  );
}

/**
 * Plain text of a Tiptap fragment (as y-prosemirror stores it: `paragraph`, `heading`,
 * `bulletList` > `listItem` > `paragraph` > text): one line per block, bullet list items
 * prefixed with "- " and numbered ones with "1. ", nested lists indented, at most one empty line
 * in a row.
 */
export function fragmentToPlainText(fragment: Y.XmlFragment): string {
  const lines: string[] = [];
  /** `first` goes before the block's first line (a list item's marker), `rest` before the others. */
  const text = (value: string, first: string, rest: string) =>
    value.split("\n").forEach((line, i) => lines.push(`${i === 0 ? first : rest}${line}`));
  const block = (node: XmlNode, first: string, rest: string) => {
    if (node instanceof Y.XmlText) {
      text(inlineText([node]), first, rest);
      return;
    }
    if (!(node instanceof Y.XmlElement)) return;
    if (isTextBlock(node)) {
      text(inlineText(node.toArray()), first, rest);
      return;
    }
    const children = node.toArray();
    if (LIST_NODES.has(node.nodeName)) {
      const start = Number(node.getAttribute("start") ?? 1);
      let n = Number.isInteger(start) ? start : 1;
      children.forEach((item, i) => {
        const marker = node.nodeName === "orderedList" ? `${n++}. ` : "- ";
        block(item, i === 0 ? first + marker : rest + marker, rest + " ".repeat(marker.length));
      });
      return;
    }
    // A list item or a quote: its first block continues the marker's line.
    children.forEach((child, i) => block(child, i === 0 ? first : rest, rest));
  };
  for (const child of fragment.toArray()) block(child, "", "");
  return lines
    .map((line) => line.trimEnd())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/**
 * Everything the room wrote, as plain data: minutes of the given agenda items (in that order),
 * decisions, dissents and the closing summary.
 */
export function readRoomContent(doc: Y.Doc, agendaItemIds: readonly string[]): RoomContent {
  const decisions = parseRows(decisionsArray(doc), RoomDecisionSchema);
  const dissents = parseRows(dissentsArray(doc), RoomDissentSchema);
  const summary = Object.fromEntries(
    CLOSING_QUESTIONS.map((q) => [q, truncate(summaryText(doc, q).toString(), ROOM_TEXT_MAX)]),
  ) as Record<ClosingQuestion, string>;
  return {
    minutes: agendaItemIds.map((agendaItemId) => ({
      agendaItemId,
      text: truncate(fragmentToPlainText(minutesFragment(doc, agendaItemId)), ROOM_TEXT_MAX),
    })),
    decisions: decisions.entries,
    dissents: dissents.entries,
    summary,
    skipped: decisions.skipped + dissents.skipped,
  };
}
