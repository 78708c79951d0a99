// Issue 5's acceptance test ("Done when", first bullet), in real Chromium against the real app
// process (production build, embedded SQLite, demo data) with a real SMTP server receiving its mail:
//
//   the case manager (Kadri Kask) plans a meeting of Jaan Kivi's case on the case page, with the
//   rehabilitation specialist (Piret Oja) and Jaan, drafts the agenda and sends the invitations;
//   Jaan opens the link from his e-mail on a phone, signs in, agrees to take part and to
//   confidentiality in the lobby and enters the room, which shows him the plain client view. In the
//   room the moderator confirms the agenda, starts an item and its timer; moderator and specialist
//   write the minutes together; a decision gets a responsible person and a deadline; the specialist
//   disagrees with it; a dissent recorded for the wrong person is withdrawn; an item is added to the
//   agenda from the room, past the meeting's length; the client sees the decision with who does it
//   and by when, and his "I disagree" reaches the moderator and not the specialist; after the
//   specialist reloads, all three agree on the current item and the timer's item; the moderator ends
//   the meeting and produces the record from the room, which holds the decision and the dissent.
//
// The steps follow 004 §2.1 (preparing the meeting) and §2.2 (running it).
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { agenda as agendaMessages } from "../../app/i18n/messages/agenda.ts";
import { auth } from "../../app/i18n/messages/auth.ts";
import { home } from "../../app/i18n/messages/home.ts";
import { meetings } from "../../app/i18n/messages/meetings.ts";
import { records } from "../../app/i18n/messages/records.ts";
import { room } from "../../app/i18n/messages/room.ts";
import { toTallinnLocalInput } from "../../app/domain/time/tallinn-time.ts";
import { DEMO_CASE_MANAGER_EMAIL, DEMO_PASSWORD } from "../../app/lib/demo.ts";
import { DEMO_CASE_NUMBERS, atTallinnTime } from "../../prisma/demo-data.ts";
import { expectNoAxeViolations, hasNoHorizontalScroll, PHONE, signIn } from "../support/browser.ts";
import { demoAccount, fillMessage, pathOf, sectionTitled, startAppInBrowser } from "../support/e2e.ts";
import { parseMail } from "../support/smtp-sink.ts";

const et = { ...agendaMessages.et, ...auth.et, ...home.et, ...meetings.et, ...records.et, ...room.et };

/** Every wait of the browser is bounded by this; the whole scenario by TEST_TIMEOUT_MS. */
const STEP_TIMEOUT_MS = 15_000;
const TEST_TIMEOUT_MS = 110_000;

const [JAANS_CASE] = DEMO_CASE_NUMBERS;
const KADRI = demoAccount("Kadri Kask"); // case manager, the moderator
const PIRET = demoAccount("Piret Oja"); // rehabilitation specialist (SKA), on Jaan's team with his consent; minute-taker
const JAAN = demoAccount("Jaan Kivi"); // the client

const PURPOSE = "Ruumi proov: Jaani tööle naasmine ja abi kodus";
const MEETING_MINUTES = 60;
const ITEM_1 = { title: "Jaani soovid ja mured", minutes: 20, owner: KADRI.name };
const ITEM_2 = { title: "Rehabilitatsiooni võimalused", minutes: 25, owner: PIRET.name };
// Raised during the meeting; with it the time boxes (75 min) exceed the meeting (60 min).
const ITEM_3 = { title: "Transport taastusravile", minutes: 30, owner: PIRET.name };
const KADRI_MINUTES = "Kadri: Jaan soovib alustada osalise koormusega.";
const PIRET_MINUTES = "Piret: SKA rehabilitatsiooniteenus sobib, ootejärjekord umbes kuu.";
const DECISION = "Taotleda Jaanile rehabilitatsiooniteenust";
const NEXT_STEP = "Piret saadab taotluse vormi Kadrile";
const DISSENT = "Ootejärjekord on liiga pikk, alustada tuleks kohe ambulatoorselt.";
const MISTAKEN_DISSENT = "Kogemata vale inimese nimel";

const app = startAppInBrowser({ withMail: true, stepTimeoutMs: STEP_TIMEOUT_MS });

// ---- Small helpers ----------------------------------------------------------------------------

const { newPage } = app;

/** The accessible name of a control that carries "– <what>" for screen readers after its text. */
const named = (text: string, what: string) => `${text} – ${what}`;

