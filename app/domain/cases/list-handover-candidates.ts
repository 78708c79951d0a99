import type { DbOrTx } from "~/lib/db-types";
import { requireCaseAccess } from "../access/load-case-access";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { parseCaseId } from "./case-schemas";

/**
 * Whom the handover form offers: staff of the responsible organisation, and staff of other
 * organisations already on the case team (the usual receiver when the main need moves to their
 * organisation, 004 §3.8). No organisation's whole user directory is shown. handOverCase itself
 * accepts any active staff member on the system.
 */
export async function listHandoverCandidates(
  actor: Actor,
  caseId: string,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
) {
  const id = parseCaseId(caseId);
  const facts = await requireCaseAccess(actor, "case.handover", id, { db, now });
  const users = await db.user.findMany({
    where: {
      kind: "STAFF",
      disabledAt: null,
      id: { not: facts.caseManagerId },
      organisationId: { not: null },
      OR: [{ organisationId: facts.organisationId }, { caseMemberships: { some: { caseId: id, removedAt: null } } }],
    },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: 500,
    select: {
      id: true,
      name: true,
      positionTitle: true,
      organisationId: true,
      organisation: { select: { name: true } },
      caseMemberships: { where: { caseId: id, removedAt: null }, select: { role: true }, take: 1 },
    },
  });
  await writeAudit(
    {
      actor,
      action: "case.handoverCandidates.list",
      subjectType: "case",
      subjectId: id,
      caseId: id,
      details: { count: users.length },
    },
    { db },
  );
  return users.map((u) => ({
    id: u.id,
    name: u.name,
    positionTitle: u.positionTitle,
    organisationName: u.organisation?.name ?? "",
    isSameOrganisation: u.organisationId === facts.organisationId,
    teamRole: u.caseMemberships[0]?.role ?? null,
  }));
}
