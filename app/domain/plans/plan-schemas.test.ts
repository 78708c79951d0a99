// What keeps a plan from being sent for signing (004 §3.4), each problem at its place.
import { describe, expect, it } from "vitest";
import { isMessageKey } from "~/i18n";
import {
  PlanContentSchema,
  SignPlanSchema,
  RefuseToSignSchema,
  addMonthsToDate,
  checkPlanComplete,
  proposeFirstEvaluationDate,
  type PlanActivity,
  type PlanContent,
} from "./plan-schemas";

const SENT_ON = "2026-11-25";
const manager = { userId: "cuser00000000000000001", name: "Kadri Kask", position: "juhtumikorraldaja, Tartu vald" };

function activity(overrides: Partial<PlanActivity> = {}): PlanActivity {
  return {
    id: "a1",
    section: "HELP_MEASURE",
    description: "Käib kaks korda nädalas füsioterapeudi juures",
    responsible: { userId: null, name: "Peeter Puu", position: "füsioterapeut, Tartu Ülikooli Kliinikum" },
    start: "2026-12-01",
    deadline: "2027-02-28",
    recurrence: "",
    resources: "Haigekassa rahastus, transport vallalt",
    provider: "Tartu Ülikooli Kliinikum",
    source: null,
    ...overrides,
  };
}

function complete(overrides: Partial<PlanContent> = {}): PlanContent {
  return {
    schemaVersion: 1,
    caseNumber: "TV-2026-014",
    clientName: "Jaan Kivi",
    problem: "Jaan elab üksi ja ei saa parema käe nõrkuse tõttu igapäevaste toimetustega hakkama.",
    goals: "Jaan saab kodus iseseisvalt hakkama ja naaseb osalise koormusega tööle.",
    activities: [activity()],
    evaluations: [{ id: "e1", dueDate: "2027-02-25", method: "Vahehindamise kohtumine", responsible: manager }],
    attachments: [],
    ...overrides,
  };
}

const problemsOf = (content: PlanContent) => checkPlanComplete(content, { sentOn: SENT_ON });

describe("checkPlanComplete", () => {
  it("a complete plan has no problems", () => {
    expect(problemsOf(complete())).toEqual([]);
  });

  it("needs the problem and the goals", () => {
    expect(problemsOf(complete({ problem: " ", goals: "" }))).toEqual([
      { path: "problem", messageKey: "plans.problem.problemRequired" },
      { path: "goals", messageKey: "plans.problem.goalsRequired" },
    ]);
  });

  it("needs at least one activity and one evaluation", () => {
    expect(problemsOf(complete({ activities: [], evaluations: [] }))).toEqual([
      { path: "activities", messageKey: "plans.problem.activitiesRequired" },
      { path: "evaluations", messageKey: "plans.problem.evaluationRequired" },
    ]);
  });

  it("says which activity lacks what, by its place", () => {
    const content = complete({
      activities: [
        activity(),
        activity({ id: "a2", responsible: null }),
        activity({ id: "a3", start: null, deadline: null, recurrence: "" }),
        activity({ id: "a4", resources: "" }),
        activity({ id: "a5", description: "Teraapia" }),
        activity({ id: "a6", description: "" }),
        activity({ id: "a7", provider: "" }),
      ],
    });
    expect(problemsOf(content)).toEqual([
      { path: "activities.1.responsible", messageKey: "plans.problem.responsibleRequired" },
      { path: "activities.2.schedule", messageKey: "plans.problem.scheduleRequired" },
      { path: "activities.3.resources", messageKey: "plans.problem.resourcesRequired" },
      { path: "activities.4.description", messageKey: "plans.problem.descriptionNotMeasurable" },
      { path: "activities.5.description", messageKey: "plans.problem.descriptionRequired" },
      { path: "activities.6.provider", messageKey: "plans.problem.providerRequired" },
    ]);
  });

  it("a schedule is a start, a deadline or a recurrence", () => {
    for (const schedule of [
      { start: "2026-12-01", deadline: null, recurrence: "" },
      { start: null, deadline: "2026-12-01", recurrence: "" },
      { start: null, deadline: null, recurrence: "Igal teisipäeval" },
    ])
      expect(problemsOf(complete({ activities: [activity(schedule)] }))).toEqual([]);
    expect(problemsOf(complete({ activities: [activity({ start: "2027-01-02", deadline: "2027-01-01" })] }))).toEqual([
      { path: "activities.0.deadline", messageKey: "plans.problem.deadlineBeforeStart" },
    ]);
  });

  it("a professional's position is needed; the client's own activity needs only a name", () => {
    const nameOnly = { userId: null, name: "Jaan Kivi", position: "" };
    expect(problemsOf(complete({ activities: [activity({ responsible: nameOnly })] }))).toEqual([
      { path: "activities.0.responsible", messageKey: "plans.problem.responsiblePositionRequired" },
    ]);
    expect(
      problemsOf(complete({ activities: [activity({ section: "CLIENT", responsible: nameOnly, provider: "" })] })),
    ).toEqual([]);
  });

  it("the first interim evaluation is at the latest three months after sending", () => {
    const evaluation = (id: string, dueDate: string | null) => ({
      id,
      dueDate,
      method: "Kohtumine",
      responsible: manager,
    });
    expect(problemsOf(complete({ evaluations: [evaluation("e1", "2027-02-25")] }))).toEqual([]);
    expect(problemsOf(complete({ evaluations: [evaluation("e1", "2027-02-26")] }))).toEqual([
      { path: "evaluations.0.dueDate", messageKey: "plans.problem.firstEvaluationTooLate" },
    ]);
    // The earliest one counts, wherever it is in the list.
    expect(
      problemsOf(complete({ evaluations: [evaluation("e1", "2027-06-01"), evaluation("e2", "2027-01-10")] })),
    ).toEqual([]);
    expect(problemsOf(complete({ evaluations: [evaluation("e1", "2026-11-24")] }))).toEqual([
      { path: "evaluations.0.dueDate", messageKey: "plans.problem.evaluationInPast" },
    ]);
    expect(problemsOf(complete({ evaluations: [{ id: "e1", dueDate: null, method: "", responsible: null }] }))).toEqual(
      [
        { path: "evaluations.0.dueDate", messageKey: "plans.problem.evaluationDateRequired" },
        { path: "evaluations.0.method", messageKey: "plans.problem.evaluationMethodRequired" },
        { path: "evaluations.0.responsible", messageKey: "plans.problem.evaluationResponsibleRequired" },
      ],
    );
  });

  it("every problem's message exists", () => {
    const everything = complete({
      problem: "",
      goals: "",
      activities: [
        activity({ description: "", responsible: null, start: null, deadline: null, resources: "", provider: "" }),
        activity({ description: "x", responsible: { userId: null, name: "A", position: "" } }),
        activity({ start: "2027-01-02", deadline: "2027-01-01" }),
      ],
      evaluations: [
        { id: "e1", dueDate: null, method: "", responsible: null },
        { id: "e2", dueDate: "2020-01-01", method: "x", responsible: manager },
        { id: "e3", dueDate: "2030-01-01", method: "x", responsible: manager },
      ],
    });
    const keys = [...problemsOf(everything), ...problemsOf(complete({ activities: [], evaluations: [] }))].map(
      (p) => p.messageKey,
    );
    expect(new Set(keys).size).toBeGreaterThanOrEqual(14);
    for (const key of keys) expect(isMessageKey(key), key).toBe(true);
    for (const key of [
      "plans.problem.clientSignatoryMissing",
      "plans.problem.responsibleCannotSign",
      "plans.problem.firstEvaluationTooLate",
    ])
      expect(isMessageKey(key), key).toBe(true);
  });
});

