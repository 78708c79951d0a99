import { describe, expect, it } from "vitest";
import { CASE_ACTIONS } from "../access/policy";
import { isMessageKey } from "~/i18n";
import { HandOverCaseSchema, OpenCaseFormSchema, UpdateCaseFormSchema } from "./case-schemas";
import {
  COMMUNICATION_NEEDS,
  ClientSchema,
  parseCommunicationNeeds,
  parseIsoDate,
  serializeCommunicationNeeds,
} from "./client-schemas";

const utc = (iso: string) => new Date(`${iso}T00:00:00Z`);
/** Synthetic: born 1 January 1801 (no living person has such a code). */
const CODE = "10101010005";

/** Field → first message, the way parseForm and parseInput report them. */
function issues(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  const fields: Record<string, string> = {};
  for (const issue of result.error?.issues ?? []) fields[String(issue.path[0])] ??= issue.message;
  return fields;
}

describe("ClientSchema", () => {
  it("needs a first and last name; blanks of optional fields become null; Estonian by default", () => {
    expect(issues(ClientSchema.safeParse({ firstName: " ", lastName: "" }))).toEqual({
      firstName: "form.required",
      lastName: "form.required",
    });
    expect(
      ClientSchema.parse({
        firstName: " Mari ",
        lastName: "Näidis",
        personalCode: "",
        dateOfBirth: "",
        phone: "",
        email: "",
      }),
    ).toEqual({
      firstName: "Mari",
      lastName: "Näidis",
      personalCode: null,
      dateOfBirth: null,
      phone: null,
      email: null,
      address: null,
      preferredLanguage: "et",
      communicationNeeds: [],
      interpreterLanguage: null,
      accessibilityNotes: null,
      legalRepresentative: null,
      legalRepresentativeContact: null,
    });
  });

  it("derives the date of birth from the personal code", () => {
    expect(ClientSchema.parse({ firstName: "A", lastName: "B", personalCode: ` ${CODE} ` })).toMatchObject({
      personalCode: CODE,
      dateOfBirth: utc("1801-01-01"),
    });
  });

  it("accepts a date that agrees with the code and refuses one that does not", () => {
    expect(
      ClientSchema.safeParse({ firstName: "A", lastName: "B", personalCode: CODE, dateOfBirth: "1801-01-01" }).success,
    ).toBe(true);
    expect(
      issues(ClientSchema.safeParse({ firstName: "A", lastName: "B", personalCode: CODE, dateOfBirth: "1801-01-02" })),
    ).toEqual({
      dateOfBirth: "client.dateOfBirthMismatch",
    });
  });

  it("refuses an invalid personal code, a date that does not exist or lies ahead, a bad e-mail, phone or language", () => {
    expect(
      issues(
        ClientSchema.safeParse({
          firstName: "A",
          lastName: "B",
          personalCode: "10101010006",
          dateOfBirth: "2001-02-31",
          email: "not-an-address",
          phone: "call me",
          preferredLanguage: "Estonian",
        }),
      ),
    ).toEqual({
      personalCode: "client.personalCodeInvalid",
      dateOfBirth: "client.dateOfBirthInvalid",
      email: "client.emailInvalid",
      phone: "client.phoneInvalid",
      preferredLanguage: "client.languageInvalid",
    });
    const nextYear = `${new Date().getUTCFullYear() + 1}-01-01`;
    expect(issues(ClientSchema.safeParse({ firstName: "A", lastName: "B", dateOfBirth: nextYear }))).toEqual({
      dateOfBirth: "client.dateOfBirthInvalid",
    });
  });

  it("keeps communication needs as a set in a fixed order and refuses unknown ones", () => {
    expect(
      ClientSchema.parse({ firstName: "A", lastName: "B", communicationNeeds: ["MOBILITY", "INTERPRETER", "MOBILITY"] })
        .communicationNeeds,
    ).toEqual(["INTERPRETER", "MOBILITY"]);
    expect(
      issues(ClientSchema.safeParse({ firstName: "A", lastName: "B", communicationNeeds: ["TELEPATHY"] })),
    ).toEqual({
      communicationNeeds: "client.communicationNeedInvalid",
    });
  });

  it("parses again unchanged (the service re-validates what the form parsed)", () => {
    const once = ClientSchema.parse({
      firstName: "A",
      lastName: "B",
      personalCode: CODE,
      phone: "+372 5555 0000",
      email: "A@Example.Test",
      preferredLanguage: "RU",
      communicationNeeds: ["EASY_READ"],
    });
    expect(ClientSchema.parse(once)).toEqual(once);
    expect(once.email).toBe("a@example.test");
    expect(once.preferredLanguage).toBe("ru");
  });
});

