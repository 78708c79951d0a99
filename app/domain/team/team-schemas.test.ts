import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import { matchesNamePrefix } from "./find-staff-for-team";
import { CaseIdSchema } from "../cases/case-schemas";
import { AddCaseMemberSchema, DateInputSchema, consentFromFields } from "./team-schemas";

describe("team schemas", () => {
  it("read an empty consent fieldset as no consent, a complete one as a consent", () => {
    expect(consentFromFields({})).toBeNull();
    expect(consentFromFields({ consentForm: "", consentScope: "  ", consentGivenAt: "" })).toBeNull();
    expect(
      consentFromFields({ consentForm: "ORAL", consentScope: " Tööalane tugi ", consentGivenAt: "2026-11-02" }),
    ).toEqual({
      form: "ORAL",
      scope: "Tööalane tugi",
      givenAt: new Date("2026-11-02T00:00:00Z"),
    });
  });

  it("name each missing or wrong field of a half-filled consent fieldset", () => {
    const error = (() => {
      try {
        consentFromFields({ consentForm: "BY_PIGEON", consentGivenAt: "2026-02-31" });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).fieldErrors).toEqual({
      consentForm: "form.required",
      consentScope: "form.required",
      consentGivenAt: "team.dateInvalid",
    });
  });

  it("take a date as a Date, a date field value or an ISO timestamp", () => {
    expect(DateInputSchema.parse("2026-03-01")).toEqual(new Date("2026-03-01T00:00:00Z"));
    expect(DateInputSchema.parse("2026-03-01T08:15:00Z")).toEqual(new Date("2026-03-01T08:15:00Z"));
    const d = new Date();
    expect(DateInputSchema.parse(d)).toBe(d);
    expect(DateInputSchema.safeParse("eile").success).toBe(false);
  });

  it("never add anyone as the client or the case manager", () => {
    for (const role of ["CLIENT", "CASE_MANAGER"]) {
      const result = AddCaseMemberSchema.safeParse({ caseId: "c1", userId: "u1", role });
      expect(result.success).toBe(false);
    }
    expect(AddCaseMemberSchema.parse({ caseId: "c1", userId: "u1", role: "SPECIALIST" })).toMatchObject({
      hasClientViewPermission: false,
      consent: null,
    });
  });

  it("accept only id-shaped case ids in URLs", () => {
    expect(CaseIdSchema.safeParse("cmabc123def456ghi789jkl0").success).toBe(true);
    expect(CaseIdSchema.safeParse("../admin").success).toBe(false);
    expect(CaseIdSchema.safeParse("").success).toBe(false);
  });

  it("match a name by the beginning of any of its words, ignoring case", () => {
    expect(matchesNamePrefix("Liina Saar", "lii")).toBe(true);
    expect(matchesNamePrefix("Liina Saar", "SAA")).toBe(true);
    expect(matchesNamePrefix("Ülle Õunapuu", "õuna")).toBe(true);
    expect(matchesNamePrefix("Liina Saar", "ina")).toBe(false);
  });
});
