// Our Yjs document server: the y-websocket protocol (sync + awareness) on y-protocols, plus
// `messageSaved` confirmations. Authorisation happens before the websocket handshake; the
// stored document is loaded before the first sync; updates are stored write-behind and
// confirmed to their authors only once committed. See shared-document.ts for the per-document
// lifecycle and document-store.ts for what is stored.
import type http from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import { HTTP_STATUS_BY_CODE, isDomainError } from "../../app/domain/errors.ts";
import type { Db } from "../../app/lib/db-types.ts";
import type { ConnectionLimiter } from "../connection-limiter.ts";
import type { Logger } from "../logger.ts";
import { CollabConnection } from "./collab-connection.ts";
import { resolveCollabLimits, type CollabLimits } from "./limits.ts";
import { describeError } from "./log-safe.ts";
import { CLOSE_CODE } from "./protocol.ts";
import type { DocumentRelay } from "./relay.ts";
import { SharedDocument } from "./shared-document.ts";
import { docNameFromUpgradeUrl, refuseUpgrade } from "./upgrade-request.ts";

export { COLLAB_PATH_PREFIX } from "./upgrade-request.ts";
export { CLOSE_CODE, messageSaved } from "./protocol.ts";
export { DEFAULT_COLLAB_LIMITS, type CollabLimits } from "./limits.ts";

export type CollabAccess = { userId: string; readOnly: boolean };
/** Throws DomainError (UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, VALIDATION) to refuse. */
export type CollabAuthorize = (req: http.IncomingMessage, docName: string) => Promise<CollabAccess>;

export type CollabServerOptions = {
  db: Db;
  logger: Logger;
  authorize: CollabAuthorize;
  limits?: Partial<CollabLimits>;
  /** True if the document may no longer change (a signed plan, approved minutes). */
  isFrozen?: (docName: string) => Promise<boolean>;
  /**
   * The other app processes (production mode, relay.ts): documents are kept in step with their
   * copies there. Without it (embedded mode) this process is the only one.
   */
  relay?: DocumentRelay | null;
  /** Connection attempts per client address, taken before anything else (HTTP 429 when spent). */
  connectionLimiter?: ConnectionLimiter;
};

export type CollabServer = {
  /** For upgrade requests whose path starts with /collab/; the rest of the path is the document name. */
  handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Stores everything pending. Rejects (AggregateError) if some document could not be stored. */
  flush(): Promise<void>;
  /**
   * Stores everything pending of one document in this process (nothing to do if it is not open
   * here); server/create-server.ts asks the other processes too.
   */
  flushDocument(docName: string): Promise<void>;
  /** Flushes, closes every connection (1001) and stops timers. Rejects like flush, after closing. */
  close(): Promise<void>;
  /**
   * Closes a document's connections in this process with 1012 so that clients reconnect and are
   * authorised again: call after access to the document changed or it was frozen
   * (server/create-server.ts tells the other processes too).
   */
  disconnectDocument(docName: string): void;
  /** Closes every connection of one person in this process (access withdrawn); they reconnect and are re-authorised. */
  disconnectUser(userId: string): void;
  stats(): { documents: number; connections: number };
};

