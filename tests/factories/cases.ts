// Synthetic clients and cases opened through the real service (openCase), for the case tests.
// Every name is made up; personal codes have birth dates in the 1800s, so none can belong to a
// living person (codes were first issued in 1992).
import type { CaseRole, Db } from "../../app/lib/db-types.ts";
import { actorFromUser, type Actor } from "../../app/domain/actor.ts";
import type { OpenCaseInput } from "../../app/domain/cases/case-schemas.ts";
import { openCase } from "../../app/domain/cases/open-case.ts";
import { personalCodeCheckDigit } from "../../app/domain/cases/personal-code.ts";

let sequence = 0;
const next = () => ++sequence;

/** A valid synthetic personal code: male, born 1801-01-01, serial `n` (0-999). */
export function syntheticPersonalCode(n: number): string {
  const firstTen = `1010101${String(n % 1000).padStart(3, "0")}`;
  return `${firstTen}${personalCodeCheckDigit(firstTen)}`;
}

export type OpenCaseOverrides = Omit<Partial<OpenCaseInput>, "client"> & { client?: Partial<OpenCaseInput["client"]> };

export function openCaseInput(overrides: OpenCaseOverrides = {}): OpenCaseInput {
  const n = next();
  const { client, ...rest } = overrides;
  return {
    caseNumber: `TC-2026-${String(n).padStart(3, "0")}`,
    summary: "Klient vajab tuge igapäevaelus ja töö leidmisel.",
    ...rest,
    client: {
      firstName: "Mari",
      lastName: `Näidis${n}`,
      preferredLanguage: "et",
      communicationNeeds: [],
      ...client,
    },
  };
}

/** Opens a case as `actor` (who becomes its case manager) and returns the case row. */
export async function openTestCase(db: Db, actor: Actor, overrides: OpenCaseOverrides = {}) {
  const { caseId } = await openCase(actor, openCaseInput(overrides), { db });
  return db.case.findUniqueOrThrow({ where: { id: caseId }, include: { client: true } });
}

export async function makeSupervisor(db: Db, userId: string) {
  const user = await db.user.update({ where: { id: userId }, data: { isCaseSupervisor: true } });
  return { user, actor: actorFromUser(user) };
}

export async function createExternalPerson(db: Db) {
  const n = next();
  const user = await db.user.create({
    data: {
      kind: "EXTERNAL",
      organisationId: null,
      name: `Välis Inimene ${n}`,
      email: `valis.inimene${n}@test.example`,
    },
  });
  return { user, actor: actorFromUser(user) };
}

/** A team member; for a specialist, optionally with the client's consent (in force or withdrawn). */
export async function addTeamMember(
  db: Db,
  {
    caseId,
    userId,
    role,
    consent,
    recordedById,
  }: { caseId: string; userId: string; role: CaseRole; consent?: "active" | "withdrawn"; recordedById?: string },
) {
  const member = await db.caseMember.create({ data: { caseId, userId, role } });
  if (consent) {
    const givenAt = new Date(Date.now() - 24 * 3600 * 1000);
    await db.sharingConsent.create({
      data: {
        caseId,
        recipientUserId: userId,
        recordedById: recordedById ?? userId,
        form: "WRITTEN",
        scope: "Juhtumi planeerimiseks vajalikud andmed",
        givenAt,
        withdrawnAt: consent === "withdrawn" ? new Date() : null,
        withdrawnRecordedById: consent === "withdrawn" ? (recordedById ?? userId) : null,
      },
    });
  }
  return member;
}

/** Audit entries written while `work` runs (actions sorted), so a test can name exactly which. */
export async function auditWrittenBy<T>(db: Db, work: () => Promise<T>): Promise<{ result: T; actions: string[] }> {
  const before = new Set((await db.auditEvent.findMany({ select: { id: true } })).map((e) => e.id));
  const result = await work();
  const after = await db.auditEvent.findMany({ orderBy: [{ at: "asc" }], select: { id: true, action: true } });
  return {
    result,
    actions: after
      .filter((e) => !before.has(e.id))
      .map((e) => e.action)
      .sort(),
  };
}
