// The e-mails about a meeting, in the recipient's language (User.locale; Estonian, the working
// language, when unknown): the invitation, the update after a reschedule, the cancellation, and
// the invitation of someone who has no account yet. Pure: data and a locale in, { subject, text }
// out; sending, the calendar file and the audit are the services' work.
//
// What a message says is kept to what the recipient needs to come: purpose, time, place, their
// role and expected contribution, and the link. No client name, case number or cancellation
// reason: mail passes through servers outside our control, and the meeting page (behind sign-in)
// holds the rest.
import { home } from "~/i18n/messages/home";
import { LOCALE_TAGS, type Locale } from "~/i18n/locales";
import type { MeetingRole } from "~/lib/db-types";
import { MEETING_TIME_ZONE } from "../time/tallinn-time";

export type MeetingMailKind = "invitation" | "update" | "cancellation";

export type MeetingMailData = {
  recipientName: string;
  organiserName: string;
  purpose: string;
  startsAt: Date;
  durationMinutes: number;
  location: string | null;
  isOnline: boolean;
  onlineUrl: string | null;
  meetingRole: MeetingRole | null;
  expectedContribution: string | null;
  /** The meeting page (to confirm and consent), or for someone without an account their invitation link. */
  link: string;
};

export type ExternalInvitationMailData = Omit<MeetingMailData, "meetingRole" | "expectedContribution"> & {
  expiresAt: Date;
};

export type MailText = { subject: string; text: string };

type Texts = {
  subject: Record<MeetingMailKind | "external", string>;
  greeting: string;
  intro: Record<MeetingMailKind | "external", string>;
  purpose: string;
  when: string;
  timeZone: string;
  place: string;
  online: string;
  onlineOnly: string;
  role: string;
  contribution: string;
  action: Record<MeetingMailKind | "external", string>;
  expires: string;
  confidentiality: string;
  calendar: Record<MeetingMailKind | "external", string>;
  signature: string;
};

