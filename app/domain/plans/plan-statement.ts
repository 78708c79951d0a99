// The statement a signer accepts, in their language, and the e-mails of signing. Browser-safe:
// the signing form shows exactly the text the server stores with the signature.
//
// Exports: signingStatement(locale, { decision, caseNumber, number, hash, capacity }),
// signingCodeMail(locale, { name, code, minutes }), signRequestMail(locale, { name, number, link }).
// Mail says no more than needed: no client name, case number or plan content (mail passes
// through servers outside our control; the plan is behind sign-in).
import type { Locale } from "~/i18n/locales";
import { plans } from "~/i18n/messages/plans";
import type { PlanSignerCapacity, SignatureDecision } from "./plan-schemas";

type PlanKey = keyof (typeof plans)["et"];

function text(locale: Locale, key: PlanKey, params: Record<string, string | number>): string {
  const template = plans[locale][key] ?? plans.et[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function signingStatement(
  locale: Locale,
  s: { decision: SignatureDecision; caseNumber: string; number: number; hash: string; capacity: PlanSignerCapacity },
): string {
  return text(locale, `plans.signingStatement.${s.decision}`, {
    caseNumber: s.caseNumber,
    number: s.number,
    hash: s.hash,
    capacity: text(locale, `plans.capacity.${s.capacity}`, {}),
  });
}

export function signingCodeMail(locale: Locale, m: { name: string; code: string; minutes: number }) {
  return { subject: text(locale, "plans.mail.codeSubject", {}), text: text(locale, "plans.mail.codeText", m) };
}

export function signRequestMail(locale: Locale, m: { name: string; number: number; link: string }) {
  return {
    subject: text(locale, "plans.mail.signRequestSubject", {}),
    text: text(locale, "plans.mail.signRequestText", m),
  };
}