describe("the communication needs column", () => {
  it("round-trips through JSON and refuses what the app did not write", () => {
    expect(parseCommunicationNeeds(serializeCommunicationNeeds(["SIGN_LANGUAGE", "VISION_SUPPORT"]))).toEqual([
      "SIGN_LANGUAGE",
      "VISION_SUPPORT",
    ]);
    expect(parseCommunicationNeeds("[]")).toEqual([]);
    expect(() => parseCommunicationNeeds("not json")).toThrow();
    expect(() => parseCommunicationNeeds('["TELEPATHY"]')).toThrow();
    expect(() => parseCommunicationNeeds('{"INTERPRETER":true}')).toThrow();
  });
});

describe("the case forms", () => {
  it("turn ticked checkboxes (communicationNeeds.<code> = on) into the needs array", () => {
    const parsed = OpenCaseFormSchema.parse({
      caseNumber: " TV-2026-100 ",
      firstName: "Mari",
      lastName: "Näidis",
      "communicationNeeds.EASY_READ": "on",
      "communicationNeeds.INTERPRETER": "on",
      "communicationNeeds.TELEPATHY": "on",
    });
    expect(parsed.caseNumber).toBe("TV-2026-100");
    expect(parsed.communicationNeeds).toEqual(["INTERPRETER", "EASY_READ"]);
  });

  it("report field errors by the form's field names", () => {
    expect(
      issues(OpenCaseFormSchema.safeParse({ caseNumber: "", firstName: "Mari", lastName: "N", personalCode: "123" })),
    ).toEqual({
      caseNumber: "form.required",
      personalCode: "client.personalCodeInvalid",
    });
    expect(issues(OpenCaseFormSchema.safeParse({ caseNumber: "<script>", firstName: "M", lastName: "N" }))).toEqual({
      caseNumber: "case.caseNumberInvalid",
    });
    expect(
      issues(
        UpdateCaseFormSchema.safeParse({
          caseId: "c".repeat(25),
          version: "3",
          firstName: "M",
          lastName: "N",
          personalCode: CODE,
          dateOfBirth: "1990-01-01",
        }),
      ),
    ).toEqual({ dateOfBirth: "client.dateOfBirthMismatch" });
  });

  it("handover: exactly one receiver, a new number only inside the system, a reason always", () => {
    const caseId = "c".repeat(25);
    expect(issues(HandOverCaseSchema.safeParse({ caseId, reason: "" }))).toEqual({
      reason: "case.reasonRequired",
      toCaseManagerId: "case.handoverTargetRequired",
    });
    expect(
      issues(
        HandOverCaseSchema.safeParse({
          caseId,
          reason: "x",
          toCaseManagerId: "u".repeat(25),
          toOrganisationName: "MTÜ",
        }),
      ),
    ).toEqual({ toOrganisationName: "case.handoverChooseOne" });
    expect(
      issues(HandOverCaseSchema.safeParse({ caseId, reason: "x", toOrganisationName: "MTÜ", newCaseNumber: "X-1" })),
    ).toEqual({ newCaseNumber: "case.handoverNumberOnlyInSystem" });
    expect(
      HandOverCaseSchema.parse({ caseId, reason: " x ", toCaseManagerId: "", toOrganisationName: " MTÜ Abi " }),
    ).toEqual({
      caseId,
      reason: "x",
      toCaseManagerId: null,
      toOrganisationName: "MTÜ Abi",
      newCaseNumber: null,
    });
  });
});

describe("dates and message keys", () => {
  it("parse only real YYYY-MM-DD dates", () => {
    expect(parseIsoDate("2024-02-29")).toEqual(utc("2024-02-29"));
    expect(parseIsoDate("2023-02-29")).toBeNull();
    expect(parseIsoDate("29.02.2024")).toBeNull();
  });

  it("every message key the schemas can produce is translated", async () => {
    const source = await import("node:fs").then((fs) =>
      [
        "client-schemas.ts",
        "case-schemas.ts",
        "case-stage.ts",
        "personal-code.ts",
        "open-case.ts",
        "update-case.ts",
        "change-case-stage.ts",
        "close-case.ts",
        "hand-over-case.ts",
        "list-cases.ts",
      ]
        .map((f) => fs.readFileSync(new URL(`./${f}`, import.meta.url), "utf8"))
        .join("\n"),
    );
    // Policy actions and audit action codes look like keys but are not shown to anyone.
    const notMessages = new Set<string>(
      [...CASE_ACTIONS, ...source.matchAll(/action: "([^"]+)"/g)].map((m) => (typeof m === "string" ? m : m[1]!)),
    );
    const keys = new Set(
      [...source.matchAll(/"((?:client|case|cases|form|error)\.[A-Za-z.]+)"/g)]
        .map((m) => m[1]!)
        .filter((k) => !notMessages.has(k)),
    );
    expect(keys.size).toBeGreaterThan(20);
    for (const key of keys) expect(isMessageKey(key), key).toBe(true);
    expect(COMMUNICATION_NEEDS.every((need) => isMessageKey(`communicationNeed.${need}`))).toBe(true);
  });
});
