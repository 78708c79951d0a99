// One collaborative document in memory: the Y.Doc, its awareness, its connections and its
// persistence. Lifecycle: loading → ready → destroyed. Exactly one instance per document name
// exists in a process at a time (the registry in collab-server.ts), so all connections share
// one load and one write queue.
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import type { Db } from "../../app/lib/db-types.ts";
import type { Logger } from "../logger.ts";
import { CollabConnection } from "./collab-connection.ts";
import { DocumentPersistence } from "./document-persistence.ts";
import { loadStoredDocument } from "./document-store.ts";
import type { CollabLimits } from "./limits.ts";
import { describeError } from "./log-safe.ts";
import {
  CLOSE_CODE,
  MalformedMessageError,
  decodeClientMessage,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
} from "./protocol.ts";

export type SharedDocumentOptions = {
  name: string;
  db: Db;
  logger: Logger;
  limits: CollabLimits;
  /** Called once, when the document leaves memory for any reason. */
  onDestroyed(document: SharedDocument): void;
};

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

export class SharedDocument {
  readonly name: string;
  private readonly doc = new Y.Doc({ gc: true });
  private readonly awareness = new awarenessProtocol.Awareness(this.doc);
  private readonly connections = new Set<CollabConnection>();
  private state: "loading" | "ready" | "destroyed" = "loading";
  private isFrozenInDb = false;
  private persistence: DocumentPersistence | null = null;
  private unloadTimer: NodeJS.Timeout | null = null;
  private readonly loaded: Promise<void>;

  constructor(private readonly options: SharedDocumentOptions) {
    this.name = options.name;
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
    this.loaded = this.load();
    // Each joining connection handles a failed load; this only keeps it from being "unhandled".
    this.loaded.catch(() => {});
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  get isDestroyed(): boolean {
    return this.state === "destroyed";
  }

  private async load(): Promise<void> {
    const { db, name, logger, limits } = this.options;
    try {
      const stored = await loadStoredDocument(db, name);
      if (this.state === "destroyed") throw new Error("document closed while loading");
      Y.transact(this.doc, () => {
        for (const update of stored.updates) Y.applyUpdate(this.doc, update);
      });
      this.isFrozenInDb = stored.isFrozen;
      this.persistence = new DocumentPersistence({
        name,
        db,
        logger,
        limits,
        storedUpdateRows: stored.updateRowCount,
        onCommitted: (seq) => {
          for (const connection of this.connections) connection.acknowledge(seq);
        },
        onFrozen: () => this.destroy(CLOSE_CODE.reconnect, "document frozen"),
        onIdle: () => this.scheduleUnloadIfUnused(),
      });
    } catch (error) {
      if (this.state !== "destroyed") {
        // Never continue with an empty document in place of the stored one: drop this
        // instance; the next connection starts a fresh load.
        logger.error({ docName: name, err: describeError(error) }, "collab: loading document failed");
        this.destroy(CLOSE_CODE.internalError, "load failed");
      }
      throw error;
    }
    // Listeners only now: the stored updates applied above must not be stored again.
    this.doc.on("update", this.onDocUpdate);
    this.awareness.on("update", this.onAwarenessUpdate);
    this.state = "ready";
    // Every client may have left while we were loading.
    this.scheduleUnloadIfUnused();
  }

  /**
   * Adds a connection whose handshake completed. It is synced once the document has loaded;
   * until then its messages are queued by the connection.
   */
  join(connection: CollabConnection, access: { readOnly: boolean; isFrozen: boolean }): void {
    this.connections.add(connection);
    this.cancelUnload();
    this.loaded.then(
      () => {
        if (connection.isClosing || this.state !== "ready") return;
        if (access.isFrozen || this.isFrozenInDb) connection.writeRefusalCode = CLOSE_CODE.frozen;
        else if (access.readOnly) connection.writeRefusalCode = CLOSE_CODE.forbidden;
        connection.send(encodeSyncStep1(this.doc));
        const states = this.awareness.getStates();
        if (states.size > 0) connection.send(encodeAwareness(this.awareness, Array.from(states.keys())));
        connection.attach((data) => this.handleMessage(connection, data));
      },
      () => connection.close(CLOSE_CODE.internalError, "load failed"),
    );
  }

  leave(connection: CollabConnection): void {
    if (!this.connections.delete(connection)) return;
    if (this.state === "ready" && connection.awarenessClientIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, Array.from(connection.awarenessClientIds), null);
    }
    this.scheduleUnloadIfUnused();
  }

  async flush(): Promise<void> {
    if (this.state === "ready") await this.persistence?.flush();
  }

  /** Flushes, then closes every connection and leaves memory. Rethrows a failed flush. */
  async shutdown(code: number, reason: string): Promise<void> {
    try {
      await this.flush();
    } finally {
      this.destroy(code, reason);
    }
  }

