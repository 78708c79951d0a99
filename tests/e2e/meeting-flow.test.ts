// Issue 4's acceptance test ("Done when", first bullet), in one real browser against the real app
// process (production build, embedded SQLite, demo data) with a real SMTP server receiving its mail:
//
//   the demo case manager opens a new case for a client who has no account, adds a specialist to
//   the team with the client's consent, prepares a meeting with the specialist and the client
//   (invited by link) and sends the invitations; the invitations arrive at the SMTP server, each
//   with a calendar file ical.js accepts; the client opens the link on a phone, creates an
//   account, confirms with consent and the confidentiality acknowledgement, and the case manager
//   sees it; the case manager and the specialist draft the agenda together, and an item that does
//   not fit in the meeting is refused; the record is completed and approved, refuses a later save,
//   and downloads as a PDF whose text holds the decision.
//
// Each step names the part of 004 §2 ("The case meeting") it proves.
import { readFile } from "node:fs/promises";
import ICAL from "ical.js";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { agenda as agendaMessages } from "../../app/i18n/messages/agenda.ts";
import { cases } from "../../app/i18n/messages/cases.ts";
import { home } from "../../app/i18n/messages/home.ts";
import { invite } from "../../app/i18n/messages/invite.ts";
import { meetings } from "../../app/i18n/messages/meetings.ts";
import { records } from "../../app/i18n/messages/records.ts";
import { team } from "../../app/i18n/messages/team.ts";
import { DEMO_CASE_MANAGER_EMAIL, DEMO_PASSWORD } from "../../app/lib/demo.ts";
import { atTallinnTime } from "../../prisma/demo-data.ts";
import { expectNoAxeViolations, hasNoHorizontalScroll, PHONE, signIn } from "../support/browser.ts";
import { demoAccount, pathOf, sectionTitled, startAppInBrowser } from "../support/e2e.ts";
import { parseMail } from "../support/smtp-sink.ts";
import { pdfText } from "../support/pdf-text.ts";

const et = {
  ...agendaMessages.et,
  ...cases.et,
  ...home.et,
  ...invite.et,
  ...meetings.et,
  ...records.et,
  ...team.et,
};

/** Every wait of the browser is bounded by this; the whole scenario by TEST_TIMEOUT_MS. */
const STEP_TIMEOUT_MS = 20_000;
const TEST_TIMEOUT_MS = 240_000;

const PIRET = demoAccount("Piret Oja"); // rehabilitation specialist (SKA)

// The client: synthetic, new to the system (no account) until she accepts the link.
const CLIENT = {
  firstName: "Maret",
  lastName: "Õunapuu",
  name: "Maret Õunapuu",
  personalCode: "10101010005", // born 1 January 1801: nobody living has it
  email: "uus.klient@klient.example",
  password: "Minu pikk parool 2026!",
};

const PURPOSE = "Koduteenuse plaan: mida Maret vajab õhtuti ja kes mida teeb";
const MEETING_MINUTES = 60;
const DECISION = "Otsus: koduteenus õhtuti, vastutab sotsiaaltöötaja";
const STALE_TEXT = "Keegi üritab kinnitatud protokolli muuta";

const app = startAppInBrowser({ withMail: true, stepTimeoutMs: STEP_TIMEOUT_MS });

// ---- Small helpers ----------------------------------------------------------------------------

const { newPage } = app;

/** The start, a week ahead at 14:30 on a Tallinn wall clock: the form's value and the instant. */
function plannedStart(): { wallClock: string; instant: Date } {
  const instant = atTallinnTime(new Date(), 7, 14, 30);
  const day = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Tallinn",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(instant);
  return { wallClock: `${day}T14:30`, instant };
}

function participantItem(page: Page, name: string) {
  return page.getByTestId("meeting-participants").locator("li", { hasText: name });
}

