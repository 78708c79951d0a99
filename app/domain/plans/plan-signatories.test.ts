import { describe, expect, it } from "vitest";
import { linkPlanPersons, planSignatories, type TeamPerson } from "./plan-signatories";
import type { PlanContent } from "./plan-schemas";

const person = (userId: string, role: TeamPerson["role"], extra: Partial<TeamPerson> = {}): TeamPerson => ({
  userId,
  name: `Nimi ${userId}`,
  position: `Amet ${userId}`,
  role,
  isCaseManager: false,
  takesPart: true,
  ...extra,
});
const manager = person("umanager1", "CASE_MANAGER", { isCaseManager: true });
const client = person("uclient01", "CLIENT");
const specialist = person("uspecial1", "SPECIALIST");

function content(responsibleIds: (string | null)[]): PlanContent {
  return {
    schemaVersion: 1,
    caseNumber: "T-1",
    clientName: "Klient",
    problem: "p",
    goals: "g",
    activities: responsibleIds.map((userId, i) => ({
      id: `a${i}`,
      section: "HELP_MEASURE",
      description: "Kirjeldus kolme sõnaga",
      responsible: { userId, name: "Brauseri nimi", position: "Brauseri amet" },
      start: "2026-12-01",
      deadline: null,
      recurrence: "",
      resources: "r",
      provider: "p",
      source: null,
    })),
    evaluations: [
      {
        id: "e1",
        dueDate: "2027-01-01",
        method: "m",
        responsible: { userId: manager.userId, name: "x", position: "" },
      },
    ],
    attachments: [],
  };
}

describe("plan signatories", () => {
  it("the case manager, the client side and every responsible team member, once each", () => {
    const team = [manager, client, specialist, person("uclose001", "CLOSE_PERSON")];
    const { signatories, problems } = planSignatories(
      content([specialist.userId, client.userId, specialist.userId]),
      team,
    );
    expect(problems).toEqual([]);
    expect(signatories.map((s) => [s.userId, s.capacity])).toEqual([
      ["umanager1", "CASE_MANAGER"],
      ["uclient01", "CLIENT"],
      ["uspecial1", "RESPONSIBLE"],
    ]);
  });

  it("the legal representative signs beside the client; an advocate only when neither is on the team", () => {
    const rep = person("urep00001", "LEGAL_REPRESENTATIVE");
    const advocate = person("uadvocat1", "ADVOCATE");
    expect(planSignatories(content([]), [manager, rep, advocate]).signatories.map((s) => s.capacity)).toEqual([
      "CASE_MANAGER",
      "LEGAL_REPRESENTATIVE",
    ]);
    expect(planSignatories(content([]), [manager, advocate]).signatories.map((s) => s.capacity)).toEqual([
      "CASE_MANAGER",
      "ADVOCATE",
    ]);
    expect(planSignatories(content([]), [manager]).problems).toEqual([
      { path: "signatories", messageKey: "plans.problem.clientSignatoryMissing" },
    ]);
  });

  it("a responsible specialist without consent keeps the plan from being sent, at their activity", () => {
    const noConsent = person("unocons01", "SPECIALIST", { takesPart: false });
    expect(planSignatories(content([null, noConsent.userId]), [manager, client, noConsent]).problems).toEqual([
      { path: "activities.1.responsible", messageKey: "plans.problem.responsibleCannotSign" },
    ]);
  });

  it("links a named person to an account only if it is on the team, with the name the system knows", () => {
    const linked = linkPlanPersons(content([specialist.userId, "ustranger"]), [manager, specialist]);
    expect(linked.activities.map((a) => a.responsible)).toEqual([
      { userId: specialist.userId, name: specialist.name, position: specialist.position },
      { userId: null, name: "Brauseri nimi", position: "Brauseri amet" },
    ]);
    expect(planSignatories(linked, [manager, client, specialist]).signatories.map((s) => s.userId)).not.toContain(
      "ustranger",
    );
  });
});
