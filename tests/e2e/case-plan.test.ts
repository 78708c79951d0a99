// Issue 6's acceptance test ("Done when", first bullet), in real Chromium against the real app
// process (production build, embedded SQLite, demo data):
//
//   the case manager (Kadri Kask) writes two decisions into the record of Jaan Kivi's meeting that
//   was held, starts the case plan and takes both decisions into it in one click each (each keeps
//   its link to the meeting); one has no responsible person, and sending for signing is refused
//   with that problem named in plain Estonian next to the field and in a summary; once it is fixed
//   the plan is sent. Jaan signs on a phone-sized screen (password again, explicit statement of
//   case, version and hash); the rehabilitation specialist (Piret Oja) refuses with a reason, shown
//   to all as her dissent. Kadri withdraws the version and amends it (the page shows what changed);
//   Piret, still on the draft when it is sent, is refused when she types; everyone signs version 2
//   and it is in force. A write to its live document is closed by the server and a POST to the
//   editing action gets the FROZEN refusal; the PDF downloads with Estonian letters and hashes; the
//   verification page finds everything intact; "my actions", the case page and the client's view
//   show the plan. axe finds nothing on the plan page, the version page and the client's view.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import * as encoding from "lib0/encoding";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { tallinnDay } from "../../app/domain/time/tallinn-time.ts";
import { clientView } from "../../app/i18n/messages/client-view.ts";
import { plans } from "../../app/i18n/messages/plans.ts";
import { records } from "../../app/i18n/messages/records.ts";
import { DEMO_PASSWORD } from "../../app/lib/demo.ts";
import { DEMO_CASE_NUMBERS } from "../../prisma/demo-data.ts";
import { expectNoAxeViolations, hasNoHorizontalScroll, PHONE, signIn } from "../support/browser.ts";
import { demoAccount, fillMessage, startAppInBrowser } from "../support/e2e.ts";
import { pdfText } from "../support/pdf-text.ts";

const et = { ...clientView.et, ...plans.et, ...records.et };

const STEP_TIMEOUT_MS = 15_000;
const TEST_TIMEOUT_MS = 240_000;
const DAY_MS = 24 * 3600 * 1000;

const [JAANS_CASE] = DEMO_CASE_NUMBERS;
const KADRI = demoAccount("Kadri Kask"); // case manager
const PIRET = demoAccount("Piret Oja"); // rehabilitation specialist, on Jaan's team with his consent
const JAAN = demoAccount("Jaan Kivi"); // the client

const HELD_MEETING = /Juhtumimeeskonna esimene kohtumine/;
const DECISION_1 = "Taotleda Jaanile rehabilitatsiooniteenust";
const DECISION_1_NEXT = "Piret saadab taotluse vormi";
const DECISION_2 = "Jaan käib taastusravil kaks korda nädalas";
const RESOURCES_2 = "Bussipilet ja naabri abi (õ ä ö ü š ž)";
const REFUSAL = "Saatekiri perearstilt on puudu, ilma selleta taotlust ei menetleta.";
const AMENDED_RESOURCES = "SKA taotlusvorm ja perearsti saatekiri";
const ATTACHED_NAME = "Rehabilitatsiooniplaan Jaan Kivi.pdf";
const ATTACHED_DESCRIPTION = "Rehabilitatsiooniplaan, Sotsiaalkindlustusamet";
const ATTACHED_PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
const ATTACHED_SHA256 = createHash("sha256").update(ATTACHED_PDF).digest("hex");

const app = startAppInBrowser({ stepTimeoutMs: STEP_TIMEOUT_MS });

// ---- Small helpers ----------------------------------------------------------------------------

const { newPage } = app;

const day = (offsetDays: number) => tallinnDay(new Date(Date.now() + offsetDays * DAY_MS));

function activitiesIn(page: Page, section: "CLIENT" | "CLOSE_PERSONS" | "HELP_MEASURE" | "CASE_MANAGER") {
  return page.getByTestId(`plan-section-${section}`).getByTestId("plan-activity");
}

