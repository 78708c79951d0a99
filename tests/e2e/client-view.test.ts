// The client's own view in a real browser against the real app process (production build,
// embedded SQLite, demo data): a specialist looks at a demo case, then the client signs in on a
// phone and sees their team and who has looked at their case, and nothing of the other demo case;
// the case manager's team and consent page; accessibility (axe, WCAG 2.1 A/AA) throughout.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { auth } from "../../app/i18n/messages/auth.ts";
import { clientView } from "../../app/i18n/messages/client-view.ts";
import { common } from "../../app/i18n/messages/common.ts";
import { team } from "../../app/i18n/messages/team.ts";
import { DEMO_CASE_MANAGER_EMAIL, DEMO_PASSWORD } from "../../app/lib/demo.ts";
import { DEMO_CASE_NUMBERS } from "../../prisma/demo-data.ts";
import { expectNoAxeViolations, PHONE } from "../support/browser.ts";
import { demoAccount, pathOf, sectionTitled, startAppInBrowser } from "../support/e2e.ts";

const [JAANS_CASE, GALINAS_CASE] = DEMO_CASE_NUMBERS;

const JAAN = demoAccount("Jaan Kivi");
const GALINA = demoAccount("Galina Petrova");
// Each is on one demo case only, so their names tell the cases apart.
const PIRET = demoAccount("Piret Oja"); // rehabilitation specialist on Jaan's case
const REIN = demoAccount("Rein Tamm"); // day-centre manager on Galina's case

const app = startAppInBrowser();

const { newPage } = app;

async function expectNoSidewaysScroll(page: Page) {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(PHONE.width);
}

async function signIn(page: Page, email: string, lang: "et" | "ru" = "et") {
  await page.goto(`${app.url}/login`, { waitUntil: "networkidle" });
  await page.getByLabel(auth[lang]["auth.email"]).fill(email);
  await page.getByLabel(auth[lang]["auth.password"]).fill(DEMO_PASSWORD);
  await Promise.all([
    page.waitForURL((url) => url.pathname === "/"),
    page.getByRole("button", { name: auth[lang]["auth.signIn"] }).click(),
  ]);
}

/** The client's home page shows "your case" with a link to their own view; its id is in the link. */
async function caseIdFromHomeCard(page: Page, caseNumber: string, lang: "et" | "ru"): Promise<string> {
  const link = page.getByRole("link", {
    name: clientView[lang]["clientView.home.open"].replace("{number}", caseNumber),
  });
  const href = await link.getAttribute("href");
  const match = /^\/my\/([A-Za-z0-9]+)$/.exec(href ?? "");
  if (!match) throw new Error(`unexpected link ${href}`);
  return match[1]!;
}

describe("the client's own view", () => {
  it("shows Jaan, on a phone, his team and the specialist who looked at his case, and nothing of Galina's", async () => {
    const jaan = await newPage({ viewport: PHONE });
    await signIn(jaan, JAAN.email);
    await jaan.getByRole("heading", { level: 2, name: clientView.et["clientView.home.title"] }).waitFor();
    const caseId = await caseIdFromHomeCard(jaan, JAANS_CASE, "et");
    await expectNoAxeViolations(jaan, "the client's home page");
    await expectNoSidewaysScroll(jaan);

    // A specialist of Jaan's case opens it (the team page), so there is a read to show.
    const piret = await newPage();
    await signIn(piret, PIRET.email);
    await piret.goto(`${app.url}/cases/${caseId}/team`, { waitUntil: "networkidle" });
    await piret
      .getByRole("heading", { level: 1, name: team.et["team.title"].replace("{number}", JAANS_CASE) })
      .waitFor();
    await expectNoAxeViolations(piret, "the team page, read-only for a specialist");

    await Promise.all([
      jaan.waitForURL((url) => url.pathname === `/my/${caseId}`),
      jaan.getByRole("link", { name: clientView.et["clientView.home.open"].replace("{number}", JAANS_CASE) }).click(),
    ]);
    await jaan.getByRole("heading", { level: 1, name: clientView.et["clientView.title"] }).waitFor();

    const teamSection = sectionTitled(jaan, clientView.et["clientView.team.title"]);
    for (const name of ["Kadri Kask", PIRET.name, "Siim Laur"]) {
      expect(await teamSection.getByText(name, { exact: false }).count()).toBeGreaterThan(0);
    }
    const log = sectionTitled(jaan, clientView.et["clientView.log.title"]);
    const logText = (await log.textContent()) ?? "";
    expect(logText).toContain(PIRET.name);
    expect(logText).toContain(clientView.et["clientView.log.case.team.read"]);
    expect(await sectionTitled(jaan, clientView.et["clientView.plan.title"]).textContent()).toContain(
      clientView.et["clientView.plan.none"],
    );

    const pageText = (await jaan.locator("body").textContent()) ?? "";
    for (const foreign of [GALINA.name, GALINAS_CASE, REIN.name, "Helen Pärn", "Natalja Petrova"]) {
      expect(pageText).not.toContain(foreign);
    }
    await expectNoAxeViolations(jaan, "the client's own view on a phone");
    await expectNoSidewaysScroll(jaan);

    // The team's pages are not for him: the policy refuses, whatever the URL.
    const refused = await jaan.goto(`${app.url}/cases/${caseId}/team`, { waitUntil: "networkidle" });
    expect(refused?.status()).toBe(403);
    expect((await jaan.locator("main").textContent()) ?? "").not.toContain(team.et["team.members.title"]);
    const malformed = await jaan.goto(`${app.url}/my/not%20an%20id`, { waitUntil: "networkidle" });
    expect(malformed?.status()).toBe(404);
  });

  it("shows Galina her view in Russian, with Rein's look at her case, and nothing of Jaan's", async () => {
    const galina = await newPage({ viewport: PHONE, lang: "ru" });
    await signIn(galina, GALINA.email, "ru");
    const caseId = await caseIdFromHomeCard(galina, GALINAS_CASE, "ru");

    const rein = await newPage();
    await signIn(rein, REIN.email);
    await rein.goto(`${app.url}/cases/${caseId}/team`, { waitUntil: "networkidle" });
    await rein
      .getByRole("heading", { level: 1, name: team.et["team.title"].replace("{number}", GALINAS_CASE) })
      .waitFor();

    await galina.goto(`${app.url}/my/${caseId}`, { waitUntil: "networkidle" });
    await galina.getByRole("heading", { level: 1, name: clientView.ru["clientView.title"] }).waitFor();
    expect(await galina.locator("html").getAttribute("lang")).toBe("ru");
    const log = sectionTitled(galina, clientView.ru["clientView.log.title"]);
    expect((await log.textContent()) ?? "").toContain(REIN.name);
    const pageText = (await galina.locator("body").textContent()) ?? "";
    for (const foreign of [JAAN.name, JAANS_CASE, PIRET.name, "Siim Laur"]) {
      expect(pageText).not.toContain(foreign);
    }
    await expectNoAxeViolations(galina, "the client's own view in Russian");
    await expectNoSidewaysScroll(galina);
  });
});

