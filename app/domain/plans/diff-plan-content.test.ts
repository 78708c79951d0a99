import { describe, expect, it } from "vitest";
import { diffPlanContent } from "./diff-plan-content";
import type { PlanActivity } from "./plan-schemas";

const activity = (id: string, overrides: Partial<PlanActivity> = {}): PlanActivity => ({
  id,
  section: "HELP_MEASURE",
  description: "Füsioteraapia kaks korda nädalas",
  responsible: { userId: null, name: "Eve Mägi", position: "füsioterapeut" },
  start: "2026-12-01",
  deadline: null,
  recurrence: "",
  resources: "Haigekassa",
  provider: "Kliinikum",
  source: null,
  ...overrides,
});
const base = {
  problem: "Probleem",
  goals: "Eesmärk",
  activities: [activity("a1"), activity("a2")],
  evaluations: [],
  attachments: [],
};

describe("diffPlanContent", () => {
  it("no changes between equal contents", () => {
    expect(diffPlanContent(base, structuredClone(base))).toEqual([]);
  });

  it("lists changed sections, and activities added, changed and removed by id", () => {
    const after = {
      ...base,
      goals: "Uus eesmärk",
      activities: [
        activity("a1", { deadline: "2027-01-31", responsible: { userId: null, name: "Mart Tamm", position: "" } }),
        activity("a3", { section: "CLIENT", description: "Käib ise poes" }),
      ],
      evaluations: [{ id: "e1", dueDate: "2027-02-01", method: "Kohtumine", responsible: null }],
    };
    expect(diffPlanContent(base, after)).toEqual([
      { kind: "text", field: "goals", before: "Eesmärk", after: "Uus eesmärk" },
      {
        kind: "activityChanged",
        activity: after.activities[0],
        changes: [
          { field: "responsible", before: "Eve Mägi, füsioterapeut", after: "Mart Tamm" },
          { field: "deadline", before: "", after: "2027-01-31" },
        ],
      },
      { kind: "activityAdded", activity: after.activities[1] },
      { kind: "activityRemoved", activity: base.activities[1] },
      { kind: "evaluationAdded", evaluation: after.evaluations[0] },
    ]);
  });

  it("a person linked to an account with the same name and position is no visible change", () => {
    const after = {
      ...base,
      activities: [
        activity("a1", { responsible: { userId: "cuser0000000001", name: "Eve Mägi", position: "füsioterapeut" } }),
        activity("a2"),
      ],
    };
    expect(diffPlanContent(base, after)).toEqual([]);
  });
});
