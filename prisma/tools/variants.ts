// Writes the per-provider schema variants from prisma/models.prisma (the one source).
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const PROVIDERS = ["sqlite", "postgresql"] as const;
export type Provider = (typeof PROVIDERS)[number];

export const prismaDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const rootDir = path.resolve(prismaDir, "..");

export function variantSchemaPath(provider: Provider) {
  return path.join(prismaDir, "variants", provider, "schema.prisma");
}
export function migrationsDir(provider: Provider) {
  return path.join(prismaDir, "migrations", provider);
}
export function clientOutputDir(provider: Provider) {
  return path.join(prismaDir, "generated", provider);
}

/** Environment for the Prisma CLI so it never tries to download native engines. */
export const prismaCliEnv = {
  ...process.env,
  PRISMA_QUERY_ENGINE_LIBRARY: "/dev/null",
  PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
};

export function renderVariant(provider: Provider): string {
  const source = readFileSync(path.join(prismaDir, "models.prisma"), "utf8");
  const output = path.relative(path.dirname(variantSchemaPath(provider)), clientOutputDir(provider));
  const header = "// GENERATED from prisma/models.prisma by `npm run db:generate`. Do not edit.\n";
  return header + source.replace("{{PROVIDER}}", provider).replace("{{OUTPUT}}", output);
}

export function writeVariants(): Record<Provider, string> {
  const hashes = {} as Record<Provider, string>;
  for (const provider of PROVIDERS) {
    const text = renderVariant(provider);
    mkdirSync(path.dirname(variantSchemaPath(provider)), { recursive: true });
    writeFileSync(variantSchemaPath(provider), text);
    hashes[provider] = createHash("sha256").update(text).digest("hex");
  }
  return hashes;
}
