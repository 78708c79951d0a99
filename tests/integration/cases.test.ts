// Clients and cases: opening, editing with optimistic concurrency, stage changes, closure,
// handover, the case list and the team's case page. Services are called directly against a real
// database (SQLite and PostgreSQL), and each refusal is checked to change nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireCaseAccess } from "../../app/domain/access/load-case-access.ts";
import type { Actor } from "../../app/domain/actor.ts";
import { changeCaseStage } from "../../app/domain/cases/change-case-stage.ts";
import { closeCase } from "../../app/domain/cases/close-case.ts";
import { getCaseForTeam } from "../../app/domain/cases/get-case.ts";
import { handOverCase } from "../../app/domain/cases/hand-over-case.ts";
import { listCases } from "../../app/domain/cases/list-cases.ts";
import { listHandoverCandidates } from "../../app/domain/cases/list-handover-candidates.ts";
import { openCase } from "../../app/domain/cases/open-case.ts";
import { suggestCaseNumber } from "../../app/domain/cases/suggest-case-number.ts";
import { updateCase } from "../../app/domain/cases/update-case.ts";
import type { Db } from "../../app/lib/db-types.ts";
import {
  addTeamMember,
  auditWrittenBy,
  createExternalPerson,
  makeSupervisor,
  openCaseInput,
  openTestCase,
  syntheticPersonalCode,
} from "../factories/cases.ts";
import { createCaseMeeting, createOrganisation, createStaffUser } from "../factories/people.ts";
import { expectDomainError } from "../support/expect-domain-error.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-db.ts";

let t: TestDatabase;
let db: Db;
/** Organisation A (the municipality) and B (another organisation on the system). */
let orgA: string;
let orgB: string;
let managerA: Actor;
let colleagueA: Actor;
let supervisorA: Actor;
let managerB: Actor;
let external: Actor;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  orgA = (await createOrganisation(db, { name: "Testvalla sotsiaalosakond" })).id;
  orgB = (await createOrganisation(db, { name: "Töötukassa testosakond", type: "UNEMPLOYMENT_INSURANCE_FUND" })).id;
  managerA = (await createStaffUser(db, { organisationId: orgA, name: "Kati Korraldaja" })).actor;
  colleagueA = (await createStaffUser(db, { organisationId: orgA, name: "Kalle Kolleeg" })).actor;
  supervisorA = (await makeSupervisor(db, (await createStaffUser(db, { organisationId: orgA })).user.id)).actor;
  managerB = (await createStaffUser(db, { organisationId: orgB, name: "Tõnu Töötukassa" })).actor;
  external = (await createExternalPerson(db)).actor;
});
afterAll(async () => {
  await t?.drop();
});

async function counts() {
  const [cases, clients, members, audit, handovers, notices] = await Promise.all([
    db.case.count(),
    db.client.count(),
    db.caseMember.count(),
    db.auditEvent.count(),
    db.caseHandover.count(),
    db.clientNotice.count(),
  ]);
  return { cases, clients, members, audit, handovers, notices };
}