/** Polls `read` until it equals `expected`, within one step's time. */
async function eventually<T>(read: () => Promise<T>, expected: T, message?: string) {
  await expect.poll(read, { timeout: STEP_TIMEOUT_MS, message }).toEqual(expected);
}

/** Socket.io frames a page received (text frames as sent: `42["event",{...}]`). */
function recordFrames(page: Page): string[] {
  const frames: string[] = [];
  page.on("websocket", (ws) => {
    if (!ws.url().includes("/socket.io/")) return;
    ws.on("framereceived", ({ payload }) => frames.push(typeof payload === "string" ? payload : payload.toString()));
  });
  return frames;
}

/** How the browser itself writes a date with the app's format (the client view is drawn in the browser). */
function browserDate(page: Page, isoDate: string): Promise<string> {
  return page.evaluate(
    (d) => new Intl.DateTimeFormat("et-EE", { dateStyle: "medium", timeZone: "Europe/Tallinn" }).format(new Date(d)),
    isoDate,
  );
}

// ---- Preparation (004 §2.1), as the case manager does it ----------------------------------------

async function planMeeting(kadri: Page): Promise<string> {
  await kadri.getByRole("link", { name: fillMessage(et["home.caseNumber"], { number: JAANS_CASE }) }).click();
  await kadri.getByRole("heading", { level: 1, name: new RegExp(JAANS_CASE) }).waitFor();
  await Promise.all([
    kadri.waitForURL(/\/meetings\/new$/),
    kadri.getByRole("link", { name: et["meeting.plan"] }).click(),
  ]);
  await kadri.getByLabel(et["meeting.field.purpose"], { exact: true }).fill(PURPOSE);
  await kadri
    .getByLabel(et["meeting.field.startsAt"], { exact: true })
    .fill(toTallinnLocalInput(atTallinnTime(new Date(), 1, 10)));
  await kadri.getByLabel(et["meeting.field.duration"], { exact: true }).fill(String(MEETING_MINUTES));
  await kadri.getByLabel(et["meeting.field.location"], { exact: true }).fill("Tartu vallamaja, nõupidamisruum");
  const row = (name: string) => kadri.locator("fieldset.participant-row", { hasText: name });
  await expect(row(KADRI.name).getByLabel(et["meeting.field.meetingRole"], { exact: true }).inputValue()).resolves.toBe(
    "MODERATOR",
  );
  const piret = row(PIRET.name);
  await piret.getByLabel(et["meeting.participants.takesPart"], { exact: true }).check();
  // Every meeting needs its minute-taker (004 §2.2); the specialist writes the minutes with the moderator.
  await piret.getByLabel(et["meeting.field.meetingRole"], { exact: true }).selectOption("MINUTE_TAKER");
  const jaan = row(JAAN.name);
  await jaan.getByLabel(et["meeting.participants.takesPart"], { exact: true }).check();
  await jaan.getByLabel(et["meeting.field.isRemote"], { exact: true }).check();
  await kadri.getByRole("radio", { name: et["meeting.clientParticipation.REMOTE"] }).check();
  await Promise.all([
    kadri.waitForURL(/\/meetings\/[a-z0-9]+\?done=created$/),
    kadri.getByRole("button", { name: et["meeting.new.submit"] }).click(),
  ]);
  await kadri.getByText(et["meeting.live.on"]).waitFor();
  return pathOf(kadri);
}

async function addAgendaItemOnMeetingPage(kadri: Page, item: typeof ITEM_1) {
  const form = kadri.getByRole("form", { name: et["agenda.add.title"] });
  await form.getByLabel(et["agenda.field.title"], { exact: true }).fill(item.title);
  await form.getByLabel(et["agenda.field.duration"], { exact: true }).fill(String(item.minutes));
  const owner = form.getByLabel(et["agenda.field.owner"], { exact: true });
  await owner.selectOption((await owner.locator("option", { hasText: item.owner }).getAttribute("value"))!);
  await form.getByRole("button", { name: et["agenda.add.submit"] }).click();
  await form.getByRole("status").filter({ hasText: et["agenda.done.add"] }).waitFor();
}

