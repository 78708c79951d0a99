// Redis in production mode: socket.io fan-out between app processes, and health checks.
import { createClient } from "redis";
import type { Logger } from "./logger.ts";

export type RedisClients = {
  adapter: ReturnType<typeof createClient>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
};

export async function connectRedis(url: string, logger: Logger): Promise<RedisClients> {
  const adapter = createClient({
    url,
    socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5000) },
  });
  let wasDown = false;
  adapter.on("error", (error: Error) => {
    if (!wasDown) logger.warn({ event: "redis.down", err: error.message }, "Redis unreachable");
    wasDown = true;
  });
  adapter.on("ready", () => {
    if (wasDown) logger.info({ event: "redis.up" }, "Redis reachable again");
    wasDown = false;
  });
  await adapter.connect();
  return {
    adapter,
    async ping() {
      try {
        return adapter.isReady && (await adapter.ping()) === "PONG";
      } catch {
        return false;
      }
    },
    async close() {
      adapter.destroy();
    },
  };
}
