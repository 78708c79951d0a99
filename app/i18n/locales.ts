import { z } from "zod";

/** Estonian is the working language; English and Russian are switchable. */
export const LOCALES = ["et", "en", "ru"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "et";
export const LocaleSchema = z.enum(LOCALES);

export const LOCALE_NAMES: Record<Locale, string> = { et: "Eesti keel", en: "English", ru: "Русский" };
/** BCP 47 tags for <html lang> and Intl formatting. */
export const LOCALE_TAGS: Record<Locale, string> = { et: "et-EE", en: "en-GB", ru: "ru-RU" };

export function parseLocale(value: unknown): Locale {
  const parsed = LocaleSchema.safeParse(value);
  return parsed.success ? parsed.data : DEFAULT_LOCALE;
}
