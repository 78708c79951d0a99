// The relay between app processes that hold the same collaborative document (decision record
// 010), over Redis pub/sub in production mode; absent in the embedded mode.
//
// Channels (all under one prefix):
// - `doc:<name>`: every process that has the document loaded subscribes while it holds it. Yjs
//   updates its own clients sent, awareness, "committed up to" notes, sync requests of a process
//   that (re)joins, its goodbye, and flush requests.
// - `process:<id>`: answers addressed to one process (sync answers, flush answers).
// - `control`: every process: close a person's or a document's connections.
//
// Every message is JSON checked by a zod schema here; the Yjs payloads are then checked by the
// document with the same decoder and limits as a client's message (shared-document.ts). A
// message from this process itself (pub/sub echoes it back) is ignored.
//
// Redis pub/sub delivers at most once and nothing while Redis is away, so nothing here relies on
// a message arriving: a process that (re)joins asks the others for what it lacks by its state
// vector, and a process stores an update it received from another one itself when that one does
// not confirm having stored it in time (document-persistence.ts, `trackRemote`).
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { DocIdSchema, parseDocName } from "../../app/domain/collab/doc-name.ts";
import type { Logger } from "../logger.ts";
import type { RedisClients } from "../redis.ts";

/** A message for one document from another process, checked against the envelope schema. */
export type RelayDocMessage =
  /** Updates its own clients sent (or, after a sync answer, what the others lacked); `seq` is its sequence for them. */
  | { type: "update"; from: string; seq: number; durableSeq: number; update: Uint8Array }
  /** Everything it held up to `durableSeq` is now stored (by it or by whoever it got it from). */
  | { type: "committed"; from: string; durableSeq: number }
  | { type: "awareness"; from: string; update: Uint8Array }
  /** It (re)joined: answer with what its state vector lacks. `awareness`: its own clients' presence. */
  | { type: "sync-request"; from: string; stateVector: Uint8Array; awareness: Uint8Array | null }
  | {
      type: "sync-answer";
      from: string;
      seq: number;
      durableSeq: number;
      update: Uint8Array;
      stateVector: Uint8Array;
      awareness: Uint8Array | null;
    }
  /** It unloaded the document (or is shutting down): it will confirm nothing more. */
  | { type: "bye"; from: string; durableSeq: number };

export type OutgoingDocMessage =
  | { type: "update"; seq: number; durableSeq: number; update: Uint8Array }
  | { type: "committed"; durableSeq: number }
  | { type: "awareness"; update: Uint8Array }
  | { type: "sync-request"; stateVector: Uint8Array; awareness: Uint8Array | null };

export type SyncAnswer = {
  seq: number;
  durableSeq: number;
  update: Uint8Array;
  stateVector: Uint8Array;
  awareness: Uint8Array | null;
};

/** The document's side (SharedDocument). */
export type RelayPeer = {
  receive(message: RelayDocMessage): void;
  /** Redis is unreachable: what other processes said (their presence) is no longer current. */
  onRelayDown(): void;
  /** Redis is back: ask the other processes for what was missed meanwhile. */
  onRelayUp(): void;
  /** Another process asks every holder to store everything pending (realtime.flushDocument). */
  flush(): Promise<void>;
};

/** A document's membership of its channel. Sending while Redis is away does nothing. */
export type RelayLink = {
  publish(message: OutgoingDocMessage): void;
  answer(to: string, answer: SyncAnswer): void;
  /** Says goodbye and leaves the channel. */
  leave(durableSeq: number): void;
};

/** What the Yjs server needs: its documents join their channels. */
export type DocumentRelay = {
  readonly processId: string;
  /**
   * How long an update received from another process may stay unconfirmed by it (not known to be
   * stored) before this process stores it too.
   */
  readonly peerCommitTimeoutMs: number;
  /** Subscribes (resolves once subscribed; at once while Redis is away, which subscribes on return). */
  join(docName: string, peer: RelayPeer): Promise<RelayLink>;
};

export type RelayControlHandlers = {
  /** Close this process's connections of the person. */
  disconnectUser(userId: string): void;
  /** Close this process's connections of the document. */
  disconnectDocument(docName: string): void;
};

