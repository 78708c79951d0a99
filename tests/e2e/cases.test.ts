// The case pages in a real browser against the real app process (production build, embedded
// SQLite, demo data): the list, opening a case with an invalid personal code and then a valid
// one, changing the stage, and accessibility (axe, WCAG 2.1 A/AA) of the list and the case page.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_CASE_MANAGER_EMAIL, DEMO_PASSWORD } from "../../app/lib/demo.ts";
import { auth } from "../../app/i18n/messages/auth.ts";
import { cases } from "../../app/i18n/messages/cases.ts";
import { common } from "../../app/i18n/messages/common.ts";
import { home } from "../../app/i18n/messages/home.ts";
import { DEMO_CASE_NUMBERS } from "../../prisma/demo-data.ts";
import { expectNoAxeViolations, PHONE } from "../support/browser.ts";
import { startAppInBrowser } from "../support/e2e.ts";

const et = { ...cases.et, ...common.et, ...home.et };
/** Synthetic personal codes: born 1 January 1801, so nobody living has them. */
const INVALID_CODE = "10101010006";
const VALID_CODE = "10101010005";

const app = startAppInBrowser();

const { newPage } = app;

async function signInAsCaseManager(page: Page) {
  await page.goto(`${app.url}/login`, { waitUntil: "networkidle" });
  await page.getByLabel(auth.et["auth.email"]).fill(DEMO_CASE_MANAGER_EMAIL);
  await page.getByLabel(auth.et["auth.password"]).fill(DEMO_PASSWORD);
  await Promise.all([
    page.waitForURL((url) => url.pathname === "/"),
    page.getByRole("button", { name: auth.et["auth.signIn"] }).click(),
  ]);
  await page.getByRole("heading", { level: 1, name: et["home.title"] }).waitFor();
}

