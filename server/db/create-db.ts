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
  const adapter = new PrismaPg({ connectionString: database.url, max: 10 });
  return new PostgresClient({ adapter }) as unknown as Db;
}
