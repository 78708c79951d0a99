// The meeting record (issue 4, 004 §2.3) through the real services on SQLite and PostgreSQL:
// started from the meeting, completed, shared for comments, approved and sealed with its hash,
// then frozen for good (a save is refused and the stored row stays byte for byte the same),
// corrected only by chained addenda, verifiable, printable as a PDF with Estonian and Russian
// letters, shown to the client in plain language once approved, and the source of "plan the
// next meeting".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addAgendaItem } from "../../app/domain/agenda/add-agenda-item.ts";
import { getClientView } from "../../app/domain/client-view/get-client-view.ts";
import { contentHash, type JsonValue } from "../../app/domain/freezing/content-hash.ts";
import { addRecordAddendum } from "../../app/domain/records/add-record-addendum.ts";
import { addRecordComment } from "../../app/domain/records/add-record-comment.ts";
import { addendumHash } from "../../app/domain/records/addendum-hash.ts";
import { approveRecord } from "../../app/domain/records/approve-record.ts";
import { getNextMeetingProposal } from "../../app/domain/records/get-next-meeting-proposal.ts";
import { getRecord, getRecordForClient } from "../../app/domain/records/get-record.ts";
import { openRecordForComment } from "../../app/domain/records/open-record-for-comment.ts";
import type { RecordContent } from "../../app/domain/records/record-schemas.ts";
import { startRecord } from "../../app/domain/records/start-record.ts";
import { tallinnDay } from "../../app/domain/time/tallinn-time.ts";
import { updateRecord } from "../../app/domain/records/update-record.ts";
import { verifyRecord } from "../../app/domain/records/verify-record.ts";
import type { Db } from "../../app/lib/db-types.ts";
import { renderRecordPdf } from "../../app/lib/pdf/record-pdf.server.ts";
import { createMeetingWithParticipants } from "../factories/records.ts";
import { createTeamCase, type TeamCase } from "../factories/team.ts";
import { expectDomainError } from "../support/expect-domain-error.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-db.ts";
import { pdfText } from "../support/pdf-text.ts";

const DAY_MS = 24 * 3600 * 1000;
const ESTONIAN_LETTERS = "õ ä ö ü š ž";
const STEP_TEXT = `Taotleda rehabilitatsiooniteenust ja kontrollida tähti ${ESTONIAN_LETTERS}`;
const DISSENT_TEXT = "Я не согласна переезжать в дом поддерживаемого проживания.";

let t: TestDatabase;
let db: Db;
let team: TeamCase;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  team = await createTeamCase(db, { label: "Protokoll" });
});
afterAll(async () => {
  await t?.drop();
});

/** The draft as the case manager completes it: every section of 004 §2.3 filled in. */
function completed(draft: RecordContent, overrides: Partial<RecordContent> = {}): RecordContent {
  const { caseManager, client } = team.people;
  return {
    ...draft,
    goals: [{ id: "g1", text: "Klient naaseb osalise koormusega tööle", agreedByClient: true, reached: "partly" }],
    clientParticipation: "Osales videosilla kaudu, tugiisik oli juures.",
    clientResources: "Motivatsioon, tugiisik.",
    problemsAgreed: "Üksi elamine maal.",
    servicesReceived: "Koduteenus.",
    plannedSteps: [
      {
        id: "s1",
        text: STEP_TEXT,
        responsible: { userId: caseManager.user.id, name: caseManager.user.name, position: "juhtumikorraldaja" },
        deadline: tallinnDay(new Date(Date.now() + 14 * DAY_MS)),
        nextStep: "Kohtumine rehabilitatsioonimeeskonnaga",
      },
    ],
    dissentingOpinions: [
      {
        id: "d1",
        authorName: client.user.name,
        authorUserId: client.user.id,
        about: "Toetatud elamine",
        text: DISSENT_TEXT,
        recordedBy: "Protokollija",
      },
    ],
    nextMeeting: { startsAt: new Date(Date.now() + 30 * DAY_MS).toISOString(), topics: "Tööle naasmise plaan" },
    closingSummary: {
      whatBecameClear: "Klient soovib tööle naasta.",
      whatStillNeedsDiscussing: "Transport.",
      beforeNextMeeting: "Rehabilitatsiooni taotlus.",
      firstStep: "Juhtumikorraldaja saadab taotluse.",
    },
    ...overrides,
  };
}

