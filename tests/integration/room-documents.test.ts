// The meeting room's live document (`meeting.<id>.room`) through the whole app: the real server
// on a free port, sessions from the database, the meeting policy at the upgrade, and real
// y-websocket clients writing with the room's writers (app/domain/room/room-doc.ts). What the
// Yjs server itself guarantees with any authoriser (one load, "saved" only after the commit,
// limits, restarts) is proven in collab-server.test.ts; this file covers what the app adds on
// top, and ends with the record produced from what the participants wrote.
import { randomBytes } from "node:crypto";
import { io as connectSocket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { addAgendaItem } from "../../app/domain/agenda/add-agenda-item.ts";
import { createSession } from "../../app/domain/auth/sessions.ts";
import { formatDocName } from "../../app/domain/collab/doc-name.ts";
import { readStoredDoc } from "../../app/domain/collab/stored-document.ts";
import { getRecord } from "../../app/domain/records/get-record.ts";
import { produceRecordFromRoom } from "../../app/domain/records/record-from-room.ts";
import {
  addDecision,
  addDissent,
  findDecisionMap,
  minutesFragment,
  readRoomContent,
  setYText,
  summaryText,
  updateDecision,
  type RoomContent,
} from "../../app/domain/room/room-doc.ts";
import { trackSaved, type SavedTracker } from "../../app/lib/collab-saved.ts";
import { csrfCookieName, sessionCookieName } from "../../app/lib/cookies.ts";
import type { Db } from "../../app/lib/db-types.ts";
import { createMeetingWithParticipants } from "../factories/records.ts";
import { createTeamCase, type TeamCase } from "../factories/team.ts";
import { startTestServer, type TestServer } from "../support/test-server.ts";

type ProviderOptions = NonNullable<ConstructorParameters<typeof WebsocketProvider>[3]>;

const NOW = new Date();
let t: TestServer;
let db: Db;
let team: TeamCase;
const cleanups: Array<() => void> = [];

beforeAll(async () => {
  t = await startTestServer();
  db = t.testDb.db;
  team = await createTeamCase(db, { label: "Ruum" });
});
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});
afterAll(async () => {
  await t?.close();
});

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function cookieOf(userId: string, now = new Date()): Promise<string> {
  const { token } = await createSession({ userId }, { db, sessionDays: 1, now });
  return `${sessionCookieName(false)}=${token}`;
}

/** `ws` with the browser's headers: the session cookie (and an Origin, when given). */
function webSocketWith(headers: Record<string, string>) {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  } as unknown as NonNullable<ProviderOptions["WebSocketPolyfill"]>;
}

/** A meeting in progress with two agenda items, and its room's document name. */
async function meetingInProgress() {
  const { caseManager } = team.people;
  const meeting = await createMeetingWithParticipants(db, team);
  const itemIds: string[] = [];
  for (const title of ["Tööle naasmine", "Abi kodus"]) {
    const { itemId } = await addAgendaItem(
      caseManager.actor,
      { meetingId: meeting.id, title, durationMinutes: 20, ownerUserId: null },
      { db },
    );
    itemIds.push(itemId);
  }
  await db.meeting.update({ where: { id: meeting.id }, data: { status: "IN_PROGRESS" } });
  return { meeting, itemIds, docName: formatDocName({ kind: "room", meetingId: meeting.id }) };
}

type Browser = {
  doc: Y.Doc;
  provider: WebsocketProvider;
  saved: SavedTracker;
  closeCodes: number[];
  /** Set when the server closed the connection for good (a 44xx refusal). */
  refusal: { code: number; reason: string } | null;
  destroy(): void;
};