/** The one calendar file of a received message, parsed by ical.js. */
function calendarOf(raw: string) {
  const mail = parseMail(raw);
  const calendars = mail.attachments.filter((a) => /text\/calendar/i.test(a.contentType));
  expect(calendars).toHaveLength(1);
  const calendar = new ICAL.Component(ICAL.parse(calendars[0]!.content));
  const event = calendar.getFirstSubcomponent("vevent");
  if (!event) throw new Error("no VEVENT in the calendar file");
  return {
    mail,
    method: calendar.getFirstPropertyValue("method"),
    uid: String(event.getFirstPropertyValue("uid")),
    sequence: Number(event.getFirstPropertyValue("sequence")),
    start: (event.getFirstPropertyValue("dtstart") as ICAL.Time).toJSDate(),
    attendees: event.getAllProperties("attendee").map((p) => String(p.getFirstValue())),
  };
}

/** The one message the sink received for this address (mail is sent before the page answers). */
async function theMailTo(address: string) {
  await expect.poll(() => app.mail.to(address).length, { timeout: STEP_TIMEOUT_MS }).toBeGreaterThan(0);
  const received = app.mail.to(address);
  expect(received, `mail to ${address}`).toHaveLength(1);
  return received[0]!;
}

// ---- The steps --------------------------------------------------------------------------------

/** Opens a case for a client who has no account; returns the case page's path. */
async function openNewCase(kadri: Page): Promise<string> {
  await kadri.goto(`${app.url}/cases/new`, { waitUntil: "networkidle" });
  await kadri.getByRole("heading", { level: 1, name: et["cases.new.title"] }).waitFor();
  await kadri.getByLabel(et["client.firstName"]).fill(CLIENT.firstName);
  await kadri.getByLabel(et["client.lastName"]).fill(CLIENT.lastName);
  await kadri.getByLabel(et["client.personalCode"]).fill(CLIENT.personalCode);
  await kadri.getByLabel(et["cases.field.summary"]).fill("Elab üksi, vajab õhtuti abi koduste toimetustega.");
  await Promise.all([
    kadri.waitForURL((url) => /^\/cases\/[a-z][a-z0-9]{19,}$/.test(url.pathname), { waitUntil: "commit" }),
    kadri.getByRole("button", { name: et["cases.new.submit"] }).click(),
  ]);
  await kadri.getByRole("status").filter({ hasText: et["cases.done.created"] }).waitFor();
  return pathOf(kadri);
}

/** 004 §3.1 (used by §2.1): a specialist joins the team only with the client's recorded consent. */
async function addSpecialistWithConsent(kadri: Page, casePath: string) {
  await kadri.goto(`${app.url}${casePath}/team?q=Piret`, { waitUntil: "networkidle" });
  await kadri.getByRole("radio", { name: new RegExp(PIRET.name) }).check();
  const addForm = kadri.locator("form", { has: kadri.getByRole("button", { name: et["team.add.submit"] }) });
  await addForm.getByLabel(et["team.consent.form.WRITTEN"]).check();
  await addForm.getByLabel(et["team.consent.scope"]).fill("Koduteenuse ja taastusravi planeerimiseks vajalikud andmed");
  await addForm.getByLabel(et["team.consent.givenAt"]).fill(new Date().toISOString().slice(0, 10));
  await addForm.getByRole("button", { name: et["team.add.submit"] }).click();
  await kadri.getByRole("status").filter({ hasText: et["team.done.add"] }).waitFor();
  await kadri
    .getByTestId("team-members")
    .getByRole("rowheader", { name: new RegExp(PIRET.name) })
    .waitFor();
}

