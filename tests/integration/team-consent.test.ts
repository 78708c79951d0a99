// The case team, the client's consent and the client's own view, through the real services and
// a real database (SQLite and PostgreSQL): the access matrix of issue 3 (each role × each action),
// consent required to add a specialist, withdrawal ending access, the client's notices and access
// log, nothing of another case in the client's view, and an audit entry for every read and write.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireCaseAccess } from "../../app/domain/access/load-case-access.ts";
import type { Actor } from "../../app/domain/actor.ts";
import { createExternalInvitation } from "../../app/domain/auth/create-external-invitation.ts";
import { acceptInvitation } from "../../app/domain/auth/accept-invitation.ts";
import { getCaseForTeam } from "../../app/domain/cases/get-case.ts";
import { getClientView } from "../../app/domain/client-view/get-client-view.ts";
import { listMyClientViews } from "../../app/domain/client-view/list-my-client-views.ts";
import type { DomainErrorCode } from "../../app/domain/errors.ts";
import { addCaseMember } from "../../app/domain/team/add-case-member.ts";
import { findStaffForTeam } from "../../app/domain/team/find-staff-for-team.ts";
import { listCaseTeam } from "../../app/domain/team/list-case-team.ts";
import { recordConsent } from "../../app/domain/team/record-consent.ts";
import { removeCaseMember } from "../../app/domain/team/remove-case-member.ts";
import { setClientViewPermission } from "../../app/domain/team/set-client-view-permission.ts";
import { withdrawConsent } from "../../app/domain/team/withdraw-consent.ts";
import { DEMO_ACCOUNTS, seedDemoData } from "../../prisma/demo-data.ts";
import { createStaffUser } from "../factories/people.ts";
import { addMember, createExternalUser, createTeamCase, type TeamCase } from "../factories/team.ts";
import { expectDomainError } from "../support/expect-domain-error.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-db.ts";

const DAY_MS = 24 * 3600 * 1000;
const yesterday = () => new Date(Date.now() - DAY_MS);
const consentGivenYesterday = () => ({
  form: "WRITTEN" as const,
  scope: "Raviks vajalikud terviseandmed",
  givenAt: yesterday(),
});

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

/** Rows the team services write; a refused call must leave every count as it was. */
async function countRows(caseId: string) {
  const [members, consents, notices, audits] = await Promise.all([
    t.db.caseMember.count({ where: { caseId } }),
    t.db.sharingConsent.count({ where: { caseId } }),
    t.db.clientNotice.count({ where: { caseId } }),
    t.db.auditEvent.count(),
  ]);
  return { members, consents, notices, audits };
}

/** Audit rows written while `work` runs, counted per action code. */
async function auditsDuring(work: () => Promise<unknown>): Promise<Record<string, number>> {
  const before = new Set((await t.db.auditEvent.findMany({ select: { id: true } })).map((r) => r.id));
  await work();
  const after = await t.db.auditEvent.findMany({ select: { id: true, action: true } });
  const counts: Record<string, number> = {};
  for (const row of after) if (!before.has(row.id)) counts[row.action] = (counts[row.action] ?? 0) + 1;
  return counts;
}

describe("the access matrix: each role × each action, through the real services", () => {
  type Role = keyof TeamCase["people"] | "externalOfOtherCase";
  type Action = "read" | "change" | "addMember" | "recordConsent" | "handover" | "close";
  type Outcome = "allowed" | DomainErrorCode;

  const NOTHING: Record<Action, Outcome> = {
    read: "NOT_FOUND",
    change: "NOT_FOUND",
    addMember: "NOT_FOUND",
    recordConsent: "NOT_FOUND",
    handover: "NOT_FOUND",
    close: "NOT_FOUND",
  };
  const CLIENT_SIDE: Record<Action, Outcome> = {
    read: "FORBIDDEN",
    change: "FORBIDDEN",
    addMember: "FORBIDDEN",
    recordConsent: "allowed",
    handover: "FORBIDDEN",
    close: "FORBIDDEN",
  };
  // Who may see nothing of the case is told it does not exist (NOT_FOUND); a reader who may not
  // do this is refused (FORBIDDEN). Issue 3: the withdrawn specialist and the other
  // organisation's user are both refused.
  const EXPECTED: Record<Role, Record<Action, Outcome>> = {
    caseManager: {
      read: "allowed",
      change: "allowed",
      addMember: "allowed",
      recordConsent: "allowed",
      handover: "allowed",
      close: "allowed",
    },
    supervisor: {
      read: "allowed",
      change: "FORBIDDEN",
      addMember: "FORBIDDEN",
      recordConsent: "FORBIDDEN",
      handover: "allowed",
      close: "FORBIDDEN",
    },
    specialistWithConsent: {
      read: "allowed",
      change: "FORBIDDEN",
      addMember: "FORBIDDEN",
      recordConsent: "FORBIDDEN",
      handover: "FORBIDDEN",
      close: "FORBIDDEN",
    },
    specialistWithdrawn: NOTHING,
    specialistNoConsent: NOTHING,
    client: CLIENT_SIDE,
    legalRepresentative: CLIENT_SIDE,
    advocateWithPermission: {
      read: "FORBIDDEN",
      change: "FORBIDDEN",
      addMember: "FORBIDDEN",
      recordConsent: "FORBIDDEN",
      handover: "FORBIDDEN",
      close: "FORBIDDEN",
    },
    advocateWithoutPermission: NOTHING,
    closePerson: NOTHING,
    orgAdmin: NOTHING,
    otherOrganisationUser: NOTHING,
    externalOfOtherCase: NOTHING,
  };

  let team: TeamCase;
  let other: TeamCase;
  beforeAll(async () => {
    team = await createTeamCase(t.db);
    other = await createTeamCase(t.db);
  });

  function actorFor(role: Role): Actor {
    return role === "externalOfOtherCase" ? other.people.client.actor : team.people[role].actor;
  }

  // Each allowed change gets fresh targets, so the cases of the matrix do not depend on each other.
  const ACTIONS: Record<Action, (actor: Actor) => Promise<unknown>> = {
    read: (actor) => getCaseForTeam(actor, team.caseId, { db: t.db }),
    change: (actor) => requireCaseAccess(actor, "case.update", team.caseId, { db: t.db }),
    addMember: async (actor) => {
      const newcomer = await createStaffUser(t.db, { organisationId: team.otherOrganisation.id });
      return addCaseMember(
        actor,
        { caseId: team.caseId, userId: newcomer.user.id, role: "SPECIALIST", consent: consentGivenYesterday() },
        { db: t.db },
      );
    },
    recordConsent: async (actor) => {
      const waiting = await createStaffUser(t.db, { organisationId: team.otherOrganisation.id });
      await addMember(t.db, { caseId: team.caseId, userId: waiting.user.id, role: "SPECIALIST" });
      return recordConsent(
        actor,
        {
          caseId: team.caseId,
          recipientUserId: waiting.user.id,
          form: "IN_SYSTEM",
          scope: "Kõik juhtumi andmed",
          givenAt: yesterday(),
        },
        { db: t.db },
      );
    },
    handover: (actor) => requireCaseAccess(actor, "case.handover", team.caseId, { db: t.db }),
    close: (actor) => requireCaseAccess(actor, "case.close", team.caseId, { db: t.db }),
  };

  const cases = (Object.keys(EXPECTED) as Role[]).flatMap((role) =>
    (Object.keys(ACTIONS) as Action[]).map((action) => [role, action, EXPECTED[role][action]] as const),
  );

  it.each(cases)("%s × %s → %s", async (role, action, outcome) => {
    const run = ACTIONS[action](actorFor(role));
    if (outcome === "allowed") {
      await expect(run).resolves.toBeDefined();
    } else {
      await expectDomainError(run, outcome);
    }
  });

  it("an external account never reaches the team pages, whatever its role", async () => {
    for (const role of [
      "client",
      "legalRepresentative",
      "advocateWithPermission",
      "advocateWithoutPermission",
      "closePerson",
    ] as const) {
      const { actor } = team.people[role];
      expect(actor.kind).toBe("EXTERNAL");
      const refusal = await listCaseTeam(actor, team.caseId, { db: t.db }).then(
        () => null,
        (e: { code?: string }) => e.code,
      );
      expect(["FORBIDDEN", "NOT_FOUND"]).toContain(refusal);
    }
    await expectDomainError(listCaseTeam(other.people.client.actor, team.caseId, { db: t.db }), "NOT_FOUND");
  });
});

