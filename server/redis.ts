// Redis in production mode: socket.io fan-out between app processes, the Yjs relay between them
// (server/collab/relay.ts), and health checks. Three connections, each with its own job:
// - `adapter`: the socket.io Redis Streams adapter's (it opens its own duplicates to read);
// - `publisher`: the Yjs relay's PUBLISH. No offline queue: what cannot be sent while Redis is
//   away is not replayed later; the processes resynchronise instead (decision record 010);
// - `subscriber`: the Yjs relay's SUBSCRIBE (a connection in pub/sub mode can do nothing else).
// node-redis reconnects each of them by itself and subscribes again before it reports "ready".
import { createClient } from "redis";
import type { Logger } from "./logger.ts";

export type RedisClient = ReturnType<typeof createClient>;

export type RedisClients = {
  adapter: RedisClient;
  publisher: RedisClient;
  subscriber: RedisClient;
  /** True while every connection is up. */
  isUp(): boolean;
  /** Calls back when a connection is lost (once per outage). */
  onLost(listener: () => void): void;
  /** Calls back once every connection is up again after any of them was down. */
  onRecovered(listener: () => void): void;
  ping(): Promise<boolean>;
  close(): Promise<void>;
};

const reconnectStrategy = (retries: number) => Math.min(100 * 2 ** retries, 5000);
/** How long closing waits for commands in flight before giving up on them. */
const CLOSE_WAIT_MS = 2000;

export async function connectRedis(url: string, logger: Logger): Promise<RedisClients> {
  const adapter = createClient({ url, socket: { reconnectStrategy } });
  const publisher = createClient({ url, socket: { reconnectStrategy }, disableOfflineQueue: true });
  const subscriber = createClient({ url, socket: { reconnectStrategy } });
  const clients = [adapter, publisher, subscriber];
  const lostListeners: Array<() => void> = [];
  const recoveredListeners: Array<() => void> = [];
  let isClosing = false;
  // One "down" line per outage and one "up" line when every connection is back. The error text
  // names a host and port at most; no data ever passes through these messages.
  let isDown = false;
  const markDown = (error?: Error) => {
    if (isDown || isClosing) return;
    isDown = true;
    logger.warn({ event: "redis.down", err: error?.message ?? "connection lost" }, "Redis unreachable");
    for (const listener of lostListeners) listener();
  };
  const markMaybeUp = () => {
    if (!isDown || !clients.every((client) => client.isReady)) return;
    isDown = false;
    logger.info({ event: "redis.up" }, "Redis reachable again");
    for (const listener of recoveredListeners) listener();
  };
  for (const client of clients) {
    client.on("error", (error: Error) => markDown(error));
    client.on("end", () => markDown());
    client.on("reconnecting", () => markDown());
    client.on("ready", markMaybeUp);
  }
  await Promise.all(clients.map((client) => client.connect()));
  return {
    adapter: withHandledFireAndForget(adapter),
    publisher,
    subscriber,
    isUp: () => clients.every((client) => client.isReady),
    onLost(listener) {
      lostListeners.push(listener);
    },
    onRecovered(listener) {
      recoveredListeners.push(listener);
    },
    async ping() {
      try {
        return clients.every((client) => client.isReady) && (await adapter.ping()) === "PONG";
      } catch {
        return false;
      }
    },
    async close() {
      isClosing = true;
      // Gracefully where possible: the socket.io adapter sends some commands without waiting for
      // them (a closing socket's session, for example), and destroying the client under them
      // would reject them with nobody to catch it.
      await Promise.all(
        clients.map(async (client) => {
          if (client.isReady) {
            let timer: NodeJS.Timeout | undefined;
            const gaveUp = new Promise<"timeout">(
              (resolve) => (timer = setTimeout(() => resolve("timeout"), CLOSE_WAIT_MS)),
            );
            const outcome = await Promise.race([client.close().then(() => "closed" as const), gaveUp]);
            clearTimeout(timer);
            if (outcome === "closed") return;
          }
          client.destroy();
        }),
      );
    },
  };
}

/**
 * The socket.io Redis Streams adapter (0.3) sends two commands without handling their failure: the
 * PUBLISH of an ephemeral message (fetchSockets, serverSideEmit) and the SET that keeps a dropped
 * connection's session for recovery. Failing (the client closed while a last presence broadcast
 * goes out at shutdown, for example), each would be an unhandled rejection, and those stop Node.
 * The adapter gets a view of the client on which these two carry a handler; a caller that awaits
 * them still sees the error.
 */
function withHandledFireAndForget(client: RedisClient): RedisClient {
  const unhandled = new Set<string | symbol>(["publish", "PUBLISH", "set", "SET"]);
  return new Proxy(client, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== "function") return value;
      const method = value as (...args: unknown[]) => unknown;
      if (!unhandled.has(prop)) return method.bind(target);
      return (...args: unknown[]) => {
        const result = method.apply(target, args);
        if (result instanceof Promise) result.catch(() => {});
        return result;
      };
    },
  });
}