/** 004 §2.1: purpose, time and length, place, participants with meeting roles and contributions, the client's way of taking part. */
async function planMeeting(kadri: Page, casePath: string, wallClock: string): Promise<string> {
  await kadri.goto(`${app.url}${casePath}/meetings/new`, { waitUntil: "networkidle" });
  await kadri.getByRole("heading", { level: 1, name: et["meeting.new.title"] }).waitFor();
  await kadri.getByLabel(et["meeting.field.purpose"], { exact: true }).fill(PURPOSE);
  await kadri.getByLabel(et["meeting.field.startsAt"], { exact: true }).fill(wallClock);
  await kadri.getByLabel(et["meeting.field.duration"], { exact: true }).fill(String(MEETING_MINUTES));
  await kadri.getByLabel(et["meeting.field.location"], { exact: true }).fill("Tartu vallamaja, nõupidamisruum");
  const row = (name: string) => kadri.locator("fieldset.participant-row", { hasText: name });
  const kadriRow = row("Kadri Kask");
  await kadriRow.getByLabel(et["meeting.participants.takesPart"], { exact: true }).check();
  await kadriRow.getByLabel(et["meeting.field.meetingRole"], { exact: true }).selectOption("MODERATOR");
  const piretRow = row(PIRET.name);
  await piretRow.getByLabel(et["meeting.participants.takesPart"], { exact: true }).check();
  await piretRow.getByLabel(et["meeting.field.meetingRole"], { exact: true }).selectOption("MINUTE_TAKER");
  await piretRow.getByLabel(et["meeting.field.expectedContribution"], { exact: true }).fill("Taastusravi võimalused");
  await kadri.getByRole("radio", { name: et["meeting.clientParticipation.IN_PERSON"] }).check();
  await kadri
    .getByLabel(et["meeting.field.clientExpectations"], { exact: true })
    .fill("Tahan õhtuti kodus hakkama saada.");
  await Promise.all([
    kadri.waitForURL(/\/meetings\/[a-z0-9]+\?done=created$/),
    kadri.getByRole("button", { name: et["meeting.new.submit"] }).click(),
  ]);
  await kadri.getByText(et["meeting.done.created"]).waitFor();
  // The page follows the others' changes by itself from here on.
  await kadri.getByText(et["meeting.live.on"]).waitFor();
  return pathOf(kadri);
}

/** 004 §2.1: someone without an account is invited by a copyable link (and by e-mail when the address is known). */
async function inviteClientByLink(kadri: Page): Promise<string> {
  const section = sectionTitled(kadri, et["meeting.invite.title"]);
  expect(await section.getByLabel(et["team.invite.role"]).inputValue()).toBe("CLIENT");
  await section.getByLabel(et["team.invite.name"], { exact: true }).fill(CLIENT.name);
  await section.getByLabel(et["team.invite.email"], { exact: true }).fill(CLIENT.email);
  await section.getByRole("button", { name: et["meeting.invite.submit"] }).click();
  const done = section
    .getByRole("status")
    .filter({ hasText: et["meeting.invite.created"].replace("{name}", CLIENT.name) });
  await done.waitFor();
  expect(await done.textContent()).toContain(et["team.invite.mail.sent"]);
  const link = await done.getByLabel(et["team.invite.linkLabel"]).inputValue();
  expect(link).toMatch(/^http:\/\/[^/]+\/invite\/[A-Za-z0-9_-]+$/);
  return link;
}

/** 004 §2.1: invitations by e-mail to the participants from the team. */
async function sendInvitations(kadri: Page) {
  const section = sectionTitled(kadri, et["meeting.invitations.title"]);
  await section.getByRole("button", { name: et["meeting.invitations.sendMissing"].replace("{count}", "2") }).click();
  const result = section.getByRole("status");
  await result.filter({ hasText: PIRET.name }).waitFor();
  expect(await result.textContent()).toBe(
    et["meeting.invitations.sent"].replace("{names}", `Kadri Kask, ${PIRET.name}`),
  );
}

/** 004 §2.1: the client takes part by choice: consent to take part, and confidentiality acknowledged. */
async function clientAcceptsOnPhone(link: string, meetingPath: string): Promise<Page> {
  const phone = await newPage({ viewport: PHONE });
  // The link names the app's public address; the language there is Estonian too.
  await phone.context().addCookies([{ name: "lang", value: "et", url: new URL(link).origin }]);
  await phone.goto(link, { waitUntil: "networkidle" });
  await phone.getByRole("heading", { level: 1, name: et["invite.title.EXTERNAL"] }).waitFor();
  await expectNoAxeViolations(phone, "the invitation page on the client's phone");
  expect(await hasNoHorizontalScroll(phone)).toBe(true);
  await phone.getByLabel(et["invite.name"], { exact: true }).fill(CLIENT.name);
  await phone.getByLabel(et["invite.email"], { exact: true }).fill(CLIENT.email);
  await phone.getByLabel(et["invite.password"], { exact: true }).fill(CLIENT.password);
  await phone.getByLabel(et["invite.passwordConfirm"], { exact: true }).fill(CLIENT.password);
  await Promise.all([
    phone.waitForURL((url) => url.pathname === meetingPath),
    phone.getByRole("button", { name: et["invite.submit.EXTERNAL"] }).click(),
  ]);

  // Her limited account lands on the meeting; she answers there.
  const respond = sectionTitled(phone, et["meeting.respond.title"]);
  await respond.waitFor();
  expect(await respond.textContent()).toContain(et["meeting.respond.current.PENDING"]);
  await respond.getByLabel(et["meeting.respond.accept"]).check();
  await respond.getByLabel(et["meeting.respond.consent"], { exact: true }).check();
  await respond.getByLabel(et["meeting.respond.confidentiality"], { exact: true }).check();
  await respond.getByRole("button", { name: et["meeting.respond.submit"] }).click();
  await respond.getByRole("status").filter({ hasText: et["meeting.respond.saved"] }).waitFor();
  expect(await respond.textContent()).toContain(et["meeting.respond.current.ACCEPTED"]);
  expect(await participantItem(phone, CLIENT.name).textContent()).toContain(et["meeting.participant.you"]);
  await expectNoAxeViolations(phone, "the meeting page on the client's phone");
  expect(await hasNoHorizontalScroll(phone)).toBe(true);
  return phone;
}

