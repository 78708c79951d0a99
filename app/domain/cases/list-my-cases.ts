import type { Db } from "~/lib/db-types";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";

/**
 * The cases the actor is on the team of (need-to-know: membership is what grants access).
 * Reading the list shows client names, so the read is audited.
 */
export async function listMyCases(actor: Actor, { db }: { db: Db }) {
  const cases = await db.case.findMany({
    where: { members: { some: { userId: actor.userId, removedAt: null } } },
    orderBy: { updatedAt: "desc" },
    select: {
      id: true,
      caseNumber: true,
      stage: true,
      updatedAt: true,
      client: { select: { firstName: true, lastName: true } },
      organisation: { select: { name: true } },
      members: { where: { userId: actor.userId, removedAt: null }, select: { role: true } },
    },
  });
  if (cases.length > 0) {
    await writeAudit(
      {
        actor,
        action: "case.list",
        subjectType: "case",
        subjectId: "*",
        details: { count: cases.length },
      },
      { db },
    );
  }
  return cases.map(({ members, ...c }) => ({ ...c, myRole: members[0]?.role ?? null }));
}
