// The Estonian personal identification code (isikukood), standard EVS 585:2007: 11 digits,
// GYYMMDDSSSC. G gives sex and century, YYMMDD the date of birth, SSS a serial number, C the
// check digit. Browser-safe: imports nothing but zod.
import { z } from "zod";

export type Sex = "MALE" | "FEMALE";
export type PersonalCodeFacts = { birthDate: Date; sex: Sex };

const FIRST_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 1] as const;
const SECOND_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 1, 2, 3] as const;

/** The check digit for the first ten digits (a string of exactly ten digits). */
export function personalCodeCheckDigit(firstTen: string): number {
  const digits = [...firstTen].map(Number);
  const remainder = (weights: readonly number[]) => digits.reduce((sum, d, i) => sum + d * weights[i]!, 0) % 11;
  const first = remainder(FIRST_WEIGHTS);
  if (first < 10) return first;
  const second = remainder(SECOND_WEIGHTS);
  return second < 10 ? second : 0;
}

/** 1/2: born in the 1800s, 3/4: 1900s, 5/6: 2000s, 7/8: 2100s; odd digits for men. */
function centuryOf(firstDigit: number): number | null {
  if (firstDigit < 1 || firstDigit > 8) return null;
  return 1800 + Math.floor((firstDigit - 1) / 2) * 100;
}

/**
 * The date of birth and sex a valid code carries, or null when the code is not valid: not 11
 * digits, an impossible century digit or date (31 February), or a wrong check digit.
 */
export function parsePersonalCode(code: string): PersonalCodeFacts | null {
  if (!/^\d{11}$/.test(code)) return null;
  const firstDigit = Number(code[0]);
  const century = centuryOf(firstDigit);
  if (century === null) return null;
  const year = century + Number(code.slice(1, 3));
  const month = Number(code.slice(3, 5));
  const day = Number(code.slice(5, 7));
  const birthDate = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 31 February over into March; a real date survives the round trip.
  if (birthDate.getUTCFullYear() !== year || birthDate.getUTCMonth() !== month - 1 || birthDate.getUTCDate() !== day) {
    return null;
  }
  if (personalCodeCheckDigit(code.slice(0, 10)) !== Number(code[10])) return null;
  return { birthDate, sex: firstDigit % 2 === 1 ? "MALE" : "FEMALE" };
}

export function isPersonalCodeValid(code: string): boolean {
  return parsePersonalCode(code) !== null;
}

/** A personal code in a form: spaces around it are dropped; the message key names the problem. */
export const PersonalCodeSchema = z.string().trim().refine(isPersonalCodeValid, "client.personalCodeInvalid");