describe("adding a member", () => {
  it("refuses a specialist (or 'other') without the client's consent, with a clear message, changing nothing", async () => {
    const team = await createTeamCase(t.db);
    const newcomer = await createStaffUser(t.db, { organisationId: team.otherOrganisation.id });
    const before = await countRows(team.caseId);
    for (const role of ["SPECIALIST", "OTHER"] as const) {
      await expectDomainError(
        addCaseMember(
          team.people.caseManager.actor,
          { caseId: team.caseId, userId: newcomer.user.id, role },
          { db: t.db },
        ),
        "VALIDATION",
        "team.consentRequired",
      );
    }
    expect(await countRows(team.caseId)).toEqual(before);
    await expectDomainError(getCaseForTeam(newcomer.actor, team.caseId, { db: t.db }), "NOT_FOUND");
  });

  it("adds a specialist with the consent given in the same call: member, consent, notice and two audit entries", async () => {
    const team = await createTeamCase(t.db);
    const newcomer = await createStaffUser(t.db, { organisationId: team.otherOrganisation.id });
    const before = await countRows(team.caseId);
    let result: Awaited<ReturnType<typeof addCaseMember>> | undefined;
    const audits = await auditsDuring(async () => {
      result = await addCaseMember(
        team.people.caseManager.actor,
        { caseId: team.caseId, userId: newcomer.user.id, role: "SPECIALIST", consent: consentGivenYesterday() },
        { db: t.db },
      );
    });
    expect(audits).toEqual({ "consent.record": 1, "case.member.add": 1 });
    expect(await countRows(team.caseId)).toEqual({
      members: before.members + 1,
      consents: before.consents + 1,
      notices: before.notices + 1,
      audits: before.audits + 2,
    });
    const consent = await t.db.sharingConsent.findUniqueOrThrow({ where: { id: result!.consentId! } });
    expect(consent).toMatchObject({
      recipientUserId: newcomer.user.id,
      form: "WRITTEN",
      recordedById: team.people.caseManager.user.id,
    });
    const notice = await t.db.clientNotice.findFirstOrThrow({
      where: { caseId: team.caseId, subjectUserId: newcomer.user.id },
    });
    expect(notice).toMatchObject({ kind: "SHARED_WITH", seenAt: null });
    // The consent is in force: the new specialist reads the case.
    await expect(getCaseForTeam(newcomer.actor, team.caseId, { db: t.db })).resolves.toBeDefined();
  });

  it("adds a specialist whose consent was recorded beforehand, without a second one", async () => {
    const team = await createTeamCase(t.db);
    const newcomer = await createStaffUser(t.db, { organisationId: team.otherOrganisation.id });
    await recordConsent(
      team.people.caseManager.actor,
      {
        caseId: team.caseId,
        recipientUserId: newcomer.user.id,
        form: "ORAL",
        scope: "Tööalane tugi",
        givenAt: yesterday(),
      },
      { db: t.db },
    );
    const { consentId } = await addCaseMember(
      team.people.caseManager.actor,
      { caseId: team.caseId, userId: newcomer.user.id, role: "SPECIALIST" },
      { db: t.db },
    );
    expect(consentId).toBeNull();
    expect(await t.db.sharingConsent.count({ where: { caseId: team.caseId, recipientUserId: newcomer.user.id } })).toBe(
      1,
    );
  });

  it("refuses an active member (CONFLICT), an external account, a consent dated in the future, and consent for a role without one", async () => {
    const team = await createTeamCase(t.db);
    const { caseManager } = team.people;
    const before = await countRows(team.caseId);
    await expectDomainError(
      addCaseMember(
        caseManager.actor,
        { caseId: team.caseId, userId: team.people.specialistWithConsent.user.id, role: "SPECIALIST" },
        { db: t.db },
      ),
      "CONFLICT",
      "team.alreadyMember",
    );
    const outsider = await createExternalUser(t.db);
    await expectDomainError(
      addCaseMember(
        caseManager.actor,
        { caseId: team.caseId, userId: outsider.user.id, role: "ADVOCATE" },
        { db: t.db },
      ),
      "NOT_FOUND",
      "team.userNotFound",
    );
    const newcomer = await createStaffUser(t.db, { organisationId: team.otherOrganisation.id });
    const future = await expectDomainError(
      addCaseMember(
        caseManager.actor,
        {
          caseId: team.caseId,
          userId: newcomer.user.id,
          role: "SPECIALIST",
          consent: { ...consentGivenYesterday(), givenAt: new Date(Date.now() + 3 * DAY_MS) },
        },
        { db: t.db },
      ),
      "VALIDATION",
    );
    expect(future.fieldErrors.consentGivenAt).toBe("team.dateInFuture");
    await expectDomainError(
      addCaseMember(
        caseManager.actor,
        { caseId: team.caseId, userId: newcomer.user.id, role: "ADVOCATE", consent: consentGivenYesterday() },
        { db: t.db },
      ),
      "VALIDATION",
      "team.consentNotForRole",
    );
    // The case manager comes with the case (or a handover), never by adding; refused at run time too.
    const asCaseManagerInput = {
      caseId: team.caseId,
      userId: newcomer.user.id,
      role: "CASE_MANAGER",
    } as unknown as Parameters<typeof addCaseMember>[1];
    const asCaseManager = await expectDomainError(
      addCaseMember(caseManager.actor, asCaseManagerInput, { db: t.db }),
      "VALIDATION",
    );
    expect(asCaseManager.fieldErrors.role).toBeDefined();
    expect(await countRows(team.caseId)).toEqual(before);
  });

  it("refuses changes on a closed case, but withdrawal and removal still work there", async () => {
    const team = await createTeamCase(t.db);
    await t.db.case.update({ where: { id: team.caseId }, data: { stage: "CLOSED", closedAt: new Date() } });
    const newcomer = await createStaffUser(t.db, { organisationId: team.otherOrganisation.id });
    await expectDomainError(
      addCaseMember(
        team.people.caseManager.actor,
        { caseId: team.caseId, userId: newcomer.user.id, role: "SPECIALIST", consent: consentGivenYesterday() },
        { db: t.db },
      ),
      "INVALID_STATE",
    );
    const consent = await t.db.sharingConsent.findFirstOrThrow({
      where: { caseId: team.caseId, recipientUserId: team.people.specialistWithConsent.user.id },
    });
    await expect(
      withdrawConsent(team.people.client.actor, { consentId: consent.id }, { db: t.db }),
    ).resolves.toMatchObject({
      affectedUserId: team.people.specialistWithConsent.user.id,
    });
    const member = await t.db.caseMember.findFirstOrThrow({
      where: { caseId: team.caseId, userId: team.people.closePerson.user.id },
    });
    await expect(
      removeCaseMember(
        team.people.caseManager.actor,
        { caseId: team.caseId, memberId: member.id, reason: "Juhtum lõppes" },
        { db: t.db },
      ),
    ).resolves.toMatchObject({ affectedUserId: team.people.closePerson.user.id });
  });
});

