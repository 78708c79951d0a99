// The agenda drafted together before a meeting (issue 4, 004 §2.1), through the real services
// on SQLite and PostgreSQL: everyone invited adds and sees each other's items, the time boxes
// never exceed the meeting (also when two people add at the same moment), stale edits and
// outsiders are refused, every refusal changes nothing, and the audit names items, not titles.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addAgendaItem } from "../../app/domain/agenda/add-agenda-item.ts";
import { listAgenda } from "../../app/domain/agenda/list-agenda.ts";
import { moveAgendaItem } from "../../app/domain/agenda/move-agenda-item.ts";
import { removeAgendaItem } from "../../app/domain/agenda/remove-agenda-item.ts";
import { updateAgendaItem } from "../../app/domain/agenda/update-agenda-item.ts";
import type { DomainError } from "../../app/domain/errors.ts";
import type { Db } from "../../app/lib/db-types.ts";
import { createMeetingWithParticipants } from "../factories/records.ts";
import { createTeamCase, type TeamCase } from "../factories/team.ts";
import { expectDomainError } from "../support/expect-domain-error.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-db.ts";

let t: TestDatabase;
let db: Db;
let team: TeamCase;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  team = await createTeamCase(db, { label: "Päevakord" });
});
afterAll(async () => {
  await t?.drop();
});

/** Everything an agenda change could touch, to compare before and after a refusal. */
async function snapshot(meetingId: string) {
  const items = await db.agendaItem.findMany({ where: { meetingId }, orderBy: { id: "asc" } });
  const audits = await db.auditEvent.count();
  return { items, audits };
}

