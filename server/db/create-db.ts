// The one place that creates a Prisma client. The SQLite and PostgreSQL clients are generated
// from the same models, so they share one TypeScript shape (Db in app/lib/db-types.ts).
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "../../prisma/generated/postgresql/client.ts";
import { PrismaClient as SqliteClient } from "../../prisma/generated/sqlite/client.ts";
import type { Db } from "../../app/lib/db-types.ts";
import type { Env } from "../env.ts";

export function createDb(database: Env["database"]): Db {
  if (database.kind === "sqlite") {
    // WAL lets readers run beside the writer; busy_timeout waits instead of failing on a lock.
    const adapter = new PrismaBetterSQLite3({ url: `file:${database.file}`, timeout: 5000 });
    return new SqliteClient({ adapter });
  }
  const adapter = new PrismaPg({ connectionString: database.url, max: database.poolSize ?? DEFAULT_POOL_SIZE });
  return new PostgresClient({ adapter }) as unknown as Db;
}

/** PostgreSQL connections per process when DATABASE_POOL_SIZE is not set (server/env.ts). */
export const DEFAULT_POOL_SIZE = 15;

/**
 * Which database a client talks to, for the few statements written in SQL (Prisma keeps its
 * provider on the client; tests wrap clients in proxies, which pass it through).
 */
export function databaseKindOf(db: Db): Env["database"]["kind"] {
  const provider = (db as unknown as { _activeProvider?: unknown })._activeProvider;
  if (provider === "sqlite" || provider === "postgresql") return provider;
  throw new Error(`unknown database provider ${String(provider)}`);
}