function agendaAddForm(page: Page) {
  return page.getByRole("form", { name: et["agenda.add.title"] });
}

/** Adds an agenda item through the form: title, time box, who leads it. */
async function submitAgendaItem(page: Page, item: { title: string; minutes: number; owner: string }) {
  const form = agendaAddForm(page);
  await form.getByLabel(et["agenda.field.title"], { exact: true }).fill(item.title);
  await form.getByLabel(et["agenda.field.duration"], { exact: true }).fill(String(item.minutes));
  const owner = form.getByLabel(et["agenda.field.owner"], { exact: true });
  const value = await owner.locator("option", { hasText: item.owner }).getAttribute("value");
  await owner.selectOption(value!);
  await form.getByRole("button", { name: et["agenda.add.submit"] }).click();
}

async function addAgendaItem(page: Page, item: { title: string; minutes: number; owner: string }) {
  await submitAgendaItem(page, item);
  await agendaAddForm(page).getByRole("status").filter({ hasText: et["agenda.done.add"] }).waitFor();
}

async function agendaTitles(page: Page): Promise<string[]> {
  return page.getByTestId("agenda-item").locator(".item__title").allTextContents();
}

async function expectAgenda(page: Page, titles: string[], totalMinutes: number) {
  await expect
    .poll(async () => (await agendaTitles(page)).map((t) => t.replace(/\s+\d+ min$/, "").trim()), {
      timeout: STEP_TIMEOUT_MS,
    })
    .toEqual(titles.map((t, i) => `${i + 1}. ${t}`));
  expect(await page.getByTestId("agenda-total").textContent()).toBe(
    et["agenda.total"].replace("{total}", String(totalMinutes)).replace("{length}", String(MEETING_MINUTES)),
  );
}

/** Signs in in a context without JavaScript: nothing on that page will refresh by itself. */
async function staleRecordWindow(
  browser: Browser,
  recordUrl: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "et-EE" });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
  await context.addCookies([{ name: "lang", value: "et", url: app.url }]);
  const page = await context.newPage();
  await signIn(page, app.url, DEMO_CASE_MANAGER_EMAIL, DEMO_PASSWORD);
  await page.goto(recordUrl);
  await page.getByRole("button", { name: et["records.save"] }).waitFor();
  return { context, page };
}

/** 004 §2.3 and §2.2: at least one planned step with who and by when, and the four closing answers. */
async function completeRecord(kadri: Page, deadline: string) {
  const step = kadri.getByRole("group", { name: et["records.step.legend"].replace("{n}", "1") });
  await step.getByLabel(et["records.step.text"]).fill(DECISION);
  const responsible = step.getByLabel(et["records.step.responsible"], { exact: true });
  const kadriValue = await responsible.locator("option", { hasText: "Kadri Kask" }).getAttribute("value");
  await responsible.selectOption(kadriValue!);
  await step.getByLabel(et["records.step.deadline"]).fill(deadline);
  await step.getByLabel(et["records.step.nextStep"]).fill("Koduteenuse leping allkirjastada");
  await kadri
    .getByLabel(et["records.closing.whatBecameClear"])
    .fill("Maret vajab abi õhtuti, hommikuti saab ise hakkama.");
  await kadri.getByLabel(et["records.closing.whatStillNeedsDiscussing"]).fill("Taastusravi aeg ja transport.");
  await kadri.getByLabel(et["records.closing.beforeNextMeeting"]).fill("Koduteenuse taotlus esitada.");
  await kadri.getByLabel(et["records.closing.firstStep"]).fill("Kadri esitab taotluse sel nädalal.");
}

