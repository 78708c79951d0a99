import type { DbOrTx, Prisma } from "~/lib/db-types";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { DomainError } from "../errors";
import { parseInput } from "../parse-input";
import { FindStaffSchema, type FindStaffInput } from "./team-schemas";

const MAX_RESULTS = 20;
const CLOSED_STAGES = ["CLOSED", "HANDED_OVER"] as const;

export type StaffCandidate = {
  id: string;
  name: string;
  positionTitle: string | null;
  organisationName: string | null;
};

/**
 * The case manager looks for a colleague from any organisation to add to a case team: by exact
 * e-mail address, or by the beginning of the name (first name or surname). Staff accounts only:
 * external accounts (clients, advocates, outside specialists) never appear, so no guest's
 * details leak to another case. Only someone managing an open case may search at all; the
 * search is audited with its result count (not the query, which may be an e-mail address).
 */
export async function findStaffForTeam(
  actor: Actor,
  input: FindStaffInput,
  { db }: { db: DbOrTx },
): Promise<StaffCandidate[]> {
  const { query } = parseInput(FindStaffSchema, input);
  const managesOpenCase =
    actor.kind === "STAFF" &&
    (await db.case.count({ where: { caseManagerId: actor.userId, stage: { notIn: [...CLOSED_STAGES] } } })) > 0;
  if (!managesOpenCase) throw new DomainError("FORBIDDEN", "error.forbidden");

  const isEmail = query.includes("@");
  const where: Prisma.UserWhereInput = {
    kind: "STAFF",
    disabledAt: null,
    ...(isEmail ? { email: query.toLowerCase() } : { OR: namePrefixConditions(query) }),
  };
  const rows = await db.user.findMany({
    where,
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: MAX_RESULTS * 2,
    select: { id: true, name: true, positionTitle: true, organisation: { select: { name: true } } },
  });
  // SQLite's LIKE ignores the case of ASCII letters only, PostgreSQL's not at all: the database
  // narrows with a few spellings, this filter gives both the same answer.
  const results = (isEmail ? rows : rows.filter((u) => matchesNamePrefix(u.name, query))).slice(0, MAX_RESULTS);
  await writeAudit(
    {
      actor,
      action: "user.search",
      subjectType: "user",
      subjectId: "*",
      details: { count: results.length, byEmail: isEmail },
    },
    { db },
  );
  return results.map((u) => ({
    id: u.id,
    name: u.name,
    positionTitle: u.positionTitle,
    organisationName: u.organisation?.name ?? null,
  }));
}

function spellings(query: string): string[] {
  const lower = query.toLocaleLowerCase("et");
  const capitalised = lower.charAt(0).toLocaleUpperCase("et") + lower.slice(1);
  return [...new Set([query, lower, capitalised])];
}

function namePrefixConditions(query: string): Prisma.UserWhereInput[] {
  return spellings(query).flatMap((s) => [{ name: { startsWith: s } }, { name: { contains: ` ${s}` } }]);
}

/** Whether the name, or one of its words, begins with the query (case-insensitive). */
export function matchesNamePrefix(name: string, query: string): boolean {
  const q = query.toLocaleLowerCase("et");
  const n = name.toLocaleLowerCase("et");
  return n.startsWith(q) || n.includes(` ${q}`);
}