/** 004 §2.1: invitations by e-mail; returns the link in the client's message. */
async function sendInvitations(kadri: Page, meetingId: string): Promise<string> {
  const section = sectionTitled(kadri, et["meeting.invitations.title"]);
  await section.getByRole("button", { name: fillMessage(et["meeting.invitations.sendMissing"], { count: 3 }) }).click();
  await section.getByRole("status").filter({ hasText: JAAN.name }).waitFor();
  await expect.poll(() => app.mail.to(JAAN.email).length, { timeout: STEP_TIMEOUT_MS }).toBe(1);
  const text = parseMail(app.mail.to(JAAN.email)[0]!.raw).text;
  const link = /https?:\/\/\S+\/meetings\/[a-z0-9]+/.exec(text)?.[0];
  // The app's own address (it may name itself localhost rather than 127.0.0.1) and the meeting page.
  expect(link && new URL(link).port).toBe(new URL(app.url).port);
  expect(link && new URL(link).pathname).toBe(`/meetings/${meetingId}`);
  return link!;
}

/** Opens the link of an invitation e-mail: the meeting page is behind sign-in, which leads back to it. */
async function followInvitation(page: Page, link: string, email: string, meetingPath: string) {
  await page.context().addCookies([{ name: "lang", value: "et", url: new URL(link).origin }]);
  await page.goto(link, { waitUntil: "networkidle" });
  expect(pathOf(page)).toBe("/login");
  await page.getByLabel(et["auth.email"]).fill(email);
  await page.getByLabel(et["auth.password"]).fill(DEMO_PASSWORD);
  await Promise.all([
    page.waitForURL((url) => url.pathname === meetingPath),
    page.getByRole("button", { name: et["auth.signIn"] }).click(),
  ]);
}

/** 004 §2.1–2.2: the lobby repeats purpose, role and confidentiality; only who consents enters. */
async function throughLobby(page: Page, options: { role: "PARTICIPANT" | "MINUTE_TAKER"; checkAxe: boolean }) {
  await Promise.all([page.waitForURL((url) => url.pathname.endsWith("/room")), page.getByTestId("enter-room").click()]);
  await page.getByRole("heading", { level: 1, name: new RegExp(et["room.lobby.title"]) }).waitFor();
  expect(await page.locator(".meeting-purpose").textContent()).toBe(PURPOSE);
  await page.getByText(fillMessage(et["room.lobby.yourRole"], { role: et[`meetingRole.${options.role}`] })).waitFor();
  await page.getByRole("heading", { level: 2, name: et["meeting.respond.confidentialityTitle"] }).waitFor();
  // Not yet agreed: there is no way in, only the form.
  expect(await page.getByRole("link", { name: et["room.lobby.enter"] }).count()).toBe(0);
  if (options.checkAxe) {
    await expectNoAxeViolations(page, "the lobby on the client's phone");
    expect(await hasNoHorizontalScroll(page)).toBe(true);
  }
  await page.getByLabel(et["meeting.respond.consent"], { exact: true }).check();
  await page.getByLabel(et["meeting.respond.confidentiality"], { exact: true }).check();
  await Promise.all([
    page.waitForURL((url) => url.searchParams.get("done") === "accepted"),
    page.getByRole("button", { name: et["room.lobby.acceptSubmit"] }).click(),
  ]);
  await page.getByRole("status").filter({ hasText: et["room.lobby.accepted"] }).waitFor();
  await page.getByRole("link", { name: et["room.lobby.enter"] }).click();
  await page.getByTestId("meeting-room").waitFor();
}

// ---- Reading the room -------------------------------------------------------------------------

function roomAgenda(page: Page) {
  return page.getByTestId("room-agenda");
}

/** The full view's current item, and the item whose timer is shown, as "n. title". */
async function fullViewAgreement(page: Page) {
  const current = roomAgenda(page).locator("li[aria-current='step'] .room-agenda__title");
  const timed = roomAgenda(page).locator("li", { has: page.getByTestId("room-timer") });
  return {
    current: (await current.allTextContents()).map((t) => t.trim()),
    timed: (await timed.locator(".room-agenda__title").allTextContents()).map((t) => t.trim()),
    isRunning: (await timed.getByTestId("room-timer").allTextContents()).map((t) =>
      t.includes(et["room.timer.running"]),
    ),
  };
}

function minutesEditor(page: Page, itemTitle: string): Locator {
  return page.getByRole("textbox", { name: named(et["room.minutes.title"], itemTitle), exact: true });
}