describe("withdrawing consent", () => {
  it("refuses the specialist from then on, while the audit keeps what they read before", async () => {
    const team = await createTeamCase(t.db);
    const { specialistWithConsent: specialist, caseManager } = team.people;
    await getCaseForTeam(specialist.actor, team.caseId, { db: t.db });
    await listCaseTeam(specialist.actor, team.caseId, { db: t.db });
    const readsBefore = await t.db.auditEvent.count({ where: { caseId: team.caseId, actorId: specialist.user.id } });
    expect(readsBefore).toBe(2);

    const consent = await t.db.sharingConsent.findFirstOrThrow({
      where: { caseId: team.caseId, recipientUserId: specialist.user.id, withdrawnAt: null },
    });
    const result = await withdrawConsent(
      caseManager.actor,
      { consentId: consent.id, note: "Klient helistas" },
      { db: t.db },
    );
    expect(result).toEqual({ consentId: consent.id, caseId: team.caseId, affectedUserId: specialist.user.id });

    const withdrawn = await t.db.sharingConsent.findUniqueOrThrow({ where: { id: consent.id } });
    expect(withdrawn.withdrawnAt).not.toBeNull();
    expect(withdrawn).toMatchObject({ withdrawnRecordedById: caseManager.user.id, withdrawalNote: "Klient helistas" });
    await expectDomainError(getCaseForTeam(specialist.actor, team.caseId, { db: t.db }), "NOT_FOUND");
    await expectDomainError(listCaseTeam(specialist.actor, team.caseId, { db: t.db }), "NOT_FOUND");
    await expectDomainError(getClientView(specialist.actor, team.caseId, { db: t.db }), "NOT_FOUND");
    // The earlier reads are history: still there, nothing added by the refusals.
    expect(await t.db.auditEvent.count({ where: { caseId: team.caseId, actorId: specialist.user.id } })).toBe(
      readsBefore,
    );
    // Never deleted; a second withdrawal changes nothing.
    await expectDomainError(
      withdrawConsent(caseManager.actor, { consentId: consent.id }, { db: t.db }),
      "INVALID_STATE",
      "team.consentAlreadyWithdrawn",
    );
    const teamView = await listCaseTeam(caseManager.actor, team.caseId, { db: t.db });
    expect(teamView.members.find((m) => m.userId === specialist.user.id)?.consentStatus).toBe("WITHDRAWN");
  });

  it("may be done by the client or their legal representative, not by the specialist, a supervisor or an advocate", async () => {
    const team = await createTeamCase(t.db);
    const consent = await t.db.sharingConsent.findFirstOrThrow({
      where: { caseId: team.caseId, recipientUserId: team.people.specialistWithConsent.user.id, withdrawnAt: null },
    });
    await expectDomainError(
      withdrawConsent(team.people.specialistWithConsent.actor, { consentId: consent.id }, { db: t.db }),
      "FORBIDDEN",
    );
    await expectDomainError(
      withdrawConsent(team.people.supervisor.actor, { consentId: consent.id }, { db: t.db }),
      "FORBIDDEN",
    );
    await expectDomainError(
      withdrawConsent(team.people.advocateWithPermission.actor, { consentId: consent.id }, { db: t.db }),
      "FORBIDDEN",
    );
    await expectDomainError(
      withdrawConsent(team.people.otherOrganisationUser.actor, { consentId: consent.id }, { db: t.db }),
      "NOT_FOUND",
    );
    await withdrawConsent(team.people.legalRepresentative.actor, { consentId: consent.id }, { db: t.db });
    await expectDomainError(
      getCaseForTeam(team.people.specialistWithConsent.actor, team.caseId, { db: t.db }),
      "NOT_FOUND",
    );
  });
});

