// Invitation links: the first set-up, staff and external invitations, accepting, revoking.
// Services are called directly against a real database (SQLite and PostgreSQL).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptInvitation } from "../../app/domain/auth/accept-invitation.ts";
import { createExternalInvitation } from "../../app/domain/auth/create-external-invitation.ts";
import { createStaffInvitation } from "../../app/domain/auth/create-staff-invitation.ts";
import { findInvitationByToken } from "../../app/domain/auth/find-invitation.ts";
import { listOrganisationUsers } from "../../app/domain/auth/list-organisation-users.ts";
import { verifyPassword } from "../../app/domain/auth/password.ts";
import { revokeInvitation } from "../../app/domain/auth/revoke-invitation.ts";
import { createSetupInvitation } from "../../app/domain/auth/setup.ts";
import { hashToken } from "../../app/domain/auth/tokens.ts";
import { DomainError } from "../../app/domain/errors.ts";
import { createCase, createCaseMeeting, createOrganisation, createStaffUser } from "../factories/people.ts";
import { expectDomainError } from "../support/expect-domain-error.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-db.ts";

const DAY_MS = 24 * 3600 * 1000;
const PASSWORD = "pikk-parool-2026";
const passwords = { password: PASSWORD, passwordConfirm: PASSWORD };

/** Rows that accepting an invitation may create: none of them may change when it is refused. */
async function countRows(db: TestDatabase["db"]) {
  const [users, organisations, caseMembers, participants] = await Promise.all([
    db.user.count(),
    db.organisation.count(),
    db.caseMember.count(),
    db.meetingParticipant.count(),
  ]);
  return { users, organisations, caseMembers, participants };
}

describe("first set-up (empty database)", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  const setupForm = {
    organisationName: "Näidisvalla sotsiaalosakond",
    organisationType: "MUNICIPALITY",
    name: "Ada Administraator",
    positionTitle: "sotsiaalosakonna juhataja",
    email: "  Ada.Admin@Test.Example ",
    ...passwords,
  };

  it("stores only the hash of the link, and a new link revokes the earlier one", async () => {
    const first = await createSetupInvitation({ db: t.db });
    const second = await createSetupInvitation({ db: t.db });
    expect(await t.db.invitation.findUnique({ where: { tokenHash: first.token } })).toBeNull();
    const rows = await t.db.invitation.findMany({ where: { kind: "SETUP" }, orderBy: { createdAt: "asc" } });
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.tokenHash === hashToken(first.token))?.revokedAt).not.toBeNull();
    expect(rows.find((r) => r.tokenHash === hashToken(second.token))?.revokedAt).toBeNull();
    await expectDomainError(findInvitationByToken(first.token, { db: t.db }), "INVALID_STATE", "invite.revoked");
    const valid = await findInvitationByToken(second.token, { db: t.db });
    expect(valid.kind).toBe("SETUP");
    expect(valid.expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * DAY_MS);
    expect(valid.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(7 * DAY_MS);
  });

  it("creates the organisation and its first administrator, once", async () => {
    const { token } = await createSetupInvitation({ db: t.db });
    const user = await acceptInvitation(token, setupForm, { db: t.db, locale: "ru" });

    expect(user).toMatchObject({
      kind: "STAFF",
      email: "ada.admin@test.example",
      name: "Ada Administraator",
      positionTitle: "sotsiaalosakonna juhataja",
      isOrgAdmin: true,
      isSystemAdmin: true,
      locale: "ru",
    });
    expect(await verifyPassword(PASSWORD, user.passwordHash!)).toBe(true);
    const organisation = await t.db.organisation.findUniqueOrThrow({ where: { id: user.organisationId! } });
    expect(organisation).toMatchObject({ name: "Näidisvalla sotsiaalosakond", type: "MUNICIPALITY" });
    const invitation = await t.db.invitation.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });
    expect(invitation.acceptedById).toBe(user.id);
    expect(invitation.acceptedAt).not.toBeNull();
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "invitation.accept", subjectId: invitation.id } });
    expect(audit.actorId).toBe(user.id);
    expect(audit.details).not.toContain("ada.admin");

    const before = await countRows(t.db);
    await expectDomainError(
      acceptInvitation(token, { ...setupForm, email: "teine@test.example" }, { db: t.db }),
      "INVALID_STATE",
      "invite.alreadyUsed",
    );
    expect(await countRows(t.db)).toEqual(before);
  });

  it("refuses a set-up link once the app has accounts, and leaves the link unused", async () => {
    const { token } = await createSetupInvitation({ db: t.db });
    const before = await countRows(t.db);
    await expectDomainError(
      acceptInvitation(token, { ...setupForm, email: "kolmas@test.example" }, { db: t.db }),
      "INVALID_STATE",
      "invite.setupDone",
    );
    expect(await countRows(t.db)).toEqual(before);
    const invitation = await t.db.invitation.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });
    expect(invitation.acceptedAt).toBeNull();
  });
});

