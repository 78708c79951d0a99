// The live document of a plan version while it is a DRAFT (decision record 011). Browser-safe:
// yjs and zod only, used by the plan editor and by the server when the plan is sent for signing.
//
// Exports (the plan UI relies on these):
// - keys and accessors: PROBLEM_KEY, GOALS_KEY, ACTIVITIES_KEY, EVALUATIONS_KEY, ATTACHMENTS_KEY,
//   planText(doc, "problem" | "goals"), activitiesArray(doc), evaluationsArray(doc), findActivityMap, findEvaluationMap
// - reading: readPlanDoc(doc) -> PlanDocContent ({ problem, goals, activities, evaluations, attachments, skipped })
// - writers: setPlanText(doc, field, value); addActivity(doc, { section, id?, ...fields }) -> id;
//   updateActivity(doc, id, patch); removeActivity(doc, id); addActivityFromDecision(doc, candidate, { section?, id? })
//   -> id | null (null: that decision is already an activity); moveActivity(doc, id, toIndex);
//   addEvaluation(doc, { id?, ...fields }) -> id; updateEvaluation(doc, id, patch); removeEvaluation(doc, id);
//   seedPlanDoc(doc, content) (an amendment starts from a frozen version's content); newRowId()
//
// Layout of the Y.Doc named `plan.<versionId>` (app/domain/collab/doc-name.ts):
// - `problem`, `goals`: Y.Text, the short problem description and the client's goal(s);
// - `activities`: Y.Array of Y.Map, one per activity (fields of PlanActivitySchema; description,
//   recurrence, resources and provider as Y.Text so that two people typing merge);
// - `evaluations`: Y.Array of Y.Map, the interim evaluations (method as Y.Text);
// - `attachments`: Y.Array of Y.Map, metadata of attached plans of other providers.
// Anything two people may create at the same moment is a top-level type; a row's map is
// created by whoever adds the row (like the room's decisions, decision record 009).
//
// Everything read back is parsed with zod: browsers write the document, so an entry that does
// not parse, or repeats an id, is skipped (and counted), never trusted.
import * as Y from "yjs";
import type { z } from "zod";
import { findRowIndex, findRowMap, parseRows, plainEntry, removeRow } from "../collab/y-rows";
import { setYText } from "../room/room-doc";
import type { PersonRef } from "../records/record-schemas";
import {
  PLAN_TEXT_MAX,
  PlanActivitySchema,
  PlanAttachmentSchema,
  PlanEvaluationSchema,
  type DecisionCandidate,
  type PlanActivity,
  type PlanAttachment,
  type PlanContent,
  type PlanEvaluation,
  type PlanSection,
  type PlanSource,
} from "./plan-schemas";

export const PROBLEM_KEY = "problem";
export const GOALS_KEY = "goals";
export const ACTIVITIES_KEY = "activities";
export const EVALUATIONS_KEY = "evaluations";
export const ATTACHMENTS_KEY = "attachments";

export type PlanTextField = typeof PROBLEM_KEY | typeof GOALS_KEY;

/** Fields of an activity kept as Y.Text (typed into by several people). */
const ACTIVITY_TEXT_FIELDS = ["description", "recurrence", "resources", "provider"] as const;
const EVALUATION_TEXT_FIELDS = ["method"] as const;

export type PlanDocContent = Pick<PlanContent, "problem" | "goals" | "activities" | "evaluations" | "attachments"> & {
  /** Entries that did not parse and were left out. */
  skipped: number;
};

export function planText(doc: Y.Doc, field: PlanTextField): Y.Text {
  return doc.getText(field);
}

export function activitiesArray(doc: Y.Doc): Y.Array<Y.Map<unknown>> {
  return doc.getArray<Y.Map<unknown>>(ACTIVITIES_KEY);
}

export function evaluationsArray(doc: Y.Doc): Y.Array<Y.Map<unknown>> {
  return doc.getArray<Y.Map<unknown>>(EVALUATIONS_KEY);
}

export function attachmentsArray(doc: Y.Doc): Y.Array<Y.Map<unknown>> {
  return doc.getArray<Y.Map<unknown>>(ATTACHMENTS_KEY);
}

