// Schema diffs through the Prisma CLI (WASM schema engine, works offline).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { type Provider, migrationsDir, prismaCliEnv, rootDir, variantSchemaPath } from "./variants.ts";

/** The schema as it stood after the newest migration; the next migration is diffed from it. */
export function snapshotPath(provider: Provider) {
  return path.join(migrationsDir(provider), "schema.snapshot.prisma");
}

/** SQL that takes the database from the last migration to the current schema ("" when none). */
export function pendingSql(provider: Provider): string {
  const from = existsSync(snapshotPath(provider))
    ? ["--from-schema-datamodel", snapshotPath(provider)]
    : ["--from-empty"];
  const out = execFileSync(
    process.execPath,
    [
      path.join(rootDir, "node_modules/prisma/build/index.js"),
      "migrate",
      "diff",
      ...from,
      "--to-schema-datamodel",
      variantSchemaPath(provider),
      "--script",
    ],
    {
      env: { ...prismaCliEnv, PRISMA_VARIANT: provider },
      cwd: rootDir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  return /^\s*(-- This is an empty migration\.)?\s*$/.test(out) ? "" : out;
}
