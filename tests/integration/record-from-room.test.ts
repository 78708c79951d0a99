// The record produced from the meeting room (issue 5, decision record 009) through the real
// services on SQLite and PostgreSQL: the room's document is flushed, read from the database and
// merged into the record draft by id; only the case manager may do it, only once the meeting has
// begun, and never into a record out for comments or approved. Records approved before the room
// existed still verify and read back unchanged.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addAgendaItem } from "../../app/domain/agenda/add-agenda-item.ts";
import { formatDocName } from "../../app/domain/collab/doc-name.ts";
import { contentHash, type JsonValue } from "../../app/domain/freezing/content-hash.ts";
import { approveRecord } from "../../app/domain/records/approve-record.ts";
import { getRecord } from "../../app/domain/records/get-record.ts";
import { openRecordForComment } from "../../app/domain/records/open-record-for-comment.ts";
import { produceRecordFromRoom } from "../../app/domain/records/record-from-room.ts";
import { storedContent } from "../../app/domain/records/record-queries.ts";
import { parseRecordContent, type RecordContent } from "../../app/domain/records/record-schemas.ts";
import { startRecord } from "../../app/domain/records/start-record.ts";
import { updateRecord } from "../../app/domain/records/update-record.ts";
import { verifyRecord } from "../../app/domain/records/verify-record.ts";
import {
  addDecision,
  addDissent,
  minutesFragment,
  setYText,
  summaryText,
  updateDecision,
} from "../../app/domain/room/room-doc.ts";
import { tallinnDay } from "../../app/domain/time/tallinn-time.ts";
import type { Db, MeetingStatus } from "../../app/lib/db-types.ts";
import { renderRecordPdf } from "../../app/lib/pdf/record-pdf.server.ts";
import { openLiveDocument } from "../factories/plans.ts";
import { createMeetingWithParticipants, fullRecord } from "../factories/records.ts";
import { createTeamCase, type TeamCase } from "../factories/team.ts";
import { expectDomainError } from "../support/expect-domain-error.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-db.ts";
import { pdfText } from "../support/pdf-text.ts";

const DAY_MS = 24 * 3600 * 1000;
const NOW = new Date();
const DISSENT_TEXT = "Я не согласна переезжать.";

let t: TestDatabase;
let db: Db;
let team: TeamCase;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  team = await createTeamCase(db, { label: "Ruumist" });
});
afterAll(async () => {
  await t?.drop();
});

/** A meeting with two agenda items, then set to `status` (as the room leaves it). */
async function meetingWithAgenda(status: MeetingStatus) {
  const { caseManager } = team.people;
  const meeting = await createMeetingWithParticipants(db, team, { durationMinutes: 90 });
  const items: { id: string }[] = [];
  for (const title of ["Tööle naasmine", "Abi kodus"]) {
    const { itemId } = await addAgendaItem(
      caseManager.actor,
      { meetingId: meeting.id, title, durationMinutes: 20, ownerUserId: null },
      { db },
    );
    items.push({ id: itemId });
  }
  await db.meeting.update({ where: { id: meeting.id }, data: { status } });
  return { meeting, items };
}

/** The room as the Yjs server holds it: stored only when `flushDocument` is called for it. */
function liveRoom(meetingId: string) {
  return openLiveDocument(db, formatDocName({ kind: "room", meetingId }));
}

/** What a meeting writes: a decision with two responsible people, a dissent, minutes, the summary. */
function writeMeeting(doc: Y.Doc, itemIds: string[], { complete = false } = {}) {
  const { caseManager, specialistWithConsent, client } = team.people;
  addDecision(doc, {
    id: "dec-rehab",
    agendaItemId: itemIds[0]!,
    createdByUserId: specialistWithConsent.user.id,
    now: NOW,
    text: "Taotleda rehabilitatsiooniteenust",
  });
  updateDecision(doc, "dec-rehab", {
    deadline: tallinnDay(new Date(Date.now() + 14 * DAY_MS)),
    responsible: [
      { userId: caseManager.user.id, name: "Nimi brauserist", position: "" },
      { userId: null, name: "Mati Maasikas", position: "naaber" },
    ],
  });
  addDissent(doc, {
    id: "dis-client",
    decisionId: "dec-rehab",
    authorUserId: client.user.id,
    authorName: client.user.name,
    recordedBy: { userId: specialistWithConsent.user.id, name: specialistWithConsent.user.name },
    now: NOW,
    text: DISSENT_TEXT,
  });
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText("Klient soovib tööle naasta osalise koormusega.")]);
  minutesFragment(doc, itemIds[0]!).insert(0, [paragraph]);
  setYText(summaryText(doc, "whatBecameClear"), "Klient soovib tööle naasta.");
  setYText(summaryText(doc, "firstStep"), "Juhtumikorraldaja saadab taotluse.");
  if (complete) {
    setYText(summaryText(doc, "whatStillNeedsDiscussing"), "Transport.");
    setYText(summaryText(doc, "beforeNextMeeting"), "Rehabilitatsiooni taotlus.");
  }
}