export function createCollabServer(options: CollabServerOptions): CollabServer {
  const { db, authorize, isFrozen } = options;
  const limits = resolveCollabLimits(options.limits);
  const logger = options.logger.child({ component: "collab" });
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxMessageBytes,
    clientTracking: false,
    perMessageDeflate: false,
  });
  const documents = new Map<string, SharedDocument>();
  /** Handshakes past authorisation but not yet connected, per document: they count toward the limit. */
  const handshakes = new Map<string, number>();
  const connections = new Set<CollabConnection>();
  let closing: Promise<void> | null = null;

  const pingTimer = setInterval(() => {
    for (const connection of connections) {
      if (!connection.isAlive) {
        connection.ws.terminate();
        continue;
      }
      connection.isAlive = false;
      connection.ws.ping();
    }
  }, limits.pingIntervalMs);
  pingTimer.unref();

  function documentFor(name: string): SharedDocument {
    const existing = documents.get(name);
    if (existing) return existing;
    const document = new SharedDocument({
      name,
      db,
      logger,
      limits,
      relay: options.relay ?? null,
      onDestroyed: (destroyed) => {
        if (documents.get(destroyed.name) === destroyed) documents.delete(destroyed.name);
      },
    });
    documents.set(name, document);
    return document;
  }

  function handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    // A client that resets the connection while we authorise must not crash the process.
    socket.on("error", ignoreSocketError);
    if (closing) {
      refuseUpgrade(socket, 503);
      return;
    }
    if (options.connectionLimiter && !options.connectionLimiter.admit(req)) {
      refuseUpgrade(socket, 429);
      return;
    }
    const docName = docNameFromUpgradeUrl(req.url);
    if (docName === null) {
      logger.info({ status: 400 }, "collab: upgrade refused, invalid document name");
      refuseUpgrade(socket, 400);
      return;
    }
    void authoriseAndConnect(req, socket, head, docName);
  }

  async function authoriseAndConnect(req: http.IncomingMessage, socket: Duplex, head: Buffer, docName: string) {
    let access: CollabAccess;
    let isDocumentFrozen: boolean;
    try {
      access = await authorize(req, docName);
      isDocumentFrozen = isFrozen ? await isFrozen(docName) : false;
    } catch (error) {
      if (isDomainError(error)) {
        const status = HTTP_STATUS_BY_CODE[error.code];
        logger.info({ docName, status, code: error.code }, "collab: upgrade refused");
        refuseUpgrade(socket, status);
      } else {
        logger.error({ docName, err: describeError(error) }, "collab: authorisation failed");
        refuseUpgrade(socket, 500);
      }
      return;
    }
    if (closing) {
      refuseUpgrade(socket, 503);
      return;
    }
    if (socket.destroyed) return;
    const inUse = (documents.get(docName)?.connectionCount ?? 0) + (handshakes.get(docName) ?? 0);
    if (inUse >= limits.maxConnectionsPerDocument) {
      // Completed and closed at once, so that the browser learns why (see CLOSE_CODE.documentFull).
      logger.warn({ docName, connections: inUse }, "collab: document full, closing the new connection");
      wss.handleUpgrade(req, socket, head, (ws) => {
        socket.off("error", ignoreSocketError);
        ws.on("error", ignoreSocketError);
        ws.close(CLOSE_CODE.documentFull, "document full");
      });
      return;
    }
    handshakes.set(docName, (handshakes.get(docName) ?? 0) + 1);
    let isReleased = false;
    const release = () => {
      if (isReleased) return;
      isReleased = true;
      const left = (handshakes.get(docName) ?? 1) - 1;
      if (left > 0) handshakes.set(docName, left);
      else handshakes.delete(docName);
    };
    // ws destroys the socket without calling back when the handshake itself is invalid.
    socket.once("close", release);
    wss.handleUpgrade(req, socket, head, (ws) => {
      release();
      socket.off("close", release);
      socket.off("error", ignoreSocketError);
      connect(ws, docName, access, isDocumentFrozen);
    });
  }

  function connect(ws: WebSocket, docName: string, access: CollabAccess, isDocumentFrozen: boolean): void {
    if (closing) {
      ws.close(CLOSE_CODE.goingAway, "server shutting down");
      return;
    }
    const connection = new CollabConnection(ws, docName, access.userId, limits, (closed, code, reason) => {
      // Shutdown, unload and "reconnect" closes are routine; refusals are worth seeing.
      const isRoutine = code === CLOSE_CODE.goingAway || code === CLOSE_CODE.reconnect;
      logger[isRoutine ? "debug" : "info"](
        { docName, connectionId: closed.id, userId: closed.userId, code, reason },
        "collab: closing connection",
      );
    });
    connections.add(connection);
    const document = documentFor(docName);
    ws.on("message", (data: RawData, isBinary: boolean) => {
      if (!isBinary) {
        connection.close(CLOSE_CODE.malformed, "text message");
        return;
      }
      connection.receive(toUint8Array(data));
    });
    ws.on("pong", () => {
      connection.isAlive = true;
    });
    // ws reports protocol violations (such as a message over maxPayload) here and then closes
    // the socket itself with the matching code.
    ws.on("error", (error) => {
      logger.info({ docName, connectionId: connection.id, err: describeError(error) }, "collab: websocket error");
    });
    ws.on("close", (code) => {
      connections.delete(connection);
      document.leave(connection);
      logger.debug({ docName, connectionId: connection.id, code }, "collab: connection closed");
    });
    logger.debug(
      {
        docName,
        connectionId: connection.id,
        userId: access.userId,
        readOnly: access.readOnly,
        frozen: isDocumentFrozen,
      },
      "collab: connection opened",
    );
    document.join(connection, { readOnly: access.readOnly, isFrozen: isDocumentFrozen });
  }

  async function flush(): Promise<void> {
    const results = await Promise.allSettled(Array.from(documents.values(), (document) => document.flush()));
    throwIfAnyFailed(results, "some collaborative documents could not be stored");
  }

  async function closeAll(): Promise<void> {
    clearInterval(pingTimer);
    const results = await Promise.allSettled(
      Array.from(documents.values(), (document) => document.shutdown(CLOSE_CODE.goingAway, "server shutting down")),
    );
    for (const connection of connections) connection.close(CLOSE_CODE.goingAway, "server shutting down");
    wss.close();
    throwIfAnyFailed(results, "some collaborative documents could not be stored before closing");
  }

  return {
    handleUpgrade,
    flush,
    flushDocument: async (docName) => {
      await documents.get(docName)?.flush();
    },
    close() {
      closing ??= closeAll();
      return closing;
    },
    disconnectDocument(docName) {
      documents.get(docName)?.disconnectAll(CLOSE_CODE.reconnect, "access changed");
    },
    disconnectUser(userId) {
      for (const connection of connections) {
        if (connection.userId === userId) connection.close(CLOSE_CODE.reconnect, "access changed");
      }
    },
    stats: () => ({ documents: documents.size, connections: connections.size }),
  };
}

function ignoreSocketError(): void {}

function toUint8Array(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}

function throwIfAnyFailed(results: PromiseSettledResult<void>[], message: string): void {
  const errors = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason);
  if (errors.length > 0) throw new AggregateError(errors, message);
}
