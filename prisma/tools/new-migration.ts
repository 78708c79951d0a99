// `npm run db:migration -- <name>`: one migration per provider from the current models.prisma.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { pendingSql, snapshotPath } from "./diff.ts";
import { PROVIDERS, migrationsDir, variantSchemaPath, writeVariants } from "./variants.ts";

const name = z
  .string()
  .regex(/^[a-z0-9_]+$/, "migration name: lower-case letters, digits and _ only")
  .safeParse(process.argv[2]);
if (!name.success) {
  console.error("usage: npm run db:migration -- <name>   (" + name.error.issues[0]?.message + ")");
  process.exit(2);
}

writeVariants();
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
let wrote = 0;
for (const provider of PROVIDERS) {
  const sql = pendingSql(provider);
  if (!sql) {
    // Nothing to change in this database (e.g. a new enum value, which SQLite stores as text):
    // the snapshot still moves on, so the next diff starts from the current schema.
    copyFileSync(variantSchemaPath(provider), snapshotPath(provider));
    continue;
  }
  const dir = path.join(migrationsDir(provider), `${stamp}_${name.data}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "migration.sql"), sql);
  copyFileSync(variantSchemaPath(provider), snapshotPath(provider));
  console.log(`wrote ${path.relative(process.cwd(), dir)}`);
  wrote++;
}
if (wrote === 0) console.log("schema unchanged: no migration needed");
