import { describe, expect, it } from "vitest";
import { consentStatusFor, isConsentInForce, requiresConsent, resolveConsentDate } from "./consent-rules";

const now = new Date("2026-11-25T10:00:00Z");
const at = (iso: string) => new Date(iso);

describe("consent rules", () => {
  it("require consent for those who receive the client's information from the case manager", () => {
    expect(requiresConsent("SPECIALIST")).toBe(true);
    expect(requiresConsent("OTHER")).toBe(true);
    for (const role of ["CLIENT", "LEGAL_REPRESENTATIVE", "ADVOCATE", "CLOSE_PERSON", "CASE_MANAGER"] as const) {
      expect(requiresConsent(role)).toBe(false);
    }
  });

  it("count a consent in force from its date until it is withdrawn", () => {
    expect(isConsentInForce({ givenAt: at("2026-11-01T00:00:00Z"), withdrawnAt: null }, now)).toBe(true);
    expect(isConsentInForce({ givenAt: now, withdrawnAt: null }, now)).toBe(true);
    expect(isConsentInForce({ givenAt: at("2026-11-26T00:00:00Z"), withdrawnAt: null }, now)).toBe(false);
    expect(
      isConsentInForce({ givenAt: at("2026-11-01T00:00:00Z"), withdrawnAt: at("2026-11-20T00:00:00Z") }, now),
    ).toBe(false);
  });

  it("give each member a status: active, withdrawn, missing, or not required", () => {
    const given = { givenAt: at("2026-11-01T00:00:00Z"), withdrawnAt: null };
    const withdrawn = { givenAt: at("2026-10-01T00:00:00Z"), withdrawnAt: at("2026-10-15T00:00:00Z") };
    expect(consentStatusFor("SPECIALIST", [given], now)).toBe("ACTIVE");
    expect(consentStatusFor("SPECIALIST", [withdrawn, given], now)).toBe("ACTIVE");
    expect(consentStatusFor("SPECIALIST", [withdrawn], now)).toBe("WITHDRAWN");
    expect(consentStatusFor("OTHER", [], now)).toBe("MISSING");
    expect(consentStatusFor("CLIENT", [], now)).toBe("NOT_REQUIRED");
  });

  it("read a date field's 'today' as now, and refuse a later date", () => {
    expect(resolveConsentDate(at("2026-11-20T00:00:00Z"), now)).toEqual(at("2026-11-20T00:00:00Z"));
    // 00:30 in Tallinn on the 26th is 22:30 UTC on the 25th: the date field says "2026-11-26".
    const earlyMorning = at("2026-11-25T22:30:00Z");
    expect(resolveConsentDate(at("2026-11-26T00:00:00Z"), earlyMorning)).toEqual(earlyMorning);
    expect(resolveConsentDate(at("2026-11-27T00:00:00Z"), now)).toBeNull();
  });
});