/** A participant's browser on the room document, signed in with `cookie`. */
function openRoom(docName: string, cookie: string): Browser {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${t.url.replace("http", "ws")}/collab`, docName, doc, {
    WebSocketPolyfill: webSocketWith({ cookie }),
    disableBc: true,
    maxBackoffTime: 200,
  });
  const saved = trackSaved(provider);
  const browser: Browser = { doc, provider, saved, closeCodes: [], refusal: null, destroy: () => {} };
  provider.on("connection-close", (event) => {
    if (event) browser.closeCodes.push(event.code);
  });
  provider.on("closed", (event) => (browser.refusal = event));
  let isDestroyed = false;
  browser.destroy = () => {
    if (isDestroyed) return;
    isDestroyed = true;
    saved.destroy();
    provider.destroy();
    doc.destroy();
  };
  cleanups.push(browser.destroy);
  return browser;
}

async function openSynced(docName: string, cookie: string): Promise<Browser> {
  const browser = openRoom(docName, cookie);
  await waitFor(() => browser.provider.synced, "the room to sync");
  return browser;
}

/** The HTTP status an upgrade was answered with (101 when a websocket opened). */
function upgradeStatus(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${t.url.replace("http", "ws")}${path}`, { headers });
    ws.once("open", () => {
      ws.terminate();
      resolve(101);
    });
    ws.once("unexpected-response", (req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      req.destroy();
    });
    ws.once("error", reject);
  });
}

/** What the database holds of the room (committed rows only). */
async function storedRoom(docName: string, itemIds: string[]): Promise<RoomContent> {
  const doc = await readStoredDoc(db, docName);
  try {
    return readRoomContent(doc, itemIds);
  } finally {
    doc.destroy();
  }
}

function paragraph(text: string) {
  const p = new Y.XmlElement("paragraph");
  p.insert(0, [new Y.XmlText(text)]);
  return p;
}

