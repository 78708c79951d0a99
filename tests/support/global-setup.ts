// Checks once, before any test, that the services the selected projects need are reachable,
// and says so plainly instead of letting a hundred tests time out.
import pg from "pg";
import { postgresAdminUrl } from "./test-db.ts";

export default async function setup() {
  const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${postgresAdminUrl} (${(error as Error).message}). ` +
        "The test suite runs every integration test on PostgreSQL too: start it, or set TEST_POSTGRES_URL.",
    );
  }
}
