// What changed between two versions of a plan, readably (issue 6: "the team sees what changed").
// Pure and browser-safe: the amendment editor diffs its live draft against the version it amends.
//
// Exports: diffPlanContent(before, after) -> PlanChange[], PlanChange, PlanFieldChange,
// ACTIVITY_DIFF_FIELDS, EVALUATION_DIFF_FIELDS, personLine(person).
// Rows are matched by id (amendments keep ids), so an edited activity is one change listing its
// changed fields, not a removal and an addition. Values are shown as text: a person as
// "Name, Position", a date as YYYY-MM-DD, an empty value as "".
import type { PersonRef } from "../records/record-schemas";
import type { PlanActivity, PlanAttachment, PlanContent, PlanEvaluation } from "./plan-schemas";

export type PlanDiffInput = Pick<PlanContent, "problem" | "goals" | "activities" | "evaluations" | "attachments">;

export type PlanFieldChange = { field: string; before: string; after: string };

export type PlanChange =
  | { kind: "text"; field: "problem" | "goals"; before: string; after: string }
  | { kind: "activityAdded"; activity: PlanActivity }
  | { kind: "activityRemoved"; activity: PlanActivity }
  | { kind: "activityChanged"; activity: PlanActivity; changes: PlanFieldChange[] }
  | { kind: "evaluationAdded"; evaluation: PlanEvaluation }
  | { kind: "evaluationRemoved"; evaluation: PlanEvaluation }
  | { kind: "evaluationChanged"; evaluation: PlanEvaluation; changes: PlanFieldChange[] }
  | { kind: "attachmentAdded"; attachment: PlanAttachment }
  | { kind: "attachmentRemoved"; attachment: PlanAttachment };

export const ACTIVITY_DIFF_FIELDS = [
  "section",
  "description",
  "responsible",
  "start",
  "deadline",
  "recurrence",
  "resources",
  "provider",
] as const satisfies readonly (keyof PlanActivity)[];
export const EVALUATION_DIFF_FIELDS = [
  "dueDate",
  "method",
  "responsible",
] as const satisfies readonly (keyof PlanEvaluation)[];

export function personLine(person: PersonRef | null): string {
  if (!person) return "";
  return [person.name, person.position].filter(Boolean).join(", ");
}

function shown(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return personLine(value as PersonRef);
  return String(value);
}

function fieldChanges<T>(before: T, after: T, fields: readonly (keyof T & string)[]): PlanFieldChange[] {
  const changes: PlanFieldChange[] = [];
  for (const field of fields) {
    const b = shown(before[field]);
    const a = shown(after[field]);
    // A person relinked to the same name and position is not a change anyone can see.
    if (b !== a) changes.push({ field, before: b, after: a });
  }
  return changes;
}

function diffRows<T extends { id: string }>(
  before: readonly T[],
  after: readonly T[],
  onAdded: (row: T) => PlanChange,
  onRemoved: (row: T) => PlanChange,
  onChanged: (row: T, old: T) => PlanChange | null,
): PlanChange[] {
  const afterIds = new Set(after.map((r) => r.id));
  const beforeById = new Map(before.map((r) => [r.id, r]));
  const changes: PlanChange[] = [];
  for (const row of after) {
    const old = beforeById.get(row.id);
    if (!old) changes.push(onAdded(row));
    else {
      const changed = onChanged(row, old);
      if (changed) changes.push(changed);
    }
  }
  for (const row of before) if (!afterIds.has(row.id)) changes.push(onRemoved(row));
  return changes;
}

/** The changes from `before` to `after`: sections, then activities, evaluations and attachments (each in the new order, removals last). */
export function diffPlanContent(before: PlanDiffInput, after: PlanDiffInput): PlanChange[] {
  const changes: PlanChange[] = [];
  for (const field of ["problem", "goals"] as const) {
    if (before[field].trim() !== after[field].trim())
      changes.push({ kind: "text", field, before: before[field], after: after[field] });
  }
  changes.push(
    ...diffRows(
      before.activities,
      after.activities,
      (activity) => ({ kind: "activityAdded", activity }),
      (activity) => ({ kind: "activityRemoved", activity }),
      (activity, old) => {
        const fields = fieldChanges(old, activity, ACTIVITY_DIFF_FIELDS);
        return fields.length ? { kind: "activityChanged", activity, changes: fields } : null;
      },
    ),
    ...diffRows(
      before.evaluations,
      after.evaluations,
      (evaluation) => ({ kind: "evaluationAdded", evaluation }),
      (evaluation) => ({ kind: "evaluationRemoved", evaluation }),
      (evaluation, old) => {
        const fields = fieldChanges(old, evaluation, EVALUATION_DIFF_FIELDS);
        return fields.length ? { kind: "evaluationChanged", evaluation, changes: fields } : null;
      },
    ),
    ...diffRows(
      before.attachments,
      after.attachments,
      (attachment) => ({ kind: "attachmentAdded", attachment }),
      (attachment) => ({ kind: "attachmentRemoved", attachment }),
      (attachment, old) => (attachment.sha256 === old.sha256 ? null : { kind: "attachmentAdded", attachment }),
    ),
  );
  return changes;
}