describe("the team and consent page", () => {
  it("gives the case manager the team, the consents, the staff search and the invitation form, accessibly", async () => {
    const jaan = await newPage();
    await signIn(jaan, JAAN.email);
    const caseId = await caseIdFromHomeCard(jaan, JAANS_CASE, "et");

    const kadri = await newPage();
    await signIn(kadri, DEMO_CASE_MANAGER_EMAIL);
    await kadri.goto(`${app.url}/cases/${caseId}/team`, { waitUntil: "networkidle" });
    const members = kadri.getByTestId("team-members");
    for (const name of [JAAN.name, PIRET.name, "Siim Laur"]) {
      expect(await members.getByRole("rowheader", { name: new RegExp(name) }).count()).toBe(1);
    }
    expect(await members.getByText(team.et["team.consentStatus.ACTIVE"]).count()).toBe(4);
    await expectNoAxeViolations(kadri, "the team page for the case manager");

    // Search staff of any organisation; Helen (another case's specialist) can be added here.
    await kadri.getByLabel(team.et["team.search.label"]).fill("Helen");
    await Promise.all([
      kadri.waitForURL((url) => url.searchParams.get("q") === "Helen"),
      kadri.getByRole("button", { name: team.et["team.search.submit"] }).click(),
    ]);
    await kadri.getByRole("radio", { name: /Helen Pärn/ }).waitFor();
    // A specialist without the client's consent is refused with a plain message.
    await kadri.getByRole("button", { name: team.et["team.add.submit"] }).click();
    const alert = kadri.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toBe(team.et["team.consentRequired"]);
    await expectNoAxeViolations(kadri, "the team page with the add form and an error");

    // With the consent, she joins the team.
    const addForm = kadri.locator("form", { has: kadri.getByRole("button", { name: team.et["team.add.submit"] }) });
    await addForm.getByLabel(team.et["team.consent.form.WRITTEN"]).check();
    await addForm
      .getByLabel(team.et["team.consent.scope"])
      .fill("Toetatud elamise võimaluste arutamiseks vajalikud andmed");
    await addForm.getByLabel(team.et["team.consent.givenAt"]).fill(new Date().toISOString().slice(0, 10));
    await addForm.getByRole("button", { name: team.et["team.add.submit"] }).click();
    await kadri.getByRole("status").filter({ hasText: team.et["team.done.add"] }).waitFor();
    await members.getByRole("rowheader", { name: /Helen Pärn/ }).waitFor({ timeout: 10_000 });
  });

  it("keeps the language switch working on the client's view", async () => {
    const jaan = await newPage({ viewport: PHONE });
    await signIn(jaan, JAAN.email);
    const caseId = await caseIdFromHomeCard(jaan, JAANS_CASE, "et");
    await jaan.goto(`${app.url}/my/${caseId}`, { waitUntil: "networkidle" });
    await jaan.getByLabel(common.et["language.label"]).selectOption("en");
    await Promise.all([
      jaan.waitForResponse((res) => new URL(res.url()).pathname.startsWith("/language")),
      jaan.getByRole("button", { name: common.et["language.change"] }).click(),
    ]);
    await jaan.getByRole("heading", { level: 1, name: clientView.en["clientView.title"] }).waitFor();
    expect(pathOf(jaan)).toBe(`/my/${caseId}`);
    expect(await jaan.getByRole("heading", { level: 2, name: clientView.en["clientView.log.title"] }).count()).toBe(1);
  });
});
