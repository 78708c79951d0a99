import type { Db } from "~/lib/db-types";
import { caseAccessSelect, factsFromCaseRow } from "../access/load-case-access";
import { can } from "../access/policy";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";

/**
 * The cases on the actor's home page: those whose team they are on and which the policy lets
 * them see, in the team view or in the client's own view (a specialist whose consent was
 * withdrawn sees nothing). Reading the list shows client names, so the read is audited.
 */
export async function listMyCases(actor: Actor, { db, now = new Date() }: { db: Db; now?: Date }) {
  const rows = await db.case.findMany({
    where: { members: { some: { userId: actor.userId, removedAt: null } } },
    orderBy: { updatedAt: "desc" },
    take: 200,
    select: {
      ...caseAccessSelect(actor.userId, now),
      id: true,
      caseNumber: true,
      updatedAt: true,
      client: { select: { firstName: true, lastName: true } },
      organisation: { select: { name: true } },
    },
  });
  const cases = rows.flatMap((row) => {
    const facts = factsFromCaseRow(row);
    const isTeamView = can(actor, "case.read", facts);
    if (!isTeamView && !can(actor, "case.readClientView", facts)) return [];
    return [
      {
        id: row.id,
        caseNumber: row.caseNumber,
        stage: row.stage,
        updatedAt: row.updatedAt,
        client: row.client,
        organisation: row.organisation,
        myRole: facts.membership?.role ?? null,
        view: isTeamView ? ("team" as const) : ("client" as const),
      },
    ];
  });
  if (cases.length > 0) {
    await writeAudit(
      { actor, action: "case.list", subjectType: "case", subjectId: "*", details: { count: cases.length } },
      { db },
    );
  }
  return cases;
}
