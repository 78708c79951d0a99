import type { DbOrTx } from "~/lib/db-types";
import { caseAccessSelect, factsFromCaseRow } from "../access/load-case-access";
import { canOnPlan } from "../access/policy";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { tallinnDay } from "../time/tallinn-time";
import { parsePlanContent, type PlanSection } from "./plan-schemas";

export type MyAction = {
  caseId: string;
  caseNumber: string;
  versionId: string;
  versionNumber: number;
  /** An activity of the plan, or an interim evaluation the actor is responsible for. */
  kind: "activity" | "evaluation";
  itemId: string;
  section: PlanSection | null;
  description: string;
  start: string | null;
  /** The deadline (an evaluation's date). */
  deadline: string | null;
  recurrence: string;
  /** The deadline has passed (Tallinn calendar day). */
  isOverdue: boolean;
};

/**
 * "My actions" (issue 6): the activities and interim evaluations of the plans in force in which
 * the actor is the responsible person, on cases whose plan they may read; soonest deadline first,
 * those without a deadline last. Done/undone per activity is later work (decision record 011),
 * so every action of a plan in force counts as open.
 */
export async function listMyActions(
  actor: Actor,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<MyAction[]> {
  const cases = await db.case.findMany({
    where: {
      OR: [{ caseManagerId: actor.userId }, { members: { some: { userId: actor.userId, removedAt: null } } }],
      planVersions: { some: { status: "IN_FORCE" } },
    },
    select: {
      id: true,
      caseNumber: true,
      ...caseAccessSelect(actor.userId, now),
      // A party who signed the plan in force may read it (decision record 011), whatever else.
      planVersions: { where: { status: "IN_FORCE", signatories: { some: { userId: actor.userId } } }, select: { id: true } },
    },
  });
  const readable = cases.filter((c) =>
    canOnPlan(actor, "plan.read", { ...factsFromCaseRow(c), isSignatory: c.planVersions.length > 0 }),
  );
  if (readable.length === 0) return [];
  const versions = await db.planVersion.findMany({
    where: { caseId: { in: readable.map((c) => c.id) }, status: "IN_FORCE" },
    select: { id: true, caseId: true, number: true, content: true },
  });
  const caseNumberOf = new Map(readable.map((c) => [c.id, c.caseNumber]));
  const today = tallinnDay(now);
  const actions: MyAction[] = [];
  for (const v of versions) {
    if (v.content === null) continue;
    const content = parsePlanContent(v.content);
    const base = {
      caseId: v.caseId,
      caseNumber: caseNumberOf.get(v.caseId) ?? "",
      versionId: v.id,
      versionNumber: v.number,
    };
    for (const a of content.activities) {
      if (a.responsible?.userId !== actor.userId) continue;
      actions.push({
        ...base,
        kind: "activity",
        itemId: a.id,
        section: a.section,
        description: a.description,
        start: a.start,
        deadline: a.deadline,
        recurrence: a.recurrence,
        isOverdue: a.deadline !== null && a.deadline < today,
      });
    }
    for (const e of content.evaluations) {
      if (e.responsible?.userId !== actor.userId) continue;
      actions.push({
        ...base,
        kind: "evaluation",
        itemId: e.id,
        section: null,
        description: e.method,
        start: null,
        deadline: e.dueDate,
        recurrence: "",
        isOverdue: e.dueDate !== null && e.dueDate < today,
      });
    }
  }
  actions.sort((a, b) => {
    if (a.deadline === b.deadline) return a.caseNumber.localeCompare(b.caseNumber);
    if (a.deadline === null) return 1;
    if (b.deadline === null) return -1;
    return a.deadline < b.deadline ? -1 : 1;
  });
  if (actions.length > 0) {
    await writeAudit(
      {
        actor,
        action: "plan.my-actions.read",
        subjectType: "plan-version",
        subjectId: "*",
        details: { cases: new Set(actions.map((a) => a.caseId)).size, actions: actions.length },
      },
      { db },
    );
  }
  return actions;
}
