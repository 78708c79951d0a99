// The meeting record in a real browser against the real app process (production build, embedded
// SQLite, demo data): the demo case manager opens a demo meeting that was held, starts its record,
// writes a planned step with its responsible person and deadline and the four closing answers,
// approves it; a save posted afterwards from a second window (opened on the draft, without
// JavaScript, so nothing refreshes it) is refused with a clear Estonian message and changes
// nothing; the PDF downloads and holds the planned step; axe finds nothing on the record page.
import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { auth } from "../../app/i18n/messages/auth.ts";
import { records } from "../../app/i18n/messages/records.ts";
import { DEMO_CASE_MANAGER_EMAIL, DEMO_PASSWORD } from "../../app/lib/demo.ts";
import { DEMO_CASE_NUMBERS } from "../../prisma/demo-data.ts";
import { expectNoAxeViolations } from "../support/browser.ts";
import { startAppInBrowser } from "../support/e2e.ts";
import { pdfText } from "../support/pdf-text.ts";

const et = records.et;
const [JAANS_CASE] = DEMO_CASE_NUMBERS;
const STEP_TEXT = "Esitada Sotsiaalkindlustusametile rehabilitatsiooniteenuse taotlus (õ ä ö ü š ž)";

const app = startAppInBrowser();

async function signIn(page: Page) {
  await page.goto(`${app.url}/login`, { waitUntil: "networkidle" });
  await page.getByLabel(auth.et["auth.email"]).fill(DEMO_CASE_MANAGER_EMAIL);
  await page.getByLabel(auth.et["auth.password"]).fill(DEMO_PASSWORD);
  await Promise.all([
    page.waitForURL((url) => url.pathname === "/"),
    page.getByRole("button", { name: auth.et["auth.signIn"] }).click(),
  ]);
}

describe("the meeting record", () => {
  it("is completed, approved, refuses a later save, and downloads as a PDF", async () => {
    const page = await app.newPage();
    await signIn(page);

    // From the case to its meeting that was held three weeks ago, and on to its record.
    await page.goto(`${app.url}/cases`, { waitUntil: "networkidle" });
    await Promise.all([
      page.waitForURL((url) => /^\/cases\/[a-z0-9]+$/.test(url.pathname)),
      page.getByRole("link", { name: JAANS_CASE }).click(),
    ]);
    await Promise.all([
      page.waitForURL((url) => /^\/meetings\/[a-z0-9]+$/.test(url.pathname)),
      page.getByRole("link", { name: /Juhtumimeeskonna esimene kohtumine/ }).click(),
    ]);
    const recordUrl = `${page.url()}/record`;
    await page.goto(recordUrl, { waitUntil: "networkidle" });
    await page.getByRole("heading", { level: 1, name: new RegExp(et["records.page.title"]) }).waitFor();
    await expectNoAxeViolations(page, "the record page before the record is started");

    await Promise.all([
      page.waitForURL((url) => url.searchParams.get("done") === "started"),
      page.getByRole("button", { name: et["records.start.submit"] }).click(),
    ]);
    await page.getByRole("status").filter({ hasText: et["records.done.started"] }).waitFor();
    expect(await page.getByTestId("record-status").textContent()).toBe(et["records.status.DRAFT"]);

    // A second window opened on the draft, without JavaScript: nothing will refresh it.
    const staleContext = await app.browser.newContext({ javaScriptEnabled: false, locale: "et-EE" });
    await staleContext.addCookies([{ name: "lang", value: "et", url: app.url }]);
    const stale = await staleContext.newPage();
    await signIn(stale);
    await stale.goto(recordUrl);
    await stale.getByRole("button", { name: et["records.save"] }).waitFor();

    // The planned step: what, who is responsible, by when, and the next step.
    const step = page.getByRole("group", { name: et["records.step.legend"].replace("{n}", "1") });
    await step.getByLabel(et["records.step.text"]).fill(STEP_TEXT);
    const responsible = step.getByLabel(et["records.step.responsible"], { exact: true });
    const kadri = await responsible.locator("option", { hasText: "Kadri Kask" }).getAttribute("value");
    await responsible.selectOption(kadri!);
    await step.getByLabel(et["records.step.deadline"]).fill("2027-01-15");
    await step.getByLabel(et["records.step.nextStep"]).fill("Rehabilitatsioonimeeskonna hindamine");
    await page.getByLabel(et["records.closing.whatBecameClear"]).fill("Jaan soovib naasta osalise koormusega tööle.");
    await page.getByLabel(et["records.closing.whatStillNeedsDiscussing"]).fill("Transport tööle ja tagasi.");
    await page.getByLabel(et["records.closing.beforeNextMeeting"]).fill("Rehabilitatsiooniteenuse taotlus.");
    await page.getByLabel(et["records.closing.firstStep"]).fill("Kadri esitab taotluse sel nädalal.");
    await expectNoAxeViolations(page, "the record form");

    // Approving asks for the confirmation first; then the record is sealed.
    await page.getByRole("button", { name: et["records.approve.submit"] }).click();
    await page.getByRole("alert").filter({ hasText: et["records.approve.confirmRequired"] }).waitFor();
    await page.getByLabel(et["records.approve.confirm"]).check();
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get("done") === "approved"),
      page.getByRole("button", { name: et["records.approve.submit"] }).click(),
    ]);
    await page.getByRole("status").filter({ hasText: et["records.done.approved"] }).waitFor();
    expect(await page.getByTestId("record-approved-by").textContent()).toMatch(/^Kinnitas Kadri Kask /);
    expect(await page.getByTestId("record-hash").textContent()).toMatch(/^[0-9a-f]{64}$/);
    expect(await page.getByTestId("record-planned-steps").textContent()).toContain(STEP_TEXT);
    expect(await page.getByRole("button", { name: et["records.save"] }).count()).toBe(0);
    await expectNoAxeViolations(page, "the approved record");
    const hash = await page.getByTestId("record-hash").textContent();

    // The draft still open in the other window is saved: refused, in Estonian, nothing changed.
    await stale.getByLabel(et["records.section.topics"]).fill("Keegi üritab kinnitatud protokolli muuta");
    await stale.getByRole("button", { name: et["records.save"] }).click();
    await stale.getByRole("alert").filter({ hasText: et["records.frozen"] }).waitFor();
    expect(await stale.getByTestId("record-hash").textContent()).toBe(hash);
    await page.reload({ waitUntil: "networkidle" });
    expect(await page.getByTestId("record-hash").textContent()).toBe(hash);
    expect(await page.getByText("Keegi üritab kinnitatud protokolli muuta").count()).toBe(0);
    await staleContext.close();

    // The PDF: an attachment with a safe name, whose text holds the planned step.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: et["records.downloadPdf"] }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^protokoll-TV-2026-014-\d{4}-\d{2}-\d{2}\.pdf$/);
    const { all: text } = await pdfText(await readFile((await download.path())!));
    expect(text).toContain(STEP_TEXT);
    expect(text).toContain("Kinnitatud: Kadri Kask");
    expect(text).toContain(hash!);
  });
});
