// People in the plan: the case team as the editor offers them (by name, position and
// organisation, 004 §3.4), and how a person and a day are written on the plan's pages.
import type { PersonRef } from "~/domain/records/record-schemas";
import { formatDate } from "~/i18n";
import type { Locale } from "~/i18n/locales";

export type PlanPerson = {
  userId: string;
  name: string;
  /** "Position, organisation" (empty for the client and their close people). */
  position: string;
  role: string;
  /** The client, their legal representative, advocate or a close person. */
  isClientSide: boolean;
  /** What the choice shows: "Piret Oja – Rehabilitatsioonispetsialist, Sotsiaalkindlustusamet". */
  label: string;
  /** What the plan stores. */
  ref: PersonRef;
};

export function personLabel(person: { name: string; position: string }): string {
  return person.position ? `${person.name} (${person.position})` : person.name;
}

/** A calendar day (YYYY-MM-DD) in the reader's language; noon UTC is the same day in Tallinn. */
export function dayLabel(locale: Locale, day: string): string {
  return formatDate(locale, `${day}T12:00:00Z`);
}