describe("recording consent", () => {
  it("lets the client give consent in the system to a specialist waiting for it, and nothing else", async () => {
    const team = await createTeamCase(t.db);
    const { client, specialistNoConsent: waiting, caseManager } = team.people;
    await expectDomainError(
      recordConsent(
        client.actor,
        { caseId: team.caseId, recipientUserId: waiting.user.id, form: "WRITTEN", scope: "Kõik" },
        { db: t.db },
      ),
      "VALIDATION",
      "team.consentInSystemOnly",
    );
    const stranger = await createStaffUser(t.db);
    await expectDomainError(
      recordConsent(
        client.actor,
        { caseId: team.caseId, recipientUserId: stranger.user.id, form: "IN_SYSTEM", scope: "Kõik" },
        { db: t.db },
      ),
      "NOT_FOUND",
    );
    await expectDomainError(
      recordConsent(
        client.actor,
        {
          caseId: team.caseId,
          recipientUserId: team.people.advocateWithPermission.user.id,
          form: "IN_SYSTEM",
          scope: "Kõik",
        },
        { db: t.db },
      ),
      "VALIDATION",
      "team.consentNotForRole",
    );

    const now = new Date();
    const { consentId } = await recordConsent(
      client.actor,
      // The client's own consent counts from now, whatever date is sent.
      {
        caseId: team.caseId,
        recipientUserId: waiting.user.id,
        form: "IN_SYSTEM",
        scope: "Raviga seotud andmed",
        givenAt: new Date("2020-01-01"),
      },
      { db: t.db, now },
    );
    const consent = await t.db.sharingConsent.findUniqueOrThrow({ where: { id: consentId } });
    expect(consent).toMatchObject({ form: "IN_SYSTEM", recordedById: client.user.id });
    expect(consent.givenAt.getTime()).toBe(now.getTime());
    await expect(getCaseForTeam(waiting.actor, team.caseId, { db: t.db })).resolves.toBeDefined();
    expect(
      await t.db.clientNotice.count({
        where: { caseId: team.caseId, kind: "SHARED_WITH", subjectUserId: waiting.user.id },
      }),
    ).toBe(1);

    await expectDomainError(
      recordConsent(
        caseManager.actor,
        { caseId: team.caseId, recipientUserId: waiting.user.id, form: "ORAL", scope: "Kõik", givenAt: yesterday() },
        { db: t.db },
      ),
      "CONFLICT",
      "team.consentAlreadyInForce",
    );
  });

  it("needs the date from the case manager, and not one in the future", async () => {
    const team = await createTeamCase(t.db);
    const waiting = team.people.specialistNoConsent;
    const missing = await expectDomainError(
      recordConsent(
        team.people.caseManager.actor,
        { caseId: team.caseId, recipientUserId: waiting.user.id, form: "ORAL", scope: "Kõik" },
        { db: t.db },
      ),
      "VALIDATION",
    );
    expect(missing.fieldErrors.givenAt).toBe("form.required");
    const future = await expectDomainError(
      recordConsent(
        team.people.caseManager.actor,
        {
          caseId: team.caseId,
          recipientUserId: waiting.user.id,
          form: "ORAL",
          scope: "Kõik",
          givenAt: new Date(Date.now() + 5 * DAY_MS),
        },
        { db: t.db },
      ),
      "VALIDATION",
    );
    expect(future.fieldErrors.givenAt).toBe("team.dateInFuture");
    // A date field's "today" (00:00 UTC, hours ahead of now in Tallinn's early morning) is accepted as now.
    const now = new Date();
    const today = now.toISOString().slice(0, 10);
    await recordConsent(
      team.people.caseManager.actor,
      { caseId: team.caseId, recipientUserId: waiting.user.id, form: "ORAL", scope: "Kõik", givenAt: today },
      { db: t.db, now },
    );
    await expect(getCaseForTeam(waiting.actor, team.caseId, { db: t.db })).resolves.toBeDefined();
  });
});