const TEXTS: Record<Locale, Texts> = {
  et: {
    subject: {
      invitation: "Kutse juhtumikohtumisele {date}",
      update: "Juhtumikohtumise aeg või koht muutus: {date}",
      cancellation: "Juhtumikohtumine {date} jääb ära",
      external: "Kutse juhtumikohtumisele {date}",
    },
    greeting: "Tere, {name}!",
    intro: {
      invitation: "{organiser} kutsub sind juhtumikohtumisele.",
      update: "{organiser} muutis juhtumikohtumise aega või kohta. Uued andmed on allpool.",
      cancellation: "{organiser} jättis juhtumikohtumise ära. Kohtumist ei toimu.",
      external: "{organiser} kutsub sind juhtumikohtumisele.",
    },
    purpose: "Kohtumise eesmärk",
    when: "Aeg",
    timeZone: "Eesti aja järgi",
    place: "Koht",
    online: "Veebis osalemise link",
    onlineOnly: "veebis",
    role: "Sinu roll kohtumisel",
    contribution: "Sinult oodatakse",
    action: {
      invitation: "Palun ava kohtumise leht ja anna teada, kas osaled. Seal saad anda ka nõusoleku osalemiseks:",
      update: "Palun ava kohtumise leht ja kinnita uuesti, kas osaled uuel ajal:",
      cancellation: "Põhjuse ja muu info leiad kohtumise lehelt:",
      external:
        "Kohtumisel osalemiseks loo endale selle lingiga konto. Seejärel saad anda teada, kas osaled, ja anda nõusoleku osalemiseks:",
    },
    expires: "Link kehtib kuni {date} ja töötab ühe korra.",
    confidentiality:
      "Kohtumisel räägitakse inimese elust ja tervisest. Kõik, mida seal kuuled, jääb kohtumise osaliste vahele.",
    calendar: {
      invitation: "Kirjale on lisatud kalendrifail: ava see, et lisada kohtumine oma kalendrisse.",
      update: "Kirjale on lisatud uus kalendrifail: see muudab kohtumise sinu kalendris.",
      cancellation: "Kirjale on lisatud kalendrifail: see eemaldab kohtumise sinu kalendrist.",
      external: "Kirjale on lisatud kalendrifail: ava see, et lisada kohtumine oma kalendrisse.",
    },
    signature: "Juhtumikohtumiste tööruum",
  },
  en: {
    subject: {
      invitation: "Invitation to a case meeting on {date}",
      update: "Case meeting time or place changed: {date}",
      cancellation: "Case meeting on {date} is cancelled",
      external: "Invitation to a case meeting on {date}",
    },
    greeting: "Hello {name},",
    intro: {
      invitation: "{organiser} invites you to a case meeting.",
      update: "{organiser} changed the time or place of the case meeting. The new details are below.",
      cancellation: "{organiser} cancelled the case meeting. The meeting will not take place.",
      external: "{organiser} invites you to a case meeting.",
    },
    purpose: "Purpose of the meeting",
    when: "Time",
    timeZone: "Estonian time",
    place: "Place",
    online: "Link to join online",
    onlineOnly: "online",
    role: "Your role in the meeting",
    contribution: "What you are asked to bring",
    action: {
      invitation:
        "Please open the meeting page and say whether you will come. There you can also give your consent to take part:",
      update: "Please open the meeting page and confirm again whether you can come at the new time:",
      cancellation: "You can find the reason and other information on the meeting page:",
      external:
        "To take part, create your account with this link. Then you can say whether you will come and give your consent to take part:",
    },
    expires: "The link is valid until {date} and works once.",
    confidentiality:
      "The meeting is about a person's life and health. Everything you hear there stays between the people in the meeting.",
    calendar: {
      invitation: "A calendar file is attached: open it to add the meeting to your calendar.",
      update: "A new calendar file is attached: it updates the meeting in your calendar.",
      cancellation: "A calendar file is attached: it removes the meeting from your calendar.",
      external: "A calendar file is attached: open it to add the meeting to your calendar.",
    },
    signature: "Case-meeting workspace",
  },
  ru: {
    subject: {
      invitation: "Приглашение на встречу по случаю {date}",
      update: "Изменилось время или место встречи по случаю: {date}",
      cancellation: "Встреча по случаю {date} отменена",
      external: "Приглашение на встречу по случаю {date}",
    },
    greeting: "Здравствуйте, {name}!",
    intro: {
      invitation: "{organiser} приглашает вас на встречу по случаю.",
      update: "{organiser} изменил(а) время или место встречи по случаю. Новые данные ниже.",
      cancellation: "{organiser} отменил(а) встречу по случаю. Встреча не состоится.",
      external: "{organiser} приглашает вас на встречу по случаю.",
    },
    purpose: "Цель встречи",
    when: "Время",
    timeZone: "по эстонскому времени",
    place: "Место",
    online: "Ссылка для участия онлайн",
    onlineOnly: "онлайн",
    role: "Ваша роль на встрече",
    contribution: "Что от вас ожидают",
    action: {
      invitation:
        "Пожалуйста, откройте страницу встречи и сообщите, придёте ли вы. Там же можно дать согласие на участие:",
      update: "Пожалуйста, откройте страницу встречи и ещё раз подтвердите, сможете ли вы прийти в новое время:",
      cancellation: "Причину и другую информацию вы найдёте на странице встречи:",
      external:
        "Чтобы участвовать, создайте себе учётную запись по этой ссылке. Затем вы сможете сообщить, придёте ли вы, и дать согласие на участие:",
    },
    expires: "Ссылка действует до {date} и работает один раз.",
    confidentiality:
      "На встрече говорят о жизни и здоровье человека. Всё, что вы там услышите, остаётся между участниками встречи.",
    calendar: {
      invitation: "К письму приложен файл календаря: откройте его, чтобы добавить встречу в свой календарь.",
      update: "К письму приложен новый файл календаря: он изменит встречу в вашем календаре.",
      cancellation: "К письму приложен файл календаря: он удалит встречу из вашего календаря.",
      external: "К письму приложен файл календаря: откройте его, чтобы добавить встречу в свой календарь.",
    },
    signature: "Рабочее пространство встреч по случаю",
  },
};

