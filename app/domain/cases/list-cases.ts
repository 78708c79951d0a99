import type { DbOrTx } from "~/lib/db-types";
import { caseAccessSelect, factsFromCaseRow } from "../access/load-case-access";
import { can } from "../access/policy";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { DomainError } from "../errors";
import { ListCasesSchema, type CaseListScope, type ListCasesInput } from "./case-schemas";

/** The most recently updated cases the list looks at; the search filters within them. */
export const CASE_LIST_LIMIT = 500;

/** Lower case without diacritics, so that "parn" finds "Pärn" and "ГАЛИНА" finds "Галина". */
export function normaliseForSearch(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase("et");
}

/**
 * The case list of the team pages. "mine": the cases the actor is on the team of; "organisation":
 * every case of the actor's organisation, for an explicitly authorised supervisor only. Either
 * way a row is shown only if the policy lets the actor read the case (a specialist whose consent
 * was withdrawn sees nothing). The search runs here rather than in SQL: SQLite and PostgreSQL
 * compare case and accents differently, and the list is bounded (CASE_LIST_LIMIT) anyway.
 */
export async function listCases(
  actor: Actor,
  input: ListCasesInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
) {
  const { scope, stage, q } = ListCasesSchema.parse(input);
  if (scope === "organisation" && !(actor.kind === "STAFF" && actor.isCaseSupervisor && actor.organisationId)) {
    throw new DomainError("FORBIDDEN", "cases.organisationScopeForbidden");
  }
  const rows = await db.case.findMany({
    where: {
      ...(scope === "mine"
        ? { members: { some: { userId: actor.userId, removedAt: null } } }
        : { organisationId: actor.organisationId! }),
      ...(stage ? { stage } : {}),
    },
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
    take: CASE_LIST_LIMIT + 1,
    select: {
      id: true,
      caseNumber: true,
      updatedAt: true,
      ...caseAccessSelect(actor.userId, now),
      client: { select: { firstName: true, lastName: true } },
      caseManager: { select: { name: true, positionTitle: true } },
      organisation: { select: { name: true } },
    },
  });
  const isTruncated = rows.length > CASE_LIST_LIMIT;
  const needle = q ? normaliseForSearch(q) : null;
  const cases = rows
    .slice(0, CASE_LIST_LIMIT)
    .filter((row) => {
      const facts = factsFromCaseRow(row);
      return can(actor, "case.read", facts);
    })
    .filter((row) => {
      if (!needle) return true;
      const haystack = [
        row.caseNumber,
        row.client.firstName,
        row.client.lastName,
        `${row.client.firstName} ${row.client.lastName}`,
      ];
      return haystack.some((text) => normaliseForSearch(text).includes(needle));
    })
    .map((row) => ({
      id: row.id,
      caseNumber: row.caseNumber,
      stage: row.stage,
      updatedAt: row.updatedAt,
      client: row.client,
      caseManager: row.caseManager,
      organisationName: row.organisation.name,
      myRole: row.members[0]?.role ?? null,
      isMine: row.caseManagerId === actor.userId,
    }));

  // The list shows client names: a read of personal data. Only codes in the entry, never the
  // search text (it may be a name).
  if (cases.length > 0) {
    await writeAudit(
      {
        actor,
        action: "case.list",
        subjectType: "case",
        subjectId: "*",
        details: { count: cases.length, scope: scope satisfies CaseListScope, stage, hasSearch: q !== null },
      },
      { db },
    );
  }
  return { cases, isTruncated, scope, stage, q };
}

export type CaseListItem = Awaited<ReturnType<typeof listCases>>["cases"][number];