describe("removing a member and the client-view permission", () => {
  it("removes with a reason, keeps the row, and ends the member's access; never the responsible case manager", async () => {
    const team = await createTeamCase(t.db);
    const { caseManager, specialistWithConsent: specialist } = team.people;
    const member = await t.db.caseMember.findFirstOrThrow({
      where: { caseId: team.caseId, userId: specialist.user.id },
    });
    const noReason = await expectDomainError(
      removeCaseMember(caseManager.actor, { caseId: team.caseId, memberId: member.id, reason: " " }, { db: t.db }),
      "VALIDATION",
    );
    expect(noReason.fieldErrors.reason).toBe("team.remove.reasonRequired");
    await expectDomainError(
      removeCaseMember(specialist.actor, { caseId: team.caseId, memberId: member.id, reason: "x" }, { db: t.db }),
      "FORBIDDEN",
    );

    const result = await removeCaseMember(
      caseManager.actor,
      { caseId: team.caseId, memberId: member.id, reason: "Teenus lõppes" },
      { db: t.db },
    );
    expect(result).toEqual({ memberId: member.id, affectedUserId: specialist.user.id });
    const removed = await t.db.caseMember.findUniqueOrThrow({ where: { id: member.id } });
    expect(removed.removedAt).not.toBeNull();
    expect(removed.removedReason).toBe("Teenus lõppes");
    await expectDomainError(getCaseForTeam(specialist.actor, team.caseId, { db: t.db }), "NOT_FOUND");
    await expectDomainError(
      removeCaseMember(caseManager.actor, { caseId: team.caseId, memberId: member.id, reason: "Uuesti" }, { db: t.db }),
      "INVALID_STATE",
      "team.memberAlreadyRemoved",
    );

    const own = await t.db.caseMember.findFirstOrThrow({ where: { caseId: team.caseId, userId: caseManager.user.id } });
    await expectDomainError(
      removeCaseMember(caseManager.actor, { caseId: team.caseId, memberId: own.id, reason: "Ei saa" }, { db: t.db }),
      "INVALID_STATE",
      "team.cannotRemoveCaseManager",
    );
  });

  it("lets the client allow and stop an advocate seeing their view", async () => {
    const team = await createTeamCase(t.db);
    const { client, advocateWithoutPermission: advocate, specialistWithConsent } = team.people;
    const member = await t.db.caseMember.findFirstOrThrow({ where: { caseId: team.caseId, userId: advocate.user.id } });
    await expectDomainError(getClientView(advocate.actor, team.caseId, { db: t.db }), "NOT_FOUND");

    await setClientViewPermission(
      client.actor,
      { caseId: team.caseId, memberId: member.id, hasClientViewPermission: true },
      { db: t.db },
    );
    await expect(getClientView(advocate.actor, team.caseId, { db: t.db })).resolves.toBeDefined();
    const revoked = await setClientViewPermission(
      client.actor,
      { caseId: team.caseId, memberId: member.id, hasClientViewPermission: false },
      { db: t.db },
    );
    expect(revoked).toEqual({ affectedUserId: advocate.user.id, isChanged: true });
    await expectDomainError(getClientView(advocate.actor, team.caseId, { db: t.db }), "NOT_FOUND");

    const specialistMember = await t.db.caseMember.findFirstOrThrow({
      where: { caseId: team.caseId, userId: specialistWithConsent.user.id },
    });
    await expectDomainError(
      setClientViewPermission(
        client.actor,
        { caseId: team.caseId, memberId: specialistMember.id, hasClientViewPermission: true },
        { db: t.db },
      ),
      "VALIDATION",
      "team.clientViewOnlyForAdvocate",
    );
    await expectDomainError(
      setClientViewPermission(
        specialistWithConsent.actor,
        { caseId: team.caseId, memberId: member.id, hasClientViewPermission: true },
        { db: t.db },
      ),
      "FORBIDDEN",
    );
  });
});

describe("finding staff to add", () => {
  it("finds staff by exact e-mail or the beginning of a name, never an external account", async () => {
    const team = await createTeamCase(t.db);
    const org = team.otherOrganisation.id;
    const found = await createStaffUser(t.db, {
      organisationId: org,
      name: "Ülle Õunapuu",
      email: "ylle.ounapuu@test.example",
    });
    await createExternalUser(t.db, { name: "Ülle Õunapuu-Väline" });
    const manager = team.people.caseManager.actor;

    const byFirstName = await findStaffForTeam(manager, { query: "ülle" }, { db: t.db });
    expect(byFirstName.map((u) => u.id)).toEqual([found.user.id]);
    expect(byFirstName[0]).toEqual({
      id: found.user.id,
      name: "Ülle Õunapuu",
      positionTitle: "sotsiaaltöötaja",
      organisationName: team.otherOrganisation.name,
    });
    expect((await findStaffForTeam(manager, { query: "ÕUNA" }, { db: t.db })).map((u) => u.id)).toEqual([
      found.user.id,
    ]);
    expect(
      (await findStaffForTeam(manager, { query: "Ylle.Ounapuu@test.example" }, { db: t.db })).map((u) => u.id),
    ).toEqual([found.user.id]);
    // Not a substring search, and no partial e-mail addresses.
    expect(await findStaffForTeam(manager, { query: "napuu" }, { db: t.db })).toEqual([]);
    expect(await findStaffForTeam(manager, { query: "ylle.ounapuu@" }, { db: t.db })).toEqual([]);
    // External accounts never appear, not even by their exact address.
    const external = await createExternalUser(t.db);
    expect(await findStaffForTeam(manager, { query: external.user.email! }, { db: t.db })).toEqual([]);
    await expectDomainError(findStaffForTeam(manager, { query: "Ü" }, { db: t.db }), "VALIDATION");
  });

  it("is only for someone who manages an open case", async () => {
    const team = await createTeamCase(t.db);
    for (const role of ["specialistWithConsent", "supervisor", "orgAdmin", "client"] as const) {
      await expectDomainError(findStaffForTeam(team.people[role].actor, { query: "Test" }, { db: t.db }), "FORBIDDEN");
    }
  });
});

