// One collaborative document in memory: the Y.Doc, its awareness, its connections and its
// persistence. Lifecycle: loading → ready → destroyed. Exactly one instance per document name
// exists in a process at a time (the registry in collab-server.ts), so all connections share
// one load and one write queue.
//
// With several processes (decision record 010) the document also has a relay link to the other
// processes holding it: what its own clients send is relayed, what others relay is applied with
// the RELAYED origin, passed on to the local clients and not stored again (its origin stores it;
// document-persistence.ts keeps it until that is confirmed). Loading subscribes first, then reads
// the database, then asks the others for what is missing by its state vector; after a Redis
// outage it asks again. The relay is an interface (relay.ts): nothing here knows Redis.
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import type { Db } from "../../app/lib/db-types.ts";
import type { Logger } from "../logger.ts";
import { CollabConnection } from "./collab-connection.ts";
import { DocumentPersistence } from "./document-persistence.ts";
import { loadStoredDocument } from "./document-store.ts";
import type { CollabLimits } from "./limits.ts";
import { admitAwarenessUpdate, assertUpdateFitsDocument } from "./document-guards.ts";
import { describeError } from "./log-safe.ts";
import {
  CLOSE_CODE,
  MalformedMessageError,
  decodeClientMessage,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  readAwarenessEntries,
  assertAwarenessStates,
} from "./protocol.ts";
import type { DocumentRelay, RelayDocMessage, RelayLink, RelayPeer } from "./relay.ts";

export type SharedDocumentOptions = {
  name: string;
  db: Db;
  logger: Logger;
  limits: CollabLimits;
  /** The other processes holding documents (production mode); null in the embedded mode. */
  relay?: DocumentRelay | null;
  /** Called once, when the document leaves memory for any reason. */
  onDestroyed(document: SharedDocument): void;
};

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

