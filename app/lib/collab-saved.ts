// "Saved" indicator for a y-websocket WebsocketProvider talking to our Yjs server
// (server/collab). Browser-safe: no Node imports.
//
// The server sends `messageSaved` with a counter: how many of the update-bearing messages this
// connection sent (sync step 2 and updates) are durably stored. The client counts the same
// messages on its side; everything is saved when the counter catches up and no change is
// waiting for a connection. Counters are per connection and restart at zero on reconnect.
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { messageYjsSyncStep1 } from "y-protocols/sync";
import type { WebsocketProvider } from "y-websocket";

/** y-websocket's sync message type (the provider owns the handler; we only observe it). */
const messageSync = 0;
/** Server → client: varUint count of this connection's stored messages. Client → server, empty: "I handle messageSaved". */
export const messageSaved = 100;

export type SavedState = {
  isSaved: boolean;
  /** Messages sent on the current connection that the server has not confirmed yet. */
  unconfirmedCount: number;
  /** Local changes made while no connection could carry them; they go out in the next sync. */
  hasOfflineChanges: boolean;
};

export type SavedTracker = {
  state(): SavedState;
  /** Called each time the document goes from unsaved to saved. Returns an unsubscribe function. */
  onSaved(callback: () => void): () => void;
  /** Called on every change of state. Returns an unsubscribe function. */
  onChange(callback: (state: SavedState) => void): () => void;
  /** Resolves as soon as everything is saved (at once if it already is). */
  whenSaved(): Promise<void>;
  destroy(): void;
};

type MessageHandler = WebsocketProvider["messageHandlers"][number];

/**
 * Attach right after constructing the provider, before the user can edit: changes made before
 * the tracker existed are not counted.
 */
export function trackSaved(provider: WebsocketProvider): SavedTracker {
  let sent = 0;
  let confirmed = 0;
  let hasOfflineChanges = false;
  /** `sent` value of the sync step 2 that carried the offline changes, once it went out. */
  let offlineChangesSentAt: number | null = null;
  let wasSaved = true;
  const changeListeners = new Set<(state: SavedState) => void>();
  const savedListeners = new Set<() => void>();

  const state = (): SavedState => ({
    isSaved: !hasOfflineChanges && confirmed >= sent,
    unconfirmedCount: Math.max(0, sent - confirmed),
    hasOfflineChanges,
  });

  const notify = () => {
    const current = state();
    for (const listener of changeListeners) listener(current);
    if (current.isSaved && !wasSaved) for (const listener of savedListeners) listener();
    wasSaved = current.isSaved;
  };

  const isSocketOpen = () => {
    const ws = provider.ws;
    return provider.wsconnected && ws !== null && ws.readyState === ws.OPEN;
  };

  const originalSyncHandler = provider.messageHandlers[messageSync] as MessageHandler;
  const syncHandler: MessageHandler = (encoder, decoder, p, emitSynced, messageType) => {
    const syncType = decoding.peekVarUint(decoder);
    originalSyncHandler(encoder, decoder, p, emitSynced, messageType);
    // The provider answers a server's sync step 1 with sync step 2 right after this handler
    // returns; the server counts that answer. emitSynced is false for BroadcastChannel
    // messages, whose answers never reach the server.
    if (emitSynced && syncType === messageYjsSyncStep1) {
      sent += 1;
      if (hasOfflineChanges) offlineChangesSentAt = sent;
      notify();
    }
  };
  const savedHandler: MessageHandler = (_encoder, decoder) => {
    confirmed = Math.max(confirmed, decoding.readVarUint(decoder));
    if (offlineChangesSentAt !== null && confirmed >= offlineChangesSentAt) {
      hasOfflineChanges = false;
      offlineChangesSentAt = null;
    }
    notify();
  };
  provider.messageHandlers[messageSync] = syncHandler;
  provider.messageHandlers[messageSaved] = savedHandler;

  // Registered after the provider's own update listener, so the provider has already sent (or
  // not sent) this update when we look at the socket.
  const onDocUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin === provider) return;
    if (isSocketOpen()) {
      sent += 1;
    } else {
      hasOfflineChanges = true;
      offlineChangesSentAt = null;
    }
    notify();
  };
  const onStatus = ({ status }: { status: "connected" | "disconnected" | "connecting" }) => {
    if (status === "connected") {
      sent = 0;
      confirmed = 0;
      const hello = encoding.createEncoder();
      encoding.writeVarUint(hello, messageSaved);
      provider.ws?.send(encoding.toUint8Array(hello));
    } else if (status === "disconnected") {
      // Whatever the old connection did not confirm may be lost; the next sync step 2 resends it.
      if (confirmed < sent || offlineChangesSentAt !== null) {
        hasOfflineChanges = true;
        offlineChangesSentAt = null;
      }
      sent = 0;
      confirmed = 0;
    }
    notify();
  };
  provider.doc.on("update", onDocUpdate);
  provider.on("status", onStatus);
  // Attached to a live connection (not the intended use): confirmations start from here.
  if (isSocketOpen()) onStatus({ status: "connected" });

  const onSaved = (callback: () => void) => {
    savedListeners.add(callback);
    return () => {
      savedListeners.delete(callback);
    };
  };

  return {
    state,
    onSaved,
    onChange(callback) {
      changeListeners.add(callback);
      return () => {
        changeListeners.delete(callback);
      };
    },
    whenSaved() {
      if (state().isSaved) return Promise.resolve();
      return new Promise((resolve) => {
        const off = onSaved(() => {
          off();
          resolve();
        });
      });
    },
    destroy() {
      provider.doc.off("update", onDocUpdate);
      provider.off("status", onStatus);
      if (provider.messageHandlers[messageSync] === syncHandler) provider.messageHandlers[messageSync] = originalSyncHandler;
      // The server keeps confirming on this connection; a missing handler would log an error.
      if (provider.messageHandlers[messageSaved] === savedHandler) provider.messageHandlers[messageSaved] = () => {};
      changeListeners.clear();
      savedListeners.clear();
    },
  };
}