describe("dates", () => {
  it("adds calendar months, the 31st becoming the month's last day", () => {
    expect(addMonthsToDate("2026-11-25", 3)).toBe("2027-02-25");
    expect(addMonthsToDate("2026-11-30", 3)).toBe("2027-02-28");
    expect(addMonthsToDate("2027-11-30", 3)).toBe("2028-02-29");
    expect(proposeFirstEvaluationDate("2026-10-31")).toBe("2027-01-31");
  });
});

describe("content schema", () => {
  it("reads an emptied date field as no date, refuses an impossible date", () => {
    const parsed = PlanContentSchema.parse(complete({ activities: [{ ...activity(), start: "" as unknown as null }] }));
    expect(parsed.activities[0]?.start).toBeNull();
    expect(PlanContentSchema.safeParse(complete({ activities: [activity({ deadline: "2027-02-31" })] })).success).toBe(
      false,
    );
  });
});

describe("signing input", () => {
  const base = { versionId: "cversion0000001", expectedHash: "a".repeat(64), password: "x" };
  it("needs the statement accepted explicitly (a checkbox posts on)", () => {
    expect(SignPlanSchema.safeParse({ ...base, statementAccepted: "on" }).success).toBe(true);
    expect(SignPlanSchema.safeParse({ ...base, statementAccepted: true }).success).toBe(true);
    const refused = SignPlanSchema.safeParse({ ...base });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe("plans.statementNotAccepted");
    expect(SignPlanSchema.safeParse({ ...base, statementAccepted: false }).success).toBe(false);
  });

  it("a refusal needs its reason", () => {
    const refused = RefuseToSignSchema.safeParse({ ...base, statementAccepted: true, reason: "  " });
    expect(refused.error?.issues[0]?.message).toBe("plans.refusalReasonRequired");
  });
});

describe("message keys", () => {
  it("every plans.* key the plan services use exists in the catalogue, in every state", async () => {
    const fs = await import("node:fs");
    const dir = new URL("./", import.meta.url);
    const source = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
      .map((f) => fs.readFileSync(new URL(f, dir), "utf8"))
      .join("\n");
    const keys = new Set([...source.matchAll(/"(plans\.[A-Za-z.]+[A-Za-z])"/g)].map((m) => m[1]!));
    expect(keys.size).toBeGreaterThan(30);
    for (const key of keys) expect(isMessageKey(key), key).toBe(true);
    const { PLAN_VERSION_STATUSES, PLAN_SIGNER_CAPACITIES, PLAN_SECTIONS } = await import("./plan-schemas");
    for (const status of PLAN_VERSION_STATUSES) {
      expect(isMessageKey(`plans.status.${status}`)).toBe(true);
      expect(isMessageKey(`plans.notAllowedWhen.${status}`)).toBe(true);
    }
    for (const status of ["DRAFT", "SIGNING", "SUPERSEDED", "DISCARDED"])
      expect(isMessageKey(`plans.amendNotFrom.${status}`)).toBe(true);
    for (const capacity of PLAN_SIGNER_CAPACITIES) expect(isMessageKey(`plans.capacity.${capacity}`)).toBe(true);
    for (const section of PLAN_SECTIONS) expect(isMessageKey(`plans.section.${section}`)).toBe(true);
  });
});