export type CollabRelay = DocumentRelay & {
  /** Tells every other process to close the person's connections. */
  disconnectUser(userId: string): void;
  /** Tells every other process to close the document's connections. */
  disconnectDocument(docName: string): void;
  /**
   * Asks every other process holding the document to store what it holds and waits for all of
   * them. Rejects with RelayFlushError if Redis is away, if one could not store, or if one did not
   * answer in time.
   */
  flushDocument(docName: string): Promise<void>;
  onControl(handlers: RelayControlHandlers): void;
  close(): Promise<void>;
};

/** What the relay needs of Redis; tests plug in an in-memory one. */
export type RelayTransport = {
  isUp(): boolean;
  /** Resolves with the number of subscribers that received the message. */
  publish(channel: string, message: string): Promise<number>;
  subscribe(channel: string, listener: (message: string) => void): Promise<void>;
  unsubscribe(channel: string, listener: (message: string) => void): Promise<void>;
  onDown(listener: () => void): void;
  onUp(listener: () => void): void;
};

export class RelayFlushError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RelayFlushError";
  }
}

export type CollabRelayOptions = {
  transport: RelayTransport;
  logger: Logger;
  /** Channel prefix; tests give each relay group its own. */
  prefix?: string;
  peerCommitTimeoutMs?: number;
  flushTimeoutMs?: number;
  processId?: string;
};

export const DEFAULT_PEER_COMMIT_TIMEOUT_MS = 3000;
export const DEFAULT_FLUSH_TIMEOUT_MS = 5000;
/** Subscribing normally takes a round trip; a hung Redis must not hold up loading a document. */
const SUBSCRIBE_WAIT_MS = 2000;
/**
 * A JSON message with base64 payloads. Larger than a client's message may be (a sync answer
 * carries everything the asking process lacks); the Yjs structure limits apply after decoding.
 */
const MAX_MESSAGE_CHARS = 32 * 1024 * 1024;
const REFUSAL_LOG_INTERVAL_MS = 10_000;

const ProcessIdSchema = z.string().regex(/^[0-9a-f]{16}$/);
const SeqSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const BytesSchema = z.base64().max(MAX_MESSAGE_CHARS);
const DocNameField = z
  .string()
  .max(80)
  .refine((name) => parseDocName(name) !== null);
const RequestIdSchema = z.string().regex(/^[0-9a-f]{16}$/);

const base = { v: z.literal(1), from: ProcessIdSchema };
const EnvelopeSchema = z.discriminatedUnion("t", [
  z
    .object({
      ...base,
      t: z.literal("update"),
      doc: DocNameField,
      seq: SeqSchema,
      durable: SeqSchema,
      data: BytesSchema,
    })
    .strict(),
  z.object({ ...base, t: z.literal("committed"), doc: DocNameField, durable: SeqSchema }).strict(),
  z.object({ ...base, t: z.literal("awareness"), doc: DocNameField, data: BytesSchema }).strict(),
  z
    .object({
      ...base,
      t: z.literal("sync-request"),
      doc: DocNameField,
      sv: BytesSchema,
      awareness: BytesSchema.nullable(),
    })
    .strict(),
  z
    .object({
      ...base,
      t: z.literal("sync-answer"),
      doc: DocNameField,
      seq: SeqSchema,
      durable: SeqSchema,
      data: BytesSchema,
      sv: BytesSchema,
      awareness: BytesSchema.nullable(),
    })
    .strict(),
  z.object({ ...base, t: z.literal("bye"), doc: DocNameField, durable: SeqSchema }).strict(),
  z.object({ ...base, t: z.literal("flush-request"), doc: DocNameField, id: RequestIdSchema }).strict(),
  z.object({ ...base, t: z.literal("flush-answer"), id: RequestIdSchema, ok: z.boolean() }).strict(),
  z.object({ ...base, t: z.literal("disconnect-user"), userId: DocIdSchema }).strict(),
  z.object({ ...base, t: z.literal("disconnect-document"), doc: DocNameField }).strict(),
]);
type Envelope = z.output<typeof EnvelopeSchema>;
/** An envelope as written, before `v` and `from` are added. */
type Body = Envelope extends infer E ? (E extends Envelope ? Omit<E, "v" | "from"> : never) : never;