describe("the client's own view", () => {
  it("shows the team, consents, meetings and notices in the client's terms, and marks the notices seen", async () => {
    const team = await createTeamCase(t.db);
    const { caseManager, client, advocateWithPermission, specialistWithConsent } = team.people;
    const meeting = await t.db.meeting.create({
      data: {
        kind: "CASE",
        caseId: team.caseId,
        purpose: "Plaani arutelu",
        startsAt: new Date(Date.now() + 3 * DAY_MS),
        durationMinutes: 60,
        isOnline: true,
        createdById: caseManager.user.id,
        participants: { create: [{ userId: client.user.id, response: "ACCEPTED", isRemote: true }] },
      },
    });
    const newcomer = await createStaffUser(t.db, {
      organisationId: team.otherOrganisation.id,
      name: `${team.label} Uus Arst`,
    });
    await addCaseMember(
      caseManager.actor,
      { caseId: team.caseId, userId: newcomer.user.id, role: "SPECIALIST", consent: consentGivenYesterday() },
      { db: t.db },
    );
    const consent = await t.db.sharingConsent.findFirstOrThrow({
      where: { caseId: team.caseId, recipientUserId: specialistWithConsent.user.id, withdrawnAt: null },
    });
    await withdrawConsent(client.actor, { consentId: consent.id }, { db: t.db });

    // The advocate reads first: the notices stay new for the client.
    const advocateView = await getClientView(advocateWithPermission.actor, team.caseId, { db: t.db });
    expect(advocateView.notices.filter((n) => n.isNew)).toHaveLength(2);
    expect(advocateView.viewer).toMatchObject({ role: "ADVOCATE", isActingForClient: false, canManageConsent: false });

    const view = await getClientView(client.actor, team.caseId, { db: t.db });
    expect(view.case).toMatchObject({ id: team.caseId, caseNumber: team.theCase.caseNumber, stage: "NEED_IDENTIFIED" });
    expect(view.caseManager).toMatchObject({ name: caseManager.user.name, email: caseManager.user.email });
    expect(view.viewer).toMatchObject({
      role: "CLIENT",
      isActingForClient: true,
      canManageConsent: true,
      canGiveConsent: true,
    });
    expect(view.team.find((m) => m.userId === newcomer.user.id)).toMatchObject({
      role: "SPECIALIST",
      consentStatus: "ACTIVE",
    });
    expect(view.team.find((m) => m.userId === specialistWithConsent.user.id)?.consentStatus).toBe("WITHDRAWN");
    expect(view.team.find((m) => m.userId === advocateWithPermission.user.id)?.canSeeClientView).toBe(true);
    expect(view.waitingForConsent.map((m) => m.userId).sort()).toEqual(
      [
        specialistWithConsent.user.id,
        team.people.specialistWithdrawn.user.id,
        team.people.specialistNoConsent.user.id,
      ].sort(),
    );
    expect(view.meetings).toEqual([
      expect.objectContaining({
        id: meeting.id,
        isOnline: true,
        isPast: false,
        myParticipation: { meetingRole: "PARTICIPANT", response: "ACCEPTED", isRemote: true },
      }),
    ]);
    expect(view.decisions).toEqual([]);
    expect(view.plan).toBeNull();
    expect(view.notices.map((n) => [n.kind, n.subject?.name, n.isNew])).toEqual([
      ["CONSENT_WITHDRAWN", specialistWithConsent.user.name, true],
      ["SHARED_WITH", newcomer.user.name, true],
    ]);
    // No guest's contact details: the case manager's work address is the one e-mail in the view.
    const text = JSON.stringify(view);
    for (const person of Object.values(team.people)) {
      if (person.user.id !== caseManager.user.id && person.user.email) expect(text).not.toContain(person.user.email);
    }

    const again = await getClientView(client.actor, team.caseId, { db: t.db });
    expect(again.notices.every((n) => !n.isNew)).toBe(true);
  });

  it("shows who looked at the case and when, newest first, and nothing of another case", async () => {
    const mine = await createTeamCase(t.db, { label: "Peamine" });
    const theirs = await createTeamCase(t.db, { label: "Kõrvaline" });
    await getCaseForTeam(mine.people.specialistWithConsent.actor, mine.caseId, { db: t.db });
    await listCaseTeam(mine.people.supervisor.actor, mine.caseId, { db: t.db });
    // Activity on the other case, by people of the other case.
    await getCaseForTeam(theirs.people.specialistWithConsent.actor, theirs.caseId, { db: t.db });
    await getClientView(theirs.people.client.actor, theirs.caseId, { db: t.db });
    await addCaseMember(
      theirs.people.caseManager.actor,
      {
        caseId: theirs.caseId,
        userId: (
          await createStaffUser(t.db, { organisationId: theirs.otherOrganisation.id, name: "Kõrvaline Lisatud" })
        ).user.id,
        role: "SPECIALIST",
        consent: consentGivenYesterday(),
      },
      { db: t.db },
    );

    const view = await getClientView(mine.people.client.actor, mine.caseId, { db: t.db });
    const [latest, earlier] = view.accessLog.entries;
    expect(latest).toMatchObject({
      actor: { name: mine.people.supervisor.user.name, organisationName: mine.organisation.name, isYou: false },
      messageKey: "clientView.log.case.team.read",
      isChange: false,
    });
    expect(earlier).toMatchObject({
      actor: {
        name: mine.people.specialistWithConsent.user.name,
        positionTitle: "spetsialist",
        organisationName: mine.otherOrganisation.name,
        roleInCase: "SPECIALIST",
      },
      messageKey: "clientView.log.case.read",
    });
    expect(view.accessLog.total).toBe(2);

    const text = JSON.stringify(view);
    expect(text).not.toContain(theirs.caseId);
    expect(text).not.toContain(theirs.theCase.caseNumber);
    expect(text).not.toContain("Kõrvaline");
    await expectDomainError(getClientView(mine.people.client.actor, theirs.caseId, { db: t.db }), "NOT_FOUND");

    // Later pages.
    for (let i = 0; i < 25; i++) await getCaseForTeam(mine.people.caseManager.actor, mine.caseId, { db: t.db });
    const page2 = await getClientView(mine.people.client.actor, mine.caseId, { db: t.db, page: 2 });
    expect(page2.accessLog).toMatchObject({ page: 2, total: 27, pageCount: 2 });
    expect(page2.accessLog.entries.map((e) => e.messageKey).slice(-2)).toEqual([
      "clientView.log.case.team.read",
      "clientView.log.case.read",
    ]);
  });

  it("names the people changes were about, and 'the system' where no one acted", async () => {
    const team = await createTeamCase(t.db);
    const newcomer = await createStaffUser(t.db, { organisationId: team.otherOrganisation.id });
    await addCaseMember(
      team.people.caseManager.actor,
      { caseId: team.caseId, userId: newcomer.user.id, role: "SPECIALIST", consent: consentGivenYesterday() },
      { db: t.db },
    );
    await t.db.auditEvent.create({
      data: {
        actorId: null,
        actorRole: "system",
        action: "meeting.remind",
        subjectType: "meeting",
        subjectId: "x",
        caseId: team.caseId,
      },
    });
    const view = await getClientView(team.people.legalRepresentative.actor, team.caseId, { db: t.db });
    const [system, added, consent] = view.accessLog.entries;
    expect(system).toMatchObject({ isSystem: true, actor: null, messageKey: "clientView.log.other" });
    expect(added).toMatchObject({
      messageKey: "clientView.log.case.member.add",
      subject: { name: newcomer.user.name },
      isChange: true,
    });
    expect(consent).toMatchObject({
      messageKey: "clientView.log.consent.record",
      subject: { name: newcomer.user.name },
    });
  });

  it("lists the client's own views for the home page", async () => {
    const team = await createTeamCase(t.db);
    const views = await listMyClientViews(team.people.client.actor, { db: t.db });
    expect(views).toEqual([
      expect.objectContaining({
        caseId: team.caseId,
        caseNumber: team.theCase.caseNumber,
        myRole: "CLIENT",
        newNotices: 0,
      }),
    ]);
    expect(await listMyClientViews(team.people.advocateWithPermission.actor, { db: t.db })).toHaveLength(1);
    expect(await listMyClientViews(team.people.advocateWithoutPermission.actor, { db: t.db })).toEqual([]);
    expect(await listMyClientViews(team.people.closePerson.actor, { db: t.db })).toEqual([]);
  });
});

