// Sign-in in a real browser against the real app process (production build, embedded SQLite,
// demo data): redirects, error messages, the home page, the language switch, accessibility
// (axe, WCAG 2.1 A/AA) and the phone layout.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_CASE_MANAGER_EMAIL, DEMO_PASSWORD } from "../../app/lib/demo.ts";
import { auth } from "../../app/i18n/messages/auth.ts";
import { common } from "../../app/i18n/messages/common.ts";
import { home } from "../../app/i18n/messages/home.ts";
import { DEMO_CASE_NUMBERS } from "../../prisma/demo-data.ts";
import { expectNoAxeViolations, PHONE } from "../support/browser.ts";
import { pathOf, startAppInBrowser } from "../support/e2e.ts";


const app = startAppInBrowser();

const { newPage } = app;

async function fillSignIn(page: Page, email: string, password: string) {
  await page.getByLabel(auth.et["auth.email"]).fill(email);
  await page.getByLabel(auth.et["auth.password"]).fill(password);
}

async function signInAsCaseManager(page: Page) {
  await page.goto(`${app.url}/login`, { waitUntil: "networkidle" });
  await fillSignIn(page, DEMO_CASE_MANAGER_EMAIL, DEMO_PASSWORD);
  await Promise.all([
    page.waitForURL((url) => url.pathname === "/"),
    page.getByRole("button", { name: auth.et["auth.signIn"] }).click(),
  ]);
  await page.getByRole("heading", { level: 1, name: home.et["home.title"] }).waitFor();
}

describe("sign-in", () => {
  it("sends a visitor to the sign-in page, refuses a wrong password, signs in, switches language", async () => {
    const page = await newPage();
    await page.goto(`${app.url}/`, { waitUntil: "networkidle" });
    expect(pathOf(page)).toBe("/login");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(auth.et["auth.signInTitle"]);
    const hint = await page.locator(".alert--info").textContent();
    expect(hint).toContain(DEMO_CASE_MANAGER_EMAIL);
    expect(hint).toContain(DEMO_PASSWORD);
    await expectNoAxeViolations(page, "the sign-in page");

    await fillSignIn(page, DEMO_CASE_MANAGER_EMAIL, "vale-parool-123");
    await page.getByRole("button", { name: auth.et["auth.signIn"] }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toBe(auth.et["auth.invalidCredentials"]);
    expect(pathOf(page)).toBe("/login");
    await expectNoAxeViolations(page, "the sign-in page with an error");

    await fillSignIn(page, DEMO_CASE_MANAGER_EMAIL, DEMO_PASSWORD);
    await Promise.all([
      page.waitForURL((url) => url.pathname === "/"),
      page.getByRole("button", { name: auth.et["auth.signIn"] }).click(),
    ]);
    await page.getByRole("heading", { level: 1, name: home.et["home.title"] }).waitFor();

    const cases = page.locator("section", { has: page.getByRole("heading", { name: home.et["home.myCases"] }) });
    for (const caseNumber of DEMO_CASE_NUMBERS) {
      expect(await cases.getByText(caseNumber).count()).toBeGreaterThan(0);
    }
    const meetings = page.locator("section", { has: page.getByRole("heading", { name: home.et["home.myMeetings"] }) });
    expect(await meetings.getByRole("listitem").count()).toBeGreaterThanOrEqual(1);
    await expectNoAxeViolations(page, "the home page");

    await page.getByLabel(common.et["language.label"]).selectOption("en");
    await Promise.all([
      page.waitForResponse((res) => new URL(res.url()).pathname.startsWith("/language")),
      page.getByRole("button", { name: common.et["language.change"] }).click(),
    ]);
    await page.getByRole("heading", { level: 1, name: home.en["home.title"] }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
  });

  it("works on a phone without sideways scrolling", async () => {
    const page = await newPage({ viewport: PHONE });
    await signInAsCaseManager(page);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await expectNoAxeViolations(page, "the home page on a phone");
  });

  it("refuses a forged CSRF token with a clear message and signs nobody in", async () => {
    const page = await newPage();
    await page.goto(`${app.url}/login`, { waitUntil: "networkidle" });
    await page.locator('main form input[name="_csrf"]').evaluate((input) => {
      (input as HTMLInputElement).value = "forged-token-forged-token-forged-token-0000";
    });
    await fillSignIn(page, DEMO_CASE_MANAGER_EMAIL, DEMO_PASSWORD);
    await page.getByRole("button", { name: auth.et["auth.signIn"] }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toBe(common.et["error.csrf"]);
    expect(pathOf(page)).toBe("/login");
    const cookies = await page.context().cookies();
    expect(cookies.map((c) => c.name)).not.toContain("sid");
  });
});