/** A fresh row id (browser and Node 20 both have crypto.getRandomValues). */
export function newRowId(): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(36).padStart(2, "0"))
    .join("")
    .slice(0, 20);
}

export function findActivityMap(doc: Y.Doc, id: string): Y.Map<unknown> | null {
  return findRowMap(activitiesArray(doc), id);
}

export function findEvaluationMap(doc: Y.Doc, id: string): Y.Map<unknown> | null {
  return findRowMap(evaluationsArray(doc), id);
}

function boundedText(doc: Y.Doc, field: PlanTextField): string {
  const value = planText(doc, field).toString().trim();
  return value.length > PLAN_TEXT_MAX ? value.slice(0, PLAN_TEXT_MAX) : value;
}

/** Everything the draft holds, as plain data (texts trimmed, entries parsed). */
export function readPlanDoc(doc: Y.Doc): PlanDocContent {
  const activities = parseRows(activitiesArray(doc), PlanActivitySchema as z.ZodType<PlanActivity>);
  const evaluations = parseRows(evaluationsArray(doc), PlanEvaluationSchema as z.ZodType<PlanEvaluation>);
  const attachments = parseRows(attachmentsArray(doc), PlanAttachmentSchema as z.ZodType<PlanAttachment>);
  return {
    problem: boundedText(doc, PROBLEM_KEY),
    goals: boundedText(doc, GOALS_KEY),
    activities: activities.entries,
    evaluations: evaluations.entries,
    attachments: attachments.entries,
    skipped: activities.skipped + evaluations.skipped + attachments.skipped,
  };
}

export function setPlanText(doc: Y.Doc, field: PlanTextField, value: string): void {
  setYText(planText(doc, field), value);
}

/** Sets a field of a row: a Y.Text field is edited in place (so typing merges), others are replaced. */
function setField(map: Y.Map<unknown>, key: string, value: unknown, textFields: readonly string[]): void {
  if (textFields.includes(key)) {
    const current = map.get(key);
    const next = typeof value === "string" ? value : "";
    if (current instanceof Y.Text) setYText(current, next);
    else map.set(key, new Y.Text(next));
    return;
  }
  map.set(key, copyValue(value));
}

/** Plain JSON copies: a Y.Map stores objects by value, and callers keep theirs. */
function copyValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (value === null || typeof value !== "object") return value;
  return JSON.parse(JSON.stringify(value)) as unknown;
}

export type ActivityFields = {
  section: PlanSection;
  description: string;
  responsible: PersonRef | null;
  start: string | null;
  deadline: string | null;
  recurrence: string;
  resources: string;
  provider: string;
  source: PlanSource | null;
};

const EMPTY_ACTIVITY: Omit<ActivityFields, "section"> = {
  description: "",
  responsible: null,
  start: null,
  deadline: null,
  recurrence: "",
  resources: "",
  provider: "",
  source: null,
};

/** Adds an activity at the end (or at `index`); returns its id. */
export function addActivity(
  doc: Y.Doc,
  input: Partial<ActivityFields> & { section: PlanSection; id?: string; index?: number },
): string {
  const id = input.id ?? newRowId();
  const map = new Y.Map<unknown>();
  const fields: ActivityFields = { ...EMPTY_ACTIVITY, ...input };
  doc.transact(() => {
    map.set("id", id);
    map.set("section", fields.section);
    for (const field of ACTIVITY_TEXT_FIELDS) map.set(field, new Y.Text(fields[field]));
    map.set("responsible", copyValue(fields.responsible));
    map.set("start", fields.start);
    map.set("deadline", fields.deadline);
    map.set("source", copyValue(fields.source));
    const array = activitiesArray(doc);
    const at = input.index === undefined ? array.length : Math.max(0, Math.min(input.index, array.length));
    array.insert(at, [map]);
  });
  return id;
}

/** Changes the given fields of an activity (the source stays as taken over). Returns whether it was there. */
export function updateActivity(doc: Y.Doc, id: string, patch: Partial<Omit<ActivityFields, "source">>): boolean {
  const map = findActivityMap(doc, id);
  if (!map) return false;
  doc.transact(() => {
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined || key === "source" || key === "id") continue;
      setField(map, key, value, ACTIVITY_TEXT_FIELDS);
    }
  });
  return true;
}