describe("staff and external invitations", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  async function orgWithAdmin() {
    const organisation = await createOrganisation(t.db, { name: "Näidisvalla sotsiaalosakond" });
    const admin = await createStaffUser(t.db, {
      organisationId: organisation.id,
      isOrgAdmin: true,
      name: "Ants Admin",
      positionTitle: "juhataja",
    });
    return { organisation, admin };
  }

  describe("createStaffInvitation", () => {
    it("lets an organisation administrator invite; the colleague joins that organisation", async () => {
      const { organisation, admin } = await orgWithAdmin();
      const { token, invitationId, expiresAt } = await createStaffInvitation(
        admin.actor,
        { email: "Uus.Kolleeg@Test.Example", name: "Uus Kolleeg", positionTitle: "juhtumikorraldaja", isOrgAdmin: "on" },
        { db: t.db },
      );
      expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * DAY_MS);
      const stored = await t.db.invitation.findUniqueOrThrow({ where: { id: invitationId } });
      expect(stored).toMatchObject({
        kind: "STAFF",
        email: "uus.kolleeg@test.example",
        organisationId: organisation.id,
        isOrgAdmin: true,
        invitedById: admin.user.id,
        tokenHash: hashToken(token),
      });
      expect(await t.db.auditEvent.count({ where: { action: "invitation.create", subjectId: invitationId } })).toBe(1);

      const page = await findInvitationByToken(token, { db: t.db });
      expect(page.organisation?.name).toBe("Näidisvalla sotsiaalosakond");
      expect(page.invitedBy).toMatchObject({ name: "Ants Admin", positionTitle: "juhataja" });

      const user = await acceptInvitation(
        token,
        { name: "Uus Kolleeg", positionTitle: "juhtumikorraldaja", ...passwords },
        { db: t.db },
      );
      expect(user).toMatchObject({
        kind: "STAFF",
        organisationId: organisation.id,
        email: "uus.kolleeg@test.example",
        isOrgAdmin: true,
        isSystemAdmin: false,
      });
    });

    it("refuses anyone who is not an administrator of an organisation", async () => {
      const { organisation } = await orgWithAdmin();
      const colleague = await createStaffUser(t.db, { organisationId: organisation.id });
      const before = await t.db.invitation.count();
      await expectDomainError(
        createStaffInvitation(colleague.actor, { email: "x@test.example" }, { db: t.db }),
        "FORBIDDEN",
      );
      const orphanAdmin = { ...colleague.actor, isOrgAdmin: true, organisationId: null };
      await expectDomainError(createStaffInvitation(orphanAdmin, { email: "x@test.example" }, { db: t.db }), "FORBIDDEN");
      expect(await t.db.invitation.count()).toBe(before);
    });

    it("refuses an e-mail address that already has an account, whatever its case", async () => {
      const { admin } = await orgWithAdmin();
      const existing = await createStaffUser(t.db);
      const error = await expectDomainError(
        createStaffInvitation(admin.actor, { email: existing.user.email!.toUpperCase() }, { db: t.db }),
        "CONFLICT",
        "invite.emailTaken",
      );
      expect(error.fieldErrors.email).toBe("invite.emailTaken");
    });

    it("replaces a pending invitation to the same address", async () => {
      const { admin } = await orgWithAdmin();
      const first = await createStaffInvitation(admin.actor, { email: "kaks.korda@test.example" }, { db: t.db });
      const second = await createStaffInvitation(admin.actor, { email: "kaks.korda@test.example" }, { db: t.db });
      await expectDomainError(findInvitationByToken(first.token, { db: t.db }), "INVALID_STATE", "invite.revoked");
      expect((await findInvitationByToken(second.token, { db: t.db })).id).toBe(second.invitationId);
    });
  });

  describe("acceptInvitation", () => {
    it("refuses an expired link and creates nothing", async () => {
      const { admin } = await orgWithAdmin();
      const eightDaysAgo = new Date(Date.now() - 8 * DAY_MS);
      const { token } = await createStaffInvitation(admin.actor, { email: "hiline@test.example" }, { db: t.db, now: eightDaysAgo });
      const before = await countRows(t.db);
      await expectDomainError(findInvitationByToken(token, { db: t.db }), "INVALID_STATE", "invite.expired");
      await expectDomainError(
        acceptInvitation(token, { name: "Hiline Kolleeg", ...passwords }, { db: t.db }),
        "INVALID_STATE",
        "invite.expired",
      );
      expect(await countRows(t.db)).toEqual(before);
      expect((await t.db.invitation.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } })).acceptedAt).toBeNull();
    });

    it("answers NOT_FOUND for a link that never existed", async () => {
      await expectDomainError(
        acceptInvitation("x".repeat(43), { name: "Keegi", ...passwords }, { db: t.db }),
        "NOT_FOUND",
        "invite.notFound",
      );
      await expectDomainError(findInvitationByToken("x".repeat(43), { db: t.db }), "NOT_FOUND", "invite.notFound");
    });

    it("refuses a short password and mismatching passwords with field errors, creating nothing", async () => {
      const { admin } = await orgWithAdmin();
      const { token } = await createStaffInvitation(admin.actor, { email: "luhike@test.example" }, { db: t.db });
      const before = await countRows(t.db);
      const short = await expectDomainError(
        acceptInvitation(token, { name: "Lühike Parool", password: "lühike", passwordConfirm: "lühike" }, { db: t.db }),
        "VALIDATION",
      );
      expect(short.fieldErrors.password).toBe("auth.passwordTooShort");
      const mismatch = await expectDomainError(
        acceptInvitation(token, { name: "Lühike Parool", password: PASSWORD, passwordConfirm: `${PASSWORD}x` }, { db: t.db }),
        "VALIDATION",
      );
      expect(mismatch.fieldErrors.passwordConfirm).toBe("auth.passwordMismatch");
      expect(await countRows(t.db)).toEqual(before);
      // The link still works after a failed attempt.
      expect((await findInvitationByToken(token, { db: t.db })).acceptedAt).toBeNull();
    });

    it("refuses a staff link whose address has meanwhile got an account, with no field to correct", async () => {
      const { organisation, admin } = await orgWithAdmin();
      const { token } = await createStaffInvitation(admin.actor, { email: "vahepeal@test.example" }, { db: t.db });
      await createStaffUser(t.db, { organisationId: organisation.id, email: "vahepeal@test.example" });
      const before = await countRows(t.db);
      const error = await expectDomainError(
        acceptInvitation(token, { name: "Vahepeal Loodud", ...passwords }, { db: t.db }),
        "CONFLICT",
        "invite.emailTaken",
      );
      expect(error.fieldErrors).toEqual({});
      expect(await countRows(t.db)).toEqual(before);
    });

    it("lets only one of two simultaneous submissions of the same link through", async () => {
      const { admin } = await orgWithAdmin();
      const { token } = await createStaffInvitation(admin.actor, { email: "kiire@test.example" }, { db: t.db });
      const before = await countRows(t.db);
      const results = await Promise.allSettled([
        acceptInvitation(token, { name: "Kiire Üks", ...passwords }, { db: t.db }),
        acceptInvitation(token, { name: "Kiire Kaks", ...passwords }, { db: t.db }),
      ]);
      const fulfilled = results.filter((r) => r.status === "fulfilled");
      const rejected = results.filter((r) => r.status === "rejected");
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(1);
      const reason = (rejected[0] as PromiseRejectedResult).reason as DomainError;
      expect(reason).toBeInstanceOf(DomainError);
      expect(reason.code).toBe("INVALID_STATE");
      expect((await countRows(t.db)).users).toBe(before.users + 1);
    });

    it("joins the caller's transaction: when the caller rolls back, nothing remains", async () => {
      const { admin } = await orgWithAdmin();
      const { token } = await createStaffInvitation(admin.actor, { email: "tagasi@test.example" }, { db: t.db });
      const before = await countRows(t.db);
      await expect(
        t.db.$transaction(async (tx) => {
          await acceptInvitation(token, { name: "Tagasi Võetud", ...passwords }, { db: tx });
          throw new Error("caller rolls back");
        }),
      ).rejects.toThrow("caller rolls back");
      expect(await countRows(t.db)).toEqual(before);
      expect((await findInvitationByToken(token, { db: t.db })).acceptedAt).toBeNull();
    });
  });

  describe("external invitations", () => {
    async function caseWithManager() {
      const { organisation, admin } = await orgWithAdmin();
      const manager = await createStaffUser(t.db, {
        organisationId: organisation.id,
        name: "Kati Korraldaja",
        positionTitle: "juhtumikorraldaja",
      });
      const theCase = await createCase(t.db, { caseManagerId: manager.user.id });
      const meeting = await createCaseMeeting(t.db, { caseId: theCase.id, createdById: manager.user.id });
      return { organisation, admin, manager, theCase, meeting };
    }

    it("creates an EXTERNAL account on the case and the meeting", async () => {
      const { manager, theCase, meeting } = await caseWithManager();
      const { token, invitationId, expiresAt } = await createExternalInvitation(
        manager.actor,
        { caseId: theCase.id, meetingId: meeting.id, caseRole: "CLOSE_PERSON", name: "Liisa Lähedane", email: "" },
        { db: t.db },
      );
      expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(13.9 * DAY_MS);
      const created = await t.db.auditEvent.findFirstOrThrow({ where: { action: "invitation.create", subjectId: invitationId } });
      expect(created.caseId).toBe(theCase.id);

      const page = await findInvitationByToken(token, { db: t.db });
      expect(page.invitedBy).toMatchObject({ name: "Kati Korraldaja", positionTitle: "juhtumikorraldaja" });

      const user = await acceptInvitation(
        token,
        { name: "Liisa Lähedane", email: "Liisa@Test.Example", positionTitle: "", ...passwords },
        { db: t.db },
      );
      expect(user).toMatchObject({
        kind: "EXTERNAL",
        organisationId: null,
        email: "liisa@test.example",
        positionTitle: null,
        isOrgAdmin: false,
        isSystemAdmin: false,
      });
      const membership = await t.db.caseMember.findMany({ where: { userId: user.id } });
      expect(membership).toMatchObject([{ caseId: theCase.id, role: "CLOSE_PERSON", removedAt: null }]);
      const participation = await t.db.meetingParticipant.findMany({ where: { userId: user.id } });
      expect(participation).toMatchObject([{ meetingId: meeting.id, meetingRole: "PARTICIPANT", isRemote: true }]);
      const accepted = await t.db.auditEvent.findFirstOrThrow({ where: { action: "invitation.accept", subjectId: invitationId } });
      expect(accepted.caseId).toBe(theCase.id);
      expect(accepted.actorRole).toBe("external");
    });

    it("uses the invited e-mail address when the form leaves it empty, and needs one of the two", async () => {
      const { manager, theCase } = await caseWithManager();
      const withEmail = await createExternalInvitation(
        manager.actor,
        { caseId: theCase.id, caseRole: "CLOSE_PERSON", name: "Siim Lähedane", email: "siim@test.example" },
        { db: t.db },
      );
      const siim = await acceptInvitation(withEmail.token, { name: "Siim Lähedane", email: "", ...passwords }, { db: t.db });
      expect(siim.email).toBe("siim@test.example");
      expect(await t.db.meetingParticipant.count({ where: { userId: siim.id } })).toBe(0);

      const withoutEmail = await createExternalInvitation(
        manager.actor,
        { caseId: theCase.id, caseRole: "CLIENT", name: "Kalle Klient" },
        { db: t.db },
      );
      const error = await expectDomainError(
        acceptInvitation(withoutEmail.token, { name: "Kalle Klient", ...passwords }, { db: t.db }),
        "VALIDATION",
      );
      expect(error.fieldErrors.email).toBe("form.required");
    });

    it("refuses an e-mail address that already has an account, and keeps the link usable", async () => {
      const { manager, theCase } = await caseWithManager();
      const { token } = await createExternalInvitation(
        manager.actor,
        { caseId: theCase.id, caseRole: "ADVOCATE", name: "Aino Esindaja" },
        { db: t.db },
      );
      const before = await countRows(t.db);
      const error = await expectDomainError(
        acceptInvitation(token, { name: "Aino Esindaja", email: manager.user.email!, ...passwords }, { db: t.db }),
        "CONFLICT",
        "invite.emailTaken",
      );
      expect(error.fieldErrors.email).toBe("invite.emailTaken");
      expect(await countRows(t.db)).toEqual(before);
      const user = await acceptInvitation(token, { name: "Aino Esindaja", email: "aino@test.example", ...passwords }, { db: t.db });
      expect(user.kind).toBe("EXTERNAL");
    });

    it("lets only the case manager invite, and only to a meeting of that case", async () => {
      const { admin, manager, theCase } = await caseWithManager();
      const other = await caseWithManager();
      // The policy: someone who cannot see the case is told it does not exist.
      await expectDomainError(
        createExternalInvitation(admin.actor, { caseId: theCase.id, caseRole: "CLIENT", name: "Kalle Klient" }, { db: t.db }),
        "NOT_FOUND",
      );
      const error = await expectDomainError(
        createExternalInvitation(
          manager.actor,
          { caseId: theCase.id, meetingId: other.meeting.id, caseRole: "CLIENT", name: "Kalle Klient" },
          { db: t.db },
        ),
        "VALIDATION",
      );
      expect(error.fieldErrors.meetingId).toBe("invite.meetingNotInCase");
      await expectDomainError(
        createExternalInvitation(manager.actor, { caseId: "puudub", caseRole: "CLIENT", name: "Kalle Klient" }, { db: t.db }),
        "NOT_FOUND",
      );
      const invalidRole = await expectDomainError(
        // @ts-expect-error a link never makes anyone case manager; the service refuses it at run time too
        createExternalInvitation(manager.actor, { caseId: theCase.id, caseRole: "CASE_MANAGER", name: "X" }, { db: t.db }),
        "VALIDATION",
      );
      expect(invalidRole.fieldErrors.caseRole).toBeDefined();
    });

    describe("external specialists and the client's consent", () => {
      const givenOn = new Date(Date.now() - 30 * DAY_MS).toISOString().slice(0, 10);
      const consent = { consentForm: "WRITTEN", consentScope: "Terviseandmed taastusravi planeerimiseks", consentGivenAt: givenOn };

      it("refuses to invite a specialist without the client's consent, creating nothing", async () => {
        const { manager, theCase } = await caseWithManager();
        const before = await t.db.invitation.count();
        for (const caseRole of ["SPECIALIST", "OTHER"] as const) {
          const error = await expectDomainError(
            createExternalInvitation(manager.actor, { caseId: theCase.id, caseRole, name: "Olev Väline" }, { db: t.db }),
            "VALIDATION",
            "team.consentRequired",
          );
          expect(Object.keys(error.fieldErrors).sort()).toEqual(["consentForm", "consentGivenAt", "consentScope"]);
        }
        const partial = await expectDomainError(
          createExternalInvitation(
            manager.actor,
            { caseId: theCase.id, caseRole: "SPECIALIST", name: "Olev Väline", consentForm: "ORAL" },
            { db: t.db },
          ),
          "VALIDATION",
        );
        expect(partial.fieldErrors).toEqual({ consentScope: "form.required", consentGivenAt: "form.required" });
        expect(await t.db.invitation.count()).toBe(before);
      });

      it("keeps the consent on the invitation and turns it into a SharingConsent, with a client notice, on accept", async () => {
        const { manager, theCase } = await caseWithManager();
        const { token, invitationId } = await createExternalInvitation(
          manager.actor,
          { caseId: theCase.id, caseRole: "SPECIALIST", name: "Olev Väline", email: "olev@test.example", ...consent },
          { db: t.db },
        );
        const invitation = await t.db.invitation.findUniqueOrThrow({ where: { id: invitationId } });
        expect(invitation).toMatchObject({ consentForm: "WRITTEN", consentScope: consent.consentScope });
        expect(invitation.consentGivenAt?.toISOString()).toBe(`${givenOn}T00:00:00.000Z`);
        expect(await t.db.sharingConsent.count({ where: { caseId: theCase.id } })).toBe(0);

        const olev = await acceptInvitation(token, { name: "Olev Väline", ...passwords }, { db: t.db });
        const consents = await t.db.sharingConsent.findMany({ where: { caseId: theCase.id } });
        expect(consents).toMatchObject([
          { recipientUserId: olev.id, form: "WRITTEN", scope: consent.consentScope, recordedById: manager.user.id, withdrawnAt: null },
        ]);
        const notices = await t.db.clientNotice.findMany({ where: { caseId: theCase.id } });
        expect(notices).toMatchObject([{ kind: "SHARED_WITH", subjectUserId: olev.id, seenAt: null }]);
      });

      it("does not store consent fields sent for a role that needs none, and tells the client nothing about their own link", async () => {
        const { manager, theCase } = await caseWithManager();
        const { token, invitationId } = await createExternalInvitation(
          manager.actor,
          { caseId: theCase.id, caseRole: "CLIENT", name: "Kalle Klient", email: "kalle@test.example", ...consent },
          { db: t.db },
        );
        expect(await t.db.invitation.findUniqueOrThrow({ where: { id: invitationId } })).toMatchObject({
          consentForm: null,
          consentScope: null,
          consentGivenAt: null,
        });
        await acceptInvitation(token, { name: "Kalle Klient", ...passwords }, { db: t.db });
        expect(await t.db.sharingConsent.count({ where: { caseId: theCase.id } })).toBe(0);
        expect(await t.db.clientNotice.count({ where: { caseId: theCase.id } })).toBe(0);
      });
    });
  });

  describe("revokeInvitation", () => {
    it("ends a pending link for good, audited; others may not", async () => {
      const { organisation, admin } = await orgWithAdmin();
      const colleague = await createStaffUser(t.db, { organisationId: organisation.id });
      const { token, invitationId } = await createStaffInvitation(admin.actor, { email: "tyhistatud@test.example" }, { db: t.db });

      await expectDomainError(revokeInvitation(colleague.actor, { invitationId }, { db: t.db }), "FORBIDDEN");
      const otherAdmin = (await orgWithAdmin()).admin;
      await expectDomainError(revokeInvitation(otherAdmin.actor, { invitationId }, { db: t.db }), "FORBIDDEN");

      await revokeInvitation(admin.actor, { invitationId }, { db: t.db });
      expect(await t.db.auditEvent.count({ where: { action: "invitation.revoke", subjectId: invitationId } })).toBe(1);
      await expectDomainError(findInvitationByToken(token, { db: t.db }), "INVALID_STATE", "invite.revoked");
      await expectDomainError(
        acceptInvitation(token, { name: "Liiga Hilja", ...passwords }, { db: t.db }),
        "INVALID_STATE",
        "invite.revoked",
      );
      await expectDomainError(revokeInvitation(admin.actor, { invitationId }, { db: t.db }), "INVALID_STATE", "invite.revoked");
    });
  });

  describe("listOrganisationUsers", () => {
    it("shows an administrator their organisation's accounts and pending invitations, audited", async () => {
      const { organisation, admin } = await orgWithAdmin();
      const colleague = await createStaffUser(t.db, { organisationId: organisation.id, name: "Cecilia Kolleeg" });
      await createStaffUser(t.db); // another organisation's: not listed
      await createStaffInvitation(admin.actor, { email: "ootel@test.example" }, { db: t.db });
      const expired = new Date(Date.now() - 8 * DAY_MS);
      await createStaffInvitation(admin.actor, { email: "aegunud@test.example" }, { db: t.db, now: expired });

      const result = await listOrganisationUsers(admin.actor, { db: t.db });
      expect(result.users.map((u) => u.id).sort()).toEqual([admin.user.id, colleague.user.id].sort());
      expect(result.pendingInvitations.map((i) => i.email)).toEqual(["ootel@test.example"]);
      expect(
        await t.db.auditEvent.count({ where: { action: "user.list", actorId: admin.user.id, subjectId: organisation.id } }),
      ).toBe(1);

      await expectDomainError(listOrganisationUsers(colleague.actor, { db: t.db }), "FORBIDDEN");
    });
  });
});