describe("opening a case", () => {
  it("creates the client and the case, makes the opener its case manager, and audits it", async () => {
    const code = syntheticPersonalCode(101);
    const { caseId, clientId } = await openCase(
      managerA,
      openCaseInput({
        caseNumber: " TV-2026-101 ",
        client: {
          firstName: " Jaana ",
          lastName: "Järv",
          personalCode: code,
          email: "Jaana.Jarv@Post.Example",
          communicationNeeds: ["MOBILITY", "INTERPRETER"],
          interpreterLanguage: "vene keel",
        },
      }),
      { db },
    );
    const found = await db.case.findUniqueOrThrow({ where: { id: caseId }, include: { client: true, members: true } });
    expect(found).toMatchObject({
      organisationId: orgA,
      caseNumber: "TV-2026-101",
      caseManagerId: managerA.userId,
      stage: "NEED_IDENTIFIED",
      version: 1,
      clientId,
    });
    expect(found.client).toMatchObject({
      organisationId: orgA,
      firstName: "Jaana",
      personalCode: code,
      email: "jaana.jarv@post.example",
      dateOfBirth: new Date("1801-01-01T00:00:00Z"),
      communicationNeeds: '["INTERPRETER","MOBILITY"]',
    });
    expect(found.members).toEqual([
      expect.objectContaining({ userId: managerA.userId, role: "CASE_MANAGER", removedAt: null }),
    ]);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "case.create", caseId } });
    expect(audit).toMatchObject({ actorId: managerA.userId, subjectType: "case", subjectId: caseId });
    expect(audit.details).not.toContain("Jaana");
    expect(audit.details).not.toContain(code);
  });

  it("is for staff of an organisation only", async () => {
    const before = await counts();
    await expectDomainError(openCase(external, openCaseInput(), { db }), "FORBIDDEN");
    expect(await counts()).toEqual(before);
  });

  it("refuses a case number already used in the organisation, and creates nothing", async () => {
    const first = await openTestCase(db, managerA, { caseNumber: "TV-2026-102" });
    const before = await counts();
    const error = await expectDomainError(
      openCase(colleagueA, openCaseInput({ caseNumber: "TV-2026-102" }), { db }),
      "CONFLICT",
      "case.caseNumberTaken",
    );
    expect(error.fieldErrors).toEqual({ caseNumber: "case.caseNumberTaken" });
    expect(await counts()).toEqual(before);
    // The same number in another organisation is another case.
    const elsewhere = await openTestCase(db, managerB, { caseNumber: "TV-2026-102" });
    expect(elsewhere.id).not.toBe(first.id);
  });

  it("refuses a personal code already on a client of the organisation, and says so on the field", async () => {
    const code = syntheticPersonalCode(103);
    await openTestCase(db, managerA, { client: { personalCode: code } });
    const before = await counts();
    const error = await expectDomainError(
      openCase(managerA, openCaseInput({ client: { personalCode: code } }), { db }),
      "CONFLICT",
      "client.personalCodeExists",
    );
    expect(error.fieldErrors).toEqual({ personalCode: "client.personalCodeExists" });
    expect(await counts()).toEqual(before);
  });

  it("refuses an invalid personal code with a field error, and creates nothing", async () => {
    const before = await counts();
    const error = await expectDomainError(
      openCase(managerA, openCaseInput({ client: { personalCode: "10101010006" } }), { db }),
      "VALIDATION",
    );
    expect(error.fieldErrors).toEqual({ personalCode: "client.personalCodeInvalid" });
    const mismatch = await expectDomainError(
      openCase(
        managerA,
        openCaseInput({ client: { personalCode: syntheticPersonalCode(104), dateOfBirth: "1990-05-05" } }),
        {
          db,
        },
      ),
      "VALIDATION",
    );
    expect(mismatch.fieldErrors).toEqual({ dateOfBirth: "client.dateOfBirthMismatch" });
    expect(await counts()).toEqual(before);
  });

  it("suggests the next free number with the organisation's own prefix", async () => {
    const now = new Date("2026-06-01T10:00:00Z");
    const fresh = await createOrganisation(db, { name: "Põlva valla sotsiaalosakond" });
    expect(await suggestCaseNumber(fresh.id, { db, now })).toBe("PV-2026-001");
    const staff = (await createStaffUser(db, { organisationId: fresh.id })).actor;
    const older = await openTestCase(db, staff, { caseNumber: "pv-2026-050" });
    await db.case.update({ where: { id: older.id }, data: { createdAt: new Date("2026-01-01T00:00:00Z") } });
    await openTestCase(db, staff, { caseNumber: "PV-2026-009" });
    // The prefix of the latest case; a number in other letters does not count towards the serial.
    expect(await suggestCaseNumber(fresh.id, { db, now })).toBe("PV-2026-010");
    expect(await suggestCaseNumber(fresh.id, { db, now: new Date("2027-01-10T10:00:00Z") })).toBe("PV-2027-001");
  });
});