async function recordRow(meetingId: string) {
  return db.meetingRecord.findUniqueOrThrow({ where: { meetingId } });
}

describe("the meeting record", () => {
  it("goes from draft through comments to approval, then stays frozen and takes only chained addenda", async () => {
    const { caseManager, specialistWithConsent, client, supervisor } = team.people;
    const meeting = await createMeetingWithParticipants(db, team, { durationMinutes: 90 });
    await addAgendaItem(
      specialistWithConsent.actor,
      { meetingId: meeting.id, title: "Taastusravi", durationMinutes: 20, ownerUserId: null },
      { db },
    );
    await addAgendaItem(
      caseManager.actor,
      { meetingId: meeting.id, title: "Tööle naasmine", durationMinutes: 30, ownerUserId: null },
      { db },
    );

    // Only the case manager starts it; it is prefilled from the meeting.
    await expectDomainError(startRecord(specialistWithConsent.actor, { meetingId: meeting.id }, { db }), "FORBIDDEN");
    const { recordId, version } = await startRecord(caseManager.actor, { meetingId: meeting.id }, { db });
    expect(version).toBe(1);
    await expectDomainError(
      startRecord(caseManager.actor, { meetingId: meeting.id }, { db }),
      "CONFLICT",
      "records.alreadyStarted",
    );
    const started = await getRecord(caseManager.actor, meeting.id, { db });
    const draft = started.record!.content;
    expect(draft).toMatchObject({
      caseNumber: team.theCase.caseNumber,
      clientName: `${team.client.firstName} ${team.client.lastName}`,
      preparer: { userId: caseManager.user.id, name: caseManager.user.name },
      moderator: { userId: caseManager.user.id },
      time: { startsAt: meeting.startsAt.toISOString(), durationMinutes: 90 },
      place: { location: "Testvalla vallamaja, ruum 2", isOnline: false },
      clientParticipationMode: "REMOTE",
      topicsRaised: "Taastusravi\nTööle naasmine",
    });
    expect(draft.participants.map((p) => [p.name, p.meetingRole, p.attendance, p.caseRole])).toEqual([
      [caseManager.user.name, "MODERATOR", "IN_PERSON", "CASE_MANAGER"],
      [specialistWithConsent.user.name, "MINUTE_TAKER", "IN_PERSON", "SPECIALIST"],
      [client.user.name, "PARTICIPANT", "REMOTE", "CLIENT"],
    ]);
    expect(started.permissions).toMatchObject({ canEdit: true, canApprove: true, canOpenForComment: true });

    // Saving: the snapshot of the case is kept whatever is posted; a stale save is refused.
    const content = completed(draft);
    const saved = await updateRecord(
      caseManager.actor,
      { meetingId: meeting.id, version: 1, content: { ...content, caseNumber: "VÕLTS-1", clientName: "Keegi Teine" } },
      { db },
    );
    expect(saved.version).toBe(2);
    expect((await getRecord(caseManager.actor, meeting.id, { db })).record!.content).toEqual(content);
    await expectDomainError(
      updateRecord(caseManager.actor, { meetingId: meeting.id, version: 1, content }, { db }),
      "CONFLICT",
      "records.changedByOther",
    );
    await expectDomainError(
      updateRecord(specialistWithConsent.actor, { meetingId: meeting.id, version: 2, content }, { db }),
      "FORBIDDEN",
    );

    // Out for comments; participants comment, a reader who did not take part may not.
    const until = tallinnDay(new Date(Date.now() + 7 * DAY_MS));
    const opened = await openRecordForComment(
      caseManager.actor,
      { meetingId: meeting.id, version: 2, commentUntil: until },
      { db },
    );
    expect(opened.version).toBe(3);
    await addRecordComment(client.actor, { meetingId: meeting.id, text: "Palun lisage, et vajan transporti." }, { db });
    await addRecordComment(specialistWithConsent.actor, { meetingId: meeting.id, text: "Tähtaeg sobib." }, { db });
    await expectDomainError(
      addRecordComment(supervisor.actor, { meetingId: meeting.id, text: "Kommentaar" }, { db }),
      "FORBIDDEN",
      "records.commentParticipantsOnly",
    );
    const inComment = await getRecord(client.actor, meeting.id, { db });
    expect(inComment.record!.comments.map((c) => [c.author?.name, c.text])).toEqual([
      [client.user.name, "Palun lisage, et vajan transporti."],
      [specialistWithConsent.user.name, "Tähtaeg sobib."],
    ]);
    expect(inComment.permissions).toMatchObject({ canComment: true, canEdit: false });

    // Approval seals the stored content with its hash; the meeting counts as held.
    const approved = await approveRecord(caseManager.actor, { meetingId: meeting.id, version: 3 }, { db });
    const row = await recordRow(meeting.id);
    expect(row).toMatchObject({ status: "APPROVED", approvedById: caseManager.user.id, version: 4 });
    expect(row.contentHash).toBe(approved.contentHash);
    expect(row.contentHash).toBe(contentHash(JSON.parse(row.content) as JsonValue));
    expect((await db.meeting.findUniqueOrThrow({ where: { id: meeting.id } })).status).toBe("HELD");

    // Frozen: every change is refused, and the row is byte for byte what it was.
    const auditsBefore = await db.auditEvent.count();
    await expectDomainError(
      updateRecord(caseManager.actor, { meetingId: meeting.id, version: 4, content }, { db }),
      "FROZEN",
      "records.frozen",
    );
    await expectDomainError(
      updateRecord(caseManager.actor, { meetingId: meeting.id, version: 3, content }, { db }),
      "FROZEN",
      "records.frozen",
    );
    await expectDomainError(approveRecord(caseManager.actor, { meetingId: meeting.id, version: 4 }, { db }), "FROZEN");
    await expectDomainError(
      openRecordForComment(caseManager.actor, { meetingId: meeting.id, version: 4, commentUntil: until }, { db }),
      "FROZEN",
    );
    await expectDomainError(
      addRecordComment(client.actor, { meetingId: meeting.id, text: "Hiljaks" }, { db }),
      "FROZEN",
    );
    const after = await recordRow(meeting.id);
    expect(after).toEqual(row);
    expect(after.content).toBe(row.content);
    expect(after.updatedAt.getTime()).toBe(row.updatedAt.getTime());
    expect(after.version).toBe(row.version);
    expect(await db.auditEvent.count()).toBe(auditsBefore);

    // Corrections are addenda, each chained to the one before (the first to the record).
    const first = await addRecordAddendum(
      caseManager.actor,
      { meetingId: meeting.id, text: "Parandus: tugiisiku nimi on Siim." },
      { db },
    );
    const second = await addRecordAddendum(
      caseManager.actor,
      { meetingId: meeting.id, text: "Lisa: transpordi küsimus arutatakse järgmisel kohtumisel." },
      { db },
    );
    await expectDomainError(
      addRecordAddendum(specialistWithConsent.actor, { meetingId: meeting.id, text: "Minu lisa" }, { db }),
      "FORBIDDEN",
    );
    const addenda = await db.recordAddendum.findMany({ where: { recordId }, orderBy: { createdAt: "asc" } });
    expect(addenda.map((a) => a.contentHash)).toEqual([first.contentHash, second.contentHash]);
    expect(addenda[0]!.contentHash).toBe(addendumHash(addenda[0]!, row.contentHash!, row.contentHash!));
    expect(addenda[1]!.contentHash).toBe(addendumHash(addenda[1]!, row.contentHash!, addenda[0]!.contentHash));
    expect(await recordRow(meeting.id)).toEqual(row);

    const verified = await verifyRecord({ meetingId: meeting.id }, { db });
    expect(verified).toMatchObject({ isIntact: true, problems: [] });
    expect(verified!.addenda.every((a) => a.isIntact)).toBe(true);

    // Someone changes the content in the database directly: the seal no longer matches.
    const tampered = JSON.parse(row.content) as RecordContent;
    tampered.plannedSteps[0]!.deadline = "2099-12-31";
    await db.meetingRecord.update({ where: { id: recordId }, data: { content: JSON.stringify(tampered) } });
    const broken = await verifyRecord({ recordId }, { db });
    expect(broken!.isIntact).toBe(false);
    expect(broken!.problems).toContain("record.hashMismatch");
    expect(broken!.record.computedHash).not.toBe(row.contentHash);
    // ...and an addendum changed afterwards is caught too.
    await db.recordAddendum.update({ where: { id: first.addendumId }, data: { text: "Muudetud tagantjärele" } });
    expect((await verifyRecord({ recordId }, { db }))!.problems).toContain(`addendum.hashMismatch:${first.addendumId}`);
  });

  it("refuses to approve a planned step without a deadline, and changes nothing", async () => {
    const { caseManager } = team.people;
    const meeting = await createMeetingWithParticipants(db, team);
    await startRecord(caseManager.actor, { meetingId: meeting.id }, { db });
    const draft = (await getRecord(caseManager.actor, meeting.id, { db })).record!.content;
    const content = completed(draft);
    content.plannedSteps[0] = { ...content.plannedSteps[0]!, deadline: null };
    await updateRecord(caseManager.actor, { meetingId: meeting.id, version: 1, content }, { db });
    const before = await recordRow(meeting.id);
    const audits = await db.auditEvent.count();

    const error = await expectDomainError(
      approveRecord(caseManager.actor, { meetingId: meeting.id, version: 2 }, { db }),
      "VALIDATION",
      "records.incomplete",
    );
    expect(error.fieldErrors).toEqual({ "plannedSteps.0.deadline": "records.stepNeedsDeadline" });
    // Approving with the content on screen is checked the same way.
    await expectDomainError(
      approveRecord(caseManager.actor, { meetingId: meeting.id, version: 2, content }, { db }),
      "VALIDATION",
      "records.incomplete",
    );
    expect(await recordRow(meeting.id)).toEqual(before);
    expect(await db.auditEvent.count()).toBe(audits);
    expect((await db.meeting.findUniqueOrThrow({ where: { id: meeting.id } })).status).toBe("PLANNED");
    expect(await verifyRecord({ meetingId: meeting.id }, { db })).toMatchObject({
      isIntact: false,
      problems: ["record.notApproved"],
    });
    // An addendum is only for an approved record.
    await expectDomainError(
      addRecordAddendum(caseManager.actor, { meetingId: meeting.id, text: "Lisa" }, { db }),
      "INVALID_STATE",
      "records.addendumNeedsApproval",
    );
  });

  it("takes comments only until the end of the set day, and only 1–30 days ahead", async () => {
    const { caseManager, client } = team.people;
    const meeting = await createMeetingWithParticipants(db, team);
    await startRecord(caseManager.actor, { meetingId: meeting.id }, { db });
    const now = new Date();
    await expectDomainError(
      openRecordForComment(
        caseManager.actor,
        { meetingId: meeting.id, version: 1, commentUntil: tallinnDay(now) },
        { db },
      ),
      "VALIDATION",
      "records.commentUntilRange",
    );
    await expectDomainError(
      openRecordForComment(
        caseManager.actor,
        { meetingId: meeting.id, version: 1, commentUntil: tallinnDay(new Date(now.getTime() + 31 * DAY_MS)) },
        { db },
      ),
      "VALIDATION",
    );
    await expectDomainError(
      addRecordComment(client.actor, { meetingId: meeting.id, text: "Liiga vara" }, { db }),
      "INVALID_STATE",
      "records.notInComment",
    );
    const { commentUntil } = await openRecordForComment(
      caseManager.actor,
      { meetingId: meeting.id, version: 1, commentUntil: tallinnDay(new Date(now.getTime() + DAY_MS)) },
      { db },
    );
    await addRecordComment(client.actor, { meetingId: meeting.id, text: "Õigel ajal" }, { db, now });
    const afterDeadline = new Date(commentUntil.getTime() + 1);
    await expectDomainError(
      addRecordComment(client.actor, { meetingId: meeting.id, text: "Hiljaks" }, { db, now: afterDeadline }),
      "INVALID_STATE",
      "records.commentPeriodOver",
    );
    const comments = await db.recordComment.findMany({ where: { record: { meetingId: meeting.id } } });
    expect(comments.map((c) => c.text)).toEqual(["Õigel ajal"]);
    expect((await getRecord(client.actor, meeting.id, { db, now: afterDeadline })).permissions.canComment).toBe(false);
  });

  it("prints the record as a PDF with its status, Estonian and Russian letters, and page numbers", async () => {
    const { caseManager } = team.people;
    const meeting = await createMeetingWithParticipants(db, team);
    await startRecord(caseManager.actor, { meetingId: meeting.id }, { db });
    const draft = (await getRecord(caseManager.actor, meeting.id, { db })).record!.content;
    const many = Array.from({ length: 14 }, (_, i) => ({
      id: `extra${i}`,
      text: `Lisategevus ${i + 1}: ${"pikk kirjeldus ".repeat(12)}`,
      responsible: { userId: null, name: "Välis Teenuseosutaja", position: "MTÜ" },
      deadline: "2027-01-15",
      nextStep: "",
    }));
    const content = completed(draft);
    content.plannedSteps.push(...many);
    await updateRecord(caseManager.actor, { meetingId: meeting.id, version: 1, content }, { db });

    const draftView = await getRecord(caseManager.actor, meeting.id, { db, purpose: "pdf" });
    const draftPdf = await pdfText(
      await renderRecordPdf({ meeting: draftView.meeting, record: draftView.record! }, { locale: "et" }),
    );
    expect(draftPdf.pages[0]).toContain("MUSTAND – KINNITAMATA");

    await approveRecord(caseManager.actor, { meetingId: meeting.id, version: 2 }, { db });
    await addRecordAddendum(caseManager.actor, { meetingId: meeting.id, text: "Parandus pärast kinnitamist." }, { db });
    const view = await getRecord(caseManager.actor, meeting.id, { db, purpose: "pdf" });
    const buffer = await renderRecordPdf({ meeting: view.meeting, record: view.record! }, { locale: "et" });
    expect(buffer.subarray(0, 5).toString()).toBe("%PDF-");
    const { pages, all } = await pdfText(buffer);

    expect(pages.length).toBeGreaterThan(1);
    expect(all).toContain(STEP_TEXT);
    expect(all).toContain(ESTONIAN_LETTERS);
    expect(all).toContain(DISSENT_TEXT);
    expect(all).toContain(`Kinnitatud: ${caseManager.user.name}`);
    expect(all).toContain(view.record!.contentHash!);
    expect(all).toContain("LISA 1");
    expect(all).not.toContain("MUSTAND");
    pages.forEach((text, i) => expect(text).toContain(`${i + 1} / ${pages.length}`));

    // The headings follow the reader's language.
    const russian = await pdfText(
      await renderRecordPdf({ meeting: view.meeting, record: view.record! }, { locale: "ru" }),
    );
    expect(russian.all).toContain("Протокол встречи");
    expect(russian.all).toContain(`Страница 1 / ${russian.pages.length}`);
    const pdfReads = await db.auditEvent.count({ where: { action: "record.pdf", subjectId: view.record!.id } });
    expect(pdfReads).toBe(2);
  });

  it("shows the client the approved record's planned steps in their view, and nothing of a draft", async () => {
    const { caseManager, client } = team.people;
    const approvedMeeting = await createMeetingWithParticipants(db, team, {
      startsAt: new Date(Date.now() - 3 * DAY_MS),
      status: "HELD",
    });
    await startRecord(caseManager.actor, { meetingId: approvedMeeting.id }, { db });
    const base = (await getRecord(caseManager.actor, approvedMeeting.id, { db })).record!.content;
    await approveRecord(
      caseManager.actor,
      { meetingId: approvedMeeting.id, version: 1, content: completed(base) },
      { db },
    );

    const draftMeeting = await createMeetingWithParticipants(db, team, { startsAt: new Date(Date.now() - DAY_MS) });
    await startRecord(caseManager.actor, { meetingId: draftMeeting.id }, { db });
    const draftBase = (await getRecord(caseManager.actor, draftMeeting.id, { db })).record!.content;
    const secret = completed(draftBase);
    secret.plannedSteps[0] = { ...secret.plannedSteps[0]!, id: "secret", text: "Mustandi salajane samm" };
    await updateRecord(caseManager.actor, { meetingId: draftMeeting.id, version: 1, content: secret }, { db });

    const view = await getClientView(client.actor, team.caseId, { db });
    const mine = view.decisions.filter((d) => d.meetingId === approvedMeeting.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ text: STEP_TEXT, responsibleName: caseManager.user.name, isYours: false });
    expect(JSON.stringify(view)).not.toContain("Mustandi salajane samm");
    const record = view.approvedRecords.find((r) => r.meetingId === approvedMeeting.id)!;
    expect(record.dissentingOpinions).toEqual([
      { id: "d1", authorName: client.user.name, isYours: true, about: "Toetatud elamine", text: DISSENT_TEXT },
    ]);
    expect(view.approvedRecords.some((r) => r.meetingId === draftMeeting.id)).toBe(false);

    const own = await getRecordForClient(client.actor, team.caseId, { db });
    expect(own.map((r) => r.meetingId)).toContain(approvedMeeting.id);
    await expectDomainError(
      getRecordForClient(team.people.otherOrganisationUser.actor, team.caseId, { db }),
      "NOT_FOUND",
    );
  });

  it("proposes the next meeting from the record: topics, time, length, participants and open steps", async () => {
    const { caseManager, specialistWithConsent, client } = team.people;
    const meeting = await createMeetingWithParticipants(db, team, { durationMinutes: 75 });
    await startRecord(caseManager.actor, { meetingId: meeting.id }, { db });
    const base = (await getRecord(caseManager.actor, meeting.id, { db })).record!.content;
    const content = completed(base);
    content.plannedSteps.push({
      ...content.plannedSteps[0]!,
      id: "late",
      text: "Hilinenud samm",
      deadline: "2020-01-01",
    });
    await approveRecord(caseManager.actor, { meetingId: meeting.id, version: 1, content }, { db });

    const proposal = await getNextMeetingProposal(caseManager.actor, meeting.id, { db });
    expect(proposal).toMatchObject({
      fromMeetingId: meeting.id,
      caseId: team.caseId,
      recordStatus: "APPROVED",
      purpose: "Tööle naasmise plaan",
      startsAt: new Date(content.nextMeeting.startsAt!),
      durationMinutes: 75,
    });
    expect(proposal.participantUserIds.sort()).toEqual(
      [caseManager.user.id, specialistWithConsent.user.id, client.user.id].sort(),
    );
    expect(proposal.openSteps.map((s) => [s.text, s.isOverdue])).toEqual([
      [STEP_TEXT, false],
      ["Hilinenud samm", true],
    ]);
    await expectDomainError(getNextMeetingProposal(specialistWithConsent.actor, meeting.id, { db }), "FORBIDDEN");
  });

  it("is not found for an outsider, and refuses a cancelled meeting", async () => {
    const { caseManager, otherOrganisationUser } = team.people;
    const meeting = await createMeetingWithParticipants(db, team);
    await expectDomainError(getRecord(otherOrganisationUser.actor, meeting.id, { db }), "NOT_FOUND");
    await expectDomainError(startRecord(otherOrganisationUser.actor, { meetingId: meeting.id }, { db }), "NOT_FOUND");
    await expectDomainError(getRecord(caseManager.actor, "not-an-id!", { db }), "NOT_FOUND");
    const cancelled = await createMeetingWithParticipants(db, team, { status: "CANCELLED" });
    await expectDomainError(
      startRecord(caseManager.actor, { meetingId: cancelled.id }, { db }),
      "INVALID_STATE",
      "records.meetingCancelled",
    );
    expect(await db.meetingRecord.count({ where: { meetingId: { in: [meeting.id, cancelled.id] } } })).toBe(0);
  });
});
