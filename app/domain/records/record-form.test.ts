import { describe, expect, it } from "vitest";
import { formFieldErrors, formValuesFromContent, recordContentFromForm, SOMEONE_ELSE } from "./record-form";
import { fullRecord } from "../../../tests/factories/records.ts";
import { RecordContentSchema } from "./record-schemas";
import { commentDeadline } from "./open-record-for-comment";
import { dateToTallinnLocal, endOfTallinnDay, tallinnLocalToDate } from "../time/tallinn-time";

let n = 0;
const newId = () => `new${++n}`;

describe("the record form", () => {
  it("turns the content into fields and back into the same content", () => {
    const record = fullRecord();
    const values = formValuesFromContent(record);
    expect(values["plannedSteps.0.responsible"]).toBe("cuser00000000000000001");
    expect(values["dissentingOpinions.0.author"]).toBe(SOMEONE_ELSE);
    expect(values["time.startsAt"]).toBe("2026-12-01T14:00");
    expect(recordContentFromForm(values, record, newId)).toEqual(record);
  });

  it("drops empty rows, gives new rows an id, and names someone who is not a participant", () => {
    const record = fullRecord();
    const values = {
      ...formValuesFromContent(record),
      "goals.1.text": "",
      "goals.1.reached": "notAssessed",
      "plannedSteps.1.text": "Leida transport tööle",
      "plannedSteps.1.responsible": SOMEONE_ELSE,
      "plannedSteps.1.responsibleName": "Sõidu MTÜ",
      "plannedSteps.1.responsiblePosition": "teenuseosutaja",
      "plannedSteps.1.deadline": "2027-01-05",
      "plannedSteps.2.text": "",
      "plannedSteps.2.responsible": "",
    };
    const content = recordContentFromForm(values, record, newId);
    expect(content.goals).toHaveLength(1);
    expect(content.plannedSteps).toHaveLength(2);
    expect(content.plannedSteps[1]).toMatchObject({
      text: "Leida transport tööle",
      responsible: { userId: null, name: "Sõidu MTÜ", position: "teenuseosutaja" },
      deadline: "2027-01-05",
    });
    expect(content.plannedSteps[1]?.id).toMatch(/^new\d+$/);
    expect(RecordContentSchema.safeParse(content).success).toBe(true);
  });

  it("keeps the snapshot fields of the record whatever is posted", () => {
    const record = fullRecord();
    const content = recordContentFromForm(
      { ...formValuesFromContent(record), caseNumber: "X-1", clientName: "Keegi Teine" },
      record,
      newId,
    );
    expect(content.caseNumber).toBe("TV-2026-014");
    expect(content.clientName).toBe("Jaan Kivi");
  });

  it("keeps the minutes taken over from the meeting room, which the form does not edit", () => {
    const record = {
      ...fullRecord(),
      itemMinutes: [{ agendaItemId: "item00000001", title: "Tööle naasmine", text: "Jaan soovib tööle naasta." }],
    };
    const values = formValuesFromContent(record);
    expect(Object.keys(values).some((key) => key.startsWith("itemMinutes"))).toBe(false);
    expect(recordContentFromForm({ ...values, "itemMinutes.0.text": "Võltsitud" }, record, newId)).toEqual(record);
    // A record without minutes gets no minutes key from the form.
    expect("itemMinutes" in recordContentFromForm(formValuesFromContent(fullRecord()), fullRecord(), newId)).toBe(
      false,
    );
  });

  it("shows a missing responsible person on the select and a person's name error on the name field", () => {
    expect(
      formFieldErrors({
        "plannedSteps.0.responsible": "records.stepNeedsResponsible",
        "plannedSteps.1.responsible.name": "records.textTooLong",
        "dissentingOpinions.0.authorName": "form.required",
      }),
    ).toEqual({
      "plannedSteps.0.responsible": "records.stepNeedsResponsible",
      "plannedSteps.1.responsibleName": "records.textTooLong",
      "dissentingOpinions.0.author": "form.required",
    });
  });
});

describe("Tallinn time", () => {
  it("reads a datetime-local value as Estonian time, in winter and in summer", () => {
    expect(tallinnLocalToDate("2026-12-01T10:00")?.toISOString()).toBe("2026-12-01T08:00:00.000Z");
    expect(tallinnLocalToDate("2026-07-01T10:00")?.toISOString()).toBe("2026-07-01T07:00:00.000Z");
    expect(dateToTallinnLocal("2026-07-01T07:00:00.000Z")).toBe("2026-07-01T10:00");
    expect(tallinnLocalToDate("2026-02-31T10:00")).toBeNull();
  });

  it("ends a day at midnight in Tallinn", () => {
    expect(endOfTallinnDay("2026-12-05")?.toISOString()).toBe("2026-12-05T21:59:59.999Z");
  });
});

describe("commentDeadline", () => {
  const now = new Date("2026-12-01T10:00:00Z");
  it("takes a day 1–30 days ahead and ends it at midnight in Tallinn", () => {
    expect(commentDeadline("2026-12-02", now).toISOString()).toBe("2026-12-02T21:59:59.999Z");
    expect(commentDeadline("2026-12-31", now).toISOString()).toBe("2026-12-31T21:59:59.999Z");
  });
  it("refuses today, the past and more than 30 days ahead", () => {
    for (const day of ["2026-12-01", "2026-11-30", "2027-01-01", "not a day"]) {
      expect(() => commentDeadline(day, now)).toThrow();
    }
  });
});
