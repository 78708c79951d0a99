// Hostile collaborators: raw `ws` connections with valid sessions that send what no
// y-websocket client sends.
//
// Two kinds:
// - malformed messages the server must reject (close the connection, 4400/1009) without
//   blocking the event loop: truncated, random bytes behind a valid sync-update header,
//   lengths and counts in varints far beyond the message, unknown types, oversized frames;
// - well-formed Yjs updates that are expensive to integrate: updates whose structs depend on
//   clocks nobody has (Yjs keeps them as "pending structs" and re-merges them), and updates
//   packed with a huge number of tiny structs. Over the structure limits the server refuses them
//   while reading, before decoding them (server/collab/protocol.ts, scanUpdate): the bench
//   measures what answering them costs.
// - the fuzz corpus of the integration test (runFuzzAttack), with the exact payloads of yjs
//   issues 479 and 687 among its cases.
import { randomBytes } from "node:crypto";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import { DEFAULT_COLLAB_LIMITS } from "../../server/collab/limits.ts";
import { buildFuzzCorpus, runFuzzCorpus, type FuzzReport } from "../support/collab-fuzz.ts";

const MESSAGE_SYNC = 0;
const SYNC_STEP_1 = 0;
const SYNC_UPDATE = 2;
const MESSAGE_AWARENESS = 1;

function syncMessage(syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

const bytes = (...values: number[]) => Uint8Array.from(values);

/** Malformed messages, each with a name for the report. Built once; "random" ones per call. */
export const MALFORMED_MESSAGES: Array<{ name: string; build(): Uint8Array | string }> = [
  { name: "truncated update (length past the end)", build: () => bytes(0, 2, 200, 1, 2, 3) },
  {
    name: "random bytes behind a sync-update header",
    build: () => syncMessage(SYNC_UPDATE, randomBytes(16 + Math.floor(Math.random() * 200))),
  },
  { name: "update length varint > 2^53", build: () => bytes(0, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 1) },
  { name: "update length 2^31 in a 10-byte message", build: () => bytes(0, 2, 0x80, 0x80, 0x80, 0x80, 0x08, 1, 2, 3) },
  {
    // 1 client, 2^32-1 structs announced, two present.
    name: "struct count 2^32-1 in a small update",
    build: () => syncMessage(SYNC_UPDATE, bytes(1, 0xff, 0xff, 0xff, 0xff, 0x0f, 5, 0, 0, 1, 0, 1)),
  },
  { name: "client count 2^32-1 in a small update", build: () => syncMessage(SYNC_UPDATE, bytes(0xff, 0xff, 0xff, 0xff, 0x0f, 1, 5, 0)) },
  { name: "corrupt state vector (sync step 1)", build: () => syncMessage(SYNC_STEP_1, bytes(0xff, 0xff, 0xff, 0xff, 0xff)) },
  { name: "valid empty update with trailing bytes", build: () => bytes(0, 2, 2, 0, 0, 9, 9, 9) },
  { name: "unknown message type", build: () => bytes(42) },
  { name: "awareness that is not an awareness update", build: () => bytes(MESSAGE_AWARENESS, 3, 1, 2, 3) },
  { name: "text frame", build: () => "hello" },
  // Over the 1 MiB maxPayload: ws refuses it from the frame header (1009).
  { name: "oversized (1 MiB + 1 byte)", build: () => syncMessage(SYNC_UPDATE, new Uint8Array(1024 * 1024 + 1)) },
];

/**
 * A valid update of `clients` structs from made-up clients, each starting at clock 5: clocks
 * 0-4 never arrive, so Yjs keeps them all as pending structs. Integration cost grows faster
 * than linearly with the count (see the report).
 */
export function buildPendingStructsUpdate(clients: number, firstClientId: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, clients);
  for (let c = 0; c < clients; c += 1) {
    encoding.writeVarUint(encoder, 1); // structs of this client
    encoding.writeVarUint(encoder, firstClientId + c);
    encoding.writeVarUint(encoder, 5); // first clock: 0-4 are missing
    encoding.writeUint8(encoder, 0); // GC struct
    encoding.writeVarUint(encoder, 1); // of length 1
  }
  encoding.writeVarUint(encoder, 0); // empty delete set
  return syncMessage(SYNC_UPDATE, encoding.toUint8Array(encoder));
}

/** A valid update packed with `count` one-clock GC structs of one made-up client. */
export function buildDenseStructsUpdate(count: number, clientId: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, count);
  encoding.writeVarUint(encoder, clientId);
  encoding.writeVarUint(encoder, 0);
  for (let i = 0; i < count; i += 1) {
    encoding.writeUint8(encoder, 0);
    encoding.writeVarUint(encoder, 1);
  }
  encoding.writeVarUint(encoder, 0);
  return syncMessage(SYNC_UPDATE, encoding.toUint8Array(encoder));
}

type Target = { serverUrl: string; docName: string; cookie: string };

function openRaw({ serverUrl, docName, cookie }: Target): WebSocket {
  const ws = new WebSocket(`${serverUrl.replace(/^http/, "ws")}/collab/${docName}`, {
    headers: { cookie },
    origin: serverUrl,
    perMessageDeflate: false,
  });
  ws.on("error", () => {});
  return ws;
}

