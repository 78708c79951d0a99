import { z } from "zod";
import type { DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { parseInput } from "../parse-input";
import { loadPlanTeam, requirePlanAccess } from "./plan-queries";
import type { TeamPerson } from "./plan-signatories";

export const ListPlanPeopleSchema = z.object({ caseId: z.string().regex(/^[a-z0-9]{8,40}$/, "plans.notFound") });
export type ListPlanPeopleInput = z.input<typeof ListPlanPeopleSchema>;

/**
 * The people the plan editor offers as responsible persons: the case manager and the active team
 * members, by name and "position, organisation", with whether each takes part (could sign).
 * For those who may edit the plan; audited like reading the team.
 */
export async function listPlanPeople(
  actor: Actor,
  input: ListPlanPeopleInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<TeamPerson[]> {
  const { caseId } = parseInput(ListPlanPeopleSchema, input);
  await requirePlanAccess(actor, "plan.edit", caseId, { db, now });
  const people = await loadPlanTeam(db, caseId, now);
  await writeAudit(
    {
      actor,
      action: "plan.people.read",
      subjectType: "case",
      subjectId: caseId,
      caseId,
      details: { count: people.length },
    },
    { db },
  );
  return people;
}
