// Synthetic case teams for the access-matrix and consent tests: one case with a person in every
// role the policy distinguishes. Every name is made up; `label` makes one case's people and
// numbers distinguishable from another's in the same database.
import type { CaseRole, Db } from "../../app/lib/db-types.ts";
import { actorFromUser, type Actor } from "../../app/domain/actor.ts";
import { createOrganisation, createStaffUser } from "./people.ts";

const DAY_MS = 24 * 3600 * 1000;
let sequence = 0;
const next = () => ++sequence;

export type Person = { user: Awaited<ReturnType<Db["user"]["create"]>>; actor: Actor };

export async function createExternalUser(db: Db, { name }: { name?: string } = {}): Promise<Person> {
  const n = next();
  const user = await db.user.create({
    data: {
      kind: "EXTERNAL",
      organisationId: null,
      name: name ?? `Välis Kasutaja ${n}`,
      email: `valis${n}@test.example`,
    },
  });
  return { user, actor: actorFromUser(user) };
}

export async function createSupervisor(db: Db, { organisationId, name }: { organisationId: string; name?: string }) {
  const { user } = await createStaffUser(db, { organisationId, name, positionTitle: "osakonna juhataja" });
  const updated = await db.user.update({ where: { id: user.id }, data: { isCaseSupervisor: true } });
  return { user: updated, actor: actorFromUser(updated) };
}

export async function addMember(
  db: Db,
  {
    caseId,
    userId,
    role,
    hasClientViewPermission = false,
  }: { caseId: string; userId: string; role: CaseRole; hasClientViewPermission?: boolean },
) {
  return db.caseMember.create({ data: { caseId, userId, role, hasClientViewPermission } });
}

export async function giveConsent(
  db: Db,
  {
    caseId,
    recipientUserId,
    recordedById,
    givenAt = new Date(Date.now() - 10 * DAY_MS),
    withdrawnAt = null,
  }: { caseId: string; recipientUserId: string; recordedById: string; givenAt?: Date; withdrawnAt?: Date | null },
) {
  return db.sharingConsent.create({
    data: {
      caseId,
      recipientUserId,
      recordedById,
      form: "WRITTEN",
      scope: "Juhtumi planeerimiseks vajalikud andmed",
      givenAt,
      withdrawnAt,
      withdrawnRecordedById: withdrawnAt ? recordedById : null,
    },
  });
}

/**
 * A case of a municipality with a person in every role of the access matrix. `label` is put into
 * every name and the case number, so that a test can look for one case's data in another's.
 */
export async function createTeamCase(db: Db, { label = `Juhtum${next()}` }: { label?: string } = {}) {
  const organisation = await createOrganisation(db, { name: `${label} vald` });
  const otherOrganisation = await createOrganisation(db, { name: `${label} haigla`, type: "HOSPITAL" });
  const caseManager = await createStaffUser(db, {
    organisationId: organisation.id,
    name: `${label} Korraldaja`,
    positionTitle: "juhtumikorraldaja",
  });
  const client = await db.client.create({
    data: { organisationId: organisation.id, firstName: `${label}klient`, lastName: `${label}perenimi` },
  });
  const theCase = await db.case.create({
    data: {
      organisationId: organisation.id,
      caseNumber: `${label}-${next()}`,
      clientId: client.id,
      caseManagerId: caseManager.user.id,
      members: { create: { userId: caseManager.user.id, role: "CASE_MANAGER" } },
    },
  });
  const caseId = theCase.id;
  const byManager = caseManager.user.id;

  const staff = (name: string, organisationId = otherOrganisation.id) =>
    createStaffUser(db, { organisationId, name: `${label} ${name}`, positionTitle: "spetsialist" });

  const supervisor = await createSupervisor(db, { organisationId: organisation.id, name: `${label} Juhataja` });
  const orgAdmin = await createStaffUser(db, {
    organisationId: organisation.id,
    name: `${label} Admin`,
    isOrgAdmin: true,
  });
  const otherOrganisationUser = await staff("Võõras");

  const specialistWithConsent = await staff("Nõusolekuga");
  await addMember(db, { caseId, userId: specialistWithConsent.user.id, role: "SPECIALIST" });
  await giveConsent(db, { caseId, recipientUserId: specialistWithConsent.user.id, recordedById: byManager });

  const specialistWithdrawn = await staff("Tagasivõetud");
  await addMember(db, { caseId, userId: specialistWithdrawn.user.id, role: "SPECIALIST" });
  await giveConsent(db, {
    caseId,
    recipientUserId: specialistWithdrawn.user.id,
    recordedById: byManager,
    withdrawnAt: new Date(Date.now() - DAY_MS),
  });

  const specialistNoConsent = await staff("Nõusolekuta");
  await addMember(db, { caseId, userId: specialistNoConsent.user.id, role: "SPECIALIST" });

  const clientPerson = await createExternalUser(db, { name: `${label}klient ${label}perenimi` });
  await addMember(db, { caseId, userId: clientPerson.user.id, role: "CLIENT" });
  await db.client.update({ where: { id: client.id }, data: { userId: clientPerson.user.id } });

  const legalRepresentative = await createExternalUser(db, { name: `${label} Eestkostja` });
  await addMember(db, { caseId, userId: legalRepresentative.user.id, role: "LEGAL_REPRESENTATIVE" });

  const advocateWithPermission = await createExternalUser(db, { name: `${label} Tugiisik` });
  await addMember(db, {
    caseId,
    userId: advocateWithPermission.user.id,
    role: "ADVOCATE",
    hasClientViewPermission: true,
  });

  const advocateWithoutPermission = await createExternalUser(db, { name: `${label} Esindaja` });
  await addMember(db, { caseId, userId: advocateWithoutPermission.user.id, role: "ADVOCATE" });

  const closePerson = await createExternalUser(db, { name: `${label} Lähedane` });
  await addMember(db, { caseId, userId: closePerson.user.id, role: "CLOSE_PERSON" });

  return {
    label,
    organisation,
    otherOrganisation,
    client,
    theCase,
    caseId,
    people: {
      caseManager,
      supervisor,
      specialistWithConsent,
      specialistWithdrawn,
      specialistNoConsent,
      client: clientPerson,
      legalRepresentative,
      advocateWithPermission,
      advocateWithoutPermission,
      closePerson,
      orgAdmin,
      otherOrganisationUser,
    },
  };
}

export type TeamCase = Awaited<ReturnType<typeof createTeamCase>>;
