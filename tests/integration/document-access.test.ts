// Meeting documents follow the case policy, plan documents the plan policy: the same rule decides
// at the Yjs upgrade as in pages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actorFromUser } from "../../app/domain/actor.ts";
import { authorizeDocument } from "../../app/domain/collab/authorize-document.ts";
import { discardDraft } from "../../app/domain/plans/discard-draft.ts";
import { startPlan } from "../../app/domain/plans/start-plan.ts";
import { createCase, createCaseMeeting, createStaffUser } from "../factories/people.ts";
import { createTeamCase } from "../factories/team.ts";
import { expectDomainError } from "../support/expect-domain-error.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-db.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

/** Accepting a meeting takes consent and the confidentiality acknowledgement (004 §2.1). */
const ACCEPTED = { response: "ACCEPTED", consentedAt: new Date(), confidentialityAt: new Date() } as const;

async function setup() {
  const db = t.db;
  const { user: manager } = await createStaffUser(db);
  const theCase = await createCase(db, { caseManagerId: manager.id });
  const meeting = await createCaseMeeting(db, { caseId: theCase.id, createdById: manager.id });
  await db.meetingParticipant.create({ data: { meetingId: meeting.id, userId: manager.id, meetingRole: "MODERATOR", ...ACCEPTED } });
  return { db, manager, theCase, meeting, ref: { kind: "room" as const, meetingId: meeting.id } };
}

describe("authorizeDocument", () => {
  it("lets a participating case manager write and audits the opening", async () => {
    const { db, manager, ref, theCase } = await setup();
    const before = await db.auditEvent.count({ where: { caseId: theCase.id, action: "document.open" } });
    expect(await authorizeDocument(actorFromUser(manager), ref, { db })).toEqual({ readOnly: false });
    expect(await db.auditEvent.count({ where: { caseId: theCase.id, action: "document.open" } })).toBe(before + 1);
  });

  it("refuses a participating specialist whose consent was withdrawn, and allows them while it was in force", async () => {
    const { db, manager, ref, theCase, meeting } = await setup();
    const { user: specialist } = await createStaffUser(db);
    await db.caseMember.create({ data: { caseId: theCase.id, userId: specialist.id, role: "SPECIALIST" } });
    await db.meetingParticipant.create({ data: { meetingId: meeting.id, userId: specialist.id, ...ACCEPTED } });
    const consent = await db.sharingConsent.create({
      data: {
        caseId: theCase.id,
        recipientUserId: specialist.id,
        scope: "terviseandmed",
        form: "WRITTEN",
        givenAt: new Date(Date.now() - 1000),
        recordedById: manager.id,
      },
    });
    expect(await authorizeDocument(actorFromUser(specialist), ref, { db })).toEqual({ readOnly: false });
    await db.sharingConsent.update({ where: { id: consent.id }, data: { withdrawnAt: new Date() } });
    await expectDomainError(authorizeDocument(actorFromUser(specialist), ref, { db }), "FORBIDDEN");
  });

  it("gives a supervisor who does not take part a read-only connection", async () => {
    const { db, manager, ref } = await setup();
    const supervisor = await db.user.update({
      where: { id: (await createStaffUser(db, { organisationId: manager.organisationId! })).user.id },
      data: { isCaseSupervisor: true },
    });
    expect(await authorizeDocument(actorFromUser(supervisor), ref, { db })).toEqual({ readOnly: true });
  });

  it("refuses a user of another organisation and an organisation admin", async () => {
    const { db, manager, ref } = await setup();
    const { user: stranger } = await createStaffUser(db);
    const { user: admin } = await createStaffUser(db, { organisationId: manager.organisationId!, isOrgAdmin: true });
    await expectDomainError(authorizeDocument(actorFromUser(stranger), ref, { db }), "FORBIDDEN");
    await expectDomainError(authorizeDocument(actorFromUser(admin), ref, { db }), "FORBIDDEN");
  });

  it("makes the documents of a held meeting read-only", async () => {
    const { db, manager, ref, meeting } = await setup();
    await db.meeting.update({ where: { id: meeting.id }, data: { status: "HELD" } });
    expect(await authorizeDocument(actorFromUser(manager), ref, { db })).toEqual({ readOnly: true });
  });

  it("refuses a participant who has not consented or not acknowledged confidentiality, until both are given", async () => {
    const { db, theCase, meeting, ref } = await setup();
    const { user: specialist } = await createStaffUser(db);
    await db.caseMember.create({ data: { caseId: theCase.id, userId: specialist.id, role: "SPECIALIST" } });
    await db.sharingConsent.create({
      data: {
        caseId: theCase.id,
        recipientUserId: specialist.id,
        scope: "terviseandmed",
        form: "WRITTEN",
        givenAt: new Date(Date.now() - 1000),
        recordedById: theCase.caseManagerId,
      },
    });
    const participant = await db.meetingParticipant.create({
      data: { meetingId: meeting.id, userId: specialist.id, response: "PENDING" },
    });
    const actor = actorFromUser(specialist);
    await expectDomainError(authorizeDocument(actor, ref, { db }), "FORBIDDEN");
    await db.meetingParticipant.update({ where: { id: participant.id }, data: { consentedAt: new Date() } });
    await expectDomainError(authorizeDocument(actor, ref, { db }), "FORBIDDEN");
    await db.meetingParticipant.update({ where: { id: participant.id }, data: { confidentialityAt: new Date() } });
    expect(await authorizeDocument(actor, ref, { db })).toEqual({ readOnly: false });
  });
});

describe("authorizeDocument: plan versions", () => {
  it("a draft is written by those who take part in the case, read by a supervisor, refused to others", async () => {
    const db = t.db;
    const team = await createTeamCase(db, { label: "Dokument" });
    const { caseManager, specialistWithConsent, specialistNoConsent, client, advocateWithoutPermission, supervisor, otherOrganisationUser } =
      team.people;
    const { versionId } = await startPlan(caseManager.actor, { caseId: team.caseId }, { db });
    const ref = { kind: "plan" as const, planId: versionId };
    const before = await db.auditEvent.count({ where: { caseId: team.caseId, action: "document.open" } });
    for (const writer of [caseManager, specialistWithConsent, client])
      expect(await authorizeDocument(writer.actor, ref, { db })).toEqual({ readOnly: false });
    expect(await db.auditEvent.count({ where: { caseId: team.caseId, action: "document.open" } })).toBe(before + 3);
    expect(await authorizeDocument(supervisor.actor, ref, { db })).toEqual({ readOnly: true });
    for (const refused of [specialistNoConsent, advocateWithoutPermission, otherOrganisationUser])
      await expectDomainError(authorizeDocument(refused.actor, ref, { db }), "FORBIDDEN");
    // No existence oracle: a version that does not exist is refused the same way.
    await expectDomainError(authorizeDocument(caseManager.actor, { kind: "plan", planId: "cnotaversion000000001" }, { db }), "FORBIDDEN");

    await discardDraft(caseManager.actor, { versionId }, { db, disconnectDocument: () => {} });
    expect(await authorizeDocument(caseManager.actor, ref, { db })).toEqual({ readOnly: true });
  });
});