describe("editing a case", () => {
  it("saves changes, raises the version, and audits the names of the changed fields only", async () => {
    const c = await openTestCase(db, managerA);
    const result = await updateCase(
      managerA,
      {
        caseId: c.id,
        version: 1,
        riskFactors: "Elab üksi, võlad.",
        clientView: "Tahan ise hakkama saada.",
        client: { firstName: c.client.firstName, lastName: c.client.lastName, phone: "+372 5555 1234" },
      },
      { db },
    );
    expect(result).toEqual({ version: 2, changedFields: ["riskFactors", "clientView", "client.phone"] });
    const after = await db.case.findUniqueOrThrow({ where: { id: c.id }, include: { client: true } });
    expect(after).toMatchObject({
      version: 2,
      riskFactors: "Elab üksi, võlad.",
      clientView: "Tahan ise hakkama saada.",
    });
    expect(after.summary).toBe(c.summary);
    expect(after.client.phone).toBe("+372 5555 1234");
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "case.update", caseId: c.id } });
    expect(JSON.parse(audit.details!)).toEqual({ fields: "riskFactors,clientView,client.phone", version: 2 });
    expect(audit.details).not.toContain("5555");
    expect(audit.details).not.toContain("üksi");
  });

  it("refuses a save based on an older version and changes nothing", async () => {
    const c = await openTestCase(db, managerA);
    await updateCase(managerA, { caseId: c.id, version: 1, summary: "Esimene muudatus" }, { db });
    const row = await db.case.findUniqueOrThrow({ where: { id: c.id } });
    const before = await counts();
    await expectDomainError(
      updateCase(managerA, { caseId: c.id, version: 1, summary: "Teine, vananenud" }, { db }),
      "CONFLICT",
      "case.changedByOther",
    );
    expect(await db.case.findUniqueOrThrow({ where: { id: c.id } })).toEqual(row);
    expect(await counts()).toEqual(before);
  });

  it("is for the case manager: an outsider is told the case does not exist, a specialist is refused", async () => {
    const c = await openTestCase(db, managerA);
    await expectDomainError(updateCase(colleagueA, { caseId: c.id, version: 1, summary: "x" }, { db }), "NOT_FOUND");
    await expectDomainError(updateCase(managerB, { caseId: c.id, version: 1, summary: "x" }, { db }), "NOT_FOUND");
    await addTeamMember(db, { caseId: c.id, userId: managerB.userId, role: "SPECIALIST", consent: "active" });
    await expectDomainError(updateCase(managerB, { caseId: c.id, version: 1, summary: "x" }, { db }), "FORBIDDEN");
    expect((await db.case.findUniqueOrThrow({ where: { id: c.id } })).summary).toBe(c.summary);
  });
});

describe("stages", () => {
  it("moves along the allowed path, with the reason in the audit entry", async () => {
    const c = await openTestCase(db, managerA);
    expect(
      await changeCaseStage(managerA, { caseId: c.id, to: "ASSESSMENT", reason: "Klient nõustus" }, { db }),
    ).toEqual({
      from: "NEED_IDENTIFIED",
      to: "ASSESSMENT",
    });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "case.stage.change", caseId: c.id } });
    expect(audit.reason).toBe("Klient nõustus");
    expect(JSON.parse(audit.details!)).toEqual({ from: "NEED_IDENTIFIED", to: "ASSESSMENT" });
    for (const to of ["PLANNING", "PLAN_IN_FORCE", "MONITORING", "PLANNING"] as const) {
      await changeCaseStage(managerA, { caseId: c.id, to }, { db });
    }
    expect((await db.case.findUniqueOrThrow({ where: { id: c.id } })).stage).toBe("PLANNING");
  });

  it("refuses a skipped stage, and closing or handing over through a stage change", async () => {
    const c = await openTestCase(db, managerA);
    const before = await counts();
    await expectDomainError(
      changeCaseStage(managerA, { caseId: c.id, to: "MONITORING" }, { db }),
      "INVALID_STATE",
      "case.stageTransitionNotAllowed",
    );
    await expectDomainError(
      changeCaseStage(managerA, { caseId: c.id, to: "CLOSED" }, { db }),
      "INVALID_STATE",
      "case.stageUseClose",
    );
    await expectDomainError(
      changeCaseStage(managerA, { caseId: c.id, to: "HANDED_OVER" }, { db }),
      "INVALID_STATE",
      "case.stageUseHandover",
    );
    expect(await counts()).toEqual(before);
    expect((await db.case.findUniqueOrThrow({ where: { id: c.id } })).stage).toBe("NEED_IDENTIFIED");
  });
});

