// A fresh, migrated database for one test file: a temporary SQLite file, or a new PostgreSQL
// database on the server named by TEST_POSTGRES_URL (TEST_DB=postgres). Dropped afterwards.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { Db } from "../../app/lib/db-types.ts";
import type { Env } from "../../server/env.ts";
import { createDb } from "../../server/db/create-db.ts";
import { migrate } from "../../server/db/migrate.ts";

export const testDbKind = process.env.TEST_DB === "postgres" ? "postgresql" : "sqlite";
export const postgresAdminUrl = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export type TestDatabase = {
  database: Env["database"];
  /** DATABASE_URL value for a server process using this database. */
  url: string;
  db: Db;
  drop(): Promise<void>;
};

/** `kind` defaults to TEST_DB's (the bench's production-mode phase asks for PostgreSQL itself). */
export async function createTestDatabase({ kind = testDbKind }: { kind?: "sqlite" | "postgresql" } = {}): Promise<TestDatabase> {
  if (kind === "sqlite") {
    const dir = mkdtempSync(path.join(os.tmpdir(), "jk-test-"));
    const file = path.join(dir, "test.db");
    const database = { kind: "sqlite", file, isEmbedded: true } as const;
    await migrate(database);
    const db = createDb(database);
    return {
      database,
      url: `file:${file}`,
      db,
      async drop() {
        await db.$disconnect();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `jk_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  const database = { kind: "postgresql", url: url.toString() } as const;
  await migrate(database);
  const db = createDb(database);
  return {
    database,
    url: database.url,
    db,
    async drop() {
      await db.$disconnect();
      const a = new pg.Client({ connectionString: postgresAdminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