describe("case pages", () => {
  it("lists the cases, opens a new one after an invalid personal code, changes its stage", async () => {
    const page = await newPage();
    await signInAsCaseManager(page);

    // The header leads to the list; both demo cases are there.
    await Promise.all([
      page.waitForURL((url) => url.pathname === "/cases", { waitUntil: "commit" }),
      page.getByRole("navigation", { name: et["nav.main"] }).getByRole("link", { name: et["nav.cases"] }).click(),
    ]);
    await page.getByRole("heading", { level: 1, name: et["cases.list.title"] }).waitFor();
    const list = page.getByTestId("case-list");
    for (const caseNumber of DEMO_CASE_NUMBERS) {
      expect(await list.getByRole("link", { name: caseNumber }).count()).toBe(1);
    }
    await expectNoAxeViolations(page, "the case list");

    // Search by a name without its accents.
    await page.getByLabel(et["cases.list.search"], { exact: true }).fill("petrova");
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get("q") === "petrova", { waitUntil: "commit" }),
      page.getByRole("button", { name: et["cases.list.filter"] }).click(),
    ]);
    await page
      .getByRole("status")
      .filter({ hasText: et["cases.list.count"].replace("{count}", "1") })
      .waitFor();
    await expect(list.getByRole("link").allTextContents()).resolves.toEqual(["TV-2026-021"]);

    // Open a new case: an invalid personal code is refused in Estonian, and nothing typed is lost.
    await Promise.all([
      page.waitForURL((url) => url.pathname === "/cases/new", { waitUntil: "commit" }),
      page.getByRole("link", { name: et["cases.list.openNew"] }).click(),
    ]);
    await page.getByRole("heading", { level: 1, name: et["cases.new.title"] }).waitFor();
    const caseNumber = await page.getByLabel(et["cases.field.caseNumber"]).inputValue();
    expect(caseNumber).toMatch(/^TV-\d{4}-\d{3}$/);
    await page.getByLabel(et["client.firstName"]).fill("Tiina");
    await page.getByLabel(et["client.lastName"]).fill("Testija");
    await page.getByLabel(et["client.personalCode"]).fill(INVALID_CODE);
    await page.getByLabel(et["communicationNeed.EASY_READ"], { exact: true }).check();
    await page.getByLabel(et["cases.field.summary"]).fill("Vajab tuge pärast haiglast kojusaamist.");
    await page.getByRole("button", { name: et["cases.new.submit"] }).click();
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("alert").textContent()).toBe(et["form.errorSummary"]);
    expect(await page.getByText(et["client.personalCodeInvalid"]).count()).toBe(1);
    expect(new URL(page.url()).pathname).toBe("/cases/new");
    expect(await page.getByLabel(et["client.firstName"]).inputValue()).toBe("Tiina");
    expect(await page.getByLabel(et["client.lastName"]).inputValue()).toBe("Testija");
    expect(await page.getByLabel(et["communicationNeed.EASY_READ"], { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel(et["cases.field.summary"]).inputValue()).toBe(
      "Vajab tuge pärast haiglast kojusaamist.",
    );
    expect(await page.getByLabel(et["client.personalCode"]).getAttribute("aria-invalid")).toBe("true");
    await expectNoAxeViolations(page, "the new-case form with an error");

    await page.getByLabel(et["client.personalCode"]).fill(VALID_CODE);
    await Promise.all([
      page.waitForURL((url) => /^\/cases\/[a-z][a-z0-9]{19,}$/.test(url.pathname), { waitUntil: "commit" }),
      page.getByRole("button", { name: et["cases.new.submit"] }).click(),
    ]);
    const casePath = new URL(page.url()).pathname;
    await page.getByRole("heading", { level: 1, name: new RegExp(caseNumber) }).waitFor();
    await page.getByRole("status").filter({ hasText: et["cases.done.created"] }).waitFor();
    const client = page.locator("section", { has: page.getByRole("heading", { name: et["cases.page.client"] }) });
    expect(await client.getByText("Tiina Testija").count()).toBe(1);
    expect(await client.getByText(et["communicationNeed.EASY_READ"], { exact: true }).count()).toBe(1);
    expect(await page.getByTestId("case-timeline").getByText(et["timeline.case.create"]).count()).toBe(1);
    await expectNoAxeViolations(page, "the new case's page");

    // Change the stage: the next one is offered, the page and the timeline show the change.
    await Promise.all([
      page.waitForURL((url) => url.pathname === `${casePath}/stage`, { waitUntil: "commit" }),
      page.getByRole("link", { name: et["cases.action.changeStage"] }).click(),
    ]);
    await page.getByRole("heading", { level: 1, name: et["cases.stage.title"] }).waitFor();
    await page.getByLabel(et["stage.ASSESSMENT"]).check();
    await page.getByLabel(et["cases.stage.reason"]).fill("Klient nõustus hindamisega");
    await Promise.all([
      page.waitForURL((url) => url.pathname === casePath, { waitUntil: "commit" }),
      page.getByRole("button", { name: et["cases.stage.submit"] }).click(),
    ]);
    await page.getByRole("status").filter({ hasText: et["cases.done.stage"] }).waitFor();
    const overview = page.locator("section.case-summary");
    expect(await overview.getByText(et["stage.ASSESSMENT"], { exact: true }).count()).toBe(1);
    const timeline = page.getByTestId("case-timeline");
    expect(
      await timeline
        .getByText(
          et["timeline.case.stage.change"]
            .replace("{from}", et["stage.NEED_IDENTIFIED"])
            .replace("{to}", et["stage.ASSESSMENT"]),
        )
        .count(),
    ).toBe(1);
    expect(await timeline.getByText("Klient nõustus hindamisega", { exact: false }).count()).toBe(1);
  });

  it("shows a demo case with its team, meetings and situation; accessible, also on a phone", async () => {
    const page = await newPage({ viewport: PHONE });
    await signInAsCaseManager(page);
    await page.goto(`${app.url}/cases`, { waitUntil: "networkidle" });
    await expectNoAxeViolations(page, "the case list on a phone");
    await Promise.all([
      page.waitForURL((url) => /^\/cases\/[a-z][a-z0-9]{19,}$/.test(url.pathname), { waitUntil: "commit" }),
      page.getByRole("link", { name: "TV-2026-014" }).click(),
    ]);
    await page.getByRole("heading", { level: 1, name: /TV-2026-014/ }).waitFor();
    const team = page.getByTestId("case-team");
    expect(await team.getByRole("listitem").count()).toBe(7);
    expect(await team.getByText(et["cases.consent.ACTIVE"]).count()).toBe(4);
    expect(await page.getByRole("link", { name: et["cases.page.manageTeam"] }).count()).toBe(1);
    expect(await page.getByText(et["cases.field.riskFactors"]).count()).toBeGreaterThan(0);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await expectNoAxeViolations(page, "a demo case's page on a phone");
  });

  it("edit, handover and close forms are accessible; closing with open items needs the reason", async () => {
    const page = await newPage();
    await signInAsCaseManager(page);
    await page.goto(`${app.url}/cases?q=TV-2026-021`, { waitUntil: "networkidle" });
    await Promise.all([
      page.waitForURL((url) => /^\/cases\/[a-z][a-z0-9]{19,}$/.test(url.pathname), { waitUntil: "commit" }),
      page.getByRole("link", { name: "TV-2026-021" }).click(),
    ]);
    await page.getByRole("heading", { level: 1, name: /TV-2026-021/ }).waitFor();
    const casePath = new URL(page.url()).pathname;

    for (const [path, title] of [
      ["edit", et["cases.edit.title"]],
      ["handover", et["cases.handover.title"]],
      ["close", et["cases.close.title"]],
    ] as const) {
      await page.goto(`${app.url}${casePath}/${path}`, { waitUntil: "networkidle" });
      await page.getByRole("heading", { level: 1, name: title }).waitFor();
      await expectNoAxeViolations(page, `the ${path} form`);
    }

    // The demo case has a planned meeting: closing without saying why is refused, nothing closes.
    expect(await page.getByTestId("open-items").getByRole("listitem").count()).toBe(1);
    await page.getByLabel(et["cases.close.reason"]).fill("Galina kolib tütre juurde teise maakonda");
    await page.getByRole("button", { name: et["cases.close.submit"] }).click();
    await page.getByText(et["case.openItemsReasonRequired"]).waitFor();
    expect(await page.getByLabel(et["cases.close.reason"]).inputValue()).toBe(
      "Galina kolib tütre juurde teise maakonda",
    );
    await expectNoAxeViolations(page, "the close form with an error");
    await page.goto(`${app.url}${casePath}`, { waitUntil: "networkidle" });
    expect(await page.locator("section.case-summary").getByText(et["stage.MONITORING"], { exact: true }).count()).toBe(
      1,
    );
  });

  it("answers 404 for a malformed or unknown case id", async () => {
    const page = await newPage();
    await signInAsCaseManager(page);
    for (const path of ["/cases/not-a-case", "/cases/cabcdefghijklmnopqrstuvwx"]) {
      const response = await page.goto(`${app.url}${path}`, { waitUntil: "networkidle" });
      expect(response?.status()).toBe(404);
      expect(await page.getByText(et["error.notFound"]).count()).toBe(1);
    }
  });
});
