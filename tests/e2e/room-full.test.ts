// A full meeting (issue 7, "maximum participants per document, a clear 'meeting is full'
// message"): the server closes the room document's connection with 4503 when the document has as
// many connections as COLLAB_MAX_PARTICIPANTS allows. In real Chromium the room says so in its
// status line, keeps trying with a jittered backoff, and gets in once a place is free.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { createSession } from "../../app/domain/auth/sessions.ts";
import { formatDocName } from "../../app/domain/collab/doc-name.ts";
import { room } from "../../app/i18n/messages/room.ts";
import type { Db } from "../../app/lib/db-types.ts";
import { createMeetingWithParticipants } from "../factories/records.ts";
import { createTeamCase } from "../factories/team.ts";
import { startAppProcess, type AppProcess } from "../support/app-process.ts";
import { openBrowser, type BrowserSession } from "../support/browser.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-db.ts";

const STEP_TIMEOUT_MS = 20_000;

let testDb: TestDatabase;
let db: Db;
let app: AppProcess;
let session: BrowserSession;

beforeAll(async () => {
  testDb = await createTestDatabase({ kind: "sqlite" });
  db = testDb.db;
  app = await startAppProcess({ DATABASE_URL: testDb.url, DEMO_MODE: "false", COLLAB_MAX_PARTICIPANTS: "1" });
  session = await openBrowser(() => app.url);
});

afterAll(async () => {
  await session?.close();
  await app?.stop();
  await testDb?.drop();
});

async function sessionCookie(userId: string): Promise<string> {
  return (await createSession({ userId }, { db, sessionDays: 1 })).token;
}

/** The one place in the document, taken by a Node client of the specialist. */
function takeThePlace(docName: string, token: string) {
  const cookie = `sid=${token}`;
  const provider = new WebsocketProvider(`${app.url.replace(/^http/, "ws")}/collab`, docName, new Y.Doc(), {
    WebSocketPolyfill: class extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: { cookie } });
      }
    } as never,
    disableBc: true,
  });
  return provider;
}

const statusLine = (page: Page) => page.getByText(room.et["room.status.full"]);

describe("a meeting with every place taken", () => {
  it("tells the one who comes last that it is full, and lets them in when someone leaves", async () => {
    const team = await createTeamCase(db, { label: "Täis" });
    const meeting = await createMeetingWithParticipants(db, team);
    await db.meeting.update({ where: { id: meeting.id }, data: { status: "IN_PROGRESS" } });
    const docName = formatDocName({ kind: "room", meetingId: meeting.id });
    const { caseManager, specialistWithConsent } = team.people;

    const first = takeThePlace(docName, await sessionCookie(specialistWithConsent.user.id));
    await expect.poll(() => first.synced, { timeout: STEP_TIMEOUT_MS }).toBe(true);

    const page = await session.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    await page.context().addCookies([{ name: "sid", value: await sessionCookie(caseManager.user.id), url: app.url }]);
    await page.goto(`${app.url}/meetings/${meeting.id}/room`, { waitUntil: "domcontentloaded" });
    await statusLine(page)
      .waitFor({ state: "visible" })
      .catch(async (error: unknown) => {
        throw new Error(`no "full" message; the page says: ${await page.locator("body").innerText()}\n${String(error)}`);
      });

    // The place is freed: the page gets in by itself (jittered retries), and the message goes.
    first.destroy();
    await expect.poll(() => statusLine(page).count(), { timeout: STEP_TIMEOUT_MS }).toBe(0);
    await page.getByText(room.et["room.status.online"]).waitFor({ state: "visible" });
  });
});