type PendingFlush = {
  docName: string;
  /** Subscribers PUBLISH reached (null until its reply), less this process if it got its own echo. */
  receivers: number | null;
  isEchoed: boolean;
  answers: number;
  failures: number;
  settle(error?: Error): void;
};

type Member = { docName: string; peer: RelayPeer };

export function createCollabRelay(options: CollabRelayOptions): CollabRelay {
  const { transport } = options;
  const logger = options.logger.child({ component: "collab-relay" });
  const prefix = options.prefix ?? "collab:";
  const processId = options.processId ?? randomBytes(8).toString("hex");
  const peerCommitTimeoutMs = options.peerCommitTimeoutMs ?? DEFAULT_PEER_COMMIT_TIMEOUT_MS;
  const flushTimeoutMs = options.flushTimeoutMs ?? DEFAULT_FLUSH_TIMEOUT_MS;
  const docChannel = (docName: string) => `${prefix}doc:${docName}`;
  const processChannel = (id: string) => `${prefix}process:${id}`;
  const controlChannel = `${prefix}control`;

  const members = new Set<Member>();
  const pendingFlushes = new Map<string, PendingFlush>();
  let controlHandlers: RelayControlHandlers | null = null;
  let isClosed = false;

  let refusedSinceLog = 0;
  let lastRefusalLogAt = 0;
  function refuse(reason: string): void {
    refusedSinceLog += 1;
    const now = Date.now();
    if (now - lastRefusalLogAt < REFUSAL_LOG_INTERVAL_MS) return;
    logger.warn({ event: "collab.relay-refused", reason, refused: refusedSinceLog }, "relayed message refused");
    lastRefusalLogAt = now;
    refusedSinceLog = 0;
  }

  /** The envelope, or null (refused, or our own echo). */
  function parse(raw: string): Envelope | null {
    if (typeof raw !== "string" || raw.length > MAX_MESSAGE_CHARS) {
      refuse("too large");
      return null;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      refuse("not JSON");
      return null;
    }
    const parsed = EnvelopeSchema.safeParse(json);
    if (!parsed.success) {
      refuse("invalid envelope");
      return null;
    }
    return parsed.data;
  }

  function send(channel: string, body: Body): Promise<number> | null {
    if (isClosed || !transport.isUp()) return null;
    const message = JSON.stringify({ v: 1, from: processId, ...body });
    return transport.publish(channel, message);
  }

  function sendAndForget(channel: string, body: Body): void {
    // A lost message is made up for by the next sync or the peer-commit timeout.
    send(channel, body)?.catch((error: unknown) => {
      logger.debug({ event: "collab.relay-publish-failed", err: errorName(error) });
    });
  }

  function toDocMessage(envelope: Envelope): RelayDocMessage | null {
    switch (envelope.t) {
      case "update":
        return {
          type: "update",
          from: envelope.from,
          seq: envelope.seq,
          durableSeq: envelope.durable,
          update: fromBase64(envelope.data),
        };
      case "committed":
        return { type: "committed", from: envelope.from, durableSeq: envelope.durable };
      case "awareness":
        return { type: "awareness", from: envelope.from, update: fromBase64(envelope.data) };
      case "sync-request":
        return {
          type: "sync-request",
          from: envelope.from,
          stateVector: fromBase64(envelope.sv),
          awareness: envelope.awareness === null ? null : fromBase64(envelope.awareness),
        };
      case "sync-answer":
        return {
          type: "sync-answer",
          from: envelope.from,
          seq: envelope.seq,
          durableSeq: envelope.durable,
          update: fromBase64(envelope.data),
          stateVector: fromBase64(envelope.sv),
          awareness: envelope.awareness === null ? null : fromBase64(envelope.awareness),
        };
      case "bye":
        return { type: "bye", from: envelope.from, durableSeq: envelope.durable };
      default:
        return null;
    }
  }

  function deliver(docName: string, message: RelayDocMessage): void {
    for (const member of members) {
      if (member.docName === docName) member.peer.receive(message);
    }
  }

  function onDocMessage(docName: string, peer: RelayPeer, raw: string): void {
    const envelope = parse(raw);
    if (!envelope) return;
    if (envelope.from === processId) {
      if (envelope.t === "flush-request") markEchoed(envelope.id);
      return;
    }
    if (!("doc" in envelope) || envelope.doc !== docName) {
      refuse("wrong channel");
      return;
    }
    if (envelope.t === "flush-request") {
      const { from, id } = envelope;
      peer.flush().then(
        () => sendAndForget(processChannel(from), { t: "flush-answer", id, ok: true }),
        (error: unknown) => {
          logger.warn({ event: "collab.relay-flush-failed", docName, err: errorName(error) });
          sendAndForget(processChannel(from), { t: "flush-answer", id, ok: false });
        },
      );
      return;
    }
    const message = toDocMessage(envelope);
    if (message && message.type !== "sync-answer") peer.receive(message);
    else refuse("unexpected on a document channel");
  }

  function onProcessMessage(raw: string): void {
    const envelope = parse(raw);
    if (!envelope || envelope.from === processId) return;
    if (envelope.t === "flush-answer") {
      const pending = pendingFlushes.get(envelope.id);
      if (!pending) return;
      pending.answers += 1;
      if (!envelope.ok) pending.failures += 1;
      checkFlush(envelope.id);
      return;
    }
    if (envelope.t === "sync-answer") {
      const message = toDocMessage(envelope);
      if (message) deliver(envelope.doc, message);
      return;
    }
    refuse("unexpected on a process channel");
  }

  function onControlMessage(raw: string): void {
    const envelope = parse(raw);
    if (!envelope || envelope.from === processId) return;
    if (envelope.t === "disconnect-user") controlHandlers?.disconnectUser(envelope.userId);
    else if (envelope.t === "disconnect-document") controlHandlers?.disconnectDocument(envelope.doc);
    else refuse("unexpected on the control channel");
  }

  function markEchoed(id: string): void {
    const pending = pendingFlushes.get(id);
    if (!pending) return;
    pending.isEchoed = true;
    checkFlush(id);
  }

  function checkFlush(id: string): void {
    const pending = pendingFlushes.get(id);
    if (!pending || pending.receivers === null) return;
    // Our own subscription (if we hold the document) counts among PUBLISH's receivers; its echo
    // arrives on our subscriber connection before any answer, which the others send later.
    const holders = pending.receivers - (pending.isEchoed ? 1 : 0);
    if (pending.answers < holders) return;
    if (pending.failures > 0) {
      pending.settle(
        new RelayFlushError(
          `${pending.failures} of ${holders} other processes holding ${pending.docName} could not store it`,
        ),
      );
    } else {
      pending.settle();
    }
  }

  transport.onDown(() => {
    for (const member of members) member.peer.onRelayDown();
  });
  transport.onUp(() => {
    if (isClosed) return;
    logger.info({ event: "collab.relay-resync", documents: members.size }, "resynchronising documents");
    for (const member of members) member.peer.onRelayUp();
  });

  const ownChannelListener = (raw: string) => onProcessMessage(raw);
  const controlListener = (raw: string) => onControlMessage(raw);
  const ready = Promise.all([
    transport.subscribe(processChannel(processId), ownChannelListener),
    transport.subscribe(controlChannel, controlListener),
  ]);
  ready.catch((error: unknown) => logger.warn({ event: "collab.relay-subscribe-failed", err: errorName(error) }));

  return {
    processId,
    peerCommitTimeoutMs,

    async join(docName, peer) {
      const member: Member = { docName, peer };
      members.add(member);
      const channel = docChannel(docName);
      const listener = (raw: string) => onDocMessage(docName, peer, raw);
      const subscribed = transport.subscribe(channel, listener).catch((error: unknown) => {
        logger.warn({ event: "collab.relay-subscribe-failed", docName, err: errorName(error) });
      });
      if (transport.isUp()) await withTimeout(subscribed, SUBSCRIBE_WAIT_MS);
      let hasLeft = false;
      return {
        publish(message) {
          if (hasLeft) return;
          switch (message.type) {
            case "update":
              sendAndForget(channel, {
                t: "update",
                doc: docName,
                seq: message.seq,
                durable: message.durableSeq,
                data: toBase64(message.update),
              });
              return;
            case "committed":
              sendAndForget(channel, { t: "committed", doc: docName, durable: message.durableSeq });
              return;
            case "awareness":
              sendAndForget(channel, { t: "awareness", doc: docName, data: toBase64(message.update) });
              return;
            case "sync-request":
              sendAndForget(channel, {
                t: "sync-request",
                doc: docName,
                sv: toBase64(message.stateVector),
                awareness: message.awareness === null ? null : toBase64(message.awareness),
              });
              return;
          }
        },
        answer(to, answer) {
          if (hasLeft || !ProcessIdSchema.safeParse(to).success) return;
          sendAndForget(processChannel(to), {
            t: "sync-answer",
            doc: docName,
            seq: answer.seq,
            durable: answer.durableSeq,
            data: toBase64(answer.update),
            sv: toBase64(answer.stateVector),
            awareness: answer.awareness === null ? null : toBase64(answer.awareness),
          });
        },
        leave(durableSeq) {
          if (hasLeft) return;
          hasLeft = true;
          sendAndForget(channel, { t: "bye", doc: docName, durable: durableSeq });
          members.delete(member);
          transport.unsubscribe(channel, listener).catch(() => {});
        },
      };
    },

    disconnectUser(userId) {
      sendAndForget(controlChannel, { t: "disconnect-user", userId });
    },

    disconnectDocument(docName) {
      sendAndForget(controlChannel, { t: "disconnect-document", doc: docName });
    },

    flushDocument(docName) {
      return new Promise<void>((resolve, reject) => {
        const id = randomBytes(8).toString("hex");
        let timer: NodeJS.Timeout | null = null;
        const pending: PendingFlush = {
          docName,
          receivers: null,
          isEchoed: false,
          answers: 0,
          failures: 0,
          settle(error) {
            if (!pendingFlushes.delete(id)) return;
            if (timer) clearTimeout(timer);
            if (error) reject(error);
            else resolve();
          },
        };
        pendingFlushes.set(id, pending);
        const published = send(docChannel(docName), { t: "flush-request", doc: docName, id });
        if (!published) {
          pending.settle(
            new RelayFlushError(`Redis is unreachable: cannot ask the other processes to store ${docName}`),
          );
          return;
        }
        timer = setTimeout(() => {
          const holders = (pending.receivers ?? 0) - (pending.isEchoed ? 1 : 0);
          pending.settle(
            new RelayFlushError(
              `${Math.max(1, holders - pending.answers)} of ${holders} other processes holding ${docName} did not answer within ${flushTimeoutMs} ms`,
            ),
          );
        }, flushTimeoutMs);
        published.then(
          (receivers) => {
            pending.receivers = receivers;
            checkFlush(id);
          },
          (error: unknown) =>
            pending.settle(
              new RelayFlushError(`could not ask the other processes to store ${docName}: ${errorName(error)}`),
            ),
        );
      });
    },

    onControl(handlers) {
      controlHandlers = handlers;
    },

    async close() {
      isClosed = true;
      for (const pending of pendingFlushes.values()) pending.settle(new RelayFlushError("server shutting down"));
      await Promise.allSettled([
        transport.unsubscribe(processChannel(processId), ownChannelListener),
        transport.unsubscribe(controlChannel, controlListener),
      ]);
    },
  };
}

/** The relay's transport over the production Redis connections (server/redis.ts). */
export function createRedisTransport(redis: RedisClients): RelayTransport {
  return {
    isUp: () => redis.isUp(),
    publish: (channel, message) => redis.publisher.publish(channel, message),
    subscribe: (channel, listener) => redis.subscriber.subscribe(channel, listener),
    unsubscribe: (channel, listener) => redis.subscriber.unsubscribe(channel, listener),
    onDown: (listener) => redis.onLost(listener),
    onUp: (listener) => redis.onRecovered(listener),
  };
}

function toBase64(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64");
}

/** A copy of its own (Buffer.from may hand out a slice of a shared pool). */
function fromBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, "base64"));
}

async function withTimeout(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
