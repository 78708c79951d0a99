import type { DbOrTx } from "~/lib/db-types";

/** <prefix>-<year>-<nnn>, the shape of the demo's TV-2026-014. */
const NUMBER_PATTERN = /^(.+)-(\d{4})-(\d+)$/;

function yearInTallinn(now: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Tallinn", year: "numeric" }).format(now);
}

/** Initials of the organisation's name in plain capitals: "Tartu valla sotsiaalosakond" → "TV". */
export function prefixFromOrganisationName(name: string): string {
  const words = name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  if (words.length === 0) return "J";
  if (words.length === 1) return words[0]!.slice(0, 3).toUpperCase();
  return words
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join("");
}

/**
 * A free case number to pre-fill the form with: the organisation's own prefix (from its latest
 * numbered case, else from its name), this year, and the next serial. Only a suggestion: the
 * user may type another, and openCase checks uniqueness.
 */
export async function suggestCaseNumber(
  organisationId: string,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<string> {
  const recent = await db.case.findMany({
    where: { organisationId },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: { caseNumber: true },
  });
  let prefix = recent.map((c) => NUMBER_PATTERN.exec(c.caseNumber)?.[1]).find(Boolean);
  if (!prefix) {
    const organisation = await db.organisation.findUniqueOrThrow({
      where: { id: organisationId },
      select: { name: true },
    });
    prefix = prefixFromOrganisationName(organisation.name);
  }
  const year = yearInTallinn(now);
  const stem = `${prefix}-${year}-`;
  const taken = await db.case.findMany({
    where: { organisationId, caseNumber: { startsWith: stem } },
    select: { caseNumber: true },
  });
  // SQLite's LIKE ignores case; compare exactly here.
  const serials = taken
    .map((c) => (c.caseNumber.startsWith(stem) ? /^\d+$/.exec(c.caseNumber.slice(stem.length))?.[0] : undefined))
    .filter((s): s is string => s !== undefined)
    .map(Number);
  const next = (serials.length ? Math.max(...serials) : 0) + 1;
  return `${stem}${String(next).padStart(3, "0")}`;
}
