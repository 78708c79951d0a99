// Who signs a plan version, fixed when it is sent (004 §3.4: all parties sign). Pure.
//
// - The case manager (CASE_MANAGER).
// - The client side: the client, and their legal representative, when on the team with an account
//   (CLIENT, LEGAL_REPRESENTATIVE); when neither is, the client's advocate (ADVOCATE) signs for
//   them. A plan nobody on the client's side can sign cannot be sent.
// - Every responsible person named in an activity or an interim evaluation who is on the case
//   team (RESPONSIBLE). One who could not sign (a specialist whose consent is not in force) keeps
//   the plan from being sent, at the activity naming them.
// One signature per person, in the first capacity of the list above that applies.
//
// A person named in the draft is linked to an account only if that account is on the team (or is
// the case manager), and then with the name and position the system knows: browsers write the
// draft. Anyone else stays named, unlinked, and does not sign in the system.
import type { CaseRole } from "~/lib/db-types";
import type { PersonRef } from "../records/record-schemas";
import type { PlanContent, PlanProblem, PlanSignerCapacity } from "./plan-schemas";

export type TeamPerson = {
  userId: string;
  name: string;
  /** "Position, Organisation". */
  position: string;
  /** The case role; null for the case manager when not on the team. */
  role: CaseRole | null;
  isCaseManager: boolean;
  /** Whether this person could sign (takes part in the case: consent in force where needed). */
  takesPart: boolean;
};

export type Signatory = { userId: string; capacity: PlanSignerCapacity; name: string; position: string };

function linkPerson(ref: PersonRef | null, byId: ReadonlyMap<string, TeamPerson>): PersonRef | null {
  if (!ref) return null;
  const known = ref.userId ? byId.get(ref.userId) : undefined;
  return known
    ? { userId: known.userId, name: known.name, position: known.position }
    : { userId: null, name: ref.name, position: ref.position };
}

/** The content with every named person linked to the team as above. */
export function linkPlanPersons(content: PlanContent, team: readonly TeamPerson[]): PlanContent {
  const byId = new Map(team.map((p) => [p.userId, p]));
  return {
    ...content,
    activities: content.activities.map((a) => ({ ...a, responsible: linkPerson(a.responsible, byId) })),
    evaluations: content.evaluations.map((e) => ({ ...e, responsible: linkPerson(e.responsible, byId) })),
  };
}

/**
 * The signatories of a (linked) content, or the problems that keep it from being signed by every
 * party. Signatories come in a stable order: case manager, client side, responsible persons in
 * the order the plan names them.
 */
export function planSignatories(
  content: PlanContent,
  team: readonly TeamPerson[],
): { signatories: Signatory[]; problems: PlanProblem[] } {
  const byId = new Map(team.map((p) => [p.userId, p]));
  const signatories: Signatory[] = [];
  const problems: PlanProblem[] = [];
  const seen = new Set<string>();
  const add = (p: TeamPerson, capacity: PlanSignerCapacity) => {
    if (seen.has(p.userId)) return;
    seen.add(p.userId);
    signatories.push({ userId: p.userId, capacity, name: p.name, position: p.position });
  };

  for (const p of team) if (p.isCaseManager) add(p, "CASE_MANAGER");

  const clientSide = team.filter((p) => p.takesPart && (p.role === "CLIENT" || p.role === "LEGAL_REPRESENTATIVE"));
  const advocates = team.filter((p) => p.takesPart && p.role === "ADVOCATE");
  for (const p of clientSide) add(p, p.role === "CLIENT" ? "CLIENT" : "LEGAL_REPRESENTATIVE");
  if (clientSide.length === 0) for (const p of advocates) add(p, "ADVOCATE");
  if (clientSide.length === 0 && advocates.length === 0)
    problems.push({ path: "signatories", messageKey: "plans.problem.clientSignatoryMissing" });

  const responsible = (ref: PersonRef | null, path: string) => {
    const person = ref?.userId ? byId.get(ref.userId) : undefined;
    if (!person) return;
    if (!person.takesPart) problems.push({ path, messageKey: "plans.problem.responsibleCannotSign" });
    else add(person, "RESPONSIBLE");
  };
  content.activities.forEach((a, i) => responsible(a.responsible, `activities.${i}.responsible`));
  content.evaluations.forEach((e, i) => responsible(e.responsible, `evaluations.${i}.responsible`));
  return { signatories, problems };
}
