// Reading the room's Yjs document in React: re-render when a shared type changes, and read
// decisions and dissents as plain values that still point at their Y.Text fields (so a
// textarea can be bound to them). Browsers write the document, so nothing read here is
// trusted: entries with a wrong shape are skipped, fields with a wrong type read as empty.
import { useEffect, useMemo, useState } from "react";
import * as Y from "yjs";
import { PersonRefSchema, type PersonRef } from "~/domain/records/record-schemas";
import { decisionsArray, dissentsArray } from "~/domain/room/room-doc";

/** What every shared type offers (Y.AbstractType's event type parameter gets in the way). */
type Observable = {
  observe(f: () => void): void;
  unobserve(f: () => void): void;
  observeDeep(f: () => void): void;
  unobserveDeep(f: () => void): void;
};

/** A number that grows with every change of `type` (deep: also its children). */
export function useYVersion(type: Observable | null, deep = true): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!type) return;
    const bump = () => setVersion((v) => v + 1);
    if (deep) type.observeDeep(bump);
    else type.observe(bump);
    // The type may have changed between render and effect (first sync).
    bump();
    return () => {
      if (deep) type.unobserveDeep(bump);
      else type.unobserve(bump);
    };
  }, [type, deep]);
  return version;
}

/** The current string of a Y.Text, re-read on every change. */
export function useYTextValue(text: Y.Text | null): string {
  useYVersion(text, false);
  return text ? text.toString() : "";
}

export type RoomDecisionView = {
  id: string;
  agendaItemId: string;
  text: Y.Text | null;
  nextStep: Y.Text | null;
  deadline: string | null;
  responsible: PersonRef[];
  createdByUserId: string | null;
};

export type RoomDissentView = {
  id: string;
  decisionId: string;
  authorUserId: string | null;
  authorName: string;
  text: Y.Text | null;
  recordedByUserId: string | null;
  recordedByName: string | null;
};

const stringOrNull = (value: unknown) => (typeof value === "string" ? value : null);
const textOrNull = (value: unknown) => (value instanceof Y.Text ? value : null);

export function readDecisions(doc: Y.Doc): RoomDecisionView[] {
  const out: RoomDecisionView[] = [];
  for (const entry of decisionsArray(doc)) {
    if (!(entry instanceof Y.Map)) continue;
    const id = stringOrNull(entry.get("id"));
    const agendaItemId = stringOrNull(entry.get("agendaItemId"));
    if (!id || !agendaItemId) continue;
    const rawResponsible = entry.get("responsible");
    const responsible = Array.isArray(rawResponsible)
      ? rawResponsible.flatMap((p: unknown) => {
          const parsed = PersonRefSchema.safeParse(p);
          return parsed.success ? [parsed.data] : [];
        })
      : [];
    const deadline = stringOrNull(entry.get("deadline"));
    out.push({
      id,
      agendaItemId,
      text: textOrNull(entry.get("text")),
      nextStep: textOrNull(entry.get("nextStep")),
      deadline: deadline && /^\d{4}-\d{2}-\d{2}$/.test(deadline) ? deadline : null,
      responsible,
      createdByUserId: stringOrNull(entry.get("createdByUserId")),
    });
  }
  return out;
}

export function readDissents(doc: Y.Doc): RoomDissentView[] {
  const out: RoomDissentView[] = [];
  for (const entry of dissentsArray(doc)) {
    if (!(entry instanceof Y.Map)) continue;
    const id = stringOrNull(entry.get("id"));
    const decisionId = stringOrNull(entry.get("decisionId"));
    const authorName = stringOrNull(entry.get("authorName"));
    if (!id || !decisionId || !authorName) continue;
    out.push({
      id,
      decisionId,
      authorUserId: stringOrNull(entry.get("authorUserId")),
      authorName,
      text: textOrNull(entry.get("text")),
      recordedByUserId: stringOrNull(entry.get("recordedByUserId")),
      recordedByName: stringOrNull(entry.get("recordedByName")),
    });
  }
  return out;
}

/** Decisions and dissents, re-read whenever either list or anything in them changes. */
export function useRoomLists(doc: Y.Doc) {
  const decisionsVersion = useYVersion(decisionsArray(doc));
  const dissentsVersion = useYVersion(dissentsArray(doc));
  return useMemo(
    () => ({ decisions: readDecisions(doc), dissents: readDissents(doc), version: decisionsVersion + dissentsVersion }),
    [doc, decisionsVersion, dissentsVersion],
  );
}

/**
 * An id for a new decision or dissent, unique without asking anyone. Works on plain http too
 * (crypto.randomUUID needs a secure context; getRandomValues does not).
 */
export function newRowId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
