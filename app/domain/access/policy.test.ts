// The access matrix as a pure function: every role × every action, plus the edge cases the
// issue names (withdrawn consent, another organisation, org admin, closed case).
import { describe, expect, it } from "vitest";
import type { CaseRole } from "~/lib/db-types";
import type { Actor } from "../actor";
import {
  CASE_ACTIONS,
  PLAN_ACTIONS,
  type CaseAccessFacts,
  type CaseAction,
  type PlanAction,
  can,
  canOnPlan,
} from "./policy";

const ORG = "org-municipality";
const OTHER_ORG = "org-elsewhere";

function actor(overrides: Partial<Actor> = {}): Actor {
  return {
    userId: "u-actor",
    kind: "STAFF",
    organisationId: ORG,
    isOrgAdmin: false,
    isSystemAdmin: false,
    isCaseSupervisor: false,
    ...overrides,
  };
}

function facts(overrides: Partial<CaseAccessFacts> = {}): CaseAccessFacts {
  return {
    organisationId: ORG,
    caseManagerId: "u-manager",
    isClosed: false,
    membership: null,
    hasActiveConsent: false,
    ...overrides,
  };
}

function allowed(a: Actor, f: CaseAccessFacts): CaseAction[] {
  return CASE_ACTIONS.filter((action) => can(a, action, f));
}

const READ_ONLY_TEAM: CaseAction[] = ["case.read", "case.readClientView"];

describe("can: the case access matrix", () => {
  it("the case manager may do everything on an open case", () => {
    expect(
      allowed(
        actor({ userId: "u-manager" }),
        facts({ membership: { role: "CASE_MANAGER", hasClientViewPermission: false } }),
      ),
    ).toEqual([...CASE_ACTIONS]);
  });

  it("a specialist with the client's consent reads, and changes nothing", () => {
    const f = facts({ membership: { role: "SPECIALIST", hasClientViewPermission: false }, hasActiveConsent: true });
    expect(allowed(actor(), f)).toEqual(READ_ONLY_TEAM);
  });

  it("a specialist whose consent was withdrawn (or never given) may do nothing", () => {
    const f = facts({ membership: { role: "SPECIALIST", hasClientViewPermission: false }, hasActiveConsent: false });
    expect(allowed(actor(), f)).toEqual([]);
    expect(allowed(actor({ organisationId: OTHER_ORG }), f)).toEqual([]);
  });

  it("a user of another organisation who is not on the team may do nothing", () => {
    expect(allowed(actor({ organisationId: OTHER_ORG }), facts())).toEqual([]);
  });

  it("a colleague in the same organisation without supervision rights may do nothing", () => {
    expect(allowed(actor(), facts())).toEqual([]);
  });

  it("an organisation admin manages accounts but does not read cases", () => {
    expect(allowed(actor({ isOrgAdmin: true }), facts())).toEqual([]);
    expect(allowed(actor({ isOrgAdmin: true, isSystemAdmin: true }), facts())).toEqual([]);
  });

  it("an authorised supervisor of the responsible organisation reads and may hand over", () => {
    expect(allowed(actor({ isCaseSupervisor: true }), facts())).toEqual([
      "case.read",
      "case.readClientView",
      "case.handover",
    ]);
  });

  it("a supervisor of another organisation has no access", () => {
    expect(allowed(actor({ isCaseSupervisor: true, organisationId: OTHER_ORG }), facts())).toEqual([]);
  });

  it("the client sees their own view and gives consent, nothing else", () => {
    const f = facts({ membership: { role: "CLIENT", hasClientViewPermission: false } });
    expect(allowed(actor({ kind: "EXTERNAL", organisationId: null }), f)).toEqual([
      "case.readClientView",
      "case.recordConsent",
    ]);
  });

  it("a legal representative acts for the client", () => {
    const f = facts({ membership: { role: "LEGAL_REPRESENTATIVE", hasClientViewPermission: false } });
    expect(allowed(actor({ kind: "EXTERNAL", organisationId: null }), f)).toEqual([
      "case.readClientView",
      "case.recordConsent",
    ]);
  });

  it.each(["ADVOCATE", "CLOSE_PERSON"] as const)(
    "a %s sees the client's view only with the client's permission",
    (role) => {
      const external = actor({ kind: "EXTERNAL", organisationId: null });
      expect(allowed(external, facts({ membership: { role, hasClientViewPermission: false } }))).toEqual([]);
      expect(allowed(external, facts({ membership: { role, hasClientViewPermission: true } }))).toEqual([
        "case.readClientView",
      ]);
    },
  );

  it("a closed case can still be read by its readers but changed by nobody", () => {
    const closed = facts({ isClosed: true });
    expect(allowed(actor({ userId: "u-manager" }), closed)).toEqual([
      "case.read",
      "case.readClientView",
      "case.removeMember",
    ]);
    expect(allowed(actor({ isCaseSupervisor: true }), closed)).toEqual(READ_ONLY_TEAM);
  });
});