describe("the team page", () => {
  it("shows members with consent status, every consent, and pending invitations to the case manager only", async () => {
    const team = await createTeamCase(t.db);
    await createExternalInvitation(
      team.people.caseManager.actor,
      { caseId: team.caseId, caseRole: "CLOSE_PERSON", name: "Oodatud Lähedane" },
      { db: t.db },
    );
    const view = await listCaseTeam(team.people.caseManager.actor, team.caseId, { db: t.db });
    const status = Object.fromEntries(view.members.map((m) => [m.userId, m.consentStatus]));
    expect(status).toMatchObject({
      [team.people.specialistWithConsent.user.id]: "ACTIVE",
      [team.people.specialistWithdrawn.user.id]: "WITHDRAWN",
      [team.people.specialistNoConsent.user.id]: "MISSING",
      [team.people.client.user.id]: "NOT_REQUIRED",
    });
    expect(view.members[0]?.role).toBe("CLIENT");
    expect(view.consents).toHaveLength(2);
    expect(view.pendingInvitations.map((i) => i.name)).toEqual(["Oodatud Lähedane"]);
    expect(view.permissions).toEqual({
      canAddMember: true,
      canRemoveMember: true,
      canRecordConsent: true,
      canWithdrawConsent: true,
      canInvite: true,
    });

    const read = await listCaseTeam(team.people.specialistWithConsent.actor, team.caseId, { db: t.db });
    expect(read.pendingInvitations).toEqual([]);
    expect(Object.values(read.permissions).every((p) => p === false)).toBe(true);
  });

  it("shows an invited outside specialist the team without anyone's e-mail address", async () => {
    const team = await createTeamCase(t.db);
    const { token } = await createExternalInvitation(
      team.people.caseManager.actor,
      {
        caseId: team.caseId,
        caseRole: "SPECIALIST",
        name: "Väline Spetsialist",
        consentForm: "WRITTEN",
        consentScope: "Tööalane tugi",
        consentGivenAt: new Date(Date.now() - DAY_MS).toISOString().slice(0, 10),
      },
      { db: t.db },
    );
    const user = await acceptInvitation(
      token,
      {
        name: "Väline Spetsialist",
        email: "valine.spetsialist@test.example",
        password: "pikk-parool-2026",
        passwordConfirm: "pikk-parool-2026",
      },
      { db: t.db },
    );
    const actor: Actor = {
      userId: user.id,
      kind: "EXTERNAL",
      organisationId: null,
      isOrgAdmin: false,
      isSystemAdmin: false,
      isCaseSupervisor: false,
    };
    const view = await listCaseTeam(actor, team.caseId, { db: t.db });
    expect(view.members.every((m) => m.email === null)).toBe(true);
    expect(view.members.find((m) => m.userId === user.id)?.consentStatus).toBe("ACTIVE");
  });
});