/** Waits until the live document has stored everything this page wrote. */
async function waitSaved(page: Page) {
  await expect
    .poll(() => page.getByTestId("plan-saved").textContent(), { timeout: STEP_TIMEOUT_MS })
    .toBe(et["plans.doc.saved"]);
}

async function goToVersion(page: Page, caseId: string, versionId: string) {
  await page.goto(`${app.url}/cases/${caseId}/plan/${versionId}`, { waitUntil: "networkidle" });
}

/** Signs (or refuses) on the version page with the password again and the explicit statement. */
async function signVersion(page: Page, { number, password }: { number: number; password: string }) {
  const form = page.getByTestId("plan-sign-form");
  const statement = form.getByRole("checkbox");
  // The statement names the case, the version and the hash being signed.
  const hash = (await page.getByTestId("plan-hash").textContent())!;
  expect(await statement.evaluate((el) => (el as HTMLInputElement).labels?.[0]?.textContent ?? "")).toMatch(
    new RegExp(`${JAANS_CASE}.*versiooniga ${number}.*${hash}`),
  );
  await form.getByLabel(et["plans.sign.password"]).fill(password);
  await statement.check();
  await Promise.all([
    page.waitForURL((url) => ["signed", "inForce"].includes(url.searchParams.get("done") ?? "")),
    form.getByRole("button", { name: et["plans.sign.submit"] }).click(),
  ]);
}

/** The Yjs sync message carrying one update (y-protocols' messageSync = 0, then writeUpdate). */
function yjsUpdateMessage(): number[] {
  const doc = new Y.Doc();
  doc.getText("problem").insert(0, "Keegi muudab kehtivat plaani");
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(doc));
  doc.destroy();
  return Array.from(encoding.toUint8Array(encoder));
}

// ---- The scenario -----------------------------------------------------------------------------

