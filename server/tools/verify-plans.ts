// `npm run verify-plans`: recomputes every fixed case plan version's hash and chain, every
// signature's seal, in the database the environment names (DATABASE_URL, or the embedded SQLite
// file), and reports what no longer matches (decision record 011). Exit code 0: everything intact;
// 1: tampering found; 2: the database could not be read. Prints ids, case numbers and problem
// codes only: no personal data.
import { existsSync } from "node:fs";
import { verifyPlans } from "../../app/domain/plans/verify-plans.ts";
import { createDb } from "../db/create-db.ts";
import { EnvError, parseEnv } from "../env.ts";

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

let env;
try {
  env = parseEnv(process.env);
} catch (error) {
  if (error instanceof EnvError) fail(error.message);
  throw error;
}
if (env.database.kind === "sqlite" && !existsSync(env.database.file))
  fail(`verify-plans: no database at ${env.database.file}`);

const caseId = process.argv[2];
const db = createDb(env.database);
try {
  const result = await verifyPlans({ db, caseId });
  for (const c of result.cases) {
    console.log(`${c.isIntact ? "OK      " : "TAMPERED"} case ${c.caseNumber} (${c.caseId})`);
    for (const problem of c.problems) console.log(`           ${problem}`);
    for (const v of c.versions) {
      console.log(
        `  ${v.problems.length === 0 ? "OK      " : "TAMPERED"} version ${v.number} ${v.status} (${v.versionId})`,
      );
      for (const problem of v.problems) console.log(`             ${problem}`);
    }
  }
  const versions = result.cases.reduce((n, c) => n + c.versions.length, 0);
  console.log(
    result.isIntact
      ? `verify-plans: ${result.cases.length} case(s), ${versions} version(s), all intact`
      : `verify-plans: ${result.problemCount} problem(s) found`,
  );
  process.exitCode = result.isIntact ? 0 : 1;
} catch (error) {
  console.error(`verify-plans: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
} finally {
  await db.$disconnect();
}
