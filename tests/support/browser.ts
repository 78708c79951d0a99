// Shared pieces of the browser tests: Debian's Chromium through playwright-core, pages with a
// chosen language and viewport, axe checks (WCAG 2.1 A/AA) and signing in.
import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { expect } from "vitest";
import { auth } from "../../app/i18n/messages/auth.ts";
import type { Locale } from "../../app/i18n/locales.ts";

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
export const PHONE = { width: 390, height: 844 };

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];
const BROWSER_LOCALES: Record<Locale, string> = { et: "et-EE", en: "en-GB", ru: "ru-RU" };

export type BrowserSession = {
  browser: Browser;
  /** A fresh, isolated page (own cookies) in the given language, optionally phone-sized. */
  newPage(options?: { viewport?: { width: number; height: number }; lang?: Locale }): Promise<Page>;
  close(): Promise<void>;
};

export async function openBrowser(appUrl: () => string): Promise<BrowserSession> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
  const contexts: BrowserContext[] = [];
  return {
    browser,
    async newPage(options = {}) {
      const lang = options.lang ?? "et";
      const context = await browser.newContext({ locale: BROWSER_LOCALES[lang], viewport: options.viewport });
      contexts.push(context);
      // The language cookie wins over whatever the account chose in an earlier test.
      await context.addCookies([{ name: "lang", value: lang, url: appUrl() }]);
      return context.newPage();
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
    },
  };
}

/** Runs axe on the page; prints what it found so the fix is easy to find. */
export async function expectNoAxeViolations(page: Page, label: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  if (violations.length > 0) {
    const report = violations
      .map(
        (v) =>
          `- ${v.id} (${v.impact ?? "?"}): ${v.help}\n` +
          v.nodes.map((n) => `    ${n.target.join(" ")}: ${n.failureSummary ?? ""}`.replace(/\n/g, " ")).join("\n"),
      )
      .join("\n");
    // console.log, not console.error: the test fails on the assertion below, with this report.
    console.log(`axe violations on ${label}:\n${report}`);
  }
  expect(violations.map((v) => v.id)).toEqual([]);
}

/** Signs in through the Estonian sign-in form and waits for the page after it. */
export async function signIn(page: Page, appUrl: string, email: string, password: string) {
  await page.goto(`${appUrl}/login`, { waitUntil: "networkidle" });
  await page.getByLabel(auth.et["auth.email"]).fill(email);
  await page.getByLabel(auth.et["auth.password"]).fill(password);
  await Promise.all([
    page.waitForURL((url) => url.pathname !== "/login"),
    page.getByRole("button", { name: auth.et["auth.signIn"] }).click(),
  ]);
}

/** True when the page needs no sideways scrolling at its viewport width. */
export async function hasNoHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}
