// Start-up: configuration, database migration, demo data or first-administrator link, then
// listen. SIGINT/SIGTERM shut down gracefully.
import { type Env, EnvError, parseEnv } from "./env.ts";
import { createLogger } from "./logger.ts";
import { migrate } from "./db/migrate.ts";
import { createServer } from "./create-server.ts";
import { prepareFirstStart } from "./first-start.ts";

let env: Env;
try {
  env = parseEnv(process.env);
} catch (error) {
  if (error instanceof EnvError) {
    console.error(error.message);
    process.exit(78); // EX_CONFIG
  }
  throw error;
}

const logger = createLogger(env.logLevel);
const applied = await migrate(env.database);
logger.info({ event: "db.migrated", provider: env.database.kind, applied: applied.length }, "database ready");

const server = await createServer({ env, logger });
const firstStartMessage = await prepareFirstStart({ db: server.services.db, env, logger });
const { url } = await server.listen();
if (firstStartMessage) console.log(firstStartMessage(url));
logger.info({ event: "server.listening", url, demo: env.isDemoMode }, `listening on ${url}`);

let isShuttingDown = false;
async function shutdown(signal: string) {
  if (isShuttingDown) return;
  isShuttingDown = true;
  logger.info({ event: "server.stopping", signal }, "shutting down");
  const timer = setTimeout(() => {
    logger.error({ event: "server.shutdown-timeout" }, "shutdown took too long, exiting");
    process.exit(1);
  }, env.shutdownTimeoutMs);
  timer.unref();
  try {
    await server.close();
    logger.info({ event: "server.stopped" }, "stopped");
    process.exit(0);
  } catch (error) {
    logger.error({ event: "server.shutdown-failed", err: (error as Error).message });
    process.exit(1);
  }
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
