// Synthetic people, organisations and cases for integration tests. Every name is made up.
import type { Db, OrganisationType } from "../../app/lib/db-types.ts";
import { actorFromUser, type Actor } from "../../app/domain/actor.ts";
import { hashPassword } from "../../app/domain/auth/password.ts";

let sequence = 0;
const next = () => ++sequence;

export async function createOrganisation(db: Db, overrides: { name?: string; type?: OrganisationType } = {}) {
  return db.organisation.create({
    data: { name: overrides.name ?? `Testvalla ${next()}. osakond`, type: overrides.type ?? "MUNICIPALITY" },
  });
}

export async function createStaffUser(
  db: Db,
  overrides: {
    organisationId?: string;
    name?: string;
    email?: string;
    password?: string;
    positionTitle?: string;
    isOrgAdmin?: boolean;
  } = {},
) {
  const n = next();
  const organisationId = overrides.organisationId ?? (await createOrganisation(db)).id;
  const user = await db.user.create({
    data: {
      kind: "STAFF",
      organisationId,
      name: overrides.name ?? `Testi Töötaja ${n}`,
      email: overrides.email ?? `tootaja${n}@test.example`,
      positionTitle: overrides.positionTitle ?? "sotsiaaltöötaja",
      passwordHash: overrides.password ? await hashPassword(overrides.password) : null,
      isOrgAdmin: overrides.isOrgAdmin ?? false,
    },
  });
  return { user, actor: actorFromUser(user) as Actor };
}

/** A case with its client and its case manager (on the case team as CASE_MANAGER). */
export async function createCase(db: Db, { caseManagerId }: { caseManagerId: string }) {
  const manager = await db.user.findUniqueOrThrow({ where: { id: caseManagerId } });
  const n = next();
  const client = await db.client.create({
    data: { organisationId: manager.organisationId!, firstName: "Mari", lastName: `Näidis${n}` },
  });
  return db.case.create({
    data: {
      organisationId: manager.organisationId!,
      caseNumber: `T-${n}`,
      clientId: client.id,
      caseManagerId,
      members: { create: { userId: caseManagerId, role: "CASE_MANAGER" } },
    },
  });
}

export async function createCaseMeeting(db: Db, { caseId, createdById }: { caseId: string; createdById: string }) {
  return db.meeting.create({
    data: {
      kind: "CASE",
      caseId,
      purpose: "Esimene juhtumikohtumine",
      startsAt: new Date(Date.now() + 7 * 24 * 3600 * 1000),
      durationMinutes: 60,
      createdById,
    },
  });
}
