// First start of an empty database. Demo mode (embedded SQLite by default): create the
// synthetic county network and print how to sign in. Production: never create demo accounts;
// print a one-time link with which the first administrator sets up their organisation.
import type { Db } from "../app/lib/db-types.ts";
import { DEMO_CASE_MANAGER_EMAIL, DEMO_PASSWORD } from "../app/lib/demo.ts";
import { createSetupInvitation } from "../app/domain/auth/setup.ts";
import { seedDemoData } from "../prisma/demo-data.ts";
import type { Env } from "./env.ts";
import type { Logger } from "./logger.ts";

/**
 * Does the first-start work before the server accepts requests (nobody sees an empty database or
 * a set-up page without a link) and returns what to print once the address is known, or null.
 */
export async function prepareFirstStart({
  db,
  env,
  logger,
}: {
  db: Db;
  env: Env;
  logger: Logger;
}): Promise<((publicUrl: string) => string) | null> {
  if ((await db.user.count()) > 0) return null;
  if (env.isDemoMode) {
    await seedDemoData(db);
    logger.info({ event: "first-start.demo-data" }, "demo data created");
    // Printed on purpose: demo accounts are synthetic and the password is public.
    return (publicUrl) =>
      [
        "",
        "  Demo data created (synthetic people only).",
        `  Open ${publicUrl} and sign in as ${DEMO_CASE_MANAGER_EMAIL} with the password ${DEMO_PASSWORD}`,
        "  Other demo accounts are listed in README.md.",
        "",
      ].join("\n");
  }
  const { token } = await createSetupInvitation({ db });
  // The link itself goes to the console only, never into the structured log.
  logger.info({ event: "first-start.setup-link" }, "one-time set-up link printed");
  return (publicUrl) =>
    [
      "",
      "  No administrator yet. Open this one-time link to set up the first organisation:",
      `  ${publicUrl}/invite/${token}`,
      "",
    ].join("\n");
}
