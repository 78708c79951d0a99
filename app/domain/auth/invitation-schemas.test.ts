import { describe, expect, it } from "vitest";
import { OrganisationType } from "../../../prisma/generated/sqlite/enums.ts";
import { translate } from "~/i18n";
import { LOCALES } from "~/i18n/locales";
import {
  AcceptExternalInvitationSchema,
  CreateExternalInvitationSchema,
  CreateStaffInvitationSchema,
  InviteTokenSchema,
  NEW_PASSWORD_MIN_LENGTH,
  ORGANISATION_TYPES,
  SetupSchema,
} from "./invitation-schemas.ts";
import { PASSWORD_MIN_LENGTH } from "./password.ts";
import { createToken } from "./tokens.ts";

const firstIssue = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.error?.issues.map((i) => [String(i.path[0]), i.message]);

describe("invitation schemas", () => {
  it("keep the browser-safe password minimum equal to the server's", () => {
    expect(NEW_PASSWORD_MIN_LENGTH).toBe(PASSWORD_MIN_LENGTH);
    for (const locale of LOCALES) {
      expect(translate(locale, "auth.passwordTooShort")).toContain(String(PASSWORD_MIN_LENGTH));
    }
  });

  it("offer every organisation type of the schema", () => {
    expect([...ORGANISATION_TYPES].sort()).toEqual(Object.values(OrganisationType).sort());
  });

  it("accept the tokens createToken makes and nothing shaped differently", () => {
    expect(InviteTokenSchema.safeParse(createToken()).success).toBe(true);
    expect(InviteTokenSchema.safeParse("short").success).toBe(false);
    expect(InviteTokenSchema.safeParse(`${"a".repeat(40)}/../x`).success).toBe(false);
  });

  it("set-up: trims and lower-cases the e-mail, blank position becomes null", () => {
    const parsed = SetupSchema.parse({
      organisationName: " Näidisvald ",
      organisationType: "MUNICIPALITY",
      name: "Ada",
      positionTitle: "  ",
      email: " Ada@Test.Example ",
      password: "pikk-parool-1",
      passwordConfirm: "pikk-parool-1",
    });
    expect(parsed).toMatchObject({ organisationName: "Näidisvald", email: "ada@test.example", positionTitle: null });
  });

  it("set-up: names each problem by its field", () => {
    const result = SetupSchema.safeParse({
      organisationName: "",
      organisationType: "MOON_BASE",
      name: "Ada",
      email: "not-an-address",
      password: "short",
      passwordConfirm: "other",
    });
    expect(Object.fromEntries(firstIssue(result) ?? [])).toMatchObject({
      organisationName: "form.required",
      organisationType: "form.required",
      email: "auth.emailInvalid",
      password: "auth.passwordTooShort",
    });
  });

  it("points a password mismatch at the confirmation field", () => {
    const result = AcceptExternalInvitationSchema.safeParse({
      name: "Liisa",
      password: "pikk-parool-1",
      passwordConfirm: "pikk-parool-2",
    });
    expect(firstIssue(result)).toEqual([["passwordConfirm", "auth.passwordMismatch"]]);
  });

  it("reads a checkbox as a boolean and parses its own output again unchanged", () => {
    const fromForm = CreateStaffInvitationSchema.parse({ email: "A@B.EE", isOrgAdmin: "on" });
    expect(fromForm).toEqual({ email: "a@b.ee", name: null, positionTitle: null, isOrgAdmin: true });
    expect(CreateStaffInvitationSchema.parse(fromForm)).toEqual(fromForm);
    expect(CreateStaffInvitationSchema.parse({ email: "a@b.ee" }).isOrgAdmin).toBe(false);
  });

  it("never lets a link make someone case manager", () => {
    const result = CreateExternalInvitationSchema.safeParse({ caseId: "c1", caseRole: "CASE_MANAGER", name: "X" });
    expect(firstIssue(result)?.[0]?.[0]).toBe("caseRole");
  });
});