describe("the case plan", () => {
  it(
    "is built from meeting decisions, refused, amended, signed by everyone and frozen",
    async () => {
      const kadri = await newPage();
      await signIn(kadri, app.url, KADRI.email, DEMO_PASSWORD);

      // ---- Two decisions in the record of the meeting that was held (004 §2.3) ----------------
      await kadri.goto(`${app.url}/cases`, { waitUntil: "networkidle" });
      await Promise.all([
        kadri.waitForURL((url) => /^\/cases\/[a-z0-9]+$/.test(url.pathname)),
        kadri.getByRole("link", { name: JAANS_CASE }).click(),
      ]);
      const caseId = new URL(kadri.url()).pathname.split("/")[2]!;
      await Promise.all([
        kadri.waitForURL((url) => /^\/meetings\/[a-z0-9]+$/.test(url.pathname)),
        kadri.getByRole("link", { name: HELD_MEETING }).click(),
      ]);
      await kadri.goto(`${kadri.url()}/record`, { waitUntil: "networkidle" });
      await Promise.all([
        kadri.waitForURL((url) => url.searchParams.get("done") === "started"),
        kadri.getByRole("button", { name: et["records.start.submit"] }).click(),
      ]);
      const step1 = kadri.getByRole("group", { name: fillMessage(et["records.step.legend"], { n: 1 }) });
      await step1.getByLabel(et["records.step.text"]).fill(DECISION_1);
      const responsible = step1.getByLabel(et["records.step.responsible"], { exact: true });
      await responsible.selectOption(
        (await responsible.locator("option", { hasText: PIRET.name }).getAttribute("value"))!,
      );
      // Two days ago: in "my actions" it is overdue.
      await step1.getByLabel(et["records.step.deadline"]).fill(day(-2));
      await step1.getByLabel(et["records.step.nextStep"]).fill(DECISION_1_NEXT);
      await kadri.getByRole("button", { name: et["records.step.add"] }).click();
      const step2 = kadri.getByRole("group", { name: fillMessage(et["records.step.legend"], { n: 2 }) });
      await step2.getByLabel(et["records.step.text"]).fill(DECISION_2);
      await Promise.all([
        kadri.waitForURL((url) => url.searchParams.get("done") === "saved"),
        kadri.getByRole("button", { name: et["records.save"] }).click(),
      ]);

      // ---- The plan: started, decisions taken in with their link ---------------------------------
      await kadri.goto(`${app.url}/cases/${caseId}`, { waitUntil: "networkidle" });
      await Promise.all([
        kadri.waitForURL((url) => url.pathname === `/cases/${caseId}/plan`),
        kadri.getByRole("link", { name: et["plans.casePage.open"] }).click(),
      ]);
      await Promise.all([
        kadri.waitForURL((url) => url.searchParams.get("done") === "started"),
        kadri.getByRole("button", { name: et["plans.start.submit"] }).click(),
      ]);
      await kadri.getByTestId("plan-editor").waitFor();
      await waitSaved(kadri);

      const candidates = kadri.getByTestId("plan-decision-candidate");
      await expect.poll(() => candidates.count()).toBe(2);
      for (const text of [DECISION_1, DECISION_2]) {
        const candidate = candidates.filter({ hasText: text });
        await candidate.getByRole("button", { name: new RegExp(`^${et["plans.decisions.take"]}`) }).click();
        await candidate.getByText(et["plans.decisions.inPlan"]).waitFor();
      }
      // Piret is a specialist: a help measure; the decision without a responsible person too.
      const helpMeasures = activitiesIn(kadri, "HELP_MEASURE");
      await expect.poll(() => helpMeasures.count()).toBe(2);
      for (const i of [0, 1]) {
        await helpMeasures.nth(i).getByTestId("plan-activity-source").waitFor();
      }
      expect(await helpMeasures.nth(0).getByLabel(et["plans.field.description"]).inputValue()).toBe(
        `${DECISION_1}\n${DECISION_1_NEXT}`,
      );
      expect(await helpMeasures.nth(0).getByLabel(et["plans.field.responsible"]).inputValue()).toBe(
        await personIdOf(helpMeasures.nth(0), PIRET.name),
      );
      expect(await helpMeasures.nth(0).getByLabel(et["plans.field.deadline"]).inputValue()).toBe(day(-2));

      // The rest of the plan, as the team writes it.
      await kadri
        .getByLabel(et["plans.field.problem"])
        .fill("Pärast insulti on Jaanil raske tööl ja kodus hakkama saada.");
      await kadri
        .getByLabel(et["plans.field.goals"])
        .fill("Jaan naaseb osalise koormusega tööle ja elab edasi oma kodus.");
      const measure = helpMeasures.nth(0);
      await measure.getByLabel(et["plans.field.resources"]).fill("SKA taotlusvorm");
      await measure.getByLabel(et["plans.field.provider"]).fill("Sotsiaalkindlustusamet");
      // The second decision is the client's own activity.
      await helpMeasures.nth(1).getByLabel(et["plans.editor.section"]).selectOption("CLIENT");
      const own = activitiesIn(kadri, "CLIENT").first();
      await own.getByLabel(et["plans.field.recurrence"]).fill("kaks korda nädalas");
      await own.getByLabel(et["plans.field.resources"]).fill(RESOURCES_2);
      const evaluation = kadri.getByTestId("plan-evaluation").first();
      // The first interim evaluation is proposed three months ahead, with the case manager responsible.
      expect(await evaluation.getByLabel(et["plans.field.dueDate"]).inputValue()).not.toBe("");
      await evaluation.getByLabel(et["plans.field.method"]).fill("Meeskonna kohtumine koos Jaaniga");
      // A plan of another provider, attached as a file: listed in the draft at once.
      const attachForm = kadri.getByTestId("plan-attach-form");
      await attachForm
        .getByLabel(et["plans.attachments.file"])
        .setInputFiles({ name: ATTACHED_NAME, mimeType: "application/pdf", buffer: ATTACHED_PDF });
      await attachForm.getByLabel(et["plans.attachments.description"]).fill(ATTACHED_DESCRIPTION);
      await attachForm.getByRole("button", { name: et["plans.attachments.submit"] }).click();
      await kadri.getByTestId("plan-attachment").filter({ hasText: ATTACHED_DESCRIPTION }).waitFor();
      await waitSaved(kadri);

      // ---- Sending is refused: the missing responsible person, named where it is ------------------
      await kadri.getByRole("button", { name: et["plans.send.submit"] }).click();
      const summary = kadri.getByTestId("plan-problems");
      await summary.waitFor();
      await kadri.getByRole("alert").filter({ hasText: et["plans.incomplete"] }).waitFor();
      const where = fillMessage(et["plans.activity.title"], { section: et["plans.section.CLIENT"], n: 1 });
      expect((await summary.locator("li").allTextContents()).map((s) => s.trim())).toEqual([
        `${where} – ${et["plans.field.responsible"]}: ${et["plans.problem.responsibleRequired"]}`,
      ]);
      await own.locator(".field__error", { hasText: et["plans.problem.responsibleRequired"] }).waitFor();
      expect(await own.getByLabel(et["plans.field.responsible"]).getAttribute("aria-invalid")).toBe("true");
      await expectNoAxeViolations(kadri, "the plan page with the draft and its problems");

      // Fixed: the problem goes away as soon as the field is filled; now it is sent.
      const jaanOption = await own
        .getByLabel(et["plans.field.responsible"])
        .locator("option", { hasText: JAAN.name })
        .getAttribute("value");
      await own.getByLabel(et["plans.field.responsible"]).selectOption(jaanOption!);
      await summary.waitFor({ state: "detached" });
      await waitSaved(kadri);
      await Promise.all([
        kadri.waitForURL((url) => url.searchParams.get("done") === "sent"),
        kadri.getByRole("button", { name: et["plans.send.submit"] }).click(),
      ]);
      await expect
        .poll(() => kadri.getByTestId("plan-open").textContent())
        .toBe(fillMessage(et["plans.overview.signing"], { number: 1, signed: 0, count: 3 }));
      const v1Id = await versionIdFromLink(kadri, fillMessage(et["plans.overview.openVersion"], { number: 1 }));

      // ---- The client signs on his phone ----------------------------------------------------------
      const jaan = await newPage({ viewport: PHONE });
      await signIn(jaan, app.url, JAAN.email, DEMO_PASSWORD);
      await jaan.goto(`${app.url}/my/${caseId}`, { waitUntil: "networkidle" });
      await jaan.getByTestId("client-plan-sign").waitFor();
      await Promise.all([
        jaan.waitForURL((url) => url.pathname === `/cases/${caseId}/plan/${v1Id}`),
        jaan.getByRole("link", { name: et["plans.client.readAndSign"] }).click(),
      ]);
      await jaan.getByTestId("plan-sign").waitFor();
      expect(await hasNoHorizontalScroll(jaan)).toBe(true);
      await expectNoAxeViolations(jaan, "the version page on the client's phone");
      // Without the statement accepted, nothing is signed.
      const jaanForm = jaan.getByTestId("plan-sign-form");
      await jaanForm.getByLabel(et["plans.sign.password"]).fill(DEMO_PASSWORD);
      await jaanForm.getByRole("button", { name: et["plans.sign.submit"] }).click();
      await jaan.getByText(et["plans.statementNotAccepted"]).first().waitFor();
      await signVersion(jaan, { number: 1, password: DEMO_PASSWORD });
      await jaan.getByRole("status").filter({ hasText: et["plans.versionDone.signed"] }).waitFor();

      // ---- The specialist refuses, with her reason ------------------------------------------------
      const piret = await newPage();
      await signIn(piret, app.url, PIRET.email, DEMO_PASSWORD);
      await piret.goto(`${app.url}/cases/${caseId}/plan`, { waitUntil: "networkidle" });
      await Promise.all([
        piret.waitForURL((url) => url.pathname === `/cases/${caseId}/plan/${v1Id}`),
        piret.getByRole("link", { name: et["plans.overview.goSign"] }).click(),
      ]);
      await piret.getByText(et["plans.refuse.open"]).click();
      const refuse = piret.getByTestId("plan-refuse-form");
      await refuse.getByLabel(et["plans.refuse.reason"]).fill(REFUSAL);
      await refuse.getByRole("checkbox").check();
      await refuse.getByLabel(et["plans.sign.password"]).fill(DEMO_PASSWORD);
      await Promise.all([
        piret.waitForURL((url) => url.searchParams.get("done") === "refused"),
        refuse.getByRole("button", { name: et["plans.refuse.submit"] }).click(),
      ]);
      await piret.getByTestId("plan-dissent").filter({ hasText: REFUSAL }).waitFor();

      // ---- The case manager sees the dissent, withdraws and amends --------------------------------
      await kadri.reload({ waitUntil: "networkidle" });
      await kadri.getByTestId("plan-refusals").filter({ hasText: REFUSAL }).waitFor();
      await kadri.getByText(et["plans.withdraw.open"]).click();
      await kadri.getByLabel(et["plans.withdraw.reason"]).fill("Lisame perearsti saatekirja.");
      await Promise.all([
        kadri.waitForURL((url) => url.searchParams.get("done") === "withdrawn"),
        kadri.getByRole("button", { name: et["plans.withdraw.submit"] }).click(),
      ]);
      await Promise.all([
        kadri.waitForURL((url) => url.searchParams.get("done") === "amended"),
        kadri.getByRole("button", { name: et["plans.amend.submit"] }).click(),
      ]);
      await kadri.getByTestId("plan-editor").waitFor();
      await waitSaved(kadri);
      const diff = kadri.getByTestId("plan-diff");
      await diff.getByText(et["plans.diff.none"]).waitFor();
      const amendedMeasure = activitiesIn(kadri, "HELP_MEASURE").first();
      // The amendment starts with version 1's content, decision links included.
      expect(await amendedMeasure.getByLabel(et["plans.field.resources"]).inputValue()).toBe("SKA taotlusvorm");
      await amendedMeasure.getByTestId("plan-activity-source").waitFor();
      await amendedMeasure.getByLabel(et["plans.field.resources"]).fill(AMENDED_RESOURCES);
      await waitSaved(kadri);
      await diff.getByText(et["plans.diff.changed"]).waitFor();
      expect(await diff.textContent()).toContain(AMENDED_RESOURCES);

      // Piret has the draft open while it is sent; her next keystroke is refused.
      await piret.goto(`${app.url}/cases/${caseId}/plan`, { waitUntil: "networkidle" });
      await piret.getByTestId("plan-editor").waitFor();
      await waitSaved(piret);
      await Promise.all([
        kadri.waitForURL((url) => url.searchParams.get("done") === "sent"),
        kadri.getByRole("button", { name: et["plans.send.submit"] }).click(),
      ]);
      const v2Id = await versionIdFromLink(kadri, fillMessage(et["plans.overview.openVersion"], { number: 2 }));
      await piret.getByLabel(et["plans.field.problem"]).pressSequentially(" Lisan veel midagi.", { delay: 20 });
      await piret.getByTestId("plan-frozen-notice").waitFor();
      await expect
        .poll(() => piret.getByTestId("plan-open").textContent())
        .toBe(fillMessage(et["plans.overview.signing"], { number: 2, signed: 0, count: 3 }));

      // ---- Everyone signs version 2: it is in force ------------------------------------------------
      await goToVersion(jaan, caseId, v2Id);
      await signVersion(jaan, { number: 2, password: DEMO_PASSWORD });
      await goToVersion(piret, caseId, v2Id);
      await signVersion(piret, { number: 2, password: DEMO_PASSWORD });
      await goToVersion(kadri, caseId, v2Id);
      await signVersion(kadri, { number: 2, password: DEMO_PASSWORD });
      await kadri.getByRole("status").filter({ hasText: et["plans.versionDone.inForce"] }).waitFor();
      await expect.poll(() => kadri.getByTestId("plan-status").first().textContent()).toBe(et["plans.status.IN_FORCE"]);
      await kadri.getByTestId("plan-frozen").filter({ hasText: et["plans.version.locked"] }).waitFor();
      const v2Hash = (await kadri.getByTestId("plan-hash").textContent())!;
      expect(v2Hash).toMatch(/^[0-9a-f]{64}$/);
      // Version 1 stays readable, withdrawn, with Piret's dissent.
      await goToVersion(piret, caseId, v1Id);
      await expect
        .poll(() => piret.getByTestId("plan-status").first().textContent())
        .toBe(et["plans.status.WITHDRAWN"]);
      await piret.getByTestId("plan-dissent").filter({ hasText: REFUSAL }).waitFor();

      // ---- Frozen for good: the server refuses a write to the document and the editing action ----
      const closeCode = await kadri.evaluate(
        ({ path, message }) =>
          new Promise<number>((resolve) => {
            const socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${path}`);
            socket.binaryType = "arraybuffer";
            socket.onopen = () => socket.send(new Uint8Array(message));
            socket.onclose = (event) => resolve(event.code);
            setTimeout(() => resolve(-1), 10_000);
          }),
        { path: `/collab/plan.${v2Id}`, message: yjsUpdateMessage() },
      );
      expect([4403, 4423]).toContain(closeCode);
      const post = await kadri.evaluate(
        async ({ caseId: id, versionId }) => {
          const csrf = document.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? "";
          const body = new FormData();
          body.set("_csrf", csrf);
          body.set("intent", "send");
          body.set("versionId", versionId);
          const response = await fetch(`/cases/${id}/plan?index&_data=routes%2Fcases.%24caseId.plan._index`, {
            method: "POST",
            body,
          });
          return { status: response.status, body: (await response.json()) as { formError?: string } };
        },
        { caseId, versionId: v2Id },
      );
      expect(post).toEqual({ status: 409, body: expect.objectContaining({ formError: "plans.frozen" }) });
      await kadri.reload({ waitUntil: "networkidle" });
      expect(await kadri.getByTestId("plan-hash").textContent()).toBe(v2Hash);

      // ---- The attached plan: listed with its hash (covered by the version's), downloads as it was ----
      const attached = kadri.getByTestId("plan-attachment").filter({ hasText: ATTACHED_DESCRIPTION });
      expect(await attached.getByTestId("plan-attachment-hash").textContent()).toBe(ATTACHED_SHA256);
      const [attachedDownload] = await Promise.all([
        kadri.waitForEvent("download"),
        attached
          .getByRole("link", { name: fillMessage(et["plans.attachments.downloadLabel"], { name: ATTACHED_NAME }) })
          .click(),
      ]);
      expect(attachedDownload.suggestedFilename()).toBe(ATTACHED_NAME);
      expect((await readFile((await attachedDownload.path())!)).equals(ATTACHED_PDF)).toBe(true);
      const fileHref = (await attached.getByRole("link").first().getAttribute("href"))!;
      const http = await kadri.evaluate(
        async ({ href, caseId: id }) => {
          const got = await fetch(href);
          const headers = Object.fromEntries(
            ["cache-control", "content-disposition", "x-content-type-options", "content-type"].map((h) => [
              h,
              got.headers.get(h),
            ]),
          );
          // Into a version no longer a draft, and too large: refused in the reader's language.
          const post = async (size: number) => {
            const body = new FormData();
            body.set("_csrf", document.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? "");
            body.set("versionId", new URL(href, location.href).searchParams.get("version") ?? "");
            body.set("description", "Hooldusplaan");
            const bytes = new Uint8Array(size);
            bytes.set(new TextEncoder().encode("%PDF-1.4\n"));
            body.set("file", new File([bytes], "hooldusplaan.pdf", { type: "application/pdf" }));
            const response = await fetch(`/cases/${id}/plan/attach`, { method: "POST", body });
            return {
              status: response.status,
              formError: ((await response.json()) as { formError?: string }).formError,
            };
          };
          return { status: got.status, headers, frozen: await post(1000), tooLarge: await post(10 * 1024 * 1024 + 1) };
        },
        { href: fileHref, caseId },
      );
      expect(http).toEqual({
        status: 200,
        headers: {
          "cache-control": "private, no-store",
          "content-disposition": expect.stringMatching(/^attachment; filename="Rehabilitatsiooniplaan Jaan Kivi\.pdf"/),
          "x-content-type-options": expect.stringMatching(/^nosniff\b/),
          "content-type": "application/pdf",
        },
        frozen: { status: 409, formError: "plans.frozen" },
        tooLarge: { status: 413, formError: "plans.files.tooLarge" },
      });

      // ---- The PDF: content with Estonian letters, signatures, hashes, history --------------------
      const [download] = await Promise.all([
        kadri.waitForEvent("download"),
        kadri.getByRole("link", { name: et["plans.pdf.download"] }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`juhtumiplaan-${JAANS_CASE}-v2.pdf`);
      const pdfBytes = await readFile((await download.path())!);
      expect(pdfBytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      const { all: text } = await pdfText(pdfBytes);
      expect(text).toContain(RESOURCES_2);
      expect(text).toContain(AMENDED_RESOURCES);
      expect(text).toContain(v2Hash);
      expect(text).toContain(ATTACHED_SHA256);
      expect(text).toContain(et["plans.signatories.title"]);
      for (const name of [KADRI.name, PIRET.name, JAAN.name]) expect(text).toContain(name);
      expect(text).toContain(et["plans.status.WITHDRAWN"]);

      // ---- Verification, my actions, the case page, the client's view -----------------------------
      await kadri.goto(`${app.url}/cases/${caseId}/plan/verify`, { waitUntil: "networkidle" });
      expect(await kadri.getByTestId("plan-verify-summary").textContent()).toBe(et["plans.verify.intact"]);

      await piret.goto(`${app.url}/my/actions`, { waitUntil: "networkidle" });
      const action = piret.getByTestId("my-action").filter({ hasText: DECISION_1 });
      await action.waitFor();
      expect(await action.textContent()).toContain(et["plans.actions.overdue"]);

      await kadri.goto(`${app.url}/cases/${caseId}`, { waitUntil: "networkidle" });
      expect(await kadri.getByTestId("case-plan").textContent()).toContain(
        fillMessage(et["plans.overview.inForce"], { number: 2, date: "" }).split(" (")[0]!,
      );
      expect(await kadri.getByTestId("case-plan-deadlines").textContent()).toContain(DECISION_1);

      await jaan.goto(`${app.url}/my/${caseId}`, { waitUntil: "networkidle" });
      const clientPlan = jaan.getByTestId("client-plan");
      await clientPlan.getByRole("heading", { name: et["plans.client.section.CLIENT"] }).waitFor();
      expect(await clientPlan.textContent()).toContain(DECISION_2);
      expect(await hasNoHorizontalScroll(jaan)).toBe(true);
      await expectNoAxeViolations(jaan, "the client's view with the plan in force");
    },
    TEST_TIMEOUT_MS,
  );
});

/** The version id behind a link on the plan page. */
async function versionIdFromLink(page: Page, name: string): Promise<string> {
  const href = await page.getByRole("link", { name, exact: true }).first().getAttribute("href");
  const id = href?.split("/").at(-1);
  if (!id) throw new Error(`no link ${name}`);
  return id;
}

/** The value of the option naming `name` in a responsible-person choice. */
async function personIdOf(scope: ReturnType<Page["getByTestId"]>, name: string): Promise<string> {
  return (await scope
    .getByLabel(et["plans.field.responsible"])
    .locator("option", { hasText: name })
    .getAttribute("value"))!;
}