describe("canOnPlan: the case plan", () => {
  const external = actor({ kind: "EXTERNAL", organisationId: null });
  const member = (role: CaseRole, extra: Partial<CaseAccessFacts> = {}) =>
    facts({ membership: { role, hasClientViewPermission: false }, ...extra });
  function planAllowed(a: Actor, f: CaseAccessFacts, isSignatory = false): PlanAction[] {
    return PLAN_ACTIONS.filter((action) => canOnPlan(a, action, { ...f, isSignatory }));
  }

  it("the case manager reads, edits and manages; signs only a version they are a signatory of", () => {
    const manager = actor({ userId: "u-manager" });
    const f = member("CASE_MANAGER");
    expect(planAllowed(manager, f)).toEqual(["plan.read", "plan.edit", "plan.manage"]);
    expect(planAllowed(manager, f, true)).toEqual(["plan.read", "plan.edit", "plan.manage", "plan.sign"]);
  });

  it("a specialist with consent drafts and signs; without consent (or withdrawn) nothing, even as a signatory", () => {
    expect(planAllowed(actor(), member("SPECIALIST", { hasActiveConsent: true }), true)).toEqual([
      "plan.read",
      "plan.edit",
      "plan.sign",
    ]);
    expect(planAllowed(actor(), member("SPECIALIST"), true)).toEqual([]);
    expect(planAllowed(actor(), member("OTHER"), true)).toEqual([]);
  });

  it("the client and their legal representative read, draft and sign their plan", () => {
    for (const role of ["CLIENT", "LEGAL_REPRESENTATIVE"] as const) {
      expect(planAllowed(external, member(role))).toEqual(["plan.read", "plan.edit"]);
      expect(planAllowed(external, member(role), true)).toEqual(["plan.read", "plan.edit", "plan.sign"]);
    }
  });

  it("an advocate or close person reads with the client's permission, or the version they sign", () => {
    for (const role of ["ADVOCATE", "CLOSE_PERSON"] as const) {
      expect(planAllowed(external, member(role))).toEqual([]);
      expect(planAllowed(external, member(role), true)).toEqual(["plan.read", "plan.sign"]);
      const permitted = facts({ membership: { role, hasClientViewPermission: true } });
      expect(planAllowed(external, permitted)).toEqual(["plan.read", "plan.edit"]);
    }
  });

  it("a co-case-manager on the team drafts but does not manage", () => {
    expect(planAllowed(actor(), member("CASE_MANAGER"))).toEqual(["plan.read", "plan.edit"]);
  });

  it("a supervisor reads only; others nothing, signatory row or not", () => {
    expect(planAllowed(actor({ isCaseSupervisor: true }), facts(), true)).toEqual(["plan.read"]);
    expect(planAllowed(actor({ organisationId: OTHER_ORG }), facts(), true)).toEqual([]);
    expect(planAllowed(actor({ isOrgAdmin: true }), facts(), true)).toEqual([]);
  });

  it("a closed case's plans are read, never changed or signed", () => {
    const closed = { isClosed: true };
    expect(planAllowed(actor({ userId: "u-manager" }), member("CASE_MANAGER", closed), true)).toEqual(["plan.read"]);
    expect(planAllowed(external, member("CLIENT", closed), true)).toEqual(["plan.read"]);
  });
});
