// `npm run db:seed`: puts the demo data into an empty embedded (SQLite) database. The app does
// the same by itself on its first start in demo mode; this script is for a database that was
// created and migrated without starting the app. It refuses anything that could be production:
// a PostgreSQL database, demo mode switched off, or a database that already has users.
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoData } from "./demo-data.ts";
import { createDb } from "../server/db/create-db.ts";
import { migrate } from "../server/db/migrate.ts";
import { EnvError, parseEnv } from "../server/env.ts";

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let env;
try {
  env = parseEnv(process.env);
} catch (error) {
  if (error instanceof EnvError) fail(error.message);
  throw error;
}

if (env.database.kind !== "sqlite" || !env.isDemoMode) {
  fail(
    "db:seed refused: demo data goes only into the embedded SQLite database in demo mode (unset DATABASE_URL and DEMO_MODE).",
  );
}

await migrate(env.database);
const db = createDb(env.database);
try {
  if ((await db.user.count()) > 0) {
    fail(`db:seed refused: ${env.database.file} already has users. Remove the data folder to start again.`);
  }
  await seedDemoData(db);
  console.log(`Demo data created in ${env.database.file}. Password for every account: ${DEMO_PASSWORD}`);
  for (const account of DEMO_ACCOUNTS) console.log(`  ${account.email.padEnd(40)} ${account.role}`);
} finally {
  await db.$disconnect();
}