describe("closing a case", () => {
  it("with a planned meeting: refused without the reason, then closed, the meeting cancelled, the client told", async () => {
    const c = await openTestCase(db, managerA);
    const meeting = await createCaseMeeting(db, { caseId: c.id, createdById: managerA.userId });
    const before = await counts();
    const refused = await expectDomainError(
      closeCase(managerA, { caseId: c.id, reason: "Eesmärgid saavutatud" }, { db }),
      "INVALID_STATE",
      "case.openItemsNeedReason",
    );
    expect(refused.params).toEqual({ count: 1 });
    expect(refused.fieldErrors).toEqual({ openItemsReason: "case.openItemsReasonRequired" });
    expect(await counts()).toEqual(before);
    expect((await db.case.findUniqueOrThrow({ where: { id: c.id } })).stage).toBe("NEED_IDENTIFIED");
    expect((await db.meeting.findUniqueOrThrow({ where: { id: meeting.id } })).status).toBe("PLANNED");

    const now = new Date();
    const { cancelledMeetingIds } = await closeCase(
      managerA,
      {
        caseId: c.id,
        reason: "Eesmärgid saavutatud",
        clientFeedback: "Sain abi, mida vajasin.",
        openItemsReason: "Kohtumist pole enam vaja",
      },
      { db, now },
    );
    expect(cancelledMeetingIds).toEqual([meeting.id]);
    expect(await db.case.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({
      stage: "CLOSED",
      closedAt: now,
      closureReason: "Eesmärgid saavutatud",
      clientFeedback: "Sain abi, mida vajasin.",
      openItemsReason: "Kohtumist pole enam vaja",
    });
    expect((await db.meeting.findUniqueOrThrow({ where: { id: meeting.id } })).status).toBe("CANCELLED");
    expect(await db.clientNotice.findMany({ where: { caseId: c.id } })).toEqual([
      expect.objectContaining({ kind: "CASE_CLOSED" }),
    ]);
    const closeAudit = await db.auditEvent.findFirstOrThrow({ where: { action: "case.close", caseId: c.id } });
    expect(closeAudit.reason).toBe("Eesmärgid saavutatud");

    // A closed case is a record: readable, not changeable.
    await expectDomainError(
      updateCase(managerA, { caseId: c.id, version: 1, summary: "x" }, { db }),
      "INVALID_STATE",
      "case.closedNoChanges",
    );
    await expectDomainError(closeCase(managerA, { caseId: c.id, reason: "uuesti" }, { db }), "INVALID_STATE");
    expect((await getCaseForTeam(managerA, c.id, { db })).case.stage).toBe("CLOSED");
  });

  it("without open items needs no extra reason", async () => {
    const c = await openTestCase(db, managerA);
    await closeCase(managerA, { caseId: c.id, reason: "Klient kolis" }, { db });
    expect(await db.case.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({
      stage: "CLOSED",
      openItemsReason: null,
    });
  });
});

describe("handing over", () => {
  it("to a case manager of another organisation moves the case, keeps the history, and ends the old manager's access", async () => {
    const code = syntheticPersonalCode(201);
    const c = await openTestCase(db, managerA, { caseNumber: "TV-2026-201", client: { personalCode: code } });
    await changeCaseStage(managerA, { caseId: c.id, to: "ASSESSMENT" }, { db });
    await addTeamMember(db, { caseId: c.id, userId: managerB.userId, role: "SPECIALIST", consent: "active" });
    expect((await listHandoverCandidates(managerA, c.id, { db })).map((u) => u.id)).toEqual(
      expect.arrayContaining([colleagueA.userId, managerB.userId]),
    );

    const now = new Date();
    const result = await handOverCase(
      managerA,
      { caseId: c.id, toCaseManagerId: managerB.userId, reason: "Peamine vajadus on nüüd töö leidmine" },
      { db, now },
    );
    expect(result).toEqual({ kind: "inSystem", endedAccessUserIds: [managerA.userId] });

    const moved = await db.case.findUniqueOrThrow({ where: { id: c.id }, include: { client: true, members: true } });
    expect(moved).toMatchObject({
      organisationId: orgB,
      caseManagerId: managerB.userId,
      caseNumber: "TV-2026-201",
      stage: "ASSESSMENT",
    });
    expect(moved.client.organisationId).toBe(orgB);
    const active = moved.members.filter((m) => !m.removedAt).map((m) => [m.userId, m.role]);
    expect(active).toEqual([[managerB.userId, "CASE_MANAGER"]]);
    expect(moved.members.filter((m) => m.removedAt).map((m) => [m.userId, m.role, m.removedReason])).toEqual(
      expect.arrayContaining([
        [managerA.userId, "CASE_MANAGER", "handover"],
        [managerB.userId, "SPECIALIST", "handover"],
      ]),
    );
    expect(await db.caseHandover.findMany({ where: { caseId: c.id } })).toEqual([
      expect.objectContaining({
        fromOrganisationId: orgA,
        toOrganisationId: orgB,
        fromCaseManagerId: managerA.userId,
        toCaseManagerId: managerB.userId,
        handedOverById: managerA.userId,
        reason: "Peamine vajadus on nüüd töö leidmine",
      }),
    ]);
    expect(await db.clientNotice.findMany({ where: { caseId: c.id } })).toEqual([
      expect.objectContaining({ kind: "HANDED_OVER", subjectUserId: managerB.userId }),
    ]);

    await expectDomainError(requireCaseAccess(managerA, "case.read", c.id, { db }), "NOT_FOUND");
    await expectDomainError(getCaseForTeam(managerA, c.id, { db }), "NOT_FOUND");
    const view = await getCaseForTeam(managerB, c.id, { db });
    expect(view.timeline.map((e) => e.action)).toEqual(["case.handover", "case.stage.change", "case.create"]);
    expect(view.handovers).toEqual([
      expect.objectContaining({ isOutsideSystem: false, fromOrganisationName: "Testvalla sotsiaalosakond" }),
    ]);
    expect(view.formerMembers.map((m) => m.userId)).toEqual(expect.arrayContaining([managerA.userId]));
    // The old organisation may open a case for the same person again: the record moved away.
    await openTestCase(db, managerA, { client: { personalCode: code } });
  });

  it("refuses a number already used at the receiver unless a new one is given", async () => {
    const c = await openTestCase(db, managerA, { caseNumber: "TV-2026-202" });
    await openTestCase(db, managerB, { caseNumber: "TV-2026-202" });
    const before = await counts();
    const error = await expectDomainError(
      handOverCase(managerA, { caseId: c.id, toCaseManagerId: managerB.userId, reason: "Töö" }, { db }),
      "CONFLICT",
      "case.caseNumberTakenAtReceiver",
    );
    expect(error.fieldErrors).toEqual({ newCaseNumber: "case.caseNumberTakenAtReceiver" });
    expect(await counts()).toEqual(before);
    expect((await db.case.findUniqueOrThrow({ where: { id: c.id } })).organisationId).toBe(orgA);

    await handOverCase(
      managerA,
      { caseId: c.id, toCaseManagerId: managerB.userId, reason: "Töö", newCaseNumber: "TK-2026-7" },
      { db },
    );
    expect(await db.case.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({
      organisationId: orgB,
      caseNumber: "TK-2026-7",
    });
  });

  it("refuses a receiver who is not active staff, or the current case manager, and needs a reason", async () => {
    const c = await openTestCase(db, managerA);
    const before = await counts();
    const notStaff = await expectDomainError(
      handOverCase(managerA, { caseId: c.id, toCaseManagerId: external.userId, reason: "x" }, { db }),
      "VALIDATION",
    );
    expect(notStaff.fieldErrors).toEqual({ toCaseManagerId: "case.handoverReceiverInvalid" });
    const same = await expectDomainError(
      handOverCase(managerA, { caseId: c.id, toCaseManagerId: managerA.userId, reason: "x" }, { db }),
      "VALIDATION",
    );
    expect(same.fieldErrors).toEqual({ toCaseManagerId: "case.handoverSameManager" });
    const noReason = await expectDomainError(
      handOverCase(managerA, { caseId: c.id, toCaseManagerId: colleagueA.userId, reason: " " }, { db }),
      "VALIDATION",
    );
    expect(noReason.fieldErrors).toEqual({ reason: "case.reasonRequired" });
    expect(await counts()).toEqual(before);
  });

  it("a supervisor may reassign a case within the organisation; the manager stays reachable for nobody else", async () => {
    const c = await openTestCase(db, managerA);
    await handOverCase(supervisorA, { caseId: c.id, toCaseManagerId: colleagueA.userId, reason: "Puhkus" }, { db });
    expect(await db.case.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({
      organisationId: orgA,
      caseManagerId: colleagueA.userId,
    });
    await expectDomainError(getCaseForTeam(managerA, c.id, { db }), "NOT_FOUND");
    expect((await getCaseForTeam(colleagueA, c.id, { db })).caseManager.id).toBe(colleagueA.userId);
  });

  it("to an organisation outside the system ends the case here (HANDED_OVER) and refuses further changes", async () => {
    const c = await openTestCase(db, managerA);
    const meeting = await createCaseMeeting(db, { caseId: c.id, createdById: managerA.userId });
    const result = await handOverCase(
      managerA,
      { caseId: c.id, toOrganisationName: "MTÜ Teise Maakonna Tugi", reason: "Klient kolis teise maakonda" },
      { db },
    );
    expect(result).toEqual({ kind: "outside", endedAccessUserIds: [] });
    expect(await db.case.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({
      stage: "HANDED_OVER",
      organisationId: orgA,
      caseManagerId: managerA.userId,
    });
    expect(await db.caseHandover.findFirstOrThrow({ where: { caseId: c.id } })).toMatchObject({
      toOrganisationId: null,
      toCaseManagerId: null,
      toOrganisationName: "MTÜ Teise Maakonna Tugi",
    });
    expect((await db.meeting.findUniqueOrThrow({ where: { id: meeting.id } })).status).toBe("CANCELLED");

    const before = await counts();
    await expectDomainError(changeCaseStage(managerA, { caseId: c.id, to: "ASSESSMENT" }, { db }), "INVALID_STATE");
    await expectDomainError(updateCase(managerA, { caseId: c.id, version: 1, summary: "x" }, { db }), "INVALID_STATE");
    await expectDomainError(closeCase(managerA, { caseId: c.id, reason: "x" }, { db }), "INVALID_STATE");
    await expectDomainError(
      handOverCase(managerA, { caseId: c.id, toCaseManagerId: colleagueA.userId, reason: "x" }, { db }),
      "INVALID_STATE",
    );
    expect(await counts()).toEqual(before);
    expect((await getCaseForTeam(managerA, c.id, { db })).handovers[0]).toMatchObject({
      isOutsideSystem: true,
      toOrganisationName: "MTÜ Teise Maakonna Tugi",
    });
  });
});

describe("the case list", () => {
  let orgC: string;
  let manager: Actor;
  let colleague: Actor;
  let supervisor: Actor;
  let specialist: Actor;
  let ids: { jaan: string; galina: string; closed: string; withdrawn: string };

  beforeAll(async () => {
    orgC = (await createOrganisation(db, { name: "Loendivalla osakond" })).id;
    manager = (await createStaffUser(db, { organisationId: orgC })).actor;
    colleague = (await createStaffUser(db, { organisationId: orgC })).actor;
    supervisor = (await makeSupervisor(db, (await createStaffUser(db, { organisationId: orgC })).user.id)).actor;
    specialist = (await createStaffUser(db, { organisationId: orgB })).actor;
    const jaan = await openTestCase(db, manager, {
      caseNumber: "LV-2026-001",
      client: { firstName: "Jaan", lastName: "Pärn" },
    });
    const galina = await openTestCase(db, manager, {
      caseNumber: "LV-2026-002",
      client: { firstName: "Галина", lastName: "Петрова" },
    });
    const closed = await openTestCase(db, manager, { caseNumber: "LV-2026-003" });
    await closeCase(manager, { caseId: closed.id, reason: "Lõpetatud" }, { db });
    const withdrawn = await openTestCase(db, colleague, { caseNumber: "LV-2026-004" });
    await addTeamMember(db, { caseId: jaan.id, userId: specialist.userId, role: "SPECIALIST", consent: "active" });
    await addTeamMember(db, {
      caseId: withdrawn.id,
      userId: specialist.userId,
      role: "SPECIALIST",
      consent: "withdrawn",
    });
    ids = { jaan: jaan.id, galina: galina.id, closed: closed.id, withdrawn: withdrawn.id };
  });

  const numbers = (result: Awaited<ReturnType<typeof listCases>>) => result.cases.map((c) => c.caseNumber).sort();

  it("mine: the cases the actor may read as a team member", async () => {
    expect(numbers(await listCases(manager, { scope: "mine" }, { db }))).toEqual([
      "LV-2026-001",
      "LV-2026-002",
      "LV-2026-003",
    ]);
    expect(numbers(await listCases(colleague, { scope: "mine" }, { db }))).toEqual(["LV-2026-004"]);
    // A specialist whose consent was withdrawn no longer sees that case.
    expect(numbers(await listCases(specialist, { scope: "mine" }, { db }))).toEqual(["LV-2026-001"]);
    expect(numbers(await listCases(external, { scope: "mine" }, { db }))).toEqual([]);
  });

  it("organisation: only for an authorised supervisor; everyone else is refused", async () => {
    expect(numbers(await listCases(supervisor, { scope: "organisation" }, { db }))).toEqual([
      "LV-2026-001",
      "LV-2026-002",
      "LV-2026-003",
      "LV-2026-004",
    ]);
    for (const actor of [manager, colleague, specialist, external]) {
      await expectDomainError(
        listCases(actor, { scope: "organisation" }, { db }),
        "FORBIDDEN",
        "cases.organisationScopeForbidden",
      );
    }
  });

  it("filters by stage and searches number and name regardless of case and accents", async () => {
    expect(numbers(await listCases(manager, { scope: "mine", stage: "CLOSED" }, { db }))).toEqual(["LV-2026-003"]);
    expect(numbers(await listCases(manager, { scope: "mine", q: "PARN" }, { db }))).toEqual(["LV-2026-001"]);
    expect(numbers(await listCases(manager, { scope: "mine", q: "jaan pärn" }, { db }))).toEqual(["LV-2026-001"]);
    expect(numbers(await listCases(manager, { scope: "mine", q: "галина" }, { db }))).toEqual(["LV-2026-002"]);
    expect(numbers(await listCases(manager, { scope: "mine", q: "lv-2026-00" }, { db }))).toHaveLength(3);
    expect(numbers(await listCases(manager, { scope: "mine", q: "nobody" }, { db }))).toEqual([]);
  });

  it("the team's case page: data for the team, NOT_FOUND and nothing else for anyone outside", async () => {
    const view = await getCaseForTeam(manager, ids.jaan, { db });
    expect(view.client).toMatchObject({ firstName: "Jaan", lastName: "Pärn", communicationNeeds: [] });
    expect(view.caseManager.id).toBe(manager.userId);
    expect(view.members.find((m) => m.userId === specialist.userId)?.consent?.status).toBe("ACTIVE");
    expect(view.timeline.every((e) => !["case.read", "case.list"].includes(e.action))).toBe(true);

    const withdrawnView = await getCaseForTeam(colleague, ids.withdrawn, { db });
    expect(withdrawnView.members.find((m) => m.userId === specialist.userId)?.consent?.status).toBe("WITHDRAWN");

    for (const outsider of [colleague, managerB, external, specialist]) {
      const caseId = outsider === specialist ? ids.withdrawn : ids.jaan;
      const { result, actions } = await auditWrittenBy(db, () =>
        expectDomainError(getCaseForTeam(outsider, caseId, { db }), "NOT_FOUND"),
      );
      expect(result.params).toEqual({});
      expect(actions).toEqual([]);
    }
    await expectDomainError(getCaseForTeam(manager, "not-a-case-id", { db }), "NOT_FOUND");
  });
});

describe("the audit trail", () => {
  it("every read and write path leaves exactly its entries; refusals leave none", async () => {
    const org = (await createOrganisation(db)).id;
    const manager = (await createStaffUser(db, { organisationId: org })).actor;
    const other = (await createStaffUser(db, { organisationId: org })).actor;
    const supervisor = (await makeSupervisor(db, (await createStaffUser(db, { organisationId: org })).user.id)).actor;

    const opened = await auditWrittenBy(db, () => openCase(manager, openCaseInput({ caseNumber: "AU-1" }), { db }));
    expect(opened.actions).toEqual(["case.create"]);
    const caseId = opened.result.caseId;
    expect(
      (
        await auditWrittenBy(db, () =>
          openCase(manager, openCaseInput({ caseNumber: "AU-1" }), { db }).catch(() => null),
        )
      ).actions,
    ).toEqual([]);

    expect((await auditWrittenBy(db, () => getCaseForTeam(manager, caseId, { db }))).actions).toEqual(["case.read"]);
    expect((await auditWrittenBy(db, () => getCaseForTeam(supervisor, caseId, { db }))).actions).toEqual(["case.read"]);
    expect((await auditWrittenBy(db, () => getCaseForTeam(other, caseId, { db }).catch(() => null))).actions).toEqual(
      [],
    );

    expect((await auditWrittenBy(db, () => listCases(manager, { scope: "mine" }, { db }))).actions).toEqual([
      "case.list",
    ]);
    expect((await auditWrittenBy(db, () => listCases(supervisor, { scope: "organisation" }, { db }))).actions).toEqual([
      "case.list",
    ]);
    // An empty list shows no personal data: nothing to log.
    expect((await auditWrittenBy(db, () => listCases(other, { scope: "mine" }, { db }))).actions).toEqual([]);
    expect(
      (await auditWrittenBy(db, () => listCases(other, { scope: "organisation" }, { db }).catch(() => null))).actions,
    ).toEqual([]);
    expect((await auditWrittenBy(db, () => listHandoverCandidates(manager, caseId, { db }))).actions).toEqual([
      "case.handoverCandidates.list",
    ]);

    const update = { caseId, version: 1, summary: "Uus kirjeldus" };
    expect((await auditWrittenBy(db, () => updateCase(manager, update, { db }))).actions).toEqual(["case.update"]);
    // A stale save and a save that changes nothing write nothing.
    expect((await auditWrittenBy(db, () => updateCase(manager, update, { db }).catch(() => null))).actions).toEqual([]);
    expect((await auditWrittenBy(db, () => updateCase(manager, { ...update, version: 2 }, { db }))).actions).toEqual(
      [],
    );

    expect(
      (await auditWrittenBy(db, () => changeCaseStage(manager, { caseId, to: "ASSESSMENT" }, { db }))).actions,
    ).toEqual(["case.stage.change"]);
    expect(
      (await auditWrittenBy(db, () => changeCaseStage(manager, { caseId, to: "MONITORING" }, { db }).catch(() => null)))
        .actions,
    ).toEqual([]);

    await createCaseMeeting(db, { caseId, createdById: manager.userId });
    await createCaseMeeting(db, { caseId, createdById: manager.userId });
    expect(
      (await auditWrittenBy(db, () => closeCase(manager, { caseId, reason: "x" }, { db }).catch(() => null))).actions,
    ).toEqual([]);
    expect(
      (
        await auditWrittenBy(db, () =>
          closeCase(manager, { caseId, reason: "Valmis", openItemsReason: "Pole vaja" }, { db }),
        )
      ).actions,
    ).toEqual(["case.close", "meeting.cancel", "meeting.cancel"]);

    const second = await openCase(manager, openCaseInput({ caseNumber: "AU-2" }), { db });
    expect(
      (
        await auditWrittenBy(db, () =>
          handOverCase(manager, { caseId: second.caseId, toCaseManagerId: other.userId, reason: "Töö" }, { db }),
        )
      ).actions,
    ).toEqual(["case.handover"]);
    const third = await openCase(manager, openCaseInput({ caseNumber: "AU-3" }), { db });
    await createCaseMeeting(db, { caseId: third.caseId, createdById: manager.userId });
    expect(
      (
        await auditWrittenBy(db, () =>
          handOverCase(manager, { caseId: third.caseId, toOrganisationName: "Mujal", reason: "Kolis" }, { db }),
        )
      ).actions,
    ).toEqual(["case.handover", "meeting.cancel"]);

    // Every entry of these cases names the case, and none carries the client's name.
    const entries = await db.auditEvent.findMany({ where: { caseId: { in: [caseId, second.caseId, third.caseId] } } });
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) expect(entry.details ?? "").not.toMatch(/Mari|Näidis/);
  });
});
