// Meeting preparation in a real browser against the real app process (production build, embedded
// SQLite, demo data): the demo case manager plans a meeting of Jaan Kivi's case with a specialist
// and Jaan; Jaan, on a phone, opens it from his home page and accepts with his consent and the
// confidentiality acknowledgement; the case manager's page shows him attending with consent
// without being reloaded. Accessibility (axe, WCAG 2.1 A/AA) on the form and the meeting page.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { cases } from "../../app/i18n/messages/cases.ts";
import { home } from "../../app/i18n/messages/home.ts";
import { meetings } from "../../app/i18n/messages/meetings.ts";
import { toTallinnLocalInput } from "../../app/domain/time/tallinn-time.ts";
import { DEMO_CASE_MANAGER_EMAIL, DEMO_PASSWORD } from "../../app/lib/demo.ts";
import { DEMO_CASE_NUMBERS, atTallinnTime } from "../../prisma/demo-data.ts";
import { expectNoAxeViolations, hasNoHorizontalScroll, PHONE, signIn } from "../support/browser.ts";
import { demoAccount, startAppInBrowser } from "../support/e2e.ts";

const [JAANS_CASE] = DEMO_CASE_NUMBERS;
const JAAN = demoAccount("Jaan Kivi");
const LIINA = demoAccount("Liina Saar"); // family doctor on Jaan's case, with his consent
const m = meetings.et;
const PURPOSE = "Tööle naasmise plaan: mida Jaan soovib ja kes mida teeb";

const app = startAppInBrowser();

function participantRow(page: Page, name: string) {
  return page.locator("fieldset.participant-row", { hasText: name });
}

function participantItem(page: Page, name: string) {
  return page.getByTestId("meeting-participants").locator("li", { hasText: name });
}