/** Origin of document changes another process relayed. */
const RELAYED = Symbol("relayed");
/** Origin of presence removed because a local connection left: relayed like a client's own. */
const LEFT = Symbol("left");
/** Origin of presence another process relayed. */
class RelayedPresence {
  constructor(readonly from: string) {}
}
/** Relayed messages kept while the document loads; beyond that the sync request makes up for them. */
const MAX_RELAY_BACKLOG = 1000;

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
  private relayLink: RelayLink | null = null;
  private relayBacklog: RelayDocMessage[] = [];
  /** Set by the update listener while a relayed update is applied: did it change anything? */
  private isRelayedChange = false;
  /** Presence client ids each other process introduced: removed when it leaves or Redis goes. */
  private readonly remotePresence = new Map<string, Set<number>>();
  /** Highest sequence other processes may be waiting on us to store, and the last we said is stored. */
  private relayedSeq = 0;
  private announcedSeq = 0;

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
    const { db, name, logger, limits, relay } = this.options;
    try {
      // Subscribe before reading: whatever another process relays from now on reaches us.
      if (relay) {
        const link = await relay.join(name, this.relayPeer);
        if (this.state === "destroyed") {
          link.leave(0);
          throw new Error("document closed while loading");
        }
        this.relayLink = link;
      }
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
        peerCommitTimeoutMs: relay?.peerCommitTimeoutMs,
        onCommitted: (seq) => {
          for (const connection of this.connections) connection.acknowledge(seq);
          this.announceCommitted(seq);
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
    const backlog = this.relayBacklog;
    this.relayBacklog = [];
    for (const message of backlog) this.receiveRelayed(message);
    // What other processes hold and the database does not yet (their last moments of typing).
    this.requestSync();
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
      awarenessProtocol.removeAwarenessStates(this.awareness, Array.from(connection.awarenessClientIds), LEFT);
    }
    this.scheduleUnloadIfUnused();
  }

  /**
   * Stores everything pending, including updates other processes relayed and have not yet
   * confirmed as stored (one of them may have died): after this, the database has all this
   * process holds.
   */
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
          assertUpdateFitsDocument(this.doc, message, limits);
          this.receiveUpdate(connection, this.persistence, message.update);
          return;
        case "awareness": {
          const verdict = admitAwarenessUpdate(this.awareness, connection, message.update, limits);
          if (verdict.action === "close") {
            logger.info(
              { docName: this.name, connectionId: connection.id, bytes: message.update.byteLength, reason: verdict.reason },
              "collab: awareness refused",
            );
            connection.close(verdict.code, verdict.reason);
          } else if (verdict.action === "apply") {
            awarenessProtocol.applyAwarenessUpdate(this.awareness, message.update, connection);
          }
          return;
        }
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
      // Structs waiting for a missing dependency are not in the "update" event; store (and
      // relay) the message as received so that confirming it as saved is true, and so that the
      // other processes integrate it once the dependency reaches them.
      if (this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null) {
        persistence.enqueue(update);
        this.relayUpdate(update);
      }
    }
    connection.recordUpdateMessage(persistence.lastEnqueuedSeq);
    connection.acknowledge(persistence.committedSeq);
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === RELAYED) {
      // Stored by the process that received it (tracked in receiveRelayedUpdate).
      this.isRelayedChange = true;
    } else {
      this.persistence?.enqueue(update);
      this.relayUpdate(update);
    }
    const message = encodeUpdate(update);
    for (const connection of this.connections) {
      if (connection !== origin && connection.isAttached) connection.send(message);
    }
  };

  private readonly onAwarenessUpdate = ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
    const changed = [...added, ...updated, ...removed];
    if (origin instanceof CollabConnection) {
      for (const id of added) origin.awarenessClientIds.add(id);
      for (const id of updated) origin.awarenessClientIds.add(id);
      for (const id of removed) origin.awarenessClientIds.delete(id);
    } else if (origin instanceof RelayedPresence) {
      let ids = this.remotePresence.get(origin.from);
      if (!ids) this.remotePresence.set(origin.from, (ids = new Set()));
      for (const id of [...added, ...updated]) ids.add(id);
      for (const id of removed) ids.delete(id);
    }
    const message = encodeAwareness(this.awareness, changed);
    for (const connection of this.connections) {
      if (connection.isAttached) connection.send(message);
    }
    // Our clients' presence goes to the other processes; theirs and timeouts do not (each
    // process times out stale presence itself).
    if ((origin instanceof CollabConnection || origin === LEFT) && this.relayLink) {
      this.relayLink.publish({
        type: "awareness",
        update: awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed),
      });
    }
  };

  // ---- Relay (several processes) -------------------------------------------------------------

  private readonly relayPeer: RelayPeer = {
    receive: (message) => this.receiveRelayed(message),
    onRelayDown: () => this.forgetRemotePresence(),
    onRelayUp: () => this.requestSync(),
    flush: () => this.flush(),
  };

  /** Relays an update our own clients made; other processes wait for `committed` up to its sequence. */
  private relayUpdate(update: Uint8Array): void {
    if (!this.relayLink || !this.persistence) return;
    this.relayedSeq = this.persistence.lastEnqueuedSeq;
    this.relayLink.publish({
      type: "update",
      seq: this.relayedSeq,
      durableSeq: this.persistence.committedSeq,
      update,
    });
  }

  /** Tells the others what is stored now, when one of them may be waiting for it. */
  private announceCommitted(committedSeq: number): void {
    if (!this.relayLink || this.announcedSeq >= this.relayedSeq) return;
    this.announcedSeq = committedSeq;
    this.relayLink.publish({ type: "committed", durableSeq: committedSeq });
  }

  private requestSync(): void {
    if (this.state !== "ready" || !this.relayLink) return;
    this.relayLink.publish({
      type: "sync-request",
      stateVector: Y.encodeStateVector(this.doc),
      awareness: this.localPresence(),
    });
  }

  /** Our own clients' presence, as one awareness update (null if none). */
  private localPresence(): Uint8Array | null {
    const ids: number[] = [];
    for (const connection of this.connections) {
      for (const id of connection.awarenessClientIds) if (this.awareness.states.has(id)) ids.push(id);
    }
    return ids.length > 0 ? awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids) : null;
  }

  private receiveRelayed(message: RelayDocMessage): void {
    if (this.state === "destroyed") return;
    if (this.state === "loading" || !this.persistence || !this.relayLink) {
      if (this.relayBacklog.length < MAX_RELAY_BACKLOG) this.relayBacklog.push(message);
      return;
    }
    const persistence = this.persistence;
    try {
      switch (message.type) {
        case "update":
          this.receiveRelayedUpdate(message.from, message.seq, message.update);
          persistence.confirmRemote(message.from, message.durableSeq);
          return;
        case "committed":
          persistence.confirmRemote(message.from, message.durableSeq);
          return;
        case "awareness":
          this.receiveRelayedPresence(message.from, message.update);
          return;
        case "sync-request": {
          if (message.awareness) this.receiveRelayedPresence(message.from, message.awareness);
          // Throws on a malformed state vector (caught below).
          const update = Y.encodeStateAsUpdate(this.doc, message.stateVector);
          this.relayedSeq = Math.max(this.relayedSeq, persistence.lastEnqueuedSeq);
          this.relayLink.answer(message.from, {
            seq: persistence.lastEnqueuedSeq,
            durableSeq: persistence.committedSeq,
            update,
            stateVector: Y.encodeStateVector(this.doc),
            awareness: this.localPresence(),
          });
          return;
        }
        case "sync-answer": {
          this.receiveRelayedUpdate(message.from, message.seq, message.update);
          persistence.confirmRemote(message.from, message.durableSeq);
          if (message.awareness) this.receiveRelayedPresence(message.from, message.awareness);
          // What the answering process lacks (after an outage both sides typed): to everyone.
          const missing = Y.encodeStateAsUpdate(this.doc, message.stateVector);
          if (!isEmptyUpdate(missing)) {
            this.relayedSeq = Math.max(this.relayedSeq, persistence.lastEnqueuedSeq);
            this.relayLink.publish({
              type: "update",
              seq: persistence.lastEnqueuedSeq,
              durableSeq: persistence.committedSeq,
              update: missing,
            });
          }
          return;
        }
        case "bye":
          persistence.confirmRemote(message.from, message.durableSeq);
          persistence.adoptFrom(message.from);
          this.forgetRemotePresence(message.from);
          return;
      }
    } catch (error) {
      const reason = error instanceof MalformedMessageError ? error.message : "rejected while applying";
      this.options.logger.warn(
        { docName: this.name, type: message.type, reason, err: describeError(error) },
        "collab: relayed message refused",
      );
    }
  }

  /** Checked like a client's update (same decoder, same limits), applied, and tracked until stored. */
  private receiveRelayedUpdate(from: string, seq: number, update: Uint8Array): void {
    if (!this.persistence) return;
    const { limits } = this.options;
    const message = decodeClientMessage(encodeUpdate(update), limits);
    if (message.type === "update") assertUpdateFitsDocument(this.doc, message, limits);
    this.isRelayedChange = false;
    Y.applyUpdate(this.doc, update, RELAYED);
    const isPending = this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null;
    if (this.isRelayedChange || isPending) this.persistence.trackRemote(from, seq, update);
  }

  /** Checked like a client's presence (size, entries, states), then applied. */
  private receiveRelayedPresence(from: string, update: Uint8Array): void {
    const { limits } = this.options;
    if (update.byteLength > limits.maxAwarenessBytes) throw new MalformedMessageError("awareness too large");
    readAwarenessEntries(update);
    assertAwarenessStates(update, limits.maxValueDepth);
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, new RelayedPresence(from));
  }

  /** Removes the presence one other process (or every other process) introduced. */
  private forgetRemotePresence(from?: string): void {
    if (this.state !== "ready") return;
    const ids: number[] = [];
    for (const [process, processIds] of this.remotePresence) {
      if (from !== undefined && process !== from) continue;
      for (const id of processIds) if (this.awareness.states.has(id)) ids.push(id);
      this.remotePresence.delete(process);
    }
    if (ids.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, ids, "relay gone");
  }

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
      // Our own updates only: relayed ones are their origin's to store, and a process that
      // holds them when their origin dies stores them (or its clients send them again).
      await this.persistence.flushOwn();
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
    this.relayLink?.leave(this.persistence?.committedSeq ?? 0);
    this.relayLink = null;
    this.relayBacklog = [];
    for (const connection of this.connections) connection.close(code, reason);
    this.connections.clear();
    this.doc.off("update", this.onDocUpdate);
    this.awareness.off("update", this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
    this.options.onDestroyed(this);
  }
}

/** An update that adds nothing: no structs and no deletions. */
function isEmptyUpdate(update: Uint8Array): boolean {
  const decoded = Y.decodeUpdate(update);
  return decoded.structs.length === 0 && decoded.ds.clients.size === 0;
}
