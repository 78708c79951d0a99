// The plan's live document: what the editors write is read back as plan content through zod,
// concurrent edits merge, a decision becomes an activity once, and an amendment's seed reads back
// as the content it came from.
import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import {
  activitiesArray,
  addActivity,
  addActivityFromDecision,
  addEvaluation,
  moveActivity,
  readPlanDoc,
  removeActivity,
  removeEvaluation,
  seedPlanDoc,
  setPlanText,
  updateActivity,
  updateEvaluation,
} from "./plan-doc";

const person = { userId: "cuser00000000000000002", name: "Eve Mägi", position: "füsioterapeut, Kliinikum" };

function sync(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
}

describe("plan document", () => {
  it("reads back what the writers wrote", () => {
    const doc = new Y.Doc();
    setPlanText(doc, "problem", "  Üksi elamine  ");
    setPlanText(doc, "goals", "Iseseisev toimetulek");
    const id = addActivity(doc, { section: "CLIENT", description: "Käib poes" });
    updateActivity(doc, id, {
      responsible: person,
      recurrence: "Iga nädal",
      resources: "Tugiisik",
      start: "2026-12-01",
    });
    const e = addEvaluation(doc, { dueDate: "2027-02-01" });
    updateEvaluation(doc, e, { method: "Kohtumine", responsible: person });
    const read = readPlanDoc(doc);
    expect(read).toEqual({
      problem: "Üksi elamine",
      goals: "Iseseisev toimetulek",
      activities: [
        {
          id,
          section: "CLIENT",
          description: "Käib poes",
          responsible: person,
          start: "2026-12-01",
          deadline: null,
          recurrence: "Iga nädal",
          resources: "Tugiisik",
          provider: "",
          source: null,
        },
      ],
      evaluations: [{ id: e, dueDate: "2027-02-01", method: "Kohtumine", responsible: person }],
      attachments: [],
      skipped: 0,
    });
    expect(removeActivity(doc, id)).toBe(true);
    expect(removeEvaluation(doc, e)).toBe(true);
    expect(readPlanDoc(doc).activities).toEqual([]);
    expect(removeActivity(doc, id)).toBe(false);
  });

  it("two people typing in one activity's description merge", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const id = addActivity(a, { section: "HELP_MEASURE", description: "Teraapia" });
    sync(a, b);
    updateActivity(a, id, { description: "Füsioteraapia" });
    updateActivity(b, id, { description: "Teraapia kaks korda nädalas" });
    sync(a, b);
    expect(readPlanDoc(a).activities[0]?.description).toBe("Füsioteraapia kaks korda nädalas");
    expect(readPlanDoc(b)).toEqual(readPlanDoc(a));
  });

  it("skips entries a browser wrote wrongly, and repeated ids", () => {
    const doc = new Y.Doc();
    const id = addActivity(doc, { section: "CLIENT" });
    addActivity(doc, { section: "CLIENT", id });
    const broken = new Y.Map<unknown>();
    broken.set("id", "x1");
    broken.set("section", "NOT_A_SECTION");
    activitiesArray(doc).push([broken]);
    const badDate = addActivity(doc, { section: "CLIENT" });
    updateActivity(doc, badDate, { deadline: "2026-02-31" });
    const read = readPlanDoc(doc);
    expect(read.activities.map((a) => a.id)).toEqual([id]);
    expect(read.skipped).toBe(3);
  });

  it("takes a decision in once, with its link to the meeting", () => {
    const doc = new Y.Doc();
    const decision = {
      meetingId: "cmeeting000000001",
      decisionId: "d1",
      text: "Taotleda rehabilitatsiooniteenust",
      nextStep: "Kohtumine SKA-ga",
      responsible: [person, { userId: null, name: "Teine", position: "" }],
      deadline: "2026-12-15",
    };
    const id = addActivityFromDecision(doc, decision, { section: "CASE_MANAGER" });
    expect(id).not.toBeNull();
    expect(addActivityFromDecision(doc, decision)).toBeNull();
    const [activity] = readPlanDoc(doc).activities;
    expect(activity).toMatchObject({
      id,
      section: "CASE_MANAGER",
      description: "Taotleda rehabilitatsiooniteenust\nKohtumine SKA-ga",
      responsible: person,
      deadline: "2026-12-15",
      source: { meetingId: "cmeeting000000001", decisionId: "d1", decisionText: "Taotleda rehabilitatsiooniteenust" },
    });
    // The source stays as taken over.
    updateActivity(doc, id!, { description: "Muudetud" });
    expect(readPlanDoc(doc).activities[0]?.source?.decisionId).toBe("d1");
  });

  it("moves an activity, keeping its id and values", () => {
    const doc = new Y.Doc();
    const first = addActivity(doc, { section: "CLIENT", description: "Esimene" });
    const second = addActivity(doc, { section: "CLIENT", description: "Teine" });
    expect(moveActivity(doc, second, 0)).toBe(true);
    expect(readPlanDoc(doc).activities.map((a) => [a.id, a.description])).toEqual([
      [second, "Teine"],
      [first, "Esimene"],
    ]);
  });

  it("an amendment's seed reads back as the content it came from", () => {
    const source = new Y.Doc();
    setPlanText(source, "problem", "Probleem");
    addActivity(source, { section: "CLIENT", description: "Käib poes", responsible: person, start: "2026-12-01" });
    addEvaluation(source, { dueDate: "2027-01-01", method: "Kohtumine", responsible: person });
    const { skipped: _skipped, ...content } = readPlanDoc(source);
    const seeded = new Y.Doc();
    seedPlanDoc(seeded, content);
    expect(readPlanDoc(seeded)).toEqual({ ...content, skipped: 0 });
  });
});