describe("drafting the agenda together", () => {
  it("lets the case manager and an invited specialist add items that both see, with the total against the length", async () => {
    const { caseManager, specialistWithConsent, client } = team.people;
    const meeting = await createMeetingWithParticipants(db, team, { durationMinutes: 60 });

    await addAgendaItem(
      caseManager.actor,
      {
        meetingId: meeting.id,
        title: "Sissejuhatus ja reeglid",
        durationMinutes: 10,
        ownerUserId: caseManager.user.id,
      },
      { db },
    );
    await addAgendaItem(
      specialistWithConsent.actor,
      { meetingId: meeting.id, title: "Taastusravi järgmised sammud", durationMinutes: "25", ownerUserId: "" },
      { db },
    );
    // The client is invited too, and may propose an item.
    await addAgendaItem(
      client.actor,
      {
        meetingId: meeting.id,
        title: "Minu küsimused tööle naasmise kohta",
        durationMinutes: 20,
        ownerUserId: client.user.id,
      },
      { db },
    );

    for (const viewer of [caseManager, specialistWithConsent, client]) {
      const agenda = await listAgenda(viewer.actor, meeting.id, { db });
      expect(agenda.items.map((i) => i.title)).toEqual([
        "Sissejuhatus ja reeglid",
        "Taastusravi järgmised sammud",
        "Minu küsimused tööle naasmise kohta",
      ]);
      expect(agenda).toMatchObject({ totalMinutes: 55, meetingMinutes: 60, remainingMinutes: 5, fit: "nearlyFull" });
      expect(agenda.canEdit).toBe(true);
      expect(agenda.items[0]?.owner?.name).toBe(caseManager.user.name);
      expect(agenda.items[1]?.owner).toBeNull();
      expect(agenda.items[1]?.updatedBy?.name).toBe(specialistWithConsent.user.name);
      expect(agenda.ownerOptions.map((o) => o.userId)).toContain(client.user.id);
    }

    // The audit names the item, never its title (case data).
    const audits = await db.auditEvent.findMany({ where: { action: "agenda.add", caseId: team.caseId } });
    expect(audits).toHaveLength(3);
    for (const a of audits) {
      expect(a.subjectType).toBe("agenda-item");
      expect(`${a.details ?? ""}${a.reason ?? ""}`).not.toMatch(/Sissejuhatus|Taastusravi|küsimused/);
    }
  });

  it("refuses an item that would exceed the meeting, with the total and the length, and changes nothing", async () => {
    const { caseManager, specialistWithConsent } = team.people;
    const meeting = await createMeetingWithParticipants(db, team, { durationMinutes: 60 });
    const first = await addAgendaItem(
      caseManager.actor,
      { meetingId: meeting.id, title: "Olukorra ülevaade", durationMinutes: 45, ownerUserId: null },
      { db },
    );
    const before = await snapshot(meeting.id);

    const error = await expectDomainError(
      addAgendaItem(
        specialistWithConsent.actor,
        { meetingId: meeting.id, title: "Liiga pikk punkt", durationMinutes: 16, ownerUserId: null },
        { db },
      ),
      "VALIDATION",
      "agenda.exceedsMeeting",
    );
    expect(error.params).toEqual({ total: 61, length: 60 });
    expect(await snapshot(meeting.id)).toEqual(before);

    // Lengthening an existing item past the end is refused the same way.
    await expectDomainError(
      updateAgendaItem(
        specialistWithConsent.actor,
        { itemId: first.itemId, version: 1, title: "Olukorra ülevaade", durationMinutes: 61, ownerUserId: null },
        { db },
      ),
      "VALIDATION",
      "agenda.exceedsMeeting",
    );
    expect(await snapshot(meeting.id)).toEqual(before);

    // Exactly full is fine.
    await addAgendaItem(
      specialistWithConsent.actor,
      { meetingId: meeting.id, title: "Kokkuvõte", durationMinutes: 15, ownerUserId: null },
      { db },
    );
    expect((await listAgenda(caseManager.actor, meeting.id, { db })).fit).toBe("full");
  });

  it("lets the agenda run over once the meeting is under way, and says by how much", async () => {
    const { caseManager, specialistWithConsent } = team.people;
    const meeting = await createMeetingWithParticipants(db, team, { durationMinutes: 60, status: "IN_PROGRESS" });
    const first = await addAgendaItem(
      caseManager.actor,
      { meetingId: meeting.id, title: "Olukorra ülevaade", durationMinutes: 45, ownerUserId: null },
      { db },
    );
    // An item nobody foresaw, raised during the meeting (004 §2.2): written down, not refused.
    await addAgendaItem(
      specialistWithConsent.actor,
      { meetingId: meeting.id, title: "Uus mure: transport", durationMinutes: 30, ownerUserId: null },
      { db },
    );
    await updateAgendaItem(
      caseManager.actor,
      { itemId: first.itemId, version: 1, title: "Olukorra ülevaade", durationMinutes: 50, ownerUserId: null },
      { db },
    );
    const agenda = await listAgenda(caseManager.actor, meeting.id, { db });
    expect(agenda.items.map((i) => i.title)).toEqual(["Olukorra ülevaade", "Uus mure: transport"]);
    expect(agenda.totalMinutes).toBe(80);
    expect(agenda.fit).toBe("over");
    expect(agenda.remainingMinutes).toBe(-20);
  });

  it("lets only one of two people adding at the same moment overfill nothing", async () => {
    const { caseManager, specialistWithConsent } = team.people;
    const meeting = await createMeetingWithParticipants(db, team, { durationMinutes: 60 });
    const results = await Promise.allSettled([
      addAgendaItem(
        caseManager.actor,
        { meetingId: meeting.id, title: "A", durationMinutes: 40, ownerUserId: null },
        { db },
      ),
      addAgendaItem(
        specialistWithConsent.actor,
        { meetingId: meeting.id, title: "B", durationMinutes: 40, ownerUserId: null },
        { db },
      ),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((refused.reason as DomainError).messageKey).toBe("agenda.exceedsMeeting");
    const items = await db.agendaItem.findMany({ where: { meetingId: meeting.id } });
    expect(items.reduce((sum, i) => sum + i.durationMinutes, 0)).toBe(40);
  });

  it("refuses an outsider as if the meeting did not exist, and a team member not invited", async () => {
    const { caseManager, otherOrganisationUser, specialistNoConsent, legalRepresentative, supervisor } = team.people;
    const meeting = await createMeetingWithParticipants(db, team);
    const { itemId } = await addAgendaItem(
      caseManager.actor,
      { meetingId: meeting.id, title: "Punkt", durationMinutes: 10, ownerUserId: null },
      { db },
    );
    const before = await snapshot(meeting.id);
    const outsiderAdd = { meetingId: meeting.id, title: "Võõras punkt", durationMinutes: 5, ownerUserId: null };
    await expectDomainError(addAgendaItem(otherOrganisationUser.actor, outsiderAdd, { db }), "NOT_FOUND");
    await expectDomainError(listAgenda(otherOrganisationUser.actor, meeting.id, { db }), "NOT_FOUND");
    await expectDomainError(
      updateAgendaItem(
        otherOrganisationUser.actor,
        { itemId, version: 1, title: "Muudetud", durationMinutes: 10, ownerUserId: null },
        { db },
      ),
      "NOT_FOUND",
    );
    await expectDomainError(removeAgendaItem(otherOrganisationUser.actor, { itemId, version: 1 }, { db }), "NOT_FOUND");
    // A specialist on the team without the client's consent sees nothing of the case.
    await expectDomainError(addAgendaItem(specialistNoConsent.actor, outsiderAdd, { db }), "NOT_FOUND");
    // The legal representative is on the client's side of the case but not invited to this meeting.
    await expectDomainError(addAgendaItem(legalRepresentative.actor, outsiderAdd, { db }), "NOT_FOUND");
    // A supervisor may read the meeting, but drafting its agenda is for those invited.
    expect((await listAgenda(supervisor.actor, meeting.id, { db })).canEdit).toBe(false);
    await expectDomainError(addAgendaItem(supervisor.actor, outsiderAdd, { db }), "FORBIDDEN");
    const after = await snapshot(meeting.id);
    expect(after.items).toEqual(before.items);
    // Only the supervisor's read was audited.
    expect(after.audits).toBe(before.audits + 1);
  });

  it("refuses a stale edit or removal (CONFLICT) and keeps the other person's change", async () => {
    const { caseManager, specialistWithConsent } = team.people;
    const meeting = await createMeetingWithParticipants(db, team);
    const { itemId } = await addAgendaItem(
      caseManager.actor,
      { meetingId: meeting.id, title: "Algne pealkiri", durationMinutes: 10, ownerUserId: null },
      { db },
    );
    const saved = await updateAgendaItem(
      specialistWithConsent.actor,
      {
        itemId,
        version: 1,
        title: "Spetsialisti pealkiri",
        durationMinutes: 15,
        ownerUserId: specialistWithConsent.user.id,
      },
      { db },
    );
    expect(saved).toEqual({
      version: 2,
      changedFields: ["title", "durationMinutes", "ownerUserId"],
      meetingId: meeting.id,
    });
    const before = await snapshot(meeting.id);

    await expectDomainError(
      updateAgendaItem(
        caseManager.actor,
        { itemId, version: 1, title: "Juhtumikorraldaja pealkiri", durationMinutes: 10, ownerUserId: null },
        { db },
      ),
      "CONFLICT",
      "agenda.changedByOther",
    );
    await expectDomainError(removeAgendaItem(caseManager.actor, { itemId, version: 1 }, { db }), "CONFLICT");
    expect(await snapshot(meeting.id)).toEqual(before);
    const item = await db.agendaItem.findUniqueOrThrow({ where: { id: itemId } });
    expect(item).toMatchObject({
      title: "Spetsialisti pealkiri",
      version: 2,
      updatedById: specialistWithConsent.user.id,
    });
  });

  it("refuses an owner who is not a participant, and any change once the meeting is held", async () => {
    const { caseManager, supervisor } = team.people;
    const meeting = await createMeetingWithParticipants(db, team);
    await expectDomainError(
      addAgendaItem(
        caseManager.actor,
        { meetingId: meeting.id, title: "Punkt", durationMinutes: 10, ownerUserId: supervisor.user.id },
        { db },
      ),
      "VALIDATION",
      "agenda.ownerNotParticipant",
    );
    const held = await createMeetingWithParticipants(db, team, { status: "HELD" });
    await expectDomainError(
      addAgendaItem(
        caseManager.actor,
        { meetingId: held.id, title: "Hiljaks", durationMinutes: 5, ownerUserId: null },
        { db },
      ),
      "INVALID_STATE",
      "agenda.meetingNotOpen",
    );
    expect((await listAgenda(caseManager.actor, held.id, { db })).canEdit).toBe(false);
  });

  it("moves items up and down and removes them, each audited", async () => {
    const { caseManager, specialistWithConsent } = team.people;
    const meeting = await createMeetingWithParticipants(db, team, { durationMinutes: 90 });
    const ids: string[] = [];
    for (const title of ["Üks", "Kaks", "Kolm"]) {
      ids.push(
        (
          await addAgendaItem(
            caseManager.actor,
            { meetingId: meeting.id, title, durationMinutes: 10, ownerUserId: null },
            { db },
          )
        ).itemId,
      );
    }
    expect(await moveAgendaItem(specialistWithConsent.actor, { itemId: ids[2]!, direction: "up" }, { db })).toEqual({
      isMoved: true,
      meetingId: meeting.id,
    });
    expect(await moveAgendaItem(caseManager.actor, { itemId: ids[0]!, direction: "up" }, { db })).toEqual({
      isMoved: false,
      meetingId: meeting.id,
    });
    let agenda = await listAgenda(caseManager.actor, meeting.id, { db });
    expect(agenda.items.map((i) => i.title)).toEqual(["Üks", "Kolm", "Kaks"]);
    expect(agenda.items.map((i) => i.number)).toEqual([1, 2, 3]);
    // Moving does not raise the version: an open edit form for the title still saves.
    await updateAgendaItem(
      caseManager.actor,
      { itemId: ids[2]!, version: 1, title: "Kolm (muudetud)", durationMinutes: 10, ownerUserId: null },
      { db },
    );

    await removeAgendaItem(specialistWithConsent.actor, { itemId: ids[1]!, version: 1 }, { db });
    agenda = await listAgenda(caseManager.actor, meeting.id, { db });
    expect(agenda.items.map((i) => i.title)).toEqual(["Üks", "Kolm (muudetud)"]);
    expect(agenda.totalMinutes).toBe(20);
    const actions = (await db.auditEvent.findMany({ where: { subjectId: { in: ids } }, select: { action: true } })).map(
      (a) => a.action,
    );
    expect(actions.sort()).toEqual([
      "agenda.add",
      "agenda.add",
      "agenda.add",
      "agenda.move",
      "agenda.remove",
      "agenda.update",
    ]);
  });
});
