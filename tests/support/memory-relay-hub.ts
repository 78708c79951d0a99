// Redis pub/sub in memory, for tests of the Yjs relay between processes (server/collab/relay.ts):
// each transport stands for one process's connections to Redis. Delivery is asynchronous, as
// over a network; `down()` cuts one process off (as a Redis outage does: nothing in, nothing
// out, its own messages fail) and `up()` brings it back, reporting both like server/redis.ts.
import type { RelayTransport } from "../../server/collab/relay.ts";

type Listener = (message: string) => void;

export type MemoryTransport = RelayTransport & {
  down(): void;
  up(): void;
  /** Every message this transport published, for tests that inspect the traffic. */
  readonly sent: Array<{ channel: string; message: string }>;
};

export type RelayHub = {
  transport(): MemoryTransport;
  /** Publishes as if from outside any process (a test's forged messages). */
  inject(channel: string, message: string): number;
};

export function createRelayHub(): RelayHub {
  const transports = new Set<{ isUp: boolean; listeners: Map<string, Set<Listener>> }>();

  function deliver(channel: string, message: string): number {
    let receivers = 0;
    for (const transport of transports) {
      const listeners = transport.isUp ? transport.listeners.get(channel) : undefined;
      if (!listeners || listeners.size === 0) continue;
      receivers += 1;
      for (const listener of [...listeners]) {
        setImmediate(() => {
          if (transport.isUp && listeners.has(listener)) listener(message);
        });
      }
    }
    return receivers;
  }

  return {
    inject: deliver,
    transport() {
      const state = { isUp: true, listeners: new Map<string, Set<Listener>>() };
      transports.add(state);
      const downListeners: Array<() => void> = [];
      const upListeners: Array<() => void> = [];
      const sent: Array<{ channel: string; message: string }> = [];
      return {
        sent,
        isUp: () => state.isUp,
        async publish(channel, message) {
          if (!state.isUp) throw new Error("connection lost");
          sent.push({ channel, message });
          await new Promise((resolve) => setImmediate(resolve));
          return deliver(channel, message);
        },
        async subscribe(channel, listener) {
          let listeners = state.listeners.get(channel);
          if (!listeners) state.listeners.set(channel, (listeners = new Set()));
          listeners.add(listener);
        },
        async unsubscribe(channel, listener) {
          state.listeners.get(channel)?.delete(listener);
        },
        onDown: (listener) => downListeners.push(listener),
        onUp: (listener) => upListeners.push(listener),
        down() {
          if (!state.isUp) return;
          state.isUp = false;
          for (const listener of downListeners) listener();
        },
        up() {
          if (state.isUp) return;
          state.isUp = true;
          for (const listener of upListeners) listener();
        },
      };
    },
  };
}
