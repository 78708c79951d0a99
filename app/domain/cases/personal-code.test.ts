// Synthetic codes only: every valid code here has a birth date in the 1800s, so none can belong
// to a living person (personal codes were first issued in 1992).
import { describe, expect, it } from "vitest";
import { PersonalCodeSchema, isPersonalCodeValid, parsePersonalCode, personalCodeCheckDigit } from "./personal-code";

const utc = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe("parsePersonalCode", () => {
  it.each([
    ["10101010005", "1801-01-01", "MALE"],
    ["20112310044", "1801-12-31", "FEMALE"],
    ["18003151233", "1880-03-15", "MALE"],
    ["29909090045", "1899-09-09", "FEMALE"],
    ["14506070037", "1845-06-07", "MALE"],
  ] as const)("reads %s as born %s, %s", (code, birthDate, sex) => {
    expect(parsePersonalCode(code)).toEqual({ birthDate: utc(birthDate), sex });
  });

  it("maps every century digit 1-8 to its century and sex", () => {
    const expected: Record<string, [number, "MALE" | "FEMALE"]> = {
      "1": [1801, "MALE"],
      "2": [1801, "FEMALE"],
      "3": [1901, "MALE"],
      "4": [1901, "FEMALE"],
      "5": [2001, "MALE"],
      "6": [2001, "FEMALE"],
      "7": [2101, "MALE"],
      "8": [2101, "FEMALE"],
    };
    for (const [digit, [year, sex]] of Object.entries(expected)) {
      const firstTen = `${digit}010101000`;
      const facts = parsePersonalCode(`${firstTen}${personalCodeCheckDigit(firstTen)}`);
      expect(facts?.birthDate.getUTCFullYear()).toBe(year);
      expect(facts?.sex).toBe(sex);
    }
  });

  it("uses the second weights when the first remainder is 10, and 0 when that is 10 too", () => {
    // 1·1+1·3+1·5+1·7+5·1 = 21 ≡ 10 (mod 11); second weights: 3+5+7+9+15 = 39 ≡ 6.
    expect(personalCodeCheckDigit("1010101005")).toBe(6);
    expect(parsePersonalCode("10101010056")).not.toBeNull();
    // Both remainders are 10 for 1010101066: the check digit is 0.
    expect(personalCodeCheckDigit("1010101066")).toBe(0);
    expect(parsePersonalCode("10101010660")).not.toBeNull();
  });

  it("knows leap years: 29 February 1848 exists, 1850 does not", () => {
    const leap = `2480229001`;
    expect(parsePersonalCode(`${leap}${personalCodeCheckDigit(leap)}`)?.birthDate).toEqual(utc("1848-02-29"));
    const notLeap = `2500229001`;
    expect(parsePersonalCode(`${notLeap}${personalCodeCheckDigit(notLeap)}`)).toBeNull();
  });

  it.each([
    ["a wrong check digit", "10101010006"],
    ["31 February", `1010231000${personalCodeCheckDigit("1010231000")}`],
    ["month 13", `1011301000${personalCodeCheckDigit("1011301000")}`],
    ["day 0", `1010100000${personalCodeCheckDigit("1010100000")}`],
    ["century digit 0", `0010101000${personalCodeCheckDigit("0010101000")}`],
    ["century digit 9", `9010101000${personalCodeCheckDigit("9010101000")}`],
    ["ten digits", "1010101000"],
    ["twelve digits", "101010100050"],
    ["letters", "1010101000A"],
    ["spaces inside", "101010 10005"],
    ["nothing", ""],
  ])("refuses %s", (_label, code) => {
    expect(parsePersonalCode(code)).toBeNull();
    expect(isPersonalCodeValid(code)).toBe(false);
  });
});

describe("PersonalCodeSchema", () => {
  it("trims, accepts a valid code and names the problem with a specific message key", () => {
    expect(PersonalCodeSchema.parse(" 10101010005 ")).toBe("10101010005");
    const result = PersonalCodeSchema.safeParse("10101010006");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("client.personalCodeInvalid");
  });
});