export function removeActivity(doc: Y.Doc, id: string): boolean {
  return removeRow(activitiesArray(doc), id);
}

/** Moves an activity to another place in the list (a copy of its current values; its id stays). */
export function moveActivity(doc: Y.Doc, id: string, toIndex: number): boolean {
  const array = activitiesArray(doc);
  const from = findRowIndex(array, id);
  if (from < 0) return false;
  const entry = array.get(from);
  const parsed = PlanActivitySchema.safeParse(plainEntry(entry));
  if (!parsed.success) return false;
  doc.transact(() => {
    array.delete(from, 1);
    addActivity(doc, { ...parsed.data, index: toIndex });
  });
  return true;
}

/**
 * Takes a meeting decision into the plan as an activity, in one step (issue 6): its text, its
 * first responsible person and its deadline, with a link to the meeting and the decision.
 * Returns the new activity's id, or null when the decision already is an activity.
 */
export function addActivityFromDecision(
  doc: Y.Doc,
  decision: Pick<DecisionCandidate, "meetingId" | "decisionId" | "text" | "nextStep" | "responsible" | "deadline">,
  options: { section?: PlanSection; id?: string } = {},
): string | null {
  const taken = activitiesArray(doc)
    .toArray()
    .some((entry) => {
      if (!(entry instanceof Y.Map)) return false;
      const source = entry.get("source") as { meetingId?: unknown; decisionId?: unknown } | null | undefined;
      return source?.meetingId === decision.meetingId && source.decisionId === decision.decisionId;
    });
  if (taken) return null;
  const text = decision.text.trim();
  const nextStep = decision.nextStep.trim();
  const description = nextStep && nextStep !== text ? `${text}\n${nextStep}` : text;
  return addActivity(doc, {
    id: options.id,
    section: options.section ?? "HELP_MEASURE",
    description: description.slice(0, PLAN_TEXT_MAX),
    responsible: decision.responsible[0] ?? null,
    deadline: decision.deadline,
    source: {
      meetingId: decision.meetingId,
      decisionId: decision.decisionId,
      decisionText: text.slice(0, PLAN_TEXT_MAX),
    },
  });
}

export type EvaluationFields = { dueDate: string | null; method: string; responsible: PersonRef | null };

export function addEvaluation(doc: Y.Doc, input: Partial<EvaluationFields> & { id?: string } = {}): string {
  const id = input.id ?? newRowId();
  const map = new Y.Map<unknown>();
  doc.transact(() => {
    map.set("id", id);
    map.set("dueDate", input.dueDate ?? null);
    map.set("method", new Y.Text(input.method ?? ""));
    map.set("responsible", copyValue(input.responsible ?? null));
    evaluationsArray(doc).push([map]);
  });
  return id;
}

export function updateEvaluation(doc: Y.Doc, id: string, patch: Partial<EvaluationFields>): boolean {
  const map = findEvaluationMap(doc, id);
  if (!map) return false;
  doc.transact(() => {
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined || key === "id") continue;
      setField(map, key, value, EVALUATION_TEXT_FIELDS);
    }
  });
  return true;
}

export function removeEvaluation(doc: Y.Doc, id: string): boolean {
  return removeRow(evaluationsArray(doc), id);
}

function addAttachment(doc: Y.Doc, attachment: PlanAttachment): void {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(attachment)) map.set(key, value);
  attachmentsArray(doc).push([map]);
}

/**
 * Writes a plan's content into an empty document: an amendment starts from the frozen
 * version's content (ids kept, so the diff and the decision links survive). Snapshot fields
 * (case number, client name) are not part of the document; the server takes them at sending.
 */
export function seedPlanDoc(
  doc: Y.Doc,
  content: Pick<PlanContent, "problem" | "goals" | "activities" | "evaluations" | "attachments">,
): void {
  doc.transact(() => {
    setPlanText(doc, PROBLEM_KEY, content.problem);
    setPlanText(doc, GOALS_KEY, content.goals);
    for (const activity of content.activities) addActivity(doc, { ...activity });
    for (const evaluation of content.evaluations) addEvaluation(doc, { ...evaluation });
    for (const attachment of content.attachments) addAttachment(doc, attachment);
  });
}