async function recordRow(meetingId: string) {
  return db.meetingRecord.findUniqueOrThrow({ where: { meetingId } });
}

describe("producing the record from the meeting room", () => {
  it("starts the record of a meeting in progress with what the room wrote, after flushing the room", async () => {
    const { caseManager, client, specialistWithConsent } = team.people;
    const { meeting, items } = await meetingWithAgenda("IN_PROGRESS");
    const room = await liveRoom(meeting.id);
    writeMeeting(
      room.doc,
      items.map((i) => i.id),
    );
    // Nothing of the room is stored yet: only the flush puts it into the database.
    expect(await db.collabUpdate.count({ where: { docName: room.docName } })).toBe(0);

    const result = await produceRecordFromRoom(
      caseManager.actor,
      { meetingId: meeting.id },
      { db, flushDocument: (name) => room.flushDocument(name) },
    );
    expect(room.flushes).toEqual([room.docName]);
    expect(result).toMatchObject({ isStarted: true, isChanged: true, version: 2, skipped: 0 });

    const content = (await getRecord(caseManager.actor, meeting.id, { db })).record!.content;
    // Started from the meeting as startRecord would...
    expect(content).toMatchObject({ caseNumber: team.theCase.caseNumber, topicsRaised: "Tööle naasmine\nAbi kodus" });
    // ...with the room merged in.
    expect(content.plannedSteps).toEqual([
      {
        id: "dec-rehab",
        text: "Taotleda rehabilitatsiooniteenust\nVastutavad ka: Mati Maasikas, naaber",
        responsible: {
          userId: caseManager.user.id,
          name: caseManager.user.name,
          position: `juhtumikorraldaja, ${team.organisation.name}`,
        },
        deadline: tallinnDay(new Date(Date.now() + 14 * DAY_MS)),
        nextStep: "",
      },
    ]);
    expect(content.dissentingOpinions).toEqual([
      {
        id: "dis-client",
        authorName: client.user.name,
        authorUserId: client.user.id,
        about: "Taotleda rehabilitatsiooniteenust",
        text: DISSENT_TEXT,
        recordedBy: specialistWithConsent.user.name,
      },
    ]);
    expect(content.closingSummary).toEqual({
      whatBecameClear: "Klient soovib tööle naasta.",
      whatStillNeedsDiscussing: "",
      beforeNextMeeting: "",
      firstStep: "Juhtumikorraldaja saadab taotluse.",
    });
    expect(content.itemMinutes).toEqual([
      { agendaItemId: items[0]!.id, title: "Tööle naasmine", text: "Klient soovib tööle naasta osalise koormusega." },
    ]);

    const record = await recordRow(meeting.id);
    const audits = await db.auditEvent.findMany({
      where: { subjectId: record.id, action: { in: ["record.start", "record.fromRoom"] } },
    });
    expect(audits.map((a) => [a.action, a.actorId]).sort()).toEqual([
      ["record.fromRoom", caseManager.user.id],
      ["record.start", caseManager.user.id],
    ]);
  });

  it("merges into a draft by id after the meeting ended: again changes nothing, keeps the case manager's work", async () => {
    const { caseManager } = team.people;
    const { meeting, items } = await meetingWithAgenda("HELD");
    await startRecord(caseManager.actor, { meetingId: meeting.id }, { db });
    const started = (await getRecord(caseManager.actor, meeting.id, { db })).record!.content;
    const ownStep = {
      id: "own-step",
      text: "Juhtumikorraldaja oma samm",
      responsible: null,
      deadline: null,
      nextStep: "",
    };
    await updateRecord(
      caseManager.actor,
      {
        meetingId: meeting.id,
        version: 1,
        content: {
          ...started,
          plannedSteps: [ownStep],
          closingSummary: { ...started.closingSummary, beforeNextMeeting: "Kirjutatud protokolli." },
        },
      },
      { db },
    );
    const room = await liveRoom(meeting.id);
    writeMeeting(
      room.doc,
      items.map((i) => i.id),
    );
    const flushDocument = (name: string) => room.flushDocument(name);

    const first = await produceRecordFromRoom(caseManager.actor, { meetingId: meeting.id }, { db, flushDocument });
    expect(first).toMatchObject({ isStarted: false, isChanged: true, version: 3 });
    const afterFirst = await recordRow(meeting.id);
    const merged = parseRecordContent(afterFirst.content);
    expect(merged.plannedSteps.map((s) => s.id)).toEqual(["own-step", "dec-rehab"]);
    expect(merged.closingSummary.beforeNextMeeting).toBe("Kirjutatud protokolli.");
    expect(merged.closingSummary.firstStep).toBe("Juhtumikorraldaja saadab taotluse.");

    // Once more with nothing new: the same content, the same version, nothing written but the audit row.
    const again = await produceRecordFromRoom(caseManager.actor, { meetingId: meeting.id }, { db, flushDocument });
    expect(again).toMatchObject({ isChanged: false, version: 3 });
    const afterAgain = await recordRow(meeting.id);
    expect(afterAgain.content).toBe(afterFirst.content);
    expect(afterAgain.updatedAt.getTime()).toBe(afterFirst.updatedAt.getTime());
    expect(await db.auditEvent.count({ where: { subjectId: afterFirst.id, action: "record.fromRoom" } })).toBe(2);

    // The room wrote more: the same rows are updated, the new one is appended.
    updateDecision(room.doc, "dec-rehab", { deadline: "2027-02-01" });
    addDecision(room.doc, {
      id: "dec-transport",
      agendaItemId: items[1]!.id,
      createdByUserId: caseManager.user.id,
      now: NOW,
      text: "Korraldada transport",
    });
    await produceRecordFromRoom(caseManager.actor, { meetingId: meeting.id }, { db, flushDocument });
    const last = parseRecordContent((await recordRow(meeting.id)).content);
    expect(last.plannedSteps.map((s) => [s.id, s.deadline])).toEqual([
      ["own-step", null],
      ["dec-rehab", "2027-02-01"],
      ["dec-transport", null],
    ]);
    expect(last.dissentingOpinions.map((d) => d.id)).toEqual(["dis-client"]);
  });

  it("is for the case manager only, once the meeting has begun, and never into a record out for comments or approved", async () => {
    const { caseManager, specialistWithConsent, otherOrganisationUser } = team.people;
    const { meeting, items } = await meetingWithAgenda("IN_PROGRESS");
    const room = await liveRoom(meeting.id);
    writeMeeting(
      room.doc,
      items.map((i) => i.id),
      { complete: true },
    );
    const deps = { db, flushDocument: (name: string) => room.flushDocument(name) };
    const input = { meetingId: meeting.id };

    await expectDomainError(produceRecordFromRoom(specialistWithConsent.actor, input, deps), "FORBIDDEN");
    await expectDomainError(produceRecordFromRoom(otherOrganisationUser.actor, input, deps), "NOT_FOUND");
    await expectDomainError(produceRecordFromRoom(caseManager.actor, { meetingId: "../x" }, deps), "VALIDATION");
    const planned = await meetingWithAgenda("PLANNED");
    await expectDomainError(
      produceRecordFromRoom(caseManager.actor, { meetingId: planned.meeting.id }, deps),
      "INVALID_STATE",
      "records.fromRoom.meetingNotStarted",
    );
    const cancelled = await meetingWithAgenda("CANCELLED");
    await expectDomainError(
      produceRecordFromRoom(caseManager.actor, { meetingId: cancelled.meeting.id }, deps),
      "INVALID_STATE",
      "records.meetingCancelled",
    );
    // Refused before anything was read or written.
    expect(room.flushes).toEqual([]);
    expect(
      await db.meetingRecord.count({
        where: { meetingId: { in: [meeting.id, planned.meeting.id, cancelled.meeting.id] } },
      }),
    ).toBe(0);

    // The record page offers it to the case manager only, and only once the meeting has begun.
    const canTakeOver = async (actor: typeof caseManager.actor, meetingId: string) =>
      (await getRecord(actor, meetingId, { db })).permissions.canTakeOverFromRoom;
    expect(await canTakeOver(caseManager.actor, meeting.id)).toBe(true);
    expect(await canTakeOver(specialistWithConsent.actor, meeting.id)).toBe(false);
    expect(await canTakeOver(caseManager.actor, planned.meeting.id)).toBe(false);
    expect(await canTakeOver(caseManager.actor, cancelled.meeting.id)).toBe(false);

    await produceRecordFromRoom(caseManager.actor, input, deps);
    expect(await canTakeOver(caseManager.actor, meeting.id)).toBe(true);
    const until = tallinnDay(new Date(Date.now() + 7 * DAY_MS));
    await openRecordForComment(caseManager.actor, { meetingId: meeting.id, version: 2, commentUntil: until }, { db });
    await expectDomainError(
      produceRecordFromRoom(caseManager.actor, input, deps),
      "INVALID_STATE",
      "records.notAllowedWhen.IN_COMMENT",
    );
    expect(await canTakeOver(caseManager.actor, meeting.id)).toBe(false);
    // The room's decision has a responsible person and a deadline and all four answers are given: approvable.
    await approveRecord(caseManager.actor, { meetingId: meeting.id, version: 3 }, { db });
    const approved = await recordRow(meeting.id);
    setYText(summaryText(room.doc, "firstStep"), "Muudetud pärast kinnitamist");
    await expectDomainError(produceRecordFromRoom(caseManager.actor, input, deps), "FROZEN", "records.frozen");
    expect(await recordRow(meeting.id)).toEqual(approved);

    // The minutes taken over are sealed with the rest, and printed.
    expect(parseRecordContent(approved.content).itemMinutes?.map((m) => m.title)).toEqual(["Tööle naasmine"]);
    expect(await verifyRecord({ meetingId: meeting.id }, { db })).toMatchObject({ isIntact: true, problems: [] });
    const view = await getRecord(caseManager.actor, meeting.id, { db, purpose: "pdf" });
    const { all: text } = await pdfText(
      await renderRecordPdf({ meeting: view.meeting, record: view.record! }, { locale: "et" }),
    );
    expect(text).toContain("Arutelu päevakorrapunktide kaupa");
    expect(text).toContain("Klient soovib tööle naasta osalise koormusega.");
  });

  it("still verifies and reads back unchanged a record approved before the minutes per agenda item existed", async () => {
    const { caseManager } = team.people;
    const meeting = await createMeetingWithParticipants(db, team, { status: "HELD" });
    // Stored as an approval before this change stored it: canonical JSON without an itemMinutes key.
    const old: RecordContent = fullRecord();
    const content = storedContent(old);
    expect(content).not.toContain("itemMinutes");
    const hash = contentHash(JSON.parse(content) as JsonValue);
    await db.meetingRecord.create({
      data: {
        meetingId: meeting.id,
        status: "APPROVED",
        content,
        contentHash: hash,
        approvedAt: new Date(),
        approvedById: caseManager.user.id,
      },
    });

    expect(await verifyRecord({ meetingId: meeting.id }, { db })).toMatchObject({ isIntact: true, problems: [] });
    const read = (await getRecord(caseManager.actor, meeting.id, { db })).record!.content;
    expect(read).toEqual(old);
    expect("itemMinutes" in read).toBe(false);
    expect(storedContent(read)).toBe(content);
    expect(contentHash(JSON.parse(storedContent(read)) as JsonValue)).toBe(hash);
    const view = await getRecord(caseManager.actor, meeting.id, { db, purpose: "pdf" });
    const { all: text } = await pdfText(
      await renderRecordPdf({ meeting: view.meeting, record: view.record! }, { locale: "et" }),
    );
    expect(text).not.toContain("Arutelu päevakorrapunktide kaupa");
  });
});