  /** Closes every connection with a code that makes y-websocket reconnect (and re-authorise). */
  disconnectAll(code: number, reason: string): void {
    for (const connection of this.connections) connection.close(code, reason);
  }

  private handleMessage(connection: CollabConnection, data: Uint8Array): void {
    const { logger, limits } = this.options;
    if (this.state !== "ready" || !this.persistence) return;
    try {
      const message = decodeClientMessage(data, limits);
      switch (message.type) {
        case "sync-step-1":
          connection.send(encodeSyncStep2(this.doc, message.stateVector));
          return;
        case "update":
          this.receiveUpdate(connection, this.persistence, message.update);
          return;
        case "awareness":
          if (message.update.byteLength > limits.maxAwarenessBytes) {
            logger.info(
              { docName: this.name, connectionId: connection.id, bytes: message.update.byteLength },
              "collab: awareness too large",
            );
            connection.close(CLOSE_CODE.messageTooBig, "awareness too large");
            return;
          }
          awarenessProtocol.applyAwarenessUpdate(this.awareness, message.update, connection);
          return;
        case "saved-hello":
          connection.enableAcks(this.persistence.committedSeq);
          return;
      }
    } catch (error) {
      const reason = error instanceof MalformedMessageError ? error.message : "rejected while applying";
      logger.warn(
        { docName: this.name, connectionId: connection.id, bytes: data.byteLength, reason, err: describeError(error) },
        "collab: malformed message, closing connection",
      );
      connection.close(CLOSE_CODE.malformed, "malformed message");
    }
  }

  private receiveUpdate(connection: CollabConnection, persistence: DocumentPersistence, update: Uint8Array): void {
    if (connection.writeRefusalCode !== null) {
      // A read-only client still answers our sync step 1 with its own state; that is fine as
      // long as it holds nothing the server does not have.
      if (!Y.snapshotContainsUpdate(Y.snapshot(this.doc), update)) {
        this.options.logger.info(
          {
            docName: this.name,
            connectionId: connection.id,
            userId: connection.userId,
            code: connection.writeRefusalCode,
          },
          "collab: write refused on read-only connection",
        );
        connection.close(
          connection.writeRefusalCode,
          connection.writeRefusalCode === CLOSE_CODE.frozen ? "frozen" : "read-only",
        );
        return;
      }
    } else {
      Y.applyUpdate(this.doc, update, connection);
      // Structs waiting for a missing dependency are not in the "update" event; store the
      // message as received so that confirming it as saved is true.
      if (this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null) persistence.enqueue(update);
    }
    connection.recordUpdateMessage(persistence.lastEnqueuedSeq);
    connection.acknowledge(persistence.committedSeq);
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown) => {
    this.persistence?.enqueue(update);
    const message = encodeUpdate(update);
    for (const connection of this.connections) {
      if (connection !== origin && connection.isAttached) connection.send(message);
    }
  };

  private readonly onAwarenessUpdate = ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
    if (origin instanceof CollabConnection) {
      for (const id of added) origin.awarenessClientIds.add(id);
      for (const id of updated) origin.awarenessClientIds.add(id);
      for (const id of removed) origin.awarenessClientIds.delete(id);
    }
    const message = encodeAwareness(this.awareness, [...added, ...updated, ...removed]);
    for (const connection of this.connections) {
      if (connection.isAttached) connection.send(message);
    }
  };

  private scheduleUnloadIfUnused(): void {
    if (this.state !== "ready" || this.connections.size > 0 || this.unloadTimer !== null) return;
    this.unloadTimer = setTimeout(() => {
      this.unloadTimer = null;
      void this.unloadIfUnused();
    }, this.options.limits.unloadDelayMs);
  }

  private cancelUnload(): void {
    if (this.unloadTimer !== null) clearTimeout(this.unloadTimer);
    this.unloadTimer = null;
  }

  private async unloadIfUnused(): Promise<void> {
    if (this.state !== "ready" || this.connections.size > 0 || !this.persistence) return;
    try {
      await this.persistence.flush();
    } catch {
      // Logged by the persistence; its retry calls onIdle, which schedules the unload again.
      return;
    }
    // A client may have joined while the flush ran.
    if (this.state !== "ready" || this.connections.size > 0 || !this.persistence.isIdle) return;
    this.options.logger.debug({ docName: this.name }, "collab: document unloaded");
    this.destroy(CLOSE_CODE.goingAway, "unloaded");
  }

  private destroy(code: number, reason: string): void {
    if (this.state === "destroyed") return;
    this.state = "destroyed";
    this.cancelUnload();
    this.persistence?.stop();
    for (const connection of this.connections) connection.close(code, reason);
    this.connections.clear();
    this.doc.off("update", this.onDocUpdate);
    this.awareness.off("update", this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
    this.options.onDestroyed(this);
  }
}