describe("every read and write path of the team services leaves its audit entry", () => {
  it("counts them", async () => {
    const team = await createTeamCase(t.db);
    const { caseManager, client, specialistNoConsent, advocateWithoutPermission } = team.people;
    const newcomer = await createStaffUser(t.db, {
      organisationId: team.otherOrganisation.id,
      name: "Auditi Kandidaat",
    });

    expect(await auditsDuring(() => listCaseTeam(caseManager.actor, team.caseId, { db: t.db }))).toEqual({
      "case.team.read": 1,
    });
    expect(await auditsDuring(() => findStaffForTeam(caseManager.actor, { query: "Auditi" }, { db: t.db }))).toEqual({
      "user.search": 1,
    });
    const search = await t.db.auditEvent.findFirstOrThrow({
      where: { action: "user.search", actorId: caseManager.user.id },
    });
    expect(JSON.parse(search.details!)).toEqual({ count: 1, byEmail: false });
    expect(
      await auditsDuring(() =>
        addCaseMember(
          caseManager.actor,
          { caseId: team.caseId, userId: newcomer.user.id, role: "OTHER", consent: consentGivenYesterday() },
          { db: t.db },
        ),
      ),
    ).toEqual({ "case.member.add": 1, "consent.record": 1 });
    expect(
      await auditsDuring(() =>
        recordConsent(
          client.actor,
          { caseId: team.caseId, recipientUserId: specialistNoConsent.user.id, form: "IN_SYSTEM", scope: "Kõik" },
          { db: t.db },
        ),
      ),
    ).toEqual({ "consent.record": 1 });
    const consent = await t.db.sharingConsent.findFirstOrThrow({
      where: { caseId: team.caseId, recipientUserId: newcomer.user.id },
    });
    expect(await auditsDuring(() => withdrawConsent(client.actor, { consentId: consent.id }, { db: t.db }))).toEqual({
      "consent.withdraw": 1,
    });
    const advocate = await t.db.caseMember.findFirstOrThrow({
      where: { caseId: team.caseId, userId: advocateWithoutPermission.user.id },
    });
    expect(
      await auditsDuring(() =>
        setClientViewPermission(
          client.actor,
          { caseId: team.caseId, memberId: advocate.id, hasClientViewPermission: true },
          { db: t.db },
        ),
      ),
    ).toEqual({ "case.member.clientViewPermission": 1 });
    // Setting what is already set changes nothing and writes nothing.
    expect(
      await auditsDuring(() =>
        setClientViewPermission(
          client.actor,
          { caseId: team.caseId, memberId: advocate.id, hasClientViewPermission: true },
          { db: t.db },
        ),
      ),
    ).toEqual({});
    expect(
      await auditsDuring(() =>
        removeCaseMember(
          caseManager.actor,
          { caseId: team.caseId, memberId: advocate.id, reason: "Klient soovis" },
          { db: t.db },
        ),
      ),
    ).toEqual({ "case.member.remove": 1 });
    expect(await auditsDuring(() => getClientView(client.actor, team.caseId, { db: t.db }))).toEqual({
      "case.readClientView": 1,
    });
    expect(await auditsDuring(() => listMyClientViews(client.actor, { db: t.db }))).toEqual({
      "case.listClientViews": 1,
    });

    let token = "";
    expect(
      await auditsDuring(async () => {
        token = (
          await createExternalInvitation(
            caseManager.actor,
            { caseId: team.caseId, caseRole: "ADVOCATE", name: "Auditi Tugiisik" },
            { db: t.db },
          )
        ).token;
      }),
    ).toEqual({ "invitation.create": 1 });
    expect(
      await auditsDuring(() =>
        acceptInvitation(
          token,
          {
            name: "Auditi Tugiisik",
            email: "auditi.tugiisik@test.example",
            password: "pikk-parool-2026",
            passwordConfirm: "pikk-parool-2026",
          },
          { db: t.db },
        ),
      ),
    ).toEqual({ "invitation.accept": 1 });

    // A refused call writes nothing.
    expect(
      await auditsDuring(() =>
        addCaseMember(
          caseManager.actor,
          { caseId: team.caseId, userId: newcomer.user.id, role: "SPECIALIST" },
          { db: t.db },
        ).catch(() => null),
      ),
    ).toEqual({});
    // Every entry of the case carries who, their role, what and when.
    const rows = await t.db.auditEvent.findMany({ where: { caseId: team.caseId } });
    for (const row of rows) {
      expect(row.actorId).toBeTruthy();
      expect(row.actorRole).toMatch(/^(staff|external|org-admin|system-admin)$/);
      expect(row.at).toBeInstanceOf(Date);
    }
    expect(rows.find((r) => r.action === "case.member.remove")?.reason).toBe("Klient soovis");
  });
});

describe("demo data", () => {
  it("gives every demo specialist a consent in force, and lets Jaan's advocate see his view", async () => {
    const demo = await createTestDatabase();
    try {
      await seedDemoData(demo.db);
      const users = await demo.db.user.findMany();
      const byEmail = new Map(users.map((u) => [u.email, u]));
      const actorOf = (email: string) => {
        const u = byEmail.get(email)!;
        return {
          userId: u.id,
          kind: u.kind,
          organisationId: u.organisationId,
          isOrgAdmin: u.isOrgAdmin,
          isSystemAdmin: u.isSystemAdmin,
          isCaseSupervisor: u.isCaseSupervisor,
        };
      };
      const specialists = await demo.db.caseMember.findMany({ where: { role: "SPECIALIST" }, include: { user: true } });
      expect(specialists.length).toBeGreaterThan(0);
      for (const m of specialists) {
        await expect(
          requireCaseAccess(actorOf(m.user.email!), "case.read", m.caseId, { db: demo.db }),
        ).resolves.toBeDefined();
      }
      const [jaan, siim, natalja] = ["Jaan Kivi", "Siim Laur", "Natalja Petrova"].map(
        (name) => DEMO_ACCOUNTS.find((a) => a.name === name)!.email,
      );
      const jaansCase = (
        await demo.db.caseMember.findFirstOrThrow({ where: { user: { email: jaan! }, role: "CLIENT" } })
      ).caseId;
      await expect(getClientView(actorOf(siim!), jaansCase, { db: demo.db })).resolves.toBeDefined();
      const galinasCase = (await demo.db.caseMember.findFirstOrThrow({ where: { user: { email: natalja! } } })).caseId;
      await expectDomainError(getClientView(actorOf(natalja!), galinasCase, { db: demo.db }), "NOT_FOUND");
    } finally {
      await demo.drop();
    }
  });
});
