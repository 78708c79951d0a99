// The client's interpreter and accessibility needs, carried from the client record into a
// meeting as plain, editable text (004 §2.1: the client's ability to take part: accessibility,
// interpreter, special needs). The meeting keeps its own copy: what is arranged for one meeting
// may differ from the record, and the record may change later. Pure; the labels are the ones the
// client form shows (app/i18n/messages/cases.ts), so both speak the same words.
import { cases } from "~/i18n/messages/cases";
import type { Locale } from "~/i18n/locales";
import type { CommunicationNeed } from "../cases/client-schemas";

export type ClientNeeds = {
  communicationNeeds: readonly CommunicationNeed[];
  interpreterLanguage: string | null;
  accessibilityNotes: string | null;
};

/** One line per need, e.g. "– Tõlk: vene keel"; null when the record names no need. */
export function describeClientNeeds(needs: ClientNeeds, locale: Locale = "et"): string | null {
  const labels = cases[locale];
  const lines: string[] = [];
  for (const need of needs.communicationNeeds) {
    const label = labels[`communicationNeed.${need}`];
    const language = need === "INTERPRETER" || need === "SIGN_LANGUAGE" ? needs.interpreterLanguage : null;
    lines.push(`– ${label}${language ? `: ${language}` : ""}`);
  }
  const hasInterpreterLine = needs.communicationNeeds.some((n) => n === "INTERPRETER" || n === "SIGN_LANGUAGE");
  if (needs.interpreterLanguage && !hasInterpreterLine) {
    lines.push(`– ${labels["client.interpreterLanguage"]}: ${needs.interpreterLanguage}`);
  }
  if (needs.accessibilityNotes?.trim()) {
    lines.push(`– ${labels["client.accessibilityNotes"]}: ${needs.accessibilityNotes.trim()}`);
  }
  return lines.length > 0 ? lines.join("\n") : null;
}
