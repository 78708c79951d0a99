// The one i18n layer. Every user-facing string goes through t(); catalogues live per area in
// ./messages and are merged here. Add a new area by adding its catalogue to CATALOGUES.
import { createContext, useContext } from "react";
import { DEFAULT_LOCALE, LOCALE_TAGS, type Locale } from "./locales";
import { common } from "./messages/common";
import { auth } from "./messages/auth";
import { home } from "./messages/home";
import { invite } from "./messages/invite";
import { admin } from "./messages/admin";
import { account } from "./messages/account";
import { team } from "./messages/team";
import { clientView } from "./messages/client-view";
import { cases } from "./messages/cases";
import { agenda } from "./messages/agenda";
import { records } from "./messages/records";
import { meetings } from "./messages/meetings";
import { room } from "./messages/room";
import { roomErrors } from "./messages/room-errors";
import { plans } from "./messages/plans";

const CATALOGUES = [common, auth, home, invite, admin, account, team, clientView, cases, agenda, records, meetings, room, roomErrors, plans] as const;

type Catalogue = (typeof CATALOGUES)[number];
type KeysOf<C> = C extends { et: Record<infer K, string> } ? K : never;
export type MessageKey = KeysOf<Catalogue>;
export type MessageParams = Record<string, string | number>;

const MESSAGES: Record<Locale, Record<string, string>> = {
  et: Object.assign({}, ...CATALOGUES.map((c) => c.et)),
  en: Object.assign({}, ...CATALOGUES.map((c) => c.en)),
  ru: Object.assign({}, ...CATALOGUES.map((c) => c.ru)),
};

export function isMessageKey(key: string): key is MessageKey {
  return key in MESSAGES.et;
}

export function translate(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  const template = MESSAGES[locale][key] ?? MESSAGES[DEFAULT_LOCALE][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** For keys that arrive as data (e.g. from a DomainError): unknown keys fall back to a generic text. */
export function translateDynamic(locale: Locale, key: string, params: MessageParams = {}): string {
  return translate(locale, isMessageKey(key) ? key : "error.unexpected", params);
}

export type Translate = (key: MessageKey, params?: MessageParams) => string;

export const LocaleContext = createContext<Locale>(DEFAULT_LOCALE);

export function useLocale(): Locale {
  return useContext(LocaleContext);
}

export function useT(): Translate {
  const locale = useLocale();
  return (key, params) => translate(locale, key, params);
}

export function formatDateTime(locale: Locale, date: Date | string): string {
  return new Intl.DateTimeFormat(LOCALE_TAGS[locale], {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Europe/Tallinn",
  }).format(new Date(date));
}

export function formatDate(locale: Locale, date: Date | string): string {
  return new Intl.DateTimeFormat(LOCALE_TAGS[locale], { dateStyle: "medium", timeZone: "Europe/Tallinn" }).format(
    new Date(date),
  );
}
