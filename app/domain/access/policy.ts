// The one policy function: who may do what with a case. Loaders, actions, socket handlers and
// the Yjs upgrade all ask `can`; nothing else decides access to case data.
//
// Need-to-know (GDPR art. 9; Social Welfare Act §36): a person sees a case only as a member of
// its team, or as a supervisor explicitly authorised in the responsible organisation. Sharing the
// client's information with a specialist needs the client's consent (004 §3.1); when consent is
// withdrawn, the specialist's access ends. An organisation admin manages accounts, not cases.
import type { CaseRole } from "~/lib/db-types";
import type { Actor } from "../actor";

export const CASE_ACTIONS = [
  /** The team's view of the case: client record, assessment, team, timeline, meetings. */
  "case.read",
  /** The client's own plain-language view (Social Welfare Act §35). */
  "case.readClientView",
  "case.update",
  "case.changeStage",
  "case.addMember",
  "case.removeMember",
  "case.recordConsent",
  "case.handover",
  "case.close",
  "case.inviteExternal",
  "meeting.create",
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** Facts about one actor and one case, loaded by loadCaseAccess (load-case-access.ts). */
export type CaseAccessFacts = {
  organisationId: string;
  caseManagerId: string;
  isClosed: boolean;
  /** The actor's active membership of the team, if any. */
  membership: { role: CaseRole; hasClientViewPermission: boolean } | null;
  /** Whether a consent covering the actor is in force (matters for specialists). */
  hasActiveConsent: boolean;
};

/** Roles on the client's side of the table: they are there by the client's choice or by law. */
const CLIENT_SIDE_ROLES: readonly CaseRole[] = ["CLIENT", "LEGAL_REPRESENTATIVE", "ADVOCATE", "CLOSE_PERSON"];
/** Members who receive the client's information from the case manager: consent needed. */
export const CONSENT_REQUIRED_ROLES: readonly CaseRole[] = ["SPECIALIST", "OTHER"];

const CASE_MANAGER_ACTIONS: readonly CaseAction[] = CASE_ACTIONS;
// Removing a member stays possible on a closed case: reducing access is always allowed.
const CHANGES_WHILE_CLOSED: readonly CaseAction[] = [
  "case.update",
  "case.changeStage",
  "case.addMember",
  "case.recordConsent",
  "case.handover",
  "case.close",
  "case.inviteExternal",
  "meeting.create",
];

export function isCaseManager(actor: Actor, facts: CaseAccessFacts): boolean {
  return facts.caseManagerId === actor.userId;
}

export function isSupervisor(actor: Actor, facts: CaseAccessFacts): boolean {
  return actor.kind === "STAFF" && actor.isCaseSupervisor && actor.organisationId === facts.organisationId;
}

export function can(actor: Actor, action: CaseAction, facts: CaseAccessFacts): boolean {
  // A closed case is a record: it can be read by those who could read it, never changed
  // (except that withdrawing consent stays possible: see withdrawConsent).
  if (facts.isClosed && CHANGES_WHILE_CLOSED.includes(action)) return false;

  if (isCaseManager(actor, facts)) return CASE_MANAGER_ACTIONS.includes(action);

  if (isSupervisor(actor, facts)) {
    return action === "case.read" || action === "case.readClientView" || action === "case.handover";
  }

  const member = facts.membership;
  if (!member) return false;

  if (CONSENT_REQUIRED_ROLES.includes(member.role)) {
    if (!facts.hasActiveConsent) return false;
    return action === "case.read" || action === "case.readClientView";
  }

  if (member.role === "CASE_MANAGER") {
    // A co-case-manager on the team (e.g. after a handover) works on the case like a specialist
    // with the client's trust, but the responsible case manager alone changes it.
    return action === "case.read" || action === "case.readClientView";
  }

  if (CLIENT_SIDE_ROLES.includes(member.role)) {
    if (action === "case.readClientView") {
      return member.role === "CLIENT" || member.role === "LEGAL_REPRESENTATIVE" || member.hasClientViewPermission;
    }
    // The client (or their legal representative) gives consent themselves, in the system.
    if (action === "case.recordConsent") return member.role === "CLIENT" || member.role === "LEGAL_REPRESENTATIVE";
    return false;
  }
  return false;
}

// ---- The case plan (004 §3.4, decision record 011) -----------------------------------------------

export const PLAN_ACTIONS = [
  /** See the case's plan versions (and the version one signs). */
  "plan.read",
  /** Write in the live draft (the plan is drafted together, like the minutes). */
  "plan.edit",
  /** Start, send for signing, withdraw from signing, amend, discard a draft: the case manager. */
  "plan.manage",
  /** Sign, or refuse to sign, a version one is a signatory of. */
  "plan.sign",
] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];

/** The case facts, and whether the actor is a signatory of the version in question. */
export type PlanAccessFacts = CaseAccessFacts & { isSignatory: boolean };

/**
 * Takes part in the case's work: the case manager, or an active team member (a specialist only
 * while the client's consent is in force, as for reading the case). A supervisor reads, but is
 * not a party to the plan.
 */
function takesPartInCase(actor: Actor, facts: CaseAccessFacts): boolean {
  if (isCaseManager(actor, facts)) return true;
  const member = facts.membership;
  if (!member) return false;
  return !CONSENT_REQUIRED_ROLES.includes(member.role) || facts.hasActiveConsent;
}

/**
 * Who may do what with the case plan:
 * - read: whoever may read the case or the client's own view (the client sees their plan), and a
 *   signatory of the version while they take part in the case (an advocate signing for the client
 *   reads what they sign);
 * - edit the draft: whoever takes part in the case and reads its plan (supervisors do not write);
 * - manage: the case manager;
 * - sign: a signatory of the version, while they take part in the case (a specialist whose
 *   consent was withdrawn, or a member removed from the team, no longer signs: the case manager
 *   withdraws the version and amends it).
 * A closed case's plans are read, never changed or signed.
 */
export function canOnPlan(actor: Actor, action: PlanAction, facts: PlanAccessFacts): boolean {
  const readsCase = can(actor, "case.read", facts) || can(actor, "case.readClientView", facts);
  const isPartySignatory = facts.isSignatory && takesPartInCase(actor, facts);
  switch (action) {
    case "plan.read":
      return readsCase || isPartySignatory;
    case "plan.edit":
      return !facts.isClosed && readsCase && takesPartInCase(actor, facts);
    case "plan.manage":
      return !facts.isClosed && isCaseManager(actor, facts);
    case "plan.sign":
      return !facts.isClosed && isPartySignatory;
  }
}