describe("the meeting room document through the app", () => {
  it("lets two participants write at the same time; both converge and what they wrote is stored", async () => {
    const { caseManager, specialistWithConsent } = team.people;
    const { itemIds, docName } = await meetingInProgress();
    const moderator = await openSynced(docName, await cookieOf(caseManager.user.id));
    const minuteTaker = await openSynced(docName, await cookieOf(specialistWithConsent.user.id));
    setYText(summaryText(moderator.doc, "whatBecameClear"), "Klient soovib tööle naasta.");
    await waitFor(
      () => summaryText(minuteTaker.doc, "whatBecameClear").length > 0,
      "the minute-taker to see the summary",
    );

    // Both write in the same tick, before either has seen the other's changes.
    addDecision(moderator.doc, {
      id: "dec-moderator",
      agendaItemId: itemIds[0]!,
      createdByUserId: caseManager.user.id,
      now: NOW,
      text: "Taotleda rehabilitatsiooniteenust",
    });
    addDecision(minuteTaker.doc, {
      id: "dec-minutes",
      agendaItemId: itemIds[1]!,
      createdByUserId: specialistWithConsent.user.id,
      now: NOW,
      text: "Korraldada transport",
    });
    minutesFragment(moderator.doc, itemIds[0]!).insert(0, [paragraph("Moderaatori märge.")]);
    minutesFragment(minuteTaker.doc, itemIds[0]!).insert(0, [paragraph("Protokollija märge.")]);
    setYText(summaryText(moderator.doc, "whatBecameClear"), "Selgus: klient soovib tööle naasta.");
    setYText(summaryText(minuteTaker.doc, "whatBecameClear"), "Klient soovib tööle naasta osalise koormusega.");

    const bothDecisions = (b: Browser) => readRoomContent(b.doc, itemIds).decisions.length === 2;
    await waitFor(() => bothDecisions(moderator) && bothDecisions(minuteTaker), "both decisions on both sides");
    await waitFor(
      () =>
        JSON.stringify(readRoomContent(moderator.doc, itemIds)) ===
        JSON.stringify(readRoomContent(minuteTaker.doc, itemIds)),
      "convergence",
    );
    const room = readRoomContent(moderator.doc, itemIds);
    expect(room.decisions.map((d) => d.id).sort()).toEqual(["dec-minutes", "dec-moderator"]);
    expect(room.minutes[0]!.text.split("\n").sort()).toEqual(["Moderaatori märge.", "Protokollija märge."]);
    // Both edits of one answer are kept (each changed a different part of it).
    expect(room.summary.whatBecameClear).toBe("Selgus: klient soovib tööle naasta osalise koormusega.");

    // The minute-taker writes down a dissent on the moderator's decision; the moderator sees it.
    addDissent(minuteTaker.doc, {
      id: "dis-client",
      decisionId: "dec-moderator",
      authorUserId: team.people.client.user.id,
      authorName: team.people.client.user.name,
      recordedBy: { userId: specialistWithConsent.user.id, name: specialistWithConsent.user.name },
      now: NOW,
      text: "Klient ei ole nõus.",
    });
    await waitFor(() => readRoomContent(moderator.doc, itemIds).dissents.length === 1, "the dissent to arrive");

    // "Saved" on both sides means it is in the database.
    await Promise.all([moderator.saved.whenSaved(), minuteTaker.saved.whenSaved()]);
    const stored = await storedRoom(docName, itemIds);
    expect(stored).toEqual(readRoomContent(minuteTaker.doc, itemIds));
    expect(stored.skipped).toBe(0);
    expect(moderator.closeCodes).toEqual([]);
    expect(minuteTaker.closeCodes).toEqual([]);
  });

  it("refuses the upgrade for an unknown or expired session (401), a foreign Origin, and a user outside the case (403)", async () => {
    const { caseManager, otherOrganisationUser, specialistWithdrawn } = team.people;
    const { meeting, docName } = await meetingInProgress();
    const path = `/collab/${docName}`;
    const opened = () => db.auditEvent.count({ where: { action: "document.open", subjectId: `room:${meeting.id}` } });
    const openedBefore = await opened();

    expect(await upgradeStatus(path, { cookie: `${sessionCookieName(false)}=not-a-session` })).toBe(401);
    const expired = await cookieOf(caseManager.user.id, new Date(Date.now() - 2 * 24 * 3600 * 1000));
    expect(await upgradeStatus(path, { cookie: expired })).toBe(401);
    // A participant's valid session from another site's page never reaches authorisation.
    const valid = await cookieOf(caseManager.user.id);
    expect(await upgradeStatus(path, { cookie: valid, origin: "https://evil.example" })).toBe(400);
    expect(await upgradeStatus(path, { cookie: await cookieOf(otherOrganisationUser.user.id) })).toBe(403);
    // On the team, but the client withdrew their consent.
    expect(await upgradeStatus(path, { cookie: await cookieOf(specialistWithdrawn.user.id) })).toBe(403);
    expect(await opened()).toBe(openedBefore);

    // The same participant from the app's own origin is let in (and the opening is audited).
    expect(await upgradeStatus(path, { cookie: valid, origin: t.url })).toBe(101);
    await waitFor(async () => (await opened()) === openedBefore + 1, "the audited opening");
  });

  it("serves a supervisor who does not take part read-only: a write closes the connection (4403) and is not stored", async () => {
    const { caseManager, supervisor } = team.people;
    const { itemIds, docName } = await meetingInProgress();
    const moderator = await openSynced(docName, await cookieOf(caseManager.user.id));
    addDecision(moderator.doc, {
      id: "dec-1",
      agendaItemId: itemIds[0]!,
      createdByUserId: caseManager.user.id,
      now: NOW,
      text: "Otsus",
    });
    await moderator.saved.whenSaved();

    const reader = await openSynced(docName, await cookieOf(supervisor.user.id));
    expect(readRoomContent(reader.doc, itemIds).decisions.map((d) => d.text)).toEqual(["Otsus"]);
    setYText(summaryText(moderator.doc, "firstStep"), "Kadri helistab.");
    await waitFor(
      () => summaryText(reader.doc, "firstStep").toString() === "Kadri helistab.",
      "live updates to the reader",
    );

    updateDecision(reader.doc, "dec-1", { deadline: "2026-12-24" });
    setYText(summaryText(reader.doc, "firstStep"), "Võltsitud");
    await waitFor(() => reader.refusal !== null, "the reader to be refused");
    expect(reader.refusal).toEqual({ code: 4403, reason: "read-only" });

    // Nothing of it reached the others or the database; the room goes on.
    setYText(summaryText(moderator.doc, "whatBecameClear"), "Pärast keeldumist");
    await moderator.saved.whenSaved();
    const stored = await storedRoom(docName, itemIds);
    expect(stored.summary).toMatchObject({ firstStep: "Kadri helistab.", whatBecameClear: "Pärast keeldumist" });
    expect(stored.decisions[0]!.deadline).toBeNull();
    expect(findDecisionMap(moderator.doc, "dec-1")?.get("deadline")).toBeNull();
  });

  it("opens the room read-only once the meeting is held: writers are sent to reconnect, then refused (4403)", async () => {
    const { caseManager } = team.people;
    const { meeting, itemIds, docName } = await meetingInProgress();
    const moderator = await openSynced(docName, await cookieOf(caseManager.user.id));
    setYText(summaryText(moderator.doc, "firstStep"), "Enne lõppu");
    await moderator.saved.whenSaved();

    // What ending the meeting does: the meeting is HELD and the room's connections reconnect.
    await db.meeting.update({ where: { id: meeting.id }, data: { status: "HELD" } });
    t.server.services.realtime.disconnectDocument(docName);
    await waitFor(() => moderator.closeCodes.includes(1012), "the moderator to be sent to reconnect");
    await waitFor(() => moderator.provider.synced, "the moderator to reconnect");

    setYText(summaryText(moderator.doc, "firstStep"), "Pärast lõppu");
    await waitFor(() => moderator.refusal !== null, "the write to be refused");
    expect(moderator.refusal).toEqual({ code: 4403, reason: "read-only" });
    expect((await storedRoom(docName, itemIds)).summary.firstStep).toBe("Enne lõppu");
  });

  it("closes only the connection that sends a malformed update; the others' edits keep flowing and are stored", async () => {
    const { caseManager, specialistWithConsent, client } = team.people;
    const { itemIds, docName } = await meetingInProgress();
    const moderator = await openSynced(docName, await cookieOf(caseManager.user.id));
    const minuteTaker = await openSynced(docName, await cookieOf(specialistWithConsent.user.id));

    // A signed-in participant whose client sends a sync update that is not a Yjs update.
    const raw = new WebSocket(`${t.url.replace("http", "ws")}/collab/${docName}`, {
      headers: { cookie: await cookieOf(client.user.id) },
    });
    raw.on("error", () => {});
    cleanups.push(() => raw.terminate());
    const closed = new Promise<number>((resolve) => raw.once("close", (code) => resolve(code)));
    await new Promise<void>((resolve) => raw.once("open", () => resolve()));
    raw.send(Uint8Array.from([0, 2, 4, 255, 255, 255, 255]));
    expect(await closed).toBe(4400);

    addDecision(moderator.doc, {
      id: "dec-after",
      agendaItemId: itemIds[0]!,
      createdByUserId: caseManager.user.id,
      now: NOW,
      text: "Pärast katkist sõnumit",
    });
    await waitFor(
      () => findDecisionMap(minuteTaker.doc, "dec-after") !== null,
      "the decision to reach the minute-taker",
    );
    await moderator.saved.whenSaved();
    expect((await storedRoom(docName, itemIds)).decisions.map((d) => d.id)).toEqual(["dec-after"]);
    expect(moderator.closeCodes).toEqual([]);
    expect(minuteTaker.closeCodes).toEqual([]);
  });

  it("produces the record from what the participants wrote, flushing what the server still holds", async () => {
    const { caseManager, specialistWithConsent, client } = team.people;
    const { meeting, itemIds, docName } = await meetingInProgress();
    const moderator = await openSynced(docName, await cookieOf(caseManager.user.id));
    const minuteTaker = await openSynced(docName, await cookieOf(specialistWithConsent.user.id));

    addDecision(moderator.doc, {
      id: "dec-rehab",
      agendaItemId: itemIds[0]!,
      createdByUserId: caseManager.user.id,
      now: NOW,
      text: "Taotleda rehabilitatsiooniteenust",
    });
    updateDecision(moderator.doc, "dec-rehab", {
      deadline: "2027-01-15",
      responsible: [{ userId: caseManager.user.id, name: caseManager.user.name, position: "" }],
    });
    await waitFor(
      () => findDecisionMap(minuteTaker.doc, "dec-rehab") !== null,
      "the decision to reach the minute-taker",
    );
    addDissent(minuteTaker.doc, {
      id: "dis-client",
      decisionId: "dec-rehab",
      authorUserId: client.user.id,
      authorName: client.user.name,
      recordedBy: { userId: specialistWithConsent.user.id, name: specialistWithConsent.user.name },
      now: NOW,
      text: "Klient soovib enne proovida koduteenust.",
    });
    minutesFragment(minuteTaker.doc, itemIds[0]!).insert(0, [paragraph("Arutati rehabilitatsiooni.")]);
    setYText(summaryText(moderator.doc, "firstStep"), "Juhtumikorraldaja saadab taotluse.");
    // The server has applied everything (the other side sees it); it may not have stored it yet.
    await waitFor(
      () =>
        readRoomContent(moderator.doc, itemIds).dissents.length === 1 &&
        summaryText(minuteTaker.doc, "firstStep").length > 0 &&
        minutesFragment(moderator.doc, itemIds[0]!).length === 1,
      "both sides to have everything",
    );

    const flushed: string[] = [];
    const result = await produceRecordFromRoom(
      caseManager.actor,
      { meetingId: meeting.id },
      {
        db,
        flushDocument: async (name) => {
          flushed.push(name);
          await t.server.services.realtime.flushDocument(name);
        },
      },
    );
    expect(flushed).toEqual([docName]);
    expect(result).toMatchObject({ isStarted: true, isChanged: true, skipped: 0 });
    const content = (await getRecord(caseManager.actor, meeting.id, { db })).record!.content;
    expect(content.plannedSteps).toEqual([
      expect.objectContaining({
        id: "dec-rehab",
        text: "Taotleda rehabilitatsiooniteenust",
        deadline: "2027-01-15",
        responsible: expect.objectContaining({ userId: caseManager.user.id }) as unknown,
      }),
    ]);
    expect(content.dissentingOpinions).toEqual([
      expect.objectContaining({
        id: "dis-client",
        authorUserId: client.user.id,
        about: "Taotleda rehabilitatsiooniteenust",
        text: "Klient soovib enne proovida koduteenust.",
        recordedBy: specialistWithConsent.user.name,
      }),
    ]);
    expect(content.closingSummary.firstStep).toBe("Juhtumikorraldaja saadab taotluse.");
    expect(content.itemMinutes).toEqual([
      { agendaItemId: itemIds[0], title: "Tööle naasmine", text: "Arutati rehabilitatsiooni." },
    ]);
  });

  it("takes over from the room on the record page: one form post flushes, tells the watchers and redirects", async () => {
    const { caseManager } = team.people;
    const { meeting, itemIds, docName } = await meetingInProgress();
    const cookie = await cookieOf(caseManager.user.id);
    const moderator = await openSynced(docName, cookie);
    addDecision(moderator.doc, {
      id: "dec-page",
      agendaItemId: itemIds[0]!,
      createdByUserId: caseManager.user.id,
      now: NOW,
      text: "Otsus kohtumisruumist",
    });
    setYText(summaryText(moderator.doc, "whatStillNeedsDiscussing"), "Transport");

    const watcher = connectSocket(t.url, { transports: ["websocket"], reconnection: false, extraHeaders: { cookie } });
    cleanups.push(() => watcher.close());
    await waitFor(() => watcher.connected, "socket.io to connect");
    expect(await watcher.timeout(5000).emitWithAck("meeting:watch", { meetingId: meeting.id })).toEqual({ ok: true });
    const told: unknown[] = [];
    watcher.on("record:changed", (payload: unknown) => told.push(payload));

    // The double-submit CSRF token: the same value in the cookie and in the form.
    const csrf = randomBytes(32).toString("base64url");
    const response = await fetch(`${t.url}/meetings/${meeting.id}/record`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: `${cookie}; ${csrfCookieName(false)}=${csrf}`,
      },
      body: new URLSearchParams({ _csrf: csrf, intent: "fromRoom" }),
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/meetings/${meeting.id}/record?done=fromRoom`);
    const content = (await getRecord(caseManager.actor, meeting.id, { db })).record!.content;
    expect(content.plannedSteps.map((s) => [s.id, s.text])).toEqual([["dec-page", "Otsus kohtumisruumist"]]);
    expect(content.closingSummary.whatStillNeedsDiscussing).toBe("Transport");
    await waitFor(() => told.length === 1, "the watchers to be told");
    expect(told[0]).toEqual({ meetingId: meeting.id });

    // The page offers it to the case manager while the record is a draft.
    const page = await fetch(`${t.url}/meetings/${meeting.id}/record`, { headers: { cookie } });
    expect(await page.text()).toContain("Koosta protokoll ruumist");
  });
});
