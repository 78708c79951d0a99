import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

// Five projects: pure domain rules (no database), integration tests on SQLite and again on
// PostgreSQL, several app processes on PostgreSQL and Redis (cluster), and browser tests in
// Debian's Chromium. `npm test` runs them all.
export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  test: {
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/fail-on-console-error.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["app/**/*.test.ts", "server/**/*.test.ts"] },
      },
      {
        extends: true,
        test: { name: "sqlite", include: ["tests/integration/**/*.test.ts"], env: { TEST_DB: "sqlite" } },
      },
      {
        extends: true,
        test: {
          name: "postgres",
          include: ["tests/integration/**/*.test.ts"],
          // The fuzz test hammers the Yjs server's decoding, not the database (its persistence
          // runs on SQLite there and on both databases in collab-server.test.ts): once is enough.
          exclude: [...configDefaults.exclude, "tests/integration/collab-fuzz.test.ts"],
          env: { TEST_DB: "postgres" },
        },
      },
      {
        extends: true,
        test: {
          // Three app processes on PostgreSQL and a Redis of the test's own (decision record 010).
          name: "cluster",
          include: ["tests/cluster/**/*.test.ts"],
          env: { TEST_DB: "postgres" },
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          include: ["tests/e2e/**/*.test.ts"],
          env: { TEST_DB: "sqlite" },
          fileParallelism: false,
          testTimeout: 90_000,
        },
      },
    ],
  },
});
