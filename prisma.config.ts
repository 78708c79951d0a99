// Configuration for the Prisma CLI, used only by prisma/tools (schema diffs). The app
// itself migrates with its own runner (server/db/migrate.ts). PRISMA_VARIANT picks the
// provider variant; see docs/decisions/003-two-database-variants.md.
import path from "node:path";
import { defineConfig } from "prisma/config";

const variant = process.env.PRISMA_VARIANT === "postgresql" ? "postgresql" : "sqlite";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "variants", variant, "schema.prisma"),
  async adapter() {
    if (variant === "sqlite") {
      const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
      return new PrismaBetterSQLite3({ url: ":memory:" });
    }
    const { PrismaPg } = await import("@prisma/adapter-pg");
    return new PrismaPg({
      connectionString: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
    });
  },
});
