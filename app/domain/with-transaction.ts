import type { Db, DbOrTx, Tx } from "~/lib/db-types";

/**
 * Runs `fn` in a transaction: a new one on a client, or the caller's when `db` is already a
 * transaction client (Prisma's transaction client has no `$transaction`), so a service can both
 * stand alone and join a larger unit of work.
 */
export async function withTransaction<T>(db: DbOrTx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if ("$transaction" in db && typeof db.$transaction === "function") {
    return (db as Db).$transaction(fn);
  }
  return fn(db);
}

/** A unique-constraint violation (Prisma error P2002), e.g. two accounts racing for one e-mail. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