export type MalformedAttackResult = {
  attempts: number;
  /** By message name: how the server answered ("close 4400", "refused 503", "not closed"). */
  outcomes: Map<string, Map<string, number>>;
};

/**
 * `concurrency` loops, each opening a connection, sending one malformed message and waiting
 * for the server to close it, until `durationMs` has passed.
 */
export async function runMalformedAttack(options: {
  serverUrl: string;
  docName: string;
  cookies: string[];
  durationMs: number;
  concurrency: number;
}): Promise<MalformedAttackResult> {
  const { durationMs, concurrency, cookies } = options;
  const deadline = Date.now() + durationMs;
  const result: MalformedAttackResult = { attempts: 0, outcomes: new Map() };
  const record = (name: string, outcome: string) => {
    let byOutcome = result.outcomes.get(name);
    if (!byOutcome) result.outcomes.set(name, (byOutcome = new Map()));
    byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1);
  };
  let next = 0;
  const loop = async (worker: number) => {
    while (Date.now() < deadline) {
      const kind = MALFORMED_MESSAGES[next++ % MALFORMED_MESSAGES.length]!;
      result.attempts += 1;
      const outcome = await attackOnce({ ...options, cookie: cookies[worker % cookies.length]! }, kind.build());
      record(kind.name, outcome);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, worker) => loop(worker)));
  return result;
}

function attackOnce(target: Target, message: Uint8Array | string): Promise<string> {
  return new Promise((resolve) => {
    const ws = openRaw(target);
    const timer = setTimeout(() => {
      ws.terminate();
      resolve("not closed within 3 s");
    }, 3000);
    const done = (outcome: string) => {
      clearTimeout(timer);
      resolve(outcome);
    };
    ws.once("open", () => ws.send(message));
    ws.once("close", (code) => done(`close ${code}`));
    ws.once("unexpected-response", (req, res) => {
      res.resume();
      req.destroy();
      done(`refused ${res.statusCode ?? 0}`);
    });
  });
}

export type ValidHostileResult = {
  /** From sending the payload until the server answered the sync step 1 sent right after it. */
  answerMs: number;
  /** Null if the server kept the connection open (it accepted the update). */
  closeCode: number | null;
};

/**
 * Sends one valid-but-expensive update on a fresh connection, then a sync step 1, and times
 * the server's answer to that (the server handles a connection's messages in order).
 */
export function sendValidHostile(target: Target, payload: Uint8Array, timeoutMs: number): Promise<ValidHostileResult> {
  return new Promise((resolve, reject) => {
    const ws = openRaw(target);
    let sentAt = 0;
    let closeCode: number | null = null;
    const timer = setTimeout(() => {
      ws.terminate();
      resolve({ answerMs: Number.NaN, closeCode });
    }, timeoutMs);
    ws.once("unexpected-response", (_req, res) => {
      clearTimeout(timer);
      reject(new Error(`hostile connection refused: ${res.statusCode ?? 0}`));
    });
    ws.once("close", (code) => {
      closeCode = code;
      if (sentAt > 0) {
        clearTimeout(timer);
        resolve({ answerMs: performance.now() - sentAt, closeCode });
      }
    });
    ws.on("message", (data: Buffer) => {
      // The server's first message (its sync step 1) says the document is attached.
      if (sentAt === 0) {
        sentAt = performance.now();
        ws.send(payload);
        ws.send(syncMessage(SYNC_STEP_1, bytes(0)));
        return;
      }
      if (data[0] === MESSAGE_SYNC && data[1] === 1) {
        clearTimeout(timer);
        const answerMs = performance.now() - sentAt;
        ws.close();
        resolve({ answerMs, closeCode });
      }
    });
  });
}

/**
 * The fuzz corpus of the integration test (tests/support/collab-fuzz.ts), against the bench
 * server: messages that must be refused go to the honest meeting's document, the rest (valid
 * hostile updates among them) to one sacrificial document per sender. Every sender is a writer
 * (the fixture has no read-only participants). Stops early after `maxDurationMs`.
 */
export async function runFuzzAttack(options: {
  serverUrl: string;
  /** The document the honest clients edit, and participants' cookies to attack it with. */
  shared: { docName: string; cookies: string[] };
  /** One document per concurrent sender, with a participant's cookie. */
  sacrificial: Array<{ docName: string; cookie: string }>;
  seed: number;
  count: number;
  maxDurationMs: number;
}): Promise<FuzzReport> {
  const cases = buildFuzzCorpus({ seed: options.seed, count: options.count, ...DEFAULT_COLLAB_LIMITS, hasReaders: false });
  const deadline = Date.now() + options.maxDurationMs;
  return runFuzzCorpus(cases, {
    concurrency: options.sacrificial.length,
    shouldStop: () => Date.now() > deadline,
    open: (target, worker) => {
      const sacrificial = options.sacrificial[worker % options.sacrificial.length]!;
      return target.document === "shared"
        ? openRaw({ serverUrl: options.serverUrl, docName: options.shared.docName, cookie: options.shared.cookies[worker % options.shared.cookies.length]! })
        : openRaw({ serverUrl: options.serverUrl, docName: sacrificial.docName, cookie: sacrificial.cookie });
    },
  });
}
