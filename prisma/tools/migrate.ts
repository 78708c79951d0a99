// `npm run db:migrate`: applies pending migrations to the configured database (the app also does
// this at every start). Uses the same runner and the same environment parsing as the app.
import { EnvError, parseEnv } from "../../server/env.ts";
import { migrate } from "../../server/db/migrate.ts";

try {
  const env = parseEnv(process.env);
  const applied = await migrate(env.database);
  console.log(
    applied.length === 0
      ? `${env.database.kind}: up to date`
      : `${env.database.kind}: applied ${applied.length} migration(s): ${applied.join(", ")}`,
  );
} catch (error) {
  console.error(error instanceof EnvError ? error.message : `migration failed: ${(error as Error).message}`);
  process.exit(1);
}
