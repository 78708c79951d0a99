// Applies the SQL migrations in prisma/migrations/<provider>/ that the database has not seen,
// each in its own transaction, and records them in app_migrations. Used at start-up, by
// `npm run db:migrate` and by the tests. Several processes starting together on PostgreSQL
// take an advisory lock so that only one of them migrates.
// Why not `prisma migrate deploy`: docs/decisions/003-two-database-variants.md.
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import type { Env } from "../env.ts";

const migrationsRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../prisma/migrations");
const MIGRATION_LOCK_KEY = 4_711_2026;

export type Migration = { name: string; sql: string };

export function listMigrations(provider: "sqlite" | "postgresql"): Migration[] {
  const dir = path.join(migrationsRoot, provider);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => ({ name, sql: readFileSync(path.join(dir, name, "migration.sql"), "utf8") }));
}

/** Returns the names of the migrations it applied. */
export async function migrate(database: Env["database"]): Promise<string[]> {
  return database.kind === "sqlite" ? migrateSqlite(database.file) : migratePostgres(database.url);
}

function migrateSqlite(file: string): string[] {
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma("journal_mode = WAL");
    db.exec("CREATE TABLE IF NOT EXISTS app_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)");
    const done = new Set(
      db
        .prepare("SELECT name FROM app_migrations")
        .all()
        .map((r) => (r as { name: string }).name),
    );
    const applied: string[] = [];
    for (const m of listMigrations("sqlite")) {
      if (done.has(m.name)) continue;
      db.transaction(() => {
        db.exec(m.sql);
        db.prepare("INSERT INTO app_migrations (name, applied_at) VALUES (?, ?)").run(m.name, new Date().toISOString());
      }).immediate();
      applied.push(m.name);
    }
    return applied;
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await client.query(
      "CREATE TABLE IF NOT EXISTS app_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)",
    );
    const { rows } = await client.query<{ name: string }>("SELECT name FROM app_migrations");
    const done = new Set(rows.map((r) => r.name));
    const applied: string[] = [];
    for (const m of listMigrations("postgresql")) {
      if (done.has(m.name)) continue;
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query("INSERT INTO app_migrations (name, applied_at) VALUES ($1, now())", [m.name]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
      applied.push(m.name);
    }
    return applied;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}
