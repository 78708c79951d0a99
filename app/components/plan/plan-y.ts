// Reading a plan draft's Yjs document in React (layout: app/domain/plans/plan-doc.ts): rows as
// plain values that still point at their Y.Text fields, so textareas can be bound to them.
// Browsers write the document, so nothing read here is trusted: a row without an id or section
// is skipped, fields of the wrong type read as empty. Completeness is read with the domain's own
// reader and rules (readPlanDoc, checkPlanComplete), so the page and the server agree.
import { useMemo } from "react";
import * as Y from "yjs";
import { PersonRefSchema, type PersonRef } from "~/domain/records/record-schemas";
import { activitiesArray, evaluationsArray, planText, readPlanDoc } from "~/domain/plans/plan-doc";
import {
  PLAN_SECTIONS,
  PlanSourceSchema,
  checkPlanComplete,
  type PlanProblem,
  type PlanSection,
  type PlanSource,
} from "~/domain/plans/plan-schemas";
import { useYVersion } from "~/components/room/room-y";

export type ActivityView = {
  id: string;
  section: PlanSection;
  description: Y.Text | null;
  recurrence: Y.Text | null;
  resources: Y.Text | null;
  provider: Y.Text | null;
  responsible: PersonRef | null;
  start: string | null;
  deadline: string | null;
  source: PlanSource | null;
};

export type EvaluationView = {
  id: string;
  dueDate: string | null;
  method: Y.Text | null;
  responsible: PersonRef | null;
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const stringOrNull = (value: unknown) => (typeof value === "string" ? value : null);
const textOrNull = (value: unknown) => (value instanceof Y.Text ? value : null);
const dateOrNull = (value: unknown) => (typeof value === "string" && DATE.test(value) ? value : null);
const personOrNull = (value: unknown) => {
  const parsed = PersonRefSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
};
const isSection = (value: unknown): value is PlanSection =>
  typeof value === "string" && (PLAN_SECTIONS as readonly string[]).includes(value);

export function readActivityViews(doc: Y.Doc): ActivityView[] {
  const out: ActivityView[] = [];
  const ids = new Set<string>();
  for (const entry of activitiesArray(doc)) {
    if (!(entry instanceof Y.Map)) continue;
    const id = stringOrNull(entry.get("id"));
    const section = entry.get("section");
    if (!id || ids.has(id) || !isSection(section)) continue;
    ids.add(id);
    const source = PlanSourceSchema.safeParse(entry.get("source"));
    out.push({
      id,
      section,
      description: textOrNull(entry.get("description")),
      recurrence: textOrNull(entry.get("recurrence")),
      resources: textOrNull(entry.get("resources")),
      provider: textOrNull(entry.get("provider")),
      responsible: personOrNull(entry.get("responsible")),
      start: dateOrNull(entry.get("start")),
      deadline: dateOrNull(entry.get("deadline")),
      source: source.success ? source.data : null,
    });
  }
  return out;
}

export function readEvaluationViews(doc: Y.Doc): EvaluationView[] {
  const out: EvaluationView[] = [];
  const ids = new Set<string>();
  for (const entry of evaluationsArray(doc)) {
    if (!(entry instanceof Y.Map)) continue;
    const id = stringOrNull(entry.get("id"));
    if (!id || ids.has(id)) continue;
    ids.add(id);
    out.push({
      id,
      dueDate: dateOrNull(entry.get("dueDate")),
      method: textOrNull(entry.get("method")),
      responsible: personOrNull(entry.get("responsible")),
    });
  }
  return out;
}

/**
 * A problem of the plan tied to a row by its id rather than its index ("activities.3.responsible"
 * becomes activity <id>, field "responsible"), so it stays next to the right row while others add
 * or remove rows. `rowId` is null for the plan's own fields (problem, goals, the lists as such).
 */
export type PlacedProblem = {
  list: "activities" | "evaluations" | null;
  rowId: string | null;
  field: string;
  messageKey: string;
};

/** Where a path of checkPlanComplete (or the server's refusal) points, against a reading of the document. */
export function placeProblems(
  problems: readonly PlanProblem[],
  rows: { activities: readonly { id: string }[]; evaluations: readonly { id: string }[] },
): PlacedProblem[] {
  return problems.map((problem) => {
    const [head = "", index, field] = problem.path.split(".");
    if ((head === "activities" || head === "evaluations") && index !== undefined) {
      const row = rows[head][Number(index)];
      return { list: head, rowId: row?.id ?? null, field: field ?? "", messageKey: problem.messageKey };
    }
    return { list: null, rowId: null, field: head, messageKey: problem.messageKey };
  });
}

export type PlanDraftState = {
  /** The draft as the server will read it when it is sent (readPlanDoc). */
  read: ReturnType<typeof readPlanDoc>;
  activities: ActivityView[];
  evaluations: EvaluationView[];
  /** What keeps the draft from being sent, now (the domain's rules on the domain's reading). */
  liveProblems: PlacedProblem[];
};

/** Rows and live completeness, re-read whenever anything in the document changes. */
export function usePlanDraft(doc: Y.Doc, today: string): PlanDraftState {
  const activitiesVersion = useYVersion(activitiesArray(doc));
  const evaluationsVersion = useYVersion(evaluationsArray(doc));
  const problemVersion = useYVersion(planText(doc, "problem"), false);
  const goalsVersion = useYVersion(planText(doc, "goals"), false);
  return useMemo(() => {
    const read = readPlanDoc(doc);
    const content = { schemaVersion: 1 as const, caseNumber: null, clientName: null, ...read };
    return {
      read,
      activities: readActivityViews(doc),
      evaluations: readEvaluationViews(doc),
      liveProblems: placeProblems(checkPlanComplete(content, { sentOn: today }), read),
    };
    // The versions are what changes; the document object stays the same.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc, today, activitiesVersion, evaluationsVersion, problemVersion, goalsVersion]);
}
