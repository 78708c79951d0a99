// The frame of a browser test file: the real app process (production build, embedded SQLite,
// demo data) and Chromium, started before the file's tests and stopped after them, and the small
// page helpers the scenarios share.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { DEMO_ACCOUNTS } from "../../prisma/demo-data.ts";
import { startAppProcess } from "./app-process.ts";
import { openBrowser, type BrowserSession } from "./browser.ts";
import { startSmtpSink, type SmtpSink } from "./smtp-sink.ts";

export type PageOptions = Parameters<BrowserSession["newPage"]>[0];

export type AppInBrowser = {
  /** Where the app listens (once the file's beforeAll has run). */
  readonly url: string;
  readonly browser: Browser;
  /** The SMTP server the app sends its mail to (started with `withMail`). */
  readonly mail: SmtpSink;
  /** A fresh, isolated page (see BrowserSession.newPage), its waits bounded by `stepTimeoutMs` when given. */
  newPage(options?: PageOptions): Promise<Page>;
};

/**
 * Starts the app process and Chromium (and, `withMail`, an SMTP server receiving the app's mail)
 * in a beforeAll of the calling file, and closes them again in an afterAll.
 */
export function startAppInBrowser(options: { withMail?: boolean; stepTimeoutMs?: number } = {}): AppInBrowser {
  let app: Awaited<ReturnType<typeof startAppProcess>> | undefined;
  let session: BrowserSession | undefined;
  let mail: SmtpSink | undefined;

  beforeAll(async () => {
    if (options.withMail) mail = await startSmtpSink();
    app = await startAppProcess(mail ? { SMTP_URL: mail.url } : {});
    session = await openBrowser(() => app!.url);
  });

  afterAll(async () => {
    await session?.close();
    await app?.stop();
    await mail?.close();
  });

  const started = () => {
    if (!app || !session) throw new Error("the app and the browser start in beforeAll: use them inside a test");
    return { app, session };
  };

  return {
    get url() {
      return started().app.url;
    },
    get browser() {
      return started().session.browser;
    },
    get mail() {
      if (!mail) throw new Error("no mail: start the app with withMail");
      return mail;
    },
    async newPage(pageOptions) {
      const page = await started().session.newPage(pageOptions);
      if (options.stepTimeoutMs !== undefined) {
        page.setDefaultTimeout(options.stepTimeoutMs);
        page.setDefaultNavigationTimeout(options.stepTimeoutMs);
      }
      return page;
    },
  };
}

/** The demo account with that name (prisma/demo-data.ts). */
export function demoAccount(name: string) {
  const found = DEMO_ACCOUNTS.find((a) => a.name === name);
  if (!found) throw new Error(`no demo account ${name}`);
  return found;
}

/** A message with its `{placeholders}` filled in. */
export function fillMessage(template: string, values: Record<string, string | number>): string {
  return Object.entries(values).reduce((text, [key, value]) => text.replaceAll(`{${key}}`, String(value)), template);
}

/** The path of the page's current URL. */
export function pathOf(page: Page): string {
  return new URL(page.url()).pathname;
}

/** The section whose level-2 heading has that name. */
export function sectionTitled(page: Page, title: string) {
  return page.locator("section", { has: page.getByRole("heading", { level: 2, name: title }) });
}