// ---- The scenario -----------------------------------------------------------------------------

describe("issue 4, done when: a case meeting from preparation to the approved record", () => {
  it(
    "is prepared with a specialist and the client invited by link, confirmed on a phone, drafted by two, recorded, approved, frozen and downloaded as PDF",
    async () => {
      const { wallClock, instant: startsAt } = plannedStart();

      // ---- 004 §2.1 preparation: the case manager plans the meeting -----------------------------
      const kadri = await newPage();
      await signIn(kadri, app.url, DEMO_CASE_MANAGER_EMAIL, DEMO_PASSWORD);
      const casePath = await openNewCase(kadri);
      await addSpecialistWithConsent(kadri, casePath);
      const meetingPath = await planMeeting(kadri, casePath, wallClock);
      const meetingId = meetingPath.split("/").pop()!;
      expect(await participantItem(kadri, "Kadri Kask").textContent()).toContain(et["meetingRole.MODERATOR"]);
      expect(await participantItem(kadri, PIRET.name).textContent()).toContain(et["meetingRole.MINUTE_TAKER"]);
      const link = await inviteClientByLink(kadri);
      await sendInvitations(kadri);

      // ---- 004 §2.1 invitations by e-mail with a calendar file: what arrived at the SMTP server ---
      const uids = new Set<string>();
      // The case manager takes part too (moderator), so she gets her calendar entry as well.
      for (const address of [DEMO_CASE_MANAGER_EMAIL, PIRET.email, CLIENT.email]) {
        const message = await theMailTo(address);
        const ics = calendarOf(message.raw);
        expect(ics.method).toBe("REQUEST");
        expect(ics.uid).toMatch(new RegExp(`^meeting-${meetingId}@`));
        expect(ics.sequence).toBe(0);
        expect(ics.start.getTime()).toBe(startsAt.getTime());
        expect(ics.attendees).toEqual([`mailto:${address}`]);
        expect(ics.mail.subject).toMatch(/^Kutse juhtumikohtumisele/);
        uids.add(ics.uid);
      }
      expect(uids.size).toBe(1); // one meeting, one calendar entry for everyone
      expect(parseMail((await theMailTo(PIRET.email)).raw).text).toContain(`/meetings/${meetingId}`);
      // The client has no account yet: her mail carries the invitation link.
      expect(parseMail((await theMailTo(CLIENT.email)).raw).text).toContain(link);

      // ---- 004 §2.1 the client confirms, consents and acknowledges confidentiality, on a phone ----
      const phone = await clientAcceptsOnPhone(link, meetingPath);

      // ---- 004 §2.1 the case manager sees who has confirmed and consented (no reload) -----------
      const clientOnKadrisPage = participantItem(kadri, CLIENT.name);
      await expect
        .poll(async () => (await clientOnKadrisPage.textContent()) ?? "", { timeout: STEP_TIMEOUT_MS })
        .toContain(et["meeting.response.ACCEPTED"]);
      const clientText = (await clientOnKadrisPage.textContent()) ?? "";
      expect(clientText).toContain(et["meeting.participant.consentGiven"]);
      expect(clientText).toContain(et["meeting.participant.confidentialityGiven"]);
      expect(clientText).toContain(et["caseRole.CLIENT"]);

      // ---- 004 §2.1 the agenda, drafted together: the case manager and the specialist ----------
      const piret = await newPage();
      await signIn(piret, app.url, PIRET.email, DEMO_PASSWORD);
      await piret.goto(`${app.url}${meetingPath}`, { waitUntil: "networkidle" });
      await piret.getByText(et["meeting.live.on"]).waitFor();
      const first = { title: "Mareti soovid ja mured õhtuti", minutes: 20, owner: "Kadri Kask" };
      const second = { title: "Taastusravi võimalused", minutes: 25, owner: PIRET.name };
      await addAgendaItem(kadri, first);
      await addAgendaItem(piret, second);
      for (const page of [kadri, piret, phone]) await expectAgenda(page, [first.title, second.title], 45);

      // An item whose time box would exceed the meeting's length is refused; nothing changes.
      await submitAgendaItem(kadri, { title: "Liiga pikk arutelu", minutes: 30, owner: "Kadri Kask" });
      const refusal = agendaAddForm(kadri).getByRole("alert");
      await refusal.waitFor();
      expect(await refusal.textContent()).toBe(
        et["agenda.exceedsMeeting"].replace("{total}", "75").replace("{length}", String(MEETING_MINUTES)),
      );
      await kadri.reload({ waitUntil: "networkidle" });
      for (const page of [kadri, piret]) await expectAgenda(page, [first.title, second.title], 45);

      // ---- 004 §2.3 the record: started, completed, approved ------------------------------------
      const recordUrl = `${app.url}${meetingPath}/record`;
      await kadri.goto(recordUrl, { waitUntil: "networkidle" });
      await Promise.all([
        kadri.waitForURL((url) => url.searchParams.get("done") === "started"),
        kadri.getByRole("button", { name: et["records.start.submit"] }).click(),
      ]);
      await kadri.getByRole("status").filter({ hasText: et["records.done.started"] }).waitFor();
      // A second window on the draft, opened now, for the change attempted after approval.
      const stale = await staleRecordWindow(app.browser, recordUrl);

      const deadline = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString().slice(0, 10);
      await completeRecord(kadri, deadline);
      await kadri.getByLabel(et["records.approve.confirm"]).check();
      await Promise.all([
        kadri.waitForURL((url) => url.searchParams.get("done") === "approved"),
        kadri.getByRole("button", { name: et["records.approve.submit"] }).click(),
      ]);
      await kadri.getByRole("status").filter({ hasText: et["records.done.approved"] }).waitFor();
      expect(await kadri.getByTestId("record-approved-by").textContent()).toMatch(/^Kinnitas Kadri Kask /);
      expect(await kadri.getByTestId("record-planned-steps").textContent()).toContain(DECISION);
      expect(await kadri.getByRole("button", { name: et["records.save"] }).count()).toBe(0);
      const hash = (await kadri.getByTestId("record-hash").textContent()) ?? "";
      expect(hash).toMatch(/^[0-9a-f]{64}$/);

      // ---- 004 §2.3 an approved record refuses a change ---------------------------------------
      await stale.page.getByLabel(et["records.section.topics"]).fill(STALE_TEXT);
      await stale.page.getByRole("button", { name: et["records.save"] }).click();
      await stale.page.getByRole("alert").filter({ hasText: et["records.frozen"] }).waitFor();
      expect(await stale.page.getByTestId("record-hash").textContent()).toBe(hash);
      expect(await stale.page.getByTestId("record-planned-steps").textContent()).toContain(DECISION);
      await stale.context.close();
      await kadri.reload({ waitUntil: "networkidle" });
      expect(await kadri.getByTestId("record-hash").textContent()).toBe(hash);
      expect(await kadri.getByTestId("record-planned-steps").textContent()).toContain(DECISION);
      expect(await kadri.getByText(STALE_TEXT).count()).toBe(0);

      // ---- 004 §2.3 the PDF: the decision with its Estonian letters, the approval, page numbers --
      const [download] = await Promise.all([
        kadri.waitForEvent("download", { timeout: STEP_TIMEOUT_MS }),
        kadri.getByRole("link", { name: et["records.downloadPdf"] }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.pdf$/);
      const pdf = await pdfText(await readFile((await download.path())!));
      expect(pdf.all).toContain(DECISION);
      expect(pdf.all).toContain(et["records.step.line"].split("{name}")[0]! + "Kadri Kask");
      expect(pdf.all).toContain(et["records.pdf.approvedLine"].replace("{name}", "Kadri Kask").split(",")[0]!);
      expect(pdf.all).toContain(hash);
      pdf.pages.forEach((text, i) => {
        expect(text).toContain(
          et["records.pdf.pageOf"].replace("{page}", String(i + 1)).replace("{count}", String(pdf.pages.length)),
        );
      });
    },
    TEST_TIMEOUT_MS,
  );
});