/** The paragraphs of a minutes editor, without the others' carets (their name labels are in the DOM). */
function editorParagraphs(editor: Locator): Promise<string[]> {
  return editor.evaluate((element) =>
    Array.from(element.querySelectorAll("p")).map((p) => {
      const copy = p.cloneNode(true) as HTMLElement;
      copy.querySelectorAll(".collaboration-carets__caret").forEach((caret) => caret.remove());
      return copy.textContent ?? "";
    }),
  );
}

function decisionCard(page: Page, n: number): Locator {
  return page.locator("li.room-decision", {
    has: page.getByRole("heading", { level: 4, name: fillMessage(et["room.decision.title"], { n }), exact: true }),
  });
}

/** Values of the text fields (textareas, inputs) and chosen options inside a record fieldset. */
async function fieldValues(group: Locator): Promise<string[]> {
  return group
    .locator("textarea, input:not([type=hidden]), select")
    .evaluateAll((elements) =>
      elements.map((e) =>
        e instanceof HTMLSelectElement ? (e.selectedOptions[0]?.textContent ?? "") : (e as HTMLInputElement).value,
      ),
    );
}

// ---- The scenario -----------------------------------------------------------------------------

describe("issue 5, done when: three people hold a meeting in the live room", () => {
  it(
    "co-edit minutes, record a decision with who and by when and a dissent, reach the moderator from the client's phone, agree after a reload, and produce the record",
    async () => {
      const deadline = new Date(Date.now() + 21 * 24 * 3600 * 1000).toISOString().slice(0, 10);

      // ---- 004 §2.1 preparation on the case page, the agenda, the invitations --------------------
      const kadri = await newPage();
      const kadriFrames = recordFrames(kadri);
      await signIn(kadri, app.url, DEMO_CASE_MANAGER_EMAIL, DEMO_PASSWORD);
      const meetingPath = await planMeeting(kadri);
      const meetingId = meetingPath.split("/").pop()!;
      await addAgendaItemOnMeetingPage(kadri, ITEM_1);
      await addAgendaItemOnMeetingPage(kadri, ITEM_2);
      const link = await sendInvitations(kadri, meetingId);

      // ---- The client: the link from his e-mail, on a phone; sign-in; the lobby; the room --------
      const jaan = await newPage({ viewport: PHONE });
      await followInvitation(jaan, link, JAAN.email, meetingPath);
      await throughLobby(jaan, { role: "PARTICIPANT", checkAxe: true });
      // The client sees the plain client view first, before the meeting has begun.
      expect(await jaan.getByTestId("meeting-room").getAttribute("data-view")).toBe("client");
      await jaan.getByText(et["room.client.notStarted"]).waitFor();

      // ---- The specialist, from her own invitation -------------------------------------------------
      const piret = await newPage();
      const piretFrames = recordFrames(piret);
      expect(parseMail(app.mail.to(PIRET.email)[0]!.raw).text).toContain(link);
      await followInvitation(piret, link, PIRET.email, meetingPath);
      await throughLobby(piret, { role: "MINUTE_TAKER", checkAxe: false });
      expect(await piret.getByTestId("meeting-room").getAttribute("data-view")).toBe("full");

      // ---- The moderator: confirms the agenda, starts the second item and its timer --------------
      await kadri.goto(`${app.url}${meetingPath}/room`, { waitUntil: "networkidle" });
      await kadri.getByTestId("meeting-room").waitFor(); // she created the meeting: already consented
      await kadri.getByRole("button", { name: et["room.controls.confirmAgenda"] }).click();
      await eventually(
        async () => (await fullViewAgreement(piret)).current,
        [`1. ${ITEM_1.title}`],
        "confirming the agenda starts its first item, for everyone",
      );
      await kadri.getByRole("button", { name: named(et["room.agenda.makeCurrent"], ITEM_2.title) }).click();
      await kadri.getByText(fillMessage(et["room.controls.currentItem"], { title: `2. ${ITEM_2.title}` })).waitFor();
      await kadri.getByRole("button", { name: et["room.controls.startTimer"] }).click();
      await kadri.getByRole("button", { name: et["room.controls.pauseTimer"] }).waitFor();
      for (const page of [kadri, piret]) {
        await eventually(() => fullViewAgreement(page), {
          current: [`2. ${ITEM_2.title}`],
          timed: [`2. ${ITEM_2.title}`],
          isRunning: [true],
        });
      }
      await jaan.getByTestId("client-current-item").filter({ hasText: ITEM_2.title }).waitFor();

      // ---- Minutes, written by two at once: each sees the other's text ---------------------------
      const kadriMinutes = minutesEditor(kadri, ITEM_2.title);
      const piretMinutes = minutesEditor(piret, ITEM_2.title);
      await kadriMinutes.click();
      await kadri.keyboard.type(KADRI_MINUTES);
      await eventually(() => editorParagraphs(piretMinutes), [KADRI_MINUTES]);
      await piretMinutes.click();
      await piret.keyboard.press("Control+End");
      await piret.keyboard.press("Enter");
      await piret.keyboard.type(PIRET_MINUTES);
      for (const editor of [kadriMinutes, piretMinutes]) {
        await eventually(() => editorParagraphs(editor), [KADRI_MINUTES, PIRET_MINUTES]);
      }

      // ---- A decision with a responsible person, a deadline and a next step ----------------------
      await kadri.getByRole("button", { name: named(et["room.decisions.add"], ITEM_2.title), exact: true }).click();
      const decision = decisionCard(kadri, 1);
      const decisionName = fillMessage(et["room.decision.title"], { n: 1 });
      await decision.getByLabel(named(et["room.decision.text"], decisionName), { exact: true }).fill(DECISION);
      const chooser = decision.getByLabel(et["room.decision.chooseResponsible"], { exact: true });
      await chooser.selectOption((await chooser.locator("option", { hasText: PIRET.name }).getAttribute("value"))!);
      await decision
        .getByRole("button", { name: named(et["room.decision.addResponsible"], decisionName), exact: true })
        .click();
      await decision.getByLabel(named(et["room.decision.deadline"], decisionName), { exact: true }).fill(deadline);
      await decision.getByLabel(named(et["room.decision.nextStep"], decisionName), { exact: true }).fill(NEXT_STEP);
      const piretDecision = decisionCard(piret, 1);
      await eventually(
        () => piretDecision.getByLabel(named(et["room.decision.text"], decisionName), { exact: true }).inputValue(),
        DECISION,
      );
      await eventually(
        () => piretDecision.getByLabel(named(et["room.decision.deadline"], decisionName), { exact: true }).inputValue(),
        deadline,
      );
      expect(await piretDecision.locator(".room-chosen").textContent()).toContain(PIRET.name);

      // ---- The specialist disagrees, in her own name ------------------------------------------------
      await piretDecision
        .getByRole("button", { name: named(et["room.dissent.iDisagree"], decisionName), exact: true })
        .click();
      await piretDecision.getByLabel(named(et["room.dissent.text"], PIRET.name), { exact: true }).fill(DISSENT);
      const piretsDissentOnKadri = decision.locator("li.room-dissent", {
        hasText: fillMessage(et["room.dissent.by"], { name: PIRET.name }),
      });
      await piretsDissentOnKadri.getByText(DISSENT).waitFor();
      // Only its author may withdraw it: the moderator has no button for it.
      expect(await piretsDissentOnKadri.getByRole("button").count()).toBe(0);
      // A decision someone disagreed with cannot be removed.
      expect(
        await decision
          .getByRole("button", { name: fillMessage(et["room.decision.remove"], { n: 1 }), exact: true })
          .count(),
      ).toBe(0);

      // ---- A dissent recorded for the wrong person is withdrawn by whoever recorded it ------------
      const recordFor = decision.getByLabel(named(et["room.dissent.recordFor"], decisionName), { exact: true });
      await recordFor.selectOption((await recordFor.locator("option", { hasText: JAAN.name }).getAttribute("value"))!);
      await decision.getByRole("button", { name: named(et["room.dissent.record"], decisionName), exact: true }).click();
      await decision.getByLabel(named(et["room.dissent.text"], JAAN.name), { exact: true }).fill(MISTAKEN_DISSENT);
      const mistakenOnPiret = piretDecision.locator("li.room-dissent", {
        hasText: fillMessage(et["room.dissent.by"], { name: JAAN.name }),
      });
      await mistakenOnPiret.getByText(MISTAKEN_DISSENT).waitFor();
      expect(await mistakenOnPiret.textContent()).toContain(
        fillMessage(et["room.dissent.recordedBy"], { name: KADRI.name }),
      );
      expect(await mistakenOnPiret.getByRole("button").count()).toBe(0); // not hers to withdraw
      const jaansDissentName = fillMessage(et["room.dissent.by"], { name: JAAN.name });
      await decision.getByRole("button", { name: named(et["room.dissent.withdraw"], jaansDissentName) }).click();
      await eventually(() => mistakenOnPiret.count(), 0, "the withdrawn dissent disappears for the others");
      expect(await piretDecision.locator("li.room-dissent").count()).toBe(1);
      // Her own dissent she could withdraw; it stays.
      expect(
        await piretDecision
          .getByRole("button", { name: named(et["room.dissent.withdraw"], et["room.dissent.yours"]) })
          .count(),
      ).toBe(1);

      // ---- An item added to the agenda from the room, during the meeting ---------------------------
      const addForm = kadri.getByRole("form", { name: et["agenda.add.title"] });
      await addForm.getByLabel(et["agenda.field.title"], { exact: true }).fill(ITEM_3.title);
      await addForm.getByLabel(et["agenda.field.duration"], { exact: true }).fill(String(ITEM_3.minutes));
      const owner = addForm.getByLabel(et["agenda.field.owner"], { exact: true });
      await owner.selectOption((await owner.locator("option", { hasText: ITEM_3.owner }).getAttribute("value"))!);
      await addForm.getByRole("button", { name: et["agenda.add.submit"] }).click();
      await addForm.getByRole("status").filter({ hasText: et["agenda.done.add"] }).waitFor();
      for (const page of [kadri, piret]) {
        await eventually(
          async () => (await roomAgenda(page).locator(".room-agenda__title").allTextContents()).map((t) => t.trim()),
          [`1. ${ITEM_1.title}`, `2. ${ITEM_2.title}`, `3. ${ITEM_3.title}`],
          "the new item appears for everyone in the room",
        );
        // Over the meeting's length: accepted while the meeting runs, and said so.
        await page.getByText(fillMessage(et["agenda.fit.over"], { minutes: 15 })).waitFor();
        expect(await page.getByTestId("agenda-total").textContent()).toBe(
          fillMessage(et["agenda.total"], { total: 75, length: MEETING_MINUTES }),
        );
      }
      // Adding an item moves nobody off the current one.
      await eventually(async () => (await fullViewAgreement(piret)).current, [`2. ${ITEM_2.title}`]);

      // ---- Saved, and the full room passes axe ----------------------------------------------------
      for (const page of [kadri, piret]) {
        await page.getByTestId("room-saved").filter({ hasText: et["room.saved.saved"] }).waitFor();
        expect(await page.getByTestId("room-connection").textContent()).toBe(et["room.status.online"]);
      }
      await expectNoAxeViolations(kadri, "the full room of the moderator");

      // ---- The client's view on his phone: the decision, who does it and by when -----------------
      const plain = sectionTitled(jaan, et["room.plain.decisionsTitle"]);
      await plain.getByText(DECISION).waitFor();
      const answers = async () => {
        const terms = (await plain.locator("dt").allTextContents()).map((t) => t.trim());
        const values = (await plain.locator("dd").allTextContents()).map((t) => t.trim());
        return Object.fromEntries(terms.map((term, i) => [term, values[i]]));
      };
      await eventually(answers, {
        [et["room.plain.who"]]: PIRET.name,
        [et["room.plain.byWhen"]]: await browserDate(jaan, deadline),
        [et["room.plain.next"]]: NEXT_STEP,
      });
      expect(await jaan.getByTestId("client-current-item").textContent()).toBe(ITEM_2.title);
      // The client reads the minutes too, but cannot write them.
      expect(await jaan.getByText(KADRI_MINUTES).count()).toBe(1);
      expect(await minutesEditor(jaan, ITEM_2.title).count()).toBe(0);
      expect(await hasNoHorizontalScroll(jaan)).toBe(true);
      await expectNoAxeViolations(jaan, "the client view on a phone");

      // ---- "I disagree" from the client reaches the moderator, and not the specialist -------------
      await jaan.getByRole("button", { name: et["room.client.disagree"], exact: true }).click();
      await jaan.getByTestId("client-signal-sent").filter({ hasText: et["room.client.sentDisagree"] }).waitFor();
      const signal = fillMessage(et["room.signals.kind.disagree"], { name: JAAN.name });
      await kadri.getByTestId("room-signals").getByText(signal, { exact: true }).waitFor();
      expect(await kadri.getByTestId("room-signals").textContent()).toContain(ITEM_2.title);
      expect(kadriFrames.some((f) => f.includes('"room:signals"') && f.includes('"disagree"'))).toBe(true);
      expect(await piret.getByText(signal).count()).toBe(0);
      expect(await piret.getByTestId("room-signals-count").count()).toBe(0);
      // Not only hidden: the server never sent it to her.
      expect(piretFrames.filter((f) => f.includes("room:signals") || f.includes('"disagree"'))).toEqual([]);

      // ---- One of the three reloads; all three agree on the current item and the timer ------------
      await piret.reload({ waitUntil: "networkidle" });
      await piret.getByTestId("room-connection").filter({ hasText: et["room.status.online"] }).waitFor();
      const agreed = { current: [`2. ${ITEM_2.title}`], timed: [`2. ${ITEM_2.title}`], isRunning: [true] };
      for (const page of [piret, kadri]) await eventually(() => fullViewAgreement(page), agreed);
      expect(await jaan.getByTestId("client-current-item").textContent()).toBe(ITEM_2.title);
      // The client's phone shows the timer on the projection view of the same room.
      await jaan.getByRole("link", { name: et["room.view.projection"] }).click();
      await jaan.locator(".room-projection").waitFor();
      expect(await jaan.locator("h2.room-projection__title").textContent()).toBe(ITEM_2.title);
      await eventually(
        async () => (await jaan.getByTestId("room-timer").textContent())?.includes(et["room.timer.running"]),
        true,
      );
      await jaan.getByText(PIRET_MINUTES).waitFor();
      await expectNoAxeViolations(jaan, "the projection view");
      // The reloaded page still has the signal kept from her, and her own dissent with its text.
      expect(await piret.getByText(signal).count()).toBe(0);
      await eventually(
        () =>
          decisionCard(piret, 1).getByLabel(named(et["room.dissent.text"], PIRET.name), { exact: true }).inputValue(),
        DISSENT,
      );

      // ---- The moderator ends the meeting and produces the record from the room -----------------
      await kadri.getByRole("button", { name: et["room.controls.endMeeting"] }).click();
      await kadri.getByRole("button", { name: et["room.controls.endConfirm"] }).click();
      await kadri.getByRole("heading", { level: 2, name: et["room.ended.title"] }).waitFor();
      await kadri.getByTestId("room-saved").filter({ hasText: et["room.saved.ended"] }).waitFor();
      await jaan.getByText(et["room.projection.ended"]).waitFor();
      await Promise.all([
        kadri.waitForURL((url) => url.pathname === `${meetingPath}/record`),
        kadri.getByRole("link", { name: et["room.ended.toRecordModerator"] }).click(),
      ]);
      await Promise.all([
        kadri.waitForURL((url) => url.searchParams.get("done") === "fromRoom"),
        kadri.getByRole("button", { name: et["records.fromRoom.submit"] }).click(),
      ]);
      await kadri.getByRole("status").filter({ hasText: et["records.done.fromRoom"] }).waitFor();

      const steps = kadri.getByTestId("planned-step");
      expect(await steps.count()).toBe(2); // the decision, and the empty row to add another
      const [stepText, responsible, stepDeadline, stepNext] = await fieldValues(steps.first());
      expect(stepText).toBe(DECISION);
      expect(responsible).toContain(PIRET.name);
      expect(stepDeadline).toBe(deadline);
      expect(stepNext).toBe(NEXT_STEP);

      const dissent = (n: number) =>
        kadri.getByRole("group", { name: fillMessage(et["records.dissent.legend"], { n }), exact: true });
      const [author, about, dissentText, recordedBy] = await fieldValues(dissent(1));
      expect(author).toContain(PIRET.name);
      expect(about).toBe(DECISION);
      expect(dissentText).toBe(DISSENT);
      expect(recordedBy).toBe("");
      // Only the empty row follows: the withdrawn dissent did not come along.
      expect((await fieldValues(dissent(2))).every((v) => v === "" || v === et["records.dissent.authorChoose"])).toBe(
        true,
      );
      expect(await dissent(3).count()).toBe(0);
      const minutes = await kadri.getByTestId("record-item-minutes").textContent();
      expect(minutes).toContain(KADRI_MINUTES);
      expect(minutes).toContain(PIRET_MINUTES);
    },
    TEST_TIMEOUT_MS,
  );
});
