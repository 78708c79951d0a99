import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import { canonicalJson, type JsonValue } from "../freezing/content-hash";
import { fullRecord } from "../../../tests/factories/records.ts";
import { mergeEdited } from "./record-queries";
import {
  RecordContentSchema,
  RecordDraftContentSchema,
  parseCompleteContent,
  parseRecordContent,
} from "./record-schemas";

describe("the record content", () => {
  it("accepts a complete record and keeps it as it is", () => {
    const record = fullRecord();
    expect(RecordContentSchema.parse(record)).toEqual(record);
    expect(parseCompleteContent(record)).toEqual(record);
  });

  it("reads stored JSON back to the same content", () => {
    const record = fullRecord();
    expect(parseRecordContent(canonicalJson(record as unknown as JsonValue))).toEqual(record);
    expect(() => parseRecordContent("{not json")).toThrow();
    expect(() => parseRecordContent(JSON.stringify({ ...record, schemaVersion: 2 }))).toThrow();
  });

  it("lets a draft hold a planned step without its responsible person or deadline", () => {
    const record = fullRecord();
    record.plannedSteps[0] = { ...record.plannedSteps[0]!, responsible: null, deadline: null };
    expect(RecordDraftContentSchema.safeParse(record).success).toBe(true);
  });

  it("refuses to approve a planned step without a responsible person, or without a deadline", () => {
    const withoutResponsible = fullRecord();
    withoutResponsible.plannedSteps[0] = { ...withoutResponsible.plannedSteps[0]!, responsible: null };
    const withoutDeadline = fullRecord();
    withoutDeadline.plannedSteps[0] = { ...withoutDeadline.plannedSteps[0]!, deadline: null };

    for (const [record, field, key] of [
      [withoutResponsible, "plannedSteps.0.responsible", "records.stepNeedsResponsible"],
      [withoutDeadline, "plannedSteps.0.deadline", "records.stepNeedsDeadline"],
    ] as const) {
      expect(RecordContentSchema.safeParse(record).success).toBe(false);
      let error: unknown;
      try {
        parseCompleteContent(record);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe("VALIDATION");
      expect((error as DomainError).messageKey).toBe("records.incomplete");
      expect((error as DomainError).fieldErrors).toEqual({ [field]: key });
    }
  });

  it("refuses to approve without the four answers of the closing summary", () => {
    const record = fullRecord();
    record.closingSummary.firstStep = "  ";
    const result = RecordContentSchema.safeParse(record);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["closingSummary", "firstStep"]);
  });

  it("refuses a deadline that is not a real date, and a responsible person without a name", () => {
    const record = fullRecord();
    record.plannedSteps[0] = { ...record.plannedSteps[0]!, deadline: "2026-02-31" };
    expect(RecordDraftContentSchema.safeParse(record).success).toBe(false);
    const nameless = fullRecord();
    nameless.plannedSteps[0] = {
      ...nameless.plannedSteps[0]!,
      responsible: { userId: null, name: " ", position: "" },
    };
    expect(RecordContentSchema.safeParse(nameless).success).toBe(false);
  });

  it("reads a record stored before the minutes per agenda item existed back to the same canonical JSON", () => {
    // A record approved before the field was added: its seal is over exactly this text.
    const stored = canonicalJson(fullRecord() as unknown as JsonValue);
    const read = parseRecordContent(stored);
    expect("itemMinutes" in read).toBe(false);
    expect(canonicalJson(read as unknown as JsonValue)).toBe(stored);
    expect(canonicalJson(RecordContentSchema.parse(JSON.parse(stored)) as unknown as JsonValue)).toBe(stored);

    const withMinutes = {
      ...fullRecord(),
      itemMinutes: [{ agendaItemId: "item00000001", title: "Tööle naasmine", text: "Jaan soovib tööle naasta." }],
    };
    expect(parseRecordContent(canonicalJson(withMinutes as unknown as JsonValue))).toEqual(withMinutes);
  });

  it("keeps the stored minutes per agenda item when edited content is saved, whatever is posted", () => {
    const minutes = [{ agendaItemId: "item00000001", title: "Tööle naasmine", text: "Jaan soovib tööle naasta." }];
    const stored = { ...fullRecord(), itemMinutes: minutes };
    expect(mergeEdited(stored, fullRecord()).itemMinutes).toEqual(minutes);
    expect(mergeEdited(stored, { ...fullRecord(), itemMinutes: [] }).itemMinutes).toEqual(minutes);
    expect("itemMinutes" in mergeEdited(fullRecord(), { ...fullRecord(), itemMinutes: minutes })).toBe(false);
  });
});
