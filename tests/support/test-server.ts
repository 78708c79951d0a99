// The real app server in-process on a free port, on a fresh test database.
import type { AppServer } from "../../server/create-server.ts";
import { createServer } from "../../server/create-server.ts";
import { parseEnv } from "../../server/env.ts";
import { createLogger } from "../../server/logger.ts";
import { createTestDatabase, type TestDatabase } from "./test-db.ts";

export type TestServer = { server: AppServer; url: string; testDb: TestDatabase; close(): Promise<void> };

export async function startTestServer(extraEnv: Record<string, string> = {}): Promise<TestServer> {
  const testDb = await createTestDatabase();
  const { server, url } = await startServerOn(testDb, extraEnv);
  return {
    server,
    url,
    testDb,
    async close() {
      await server.close();
      await testDb.drop();
    },
  };
}

/**
 * Another server on an existing test database, e.g. to restart one (close it, then start this on
 * its database and, with PORT, on its port). Closing it leaves the database to its owner.
 */
export async function startServerOn(
  testDb: TestDatabase,
  extraEnv: Record<string, string> = {},
): Promise<{ server: AppServer; url: string }> {
  const env = parseEnv({ NODE_ENV: "test", PORT: "0", DATABASE_URL: testDb.url, DEMO_MODE: "false", ...extraEnv });
  const server = await createServer({ env, logger: createLogger("silent"), db: testDb.db });
  const { url } = await server.listen();
  return { server, url };
}

/** Cookie jar for fetch-based tests: keeps name=value pairs from Set-Cookie headers. */
export class CookieJar {
  private cookies = new Map<string, string>();
  store(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  get(name: string) {
    return this.cookies.get(name);
  }
}
