import type { DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";

/**
 * The cases whose client view the actor may open as the client's side: their own case as the
 * client or legal representative, or as an advocate or close person the client allowed
 * (the same rule as policy.ts for case.readClientView). For the home page; audited when it shows
 * anything, as the case list is.
 */
export async function listMyClientViews(actor: Actor, { db }: { db: DbOrTx }) {
  const memberships = await db.caseMember.findMany({
    where: {
      userId: actor.userId,
      removedAt: null,
      OR: [
        { role: { in: ["CLIENT", "LEGAL_REPRESENTATIVE"] } },
        { role: { in: ["ADVOCATE", "CLOSE_PERSON"] }, hasClientViewPermission: true },
      ],
    },
    orderBy: { addedAt: "asc" },
    select: {
      role: true,
      case: {
        select: {
          id: true,
          caseNumber: true,
          stage: true,
          caseManager: { select: { name: true, positionTitle: true, organisation: { select: { name: true } } } },
          _count: { select: { notices: { where: { seenAt: null } } } },
        },
      },
    },
  });
  if (memberships.length > 0) {
    await writeAudit(
      {
        actor,
        action: "case.listClientViews",
        subjectType: "case",
        subjectId: "*",
        details: { count: memberships.length },
      },
      { db },
    );
  }
  return memberships.map((m) => ({
    caseId: m.case.id,
    caseNumber: m.case.caseNumber,
    stage: m.case.stage,
    myRole: m.role,
    caseManager: {
      name: m.case.caseManager.name,
      positionTitle: m.case.caseManager.positionTitle,
      organisationName: m.case.caseManager.organisation?.name ?? null,
    },
    newNotices: m.case._count.notices,
  }));
}