const CALENDAR_SUMMARY: Record<Locale, string> = {
  et: "Juhtumikohtumine",
  en: "Case meeting",
  ru: "Встреча по случаю",
};

function fill(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

/** The calendar entry's title in the recipient's language (no names: calendars are shared). */
export function calendarSummary(locale: Locale): string {
  return CALENDAR_SUMMARY[locale];
}

/** "1. detsember 2026" in the recipient's language, Tallinn time. */
export function formatMeetingDate(locale: Locale, date: Date): string {
  return new Intl.DateTimeFormat(LOCALE_TAGS[locale], { dateStyle: "long", timeZone: MEETING_TIME_ZONE }).format(date);
}

/** "teisipäev, 1. detsember 2026, 10:00–11:30" in the recipient's language, Tallinn time. */
export function formatMeetingTime(locale: Locale, startsAt: Date, durationMinutes: number): string {
  const tag = LOCALE_TAGS[locale];
  const day = new Intl.DateTimeFormat(tag, { dateStyle: "full", timeZone: MEETING_TIME_ZONE }).format(startsAt);
  const time = new Intl.DateTimeFormat(tag, {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: MEETING_TIME_ZONE,
  });
  const end = new Date(startsAt.getTime() + durationMinutes * 60_000);
  return `${day}, ${time.format(startsAt)}–${time.format(end)}`;
}

function detailLines(texts: Texts, locale: Locale, data: MeetingMailData | ExternalInvitationMailData): string[] {
  const lines = [
    `${texts.purpose}: ${data.purpose}`,
    `${texts.when}: ${formatMeetingTime(locale, data.startsAt, data.durationMinutes)} (${texts.timeZone})`,
    `${texts.place}: ${data.location ?? texts.onlineOnly}`,
  ];
  if (data.isOnline && data.onlineUrl) lines.push(`${texts.online}: ${data.onlineUrl}`);
  return lines;
}

/** The invitation, update or cancellation for one participant. */
export function buildMeetingMail(kind: MeetingMailKind, data: MeetingMailData, locale: Locale): MailText {
  const texts = TEXTS[locale];
  const lines = [
    fill(texts.greeting, { name: data.recipientName }),
    "",
    fill(texts.intro[kind], { organiser: data.organiserName }),
    "",
    ...detailLines(texts, locale, data),
  ];
  if (kind !== "cancellation") {
    if (data.meetingRole) lines.push(`${texts.role}: ${home[locale][`meetingRole.${data.meetingRole}`]}`);
    if (data.expectedContribution) lines.push(`${texts.contribution}: ${data.expectedContribution}`);
  }
  lines.push("", texts.action[kind], data.link, "");
  if (kind !== "cancellation") lines.push(texts.confidentiality, "");
  lines.push(texts.calendar[kind], "", texts.signature);
  return {
    subject: fill(texts.subject[kind], { date: formatMeetingDate(locale, data.startsAt) }),
    text: lines.join("\n") + "\n",
  };
}

/** The invitation of someone without an account: their link creates it and makes them a participant. */
export function buildExternalInvitationMail(data: ExternalInvitationMailData, locale: Locale): MailText {
  const texts = TEXTS[locale];
  const lines = [
    fill(texts.greeting, { name: data.recipientName }),
    "",
    fill(texts.intro.external, { organiser: data.organiserName }),
    "",
    ...detailLines(texts, locale, data),
    "",
    texts.action.external,
    data.link,
    fill(texts.expires, { date: formatMeetingDate(locale, data.expiresAt) }),
    "",
    texts.confidentiality,
    "",
    texts.calendar.external,
    "",
    texts.signature,
  ];
  return {
    subject: fill(texts.subject.external, { date: formatMeetingDate(locale, data.startsAt) }),
    text: lines.join("\n") + "\n",
  };
}