describe("preparing a meeting", () => {
  it("is planned by the case manager and accepted by the client on a phone, with consent", async () => {
    // ---- The case manager plans the meeting ----------------------------------------------------
    const kadri = await app.newPage();
    await signIn(kadri, app.url, DEMO_CASE_MANAGER_EMAIL, DEMO_PASSWORD);
    await kadri.getByRole("link", { name: home.et["home.caseNumber"].replace("{number}", JAANS_CASE) }).click();
    await kadri.getByRole("heading", { level: 1, name: new RegExp(JAANS_CASE) }).waitFor();
    await Promise.all([
      kadri.waitForURL(/\/meetings\/new$/),
      kadri.getByRole("link", { name: m["meeting.plan"] }).click(),
    ]);
    await kadri.getByRole("heading", { level: 1, name: m["meeting.new.title"] }).waitFor();
    await expectNoAxeViolations(kadri, "the new-meeting form");
    // The same form on the case manager's phone.
    const kadriPhone = await app.newPage({ viewport: PHONE });
    await signIn(kadriPhone, app.url, DEMO_CASE_MANAGER_EMAIL, DEMO_PASSWORD);
    await kadriPhone.goto(kadri.url(), { waitUntil: "networkidle" });
    await expectNoAxeViolations(kadriPhone, "the new-meeting form on a phone");
    expect(await hasNoHorizontalScroll(kadriPhone)).toBe(true);

    // Needs carried from the client record (easy read) are already in the form.
    expect(await kadri.getByLabel(m["meeting.field.accessibilityNotes"], { exact: true }).inputValue()).toContain(
      cases.et["communicationNeed.EASY_READ"],
    );
    await kadri.getByLabel(m["meeting.field.purpose"], { exact: true }).fill(PURPOSE);
    await kadri.getByLabel(m["meeting.field.startsAt"], { exact: true }).fill(toTallinnLocalInput(atTallinnTime(new Date(), 10, 10)));
    await kadri.getByLabel(m["meeting.field.duration"], { exact: true }).fill("60");
    await kadri.getByLabel(m["meeting.field.location"], { exact: true }).fill("Tartu vallamaja, nõupidamisruum");
    const liina = participantRow(kadri, LIINA.name);
    await liina.getByLabel(m["meeting.participants.takesPart"], { exact: true }).check();
    await liina.getByLabel(m["meeting.field.meetingRole"], { exact: true }).selectOption("MINUTE_TAKER");
    await liina.getByLabel(m["meeting.field.expectedContribution"], { exact: true }).fill("Taastusravi järgmised sammud");
    const jaan = participantRow(kadri, JAAN.name);
    await jaan.getByLabel(m["meeting.participants.takesPart"], { exact: true }).check();
    await jaan.getByLabel(m["meeting.field.isRemote"], { exact: true }).check();
    await kadri.getByRole("radio", { name: m["meeting.clientParticipation.REMOTE"] }).check();
    await kadri.getByLabel(m["meeting.field.clientExpectations"], { exact: true }).fill("Tahan teada, millal saan tööle minna.");
    await Promise.all([
      kadri.waitForURL(/\/meetings\/[a-z0-9]+\?done=created$/),
      kadri.getByRole("button", { name: m["meeting.new.submit"] }).click(),
    ]);
    await kadri.getByText(m["meeting.done.created"]).waitFor();
    const meetingPath = new URL(kadri.url()).pathname;
    expect(await participantItem(kadri, JAAN.name).textContent()).toContain(m["meeting.response.PENDING"]);
    expect(await participantItem(kadri, LIINA.name).textContent()).toContain(home.et["meetingRole.MINUTE_TAKER"]);
    await kadri.getByText(m["meeting.live.on"]).waitFor();
    await expectNoAxeViolations(kadri, "the meeting page of the case manager");

    // ---- The client answers on a phone -----------------------------------------------------------
    const phone = await app.newPage({ viewport: PHONE });
    await signIn(phone, app.url, JAAN.email, DEMO_PASSWORD);
    await Promise.all([
      phone.waitForURL((url) => url.pathname === meetingPath),
      phone.getByRole("link", { name: PURPOSE }).click(),
    ]);
    await phone.getByRole("heading", { level: 2, name: m["meeting.respond.title"] }).waitFor();
    await expectNoAxeViolations(phone, "the meeting page on the client's phone");
    expect(await hasNoHorizontalScroll(phone)).toBe(true);
    // He sees who is coming, but not the others' e-mail addresses.
    const phoneText = (await phone.locator("main").textContent()) ?? "";
    expect(phoneText).toContain(LIINA.name);
    expect(phoneText).not.toContain(LIINA.email);

    // Accepting without ticking the boxes is refused, in plain words.
    await phone.getByRole("button", { name: m["meeting.respond.submit"] }).click();
    await phone.getByText(m["meeting.consentRequired"]).first().waitFor();
    await expectNoAxeViolations(phone, "the refused answer on a phone");

    await phone.getByLabel(m["meeting.respond.consent"], { exact: true }).check();
    await phone.getByLabel(m["meeting.respond.confidentiality"], { exact: true }).check();
    await phone.getByRole("button", { name: m["meeting.respond.submit"] }).click();
    await phone.getByText(m["meeting.respond.saved"]).waitFor();
    expect(await phone.getByRole("heading", { level: 2, name: m["meeting.respond.title"] }).locator("..").textContent()).toContain(
      m["meeting.respond.current.ACCEPTED"],
    );
    expect(await hasNoHorizontalScroll(phone)).toBe(true);

    // ---- The case manager's page follows without a reload ----------------------------------------
    const jaanOnKadrisPage = participantItem(kadri, JAAN.name);
    await expect
      .poll(async () => (await jaanOnKadrisPage.textContent()) ?? "", { timeout: 10_000 })
      .toContain(m["meeting.response.ACCEPTED"]);
    const jaanText = (await jaanOnKadrisPage.textContent()) ?? "";
    expect(jaanText).toContain(m["meeting.participant.consentGiven"]);
    expect(jaanText).toContain(m["meeting.participant.confidentialityGiven"]);

    // ---- His calendar file, and URLs that are not meetings -------------------------------------
    const ics = await phone.request.get(`${app.url}${meetingPath}.ics`);
    expect(ics.status()).toBe(200);
    expect(ics.headers()["content-type"]).toContain("text/calendar");
    expect(ics.headers()["content-disposition"]).toMatch(/^attachment; filename="meeting-[a-z0-9]+\.ics"$/);
    const icsText = (await ics.text()).replace(/\r\n /g, "");
    expect(icsText).toContain(`UID:meeting-${meetingPath.split("/").pop()}@`);
    expect(icsText).toContain(`mailto:${JAAN.email}`);
    expect((await phone.goto(`${app.url}/meetings/not-a-meeting`))?.status()).toBe(404);
    expect((await phone.goto(`${app.url}/meetings/not-a-meeting.ics`))?.status()).toBe(404);
  });
});
