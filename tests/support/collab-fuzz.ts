// Hostile input for the Yjs server, shared by the fuzz test (tests/integration/collab-fuzz.test.ts)
// and the bench (tests/bench/hostile.ts): a seeded corpus of malformed, truncated, oversized and
// structure-aware mutated sync and awareness messages, and a runner that sends them over raw
// websockets and records how the server answered each one.
//
// Every case says what the server must do with it, by how it was built, never by asking the
// server's own decoder: "refuse" (close 4400), "too big" (close 1009), "accept" (the connection
// stays open and answers the next message), or, for random mutations that may or may not still
// be valid, any of those that are safe. A reader (read-only connection) must in addition be
// closed with 4403 for anything that would add to the document.
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";

// ---------------------------------------------------------------------------------------------
// Seeded randomness

/** mulberry32: small, fast and good enough to make a failing run reproducible from its seed. */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  return {
    next,
    int,
    between: (min: number, max: number) => min + int(max - min + 1),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[int(items.length)] as T,
    bytes: (length: number) => Uint8Array.from({ length }, () => int(256)),
  };
}
export type Random = ReturnType<typeof createRandom>;

// ---------------------------------------------------------------------------------------------
// The known hostile payloads of the yjs issue tracker

/**
 * yjs issue 479 ("Passing an invalid update Uint8array to Y.applyUpdate causes infinite loop in
 * lib0"): the reporter's garbage update is `Buffer.from("garbagedoc", "base64")`, 7 bytes. It
 * hung lib0's readVarUint then; today decoding it throws. Exact bytes from the issue.
 */
export const YJS_ISSUE_479_UPDATE = Uint8Array.from(Buffer.from("garbagedoc", "base64"));

/**
 * yjs issue 687 ("Denial of Service vulnerability: run-length encoding can be exploited to lock
 * JS threads"): 27 bytes that make `Y.mergeUpdatesV2([emptyUpdate, payload])` run for ever (the
 * V2 run-length decoders keep returning their last value once the input is spent). Exact bytes
 * from the issue description. They are a V2 update; our server only ever decodes V1 (what
 * y-websocket sends), where the same bytes read as an empty update.
 */
export const YJS_ISSUE_687_UPDATE = Uint8Array.from(
  Buffer.from("00010000000001000100010200001602000001fdffffffff7f0000", "hex"),
);

// ---------------------------------------------------------------------------------------------
// Message builders

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_SAVED = 100;

function message(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export function syncMessage(syncType: number, payload: Uint8Array): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, syncType);
    encoding.writeVarUint8Array(e, payload);
  });
}

export function awarenessMessage(payload: Uint8Array): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(e, payload);
  });
}

/** An awareness update with raw JSON text as the state (y-protocols' encoding). */
export function awarenessPayload(entries: Array<{ clientId: number; clock: number; json: string }>): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, entries.length);
    for (const entry of entries) {
      encoding.writeVarUint(e, entry.clientId);
      encoding.writeVarUint(e, entry.clock);
      encoding.writeVarString(e, entry.json);
    }
  });
}

type StructId = { client: number; clock: number };
type ContentSpec =
  | { type: "string"; text: string }
  | { type: "deleted"; length: number }
  | { type: "any"; values: readonly unknown[] }
  | { type: "embed"; json: string }
  | { type: "format"; key: string; json: string }
  | { type: "map" }
  | { type: "doc"; guid: string };
type StructSpec =
  | { kind: "gc"; length: number }
  | { kind: "skip"; length: number }
  | { kind: "item"; origin?: StructId; rightOrigin?: StructId; parent?: string | StructId; content: ContentSpec };

const CONTENT_REF = { deleted: 1, string: 4, embed: 5, format: 6, map: 7, any: 8, doc: 9 } as const;

/**
 * Writes a Yjs update in the V1 format by hand, so that the corpus can say things no Y.Doc
 * would: invented clients and clocks, dependencies that never arrive, huge lengths, deep chains.
 */
export function encodeUpdateV1(
  clients: Array<{ client: number; clock: number; structs: StructSpec[] }>,
  deleteSet: Array<{ client: number; ranges: Array<[clock: number, length: number]> }> = [],
): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, clients.length);
    for (const { client, clock, structs } of clients) {
      encoding.writeVarUint(e, structs.length);
      encoding.writeVarUint(e, client);
      encoding.writeVarUint(e, clock);
      for (const struct of structs) writeStruct(e, struct);
    }
    encoding.writeVarUint(e, deleteSet.length);
    for (const { client, ranges } of deleteSet) {
      encoding.writeVarUint(e, client);
      encoding.writeVarUint(e, ranges.length);
      for (const [clock, length] of ranges) {
        encoding.writeVarUint(e, clock);
        encoding.writeVarUint(e, length);
      }
    }
  });
}

function writeStruct(e: encoding.Encoder, struct: StructSpec): void {
  if (struct.kind === "gc" || struct.kind === "skip") {
    encoding.writeUint8(e, struct.kind === "gc" ? 0 : 10);
    encoding.writeVarUint(e, struct.length);
    return;
  }
  const { origin, rightOrigin, parent, content } = struct;
  encoding.writeUint8(e, CONTENT_REF[content.type] | (origin ? 0x80 : 0) | (rightOrigin ? 0x40 : 0));
  const writeId = (id: StructId) => {
    encoding.writeVarUint(e, id.client);
    encoding.writeVarUint(e, id.clock);
  };
  if (origin) writeId(origin);
  if (rightOrigin) writeId(rightOrigin);
  if (!origin && !rightOrigin) {
    const where = parent ?? "body";
    encoding.writeVarUint(e, typeof where === "string" ? 1 : 0);
    if (typeof where === "string") encoding.writeVarString(e, where);
    else writeId(where);
  }
  switch (content.type) {
    case "string":
      encoding.writeVarString(e, content.text);
      return;
    case "deleted":
      encoding.writeVarUint(e, content.length);
      return;
    case "any":
      encoding.writeVarUint(e, content.values.length);
      for (const value of content.values) encoding.writeAny(e, value as never);
      return;
    case "embed":
      encoding.writeVarString(e, content.json);
      return;
    case "format":
      encoding.writeVarString(e, content.key);
      encoding.writeVarString(e, content.json);
      return;
    case "map":
      encoding.writeVarUint(e, 1); // YMap
      return;
    case "doc":
      encoding.writeVarString(e, content.guid);
      encoding.writeAny(e, {});
      return;
  }
}

/** JSON text nested `depth` levels deep: `[[[…]]]` or `{"a":{"a":…}}`. */
export function deepJson(depth: number, shape: "array" | "object" = "array"): string {
  return shape === "array" ? "[".repeat(depth) + "]".repeat(depth) : '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
}

/** A chain of nested maps, `depth` deep, in one update of one client. */
export function typeChainUpdate(client: number, depth: number): Uint8Array {
  const structs: StructSpec[] = [];
  for (let level = 0; level < depth; level += 1) {
    structs.push({
      kind: "item",
      parent: level === 0 ? "fuzz" : { client, clock: level - 1 },
      content: { type: "map" },
    });
  }
  return encodeUpdateV1([{ client, clock: 0, structs }]);
}

/** A valid update packed with `count` one-clock GC structs of one made-up client. */
export function denseStructsUpdate(count: number, client: number): Uint8Array {
  return encodeUpdateV1([
    { client, clock: 0, structs: Array.from({ length: count }, () => ({ kind: "gc", length: 1 }) as const) },
  ]);
}

/** A valid update of one struct from each of `clients` made-up clients, each missing clocks 0-4. */
export function pendingStructsUpdate(clients: number, firstClient: number): Uint8Array {
  return encodeUpdateV1(
    Array.from({ length: clients }, (_, c) => ({
      client: firstClient + c,
      clock: 5,
      structs: [{ kind: "gc", length: 1 } as const],
    })),
  );
}

// ---------------------------------------------------------------------------------------------
// Honest messages: what y-websocket clients send while editing, the material mutations start from

function honestMessages(random: Random, count: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  const doc = new Y.Doc();
  doc.clientID = 1_000_000 + random.int(1_000_000);
  const awareness = new awarenessProtocol.Awareness(doc);
  doc.on("update", (update: Uint8Array) => out.push(syncMessage(syncProtocol.messageYjsUpdate, update)));
  const text = doc.getText("minutes");
  const decisions = doc.getArray<Y.Map<unknown>>("decisions");
  const fragment = doc.getXmlFragment("prosemirror");
  while (out.length < count) {
    switch (random.int(8)) {
      case 0:
        text.insert(random.int(text.length + 1), random.pick(["Otsus: ", "koduteenus ", "õhtuti ", "Решение ", "ok "]));
        break;
      case 1:
        if (text.length > 2) text.delete(random.int(text.length - 1), 1);
        break;
      case 2:
        if (text.length > 2) text.format(0, random.between(1, text.length), { bold: true });
        break;
      case 3: {
        const decision = new Y.Map<unknown>();
        decision.set("id", `d${random.int(1e6)}`);
        decision.set("text", new Y.Text("Kokkulepe"));
        decision.set("responsible", [{ userId: "u1", name: "Bench User" }]);
        decision.set("deadline", "2026-05-01");
        decisions.push([decision]);
        break;
      }
      case 4: {
        const paragraph = new Y.XmlElement("paragraph");
        paragraph.insert(0, [new Y.XmlText("Protokoll")]);
        fragment.insert(fragment.length, [paragraph]);
        break;
      }
      case 5:
        awareness.setLocalState({
          user: { name: "Kadri", color: "#0b5394" },
          cursor: { anchor: random.int(50), head: random.int(50) },
        });
        out.push(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID])));
        break;
      case 6:
        out.push(message((e) => (encoding.writeVarUint(e, MESSAGE_SYNC), syncProtocol.writeSyncStep1(e, doc))));
        break;
      default:
        out.push(message((e) => (encoding.writeVarUint(e, MESSAGE_SYNC), syncProtocol.writeSyncStep2(e, doc))));
    }
  }
  awareness.destroy();
  doc.destroy();
  return out;
}

// ---------------------------------------------------------------------------------------------
// The corpus

export type FuzzRole = "writer" | "reader";
/** "shared": the document the honest clients edit; "sacrificial": one only hostile writers use. */
export type FuzzDocument = "shared" | "sacrificial";
export type FuzzOutcome = "accepted" | `close ${number}` | `refused ${number}` | "timeout" | "error";

export type FuzzCase = {
  kind: string;
  data: Uint8Array | string;
  role: FuzzRole;
  document: FuzzDocument;
  /** Outcomes the server may give; anything else is a failure. */
  allowed: readonly FuzzOutcome[];
};

const REFUSE = ["close 4400"] as const;
const TOO_BIG = ["close 1009"] as const;
const ACCEPT = ["accepted"] as const;
/** A random mutation may still be a valid message: then it is handled like any other. */
const MUTATION_WRITER = ["accepted", "close 4400"] as const;
const MUTATION_READER = ["accepted", "close 4400", "close 4403"] as const;
/** Refused once the document holds its maximum of structs waiting for dependencies (maxPendingBytes). */
const PENDING_WRITER = ["accepted", "close 4400"] as const;

type Built = { data: Uint8Array | string; kind: string } & (
  | { expect: "refuse" | "too big" | "accept" | "mutation" }
  /** A valid update that adds something: a writer's is accepted, a reader is closed with 4403. */
  | { expect: "additive" }
  /**
   * A valid update that adds something Yjs must keep waiting for its dependencies: as "additive",
   * except that once the document holds its maximum of such structs a writer is closed with 4400.
   */
  | { expect: "pending" }
);

export type FuzzCorpusOptions = {
  seed: number;
  count: number;
  /** The server's message limit: "too big" cases are built one byte over it. */
  maxMessageBytes: number;
  maxAwarenessBytes: number;
  maxUpdateClients: number;
  maxUpdateStructs: number;
  maxUpdateDeleteRanges: number;
  maxTypeDepth: number;
  maxValueDepth: number;
  /** False when the target has no read-only participant (the bench): then every case runs as a writer. */
  hasReaders?: boolean;
};

export function buildFuzzCorpus(options: FuzzCorpusOptions): FuzzCase[] {
  const random = createRandom(options.seed);
  const honest = honestMessages(random, 400);
  const updates = honest.filter((m) => m[0] === MESSAGE_SYNC && m[1] === syncProtocol.messageYjsUpdate);
  const nextClient = (() => {
    let client = 10_000_000 + random.int(1_000_000) * 100;
    return () => (client += 1);
  })();

  const mutate = (kind: string, change: (bytes: Uint8Array) => Uint8Array): Built => {
    const original = random.pick(honest);
    return { kind: `mutated: ${kind}`, data: change(original), expect: "mutation" };
  };
  const flipBits = (bytes: Uint8Array) => {
    const out = Uint8Array.from(bytes);
    for (let n = random.between(1, 3); n > 0; n -= 1) out[random.int(out.length)]! ^= 1 << random.int(8);
    return out;
  };
  const setByte = (bytes: Uint8Array) => {
    const out = Uint8Array.from(bytes);
    out[random.int(out.length)] = random.pick([0, 1, 0x7f, 0x80, 0xff, random.int(256)]);
    return out;
  };
  const insertBytes = (bytes: Uint8Array) => {
    const at = random.int(bytes.length + 1);
    return concat(bytes.subarray(0, at), random.bytes(random.between(1, 8)), bytes.subarray(at));
  };
  const deleteRange = (bytes: Uint8Array) => {
    const at = random.int(bytes.length);
    return concat(bytes.subarray(0, at), bytes.subarray(Math.min(bytes.length, at + random.between(1, 8))));
  };
  // A varint (or any byte run) written twice: counts and lengths read out of step.
  const duplicateVarint = (bytes: Uint8Array) => {
    const at = random.int(bytes.length);
    let end = at;
    while (end < bytes.length - 1 && (bytes[end] as number) >= 0x80) end += 1;
    return concat(bytes.subarray(0, end + 1), bytes.subarray(at, end + 1), bytes.subarray(end + 1));
  };
  const splice = (bytes: Uint8Array) => {
    const other = random.pick(honest);
    return concat(bytes.subarray(0, random.int(bytes.length)), other.subarray(random.int(other.length)));
  };

  // Each builder with its weight in the corpus.
  const builders: Array<[weight: number, build: () => Built]> = [
    [16, () => mutate("flipped bits", flipBits)],
    [9, () => mutate("byte set to an edge value", setByte)],
    [6, () => mutate("random bytes inserted", insertBytes)],
    [6, () => mutate("bytes deleted", deleteRange)],
    [5, () => mutate("varint duplicated", duplicateVarint)],
    [4, () => mutate("two messages spliced", splice)],
    [4, () => ({ kind: "random bytes", data: random.bytes(random.between(1, 64)), expect: "mutation" })],
    [
      // Cut anywhere before its end, a message always misses part of its payload.
      8,
      () => {
        const original = random.pick(honest.filter((m) => m.length > 1));
        return { kind: "truncated", data: original.subarray(0, random.int(original.length)), expect: "refuse" };
      },
    ],
    [
      4,
      () => ({
        kind: "trailing garbage",
        data: concat(random.pick(honest), random.bytes(random.between(1, 16))),
        expect: "refuse",
      }),
    ],
    [
      4,
      () => {
        // The payload length varint of a sync message replaced by one far beyond the message.
        const update = decodeSyncPayload(random.pick(updates));
        const huge = random.pick([2 ** 31, 2 ** 32 - 1, 2 ** 40, 2 ** 53 - 1]);
        return {
          kind: "huge payload length",
          data: message((e) => {
            encoding.writeVarUint(e, MESSAGE_SYNC);
            encoding.writeVarUint(e, syncProtocol.messageYjsUpdate);
            encoding.writeVarUint(e, huge);
            encoding.writeUint8Array(e, update);
          }),
          expect: "refuse",
        };
      },
    ],
    [
      3,
      () => {
        const type = random.pick([2, 3, 4, 42, 99, 101, 127, 128, 300, 2 ** 31]);
        return {
          kind: "wrong message type",
          data: message(
            (e) => (encoding.writeVarUint(e, type), encoding.writeUint8Array(e, random.bytes(random.int(8)))),
          ),
          expect: "refuse",
        };
      },
    ],
    [
      2,
      () => ({
        kind: "wrong sync message type",
        data: syncMessage(random.pick([3, 4, 9, 127, 128]), random.pick(updates).subarray(3)),
        expect: "refuse",
      }),
    ],
    [1, () => ({ kind: "text frame", data: random.pick(["hello", "{}", "\u0000\u0002", "[0,2]"]), expect: "refuse" })],
    [
      // A client that mistakenly speaks the V2 format: mostly garbage as V1, sometimes valid.
      3,
      () => {
        const doc = new Y.Doc();
        doc.getText("minutes").insert(0, random.pick(["a", "tere", "Otsus"]));
        const update = Y.encodeStateAsUpdateV2(doc);
        doc.destroy();
        return { kind: "V2 update in a V1 message", data: syncMessage(2, update), expect: "mutation" };
      },
    ],
    [
      4,
      () => {
        const client = random.pick([0, 1, 2 ** 31, 2 ** 32 - 1, 2 ** 53 - 1, nextClient()]);
        const clock = random.pick([0, 1, 2 ** 31, 2 ** 53 - 10]);
        return {
          kind: "invented client id and clock",
          data: syncMessage(
            2,
            encodeUpdateV1([
              { client, clock, structs: [{ kind: "item", parent: "fuzz", content: { type: "string", text: "x" } }] },
            ]),
          ),
          // A first clock above 0 leaves a gap: the struct waits for clocks that never come.
          expect: clock === 0 ? "additive" : "pending",
        };
      },
    ],
    [
      4,
      () => {
        const missing = { client: nextClient(), clock: random.int(100) };
        const variant = random.int(4);
        const structs: StructSpec[] =
          variant === 0
            ? [{ kind: "item", origin: missing, content: { type: "string", text: "dangling" } }]
            : variant === 1
              ? [{ kind: "item", rightOrigin: missing, content: { type: "string", text: "dangling" } }]
              : variant === 2
                ? [{ kind: "item", parent: missing, content: { type: "string", text: "dangling" } }]
                : [{ kind: "gc", length: 1 }];
        return {
          kind: "dangling dependencies",
          data: syncMessage(2, encodeUpdateV1([{ client: nextClient(), clock: variant === 3 ? 5 : 0, structs }])),
          expect: "pending",
        };
      },
    ],
    [
      1,
      () => ({
        kind: "delete set of unknown structs",
        data: syncMessage(
          2,
          encodeUpdateV1([], [{ client: nextClient(), ranges: [[random.int(1000), random.between(1, 2 ** 20)]] }]),
        ),
        expect: "pending",
      }),
    ],
    [
      2,
      () => {
        const length = random.pick([2 ** 31, 2 ** 32, 2 ** 40]);
        const struct = random.pick<StructSpec>([
          { kind: "gc", length },
          { kind: "skip", length },
          { kind: "item", parent: "fuzz", content: { type: "deleted", length } },
        ]);
        return {
          kind: "huge struct length",
          data: syncMessage(2, encodeUpdateV1([{ client: nextClient(), clock: 0, structs: [struct] }])),
          expect: "mutation",
        };
      },
    ],
    [
      1,
      () => {
        // A string claiming far more bytes than there are.
        const data = syncMessage(
          2,
          message((e) => {
            encoding.writeVarUint(e, 1);
            encoding.writeVarUint(e, 1);
            encoding.writeVarUint(e, nextClient());
            encoding.writeVarUint(e, 0);
            encoding.writeUint8(e, CONTENT_REF.string);
            encoding.writeVarUint(e, 1);
            encoding.writeVarString(e, "fuzz");
            encoding.writeVarUint(e, random.pick([2 ** 31, 2 ** 32 - 1, 1_000_000]));
            encoding.writeUint8Array(e, random.bytes(8));
          }),
        );
        return { kind: "huge string length", data, expect: "refuse" };
      },
    ],
    [
      1,
      () => ({
        kind: "type chain over the depth limit",
        data: syncMessage(2, typeChainUpdate(nextClient(), options.maxTypeDepth + random.between(1, 3000))),
        expect: "refuse",
      }),
    ],
    [
      1,
      () => ({
        kind: "type chain within the depth limit",
        data: syncMessage(2, typeChainUpdate(nextClient(), random.between(1, options.maxTypeDepth))),
        expect: "additive",
      }),
    ],
    [
      2,
      () => {
        const depth = options.maxValueDepth + random.pick([1, 50, 5000, 40_000]);
        const shape = random.pick(["array", "object"] as const);
        const content = random.pick<ContentSpec>([
          { type: "embed", json: deepJson(depth, shape) },
          { type: "format", key: "bold", json: deepJson(depth, shape) },
          { type: "any", values: [JSON.parse(deepJson(Math.min(depth, 2000), shape)) as unknown] },
        ]);
        return {
          kind: "value nested over the depth limit",
          data: syncMessage(
            2,
            encodeUpdateV1([{ client: nextClient(), clock: 0, structs: [{ kind: "item", parent: "fuzz", content }] }]),
          ),
          expect: "refuse",
        };
      },
    ],
    [
      1,
      () => ({
        kind: "value nested within the depth limit",
        data: syncMessage(
          2,
          encodeUpdateV1([
            {
              client: nextClient(),
              clock: 0,
              structs: [
                {
                  kind: "item",
                  parent: "fuzz",
                  content: { type: "embed", json: deepJson(random.between(1, options.maxValueDepth)) },
                },
              ],
            },
          ]),
        ),
        expect: "additive",
      }),
    ],
    [
      1,
      () => ({
        kind: "subdocument",
        data: syncMessage(
          2,
          encodeUpdateV1([
            {
              client: nextClient(),
              clock: 0,
              structs: [{ kind: "item", parent: "fuzz", content: { type: "doc", guid: "x" } }],
            },
          ]),
        ),
        expect: "refuse",
      }),
    ],
    [
      1,
      () => {
        const client = nextClient();
        return {
          kind: "parent that is not a type",
          data: syncMessage(
            2,
            encodeUpdateV1([
              {
                client,
                clock: 0,
                structs: [
                  { kind: "item", parent: "fuzz", content: { type: "string", text: "p" } },
                  { kind: "item", parent: { client, clock: 0 }, content: { type: "map" } },
                ],
              },
            ]),
          ),
          expect: "refuse",
        };
      },
    ],
    [
      1,
      () => {
        // Two maps, each placed after the other.
        const client = nextClient();
        return {
          kind: "cyclic origins",
          data: syncMessage(
            2,
            encodeUpdateV1([
              {
                client,
                clock: 0,
                structs: [
                  { kind: "item", origin: { client, clock: 1 }, content: { type: "map" } },
                  { kind: "item", origin: { client, clock: 0 }, content: { type: "map" } },
                ],
              },
            ]),
          ),
          expect: "refuse",
        };
      },
    ],
    [
      1,
      () => {
        // An item naming its own client's clock or a later one: no Yjs writes that, and Yjs throws
        // integrating it, possibly only once a gap before it is filled (here clocks 0-2), in a
        // compaction or a later load (decision record 005).
        const client = nextClient();
        const ahead = { client, clock: 3 + random.pick([0, 1, 50, 2 ** 31]) };
        const reference = random.pick(["origin", "rightOrigin", "parent"] as const);
        return {
          kind: "item referring ahead of itself",
          data: syncMessage(
            2,
            encodeUpdateV1([
              {
                client,
                clock: random.pick([0, 3]),
                structs: [{ kind: "item", [reference]: ahead, content: { type: "string", text: "a" } }],
              },
            ]),
          ),
          expect: "refuse",
        };
      },
    ],
    [
      1,
      () => {
        // Yjs never writes a struct or a deletion of length 0; they break its struct store.
        const client = nextClient();
        const empty = random.pick<StructSpec | null>([
          { kind: "item", parent: "fuzz", content: { type: "string", text: "" } },
          { kind: "item", parent: "fuzz", content: { type: "deleted", length: 0 } },
          { kind: "item", parent: "fuzz", content: { type: "any", values: [] } },
          { kind: "gc", length: 0 },
          null,
        ]);
        return {
          kind: "empty struct or deletion",
          data: syncMessage(
            2,
            empty
              ? encodeUpdateV1([{ client, clock: 0, structs: [empty] }])
              : encodeUpdateV1([], [{ client, ranges: [[random.int(100), 0]] }]),
          ),
          expect: "refuse",
        };
      },
    ],
    [
      1,
      () => ({
        kind: "too many clients",
        data: syncMessage(2, pendingStructsUpdate(options.maxUpdateClients + 1, nextClient() * 1000)),
        expect: "refuse",
      }),
    ],
    [
      0.3,
      () => ({
        kind: "too many structs",
        data: syncMessage(2, denseStructsUpdate(options.maxUpdateStructs + 1, nextClient())),
        expect: "refuse",
      }),
    ],
    [
      0.3,
      () => ({
        kind: "too many values in one struct",
        data: syncMessage(
          2,
          encodeUpdateV1([
            {
              client: nextClient(),
              clock: 0,
              structs: [
                {
                  kind: "item",
                  parent: "fuzz",
                  content: random.chance(0.5)
                    ? { type: "any", values: [Array.from({ length: options.maxUpdateStructs + 1 }, () => null)] }
                    : { type: "embed", json: `[${"0,".repeat(options.maxUpdateStructs)}0]` },
                },
              ],
            },
          ]),
        ),
        expect: "refuse",
      }),
    ],
    [
      0.3,
      () => ({
        kind: "too many deletions",
        data: syncMessage(
          2,
          encodeUpdateV1(
            [],
            [
              {
                client: nextClient(),
                ranges: Array.from({ length: options.maxUpdateDeleteRanges + 1 }, (_, i): [number, number] => [i * 2, 1]),
              },
            ],
          ),
        ),
        expect: "refuse",
      }),
    ],
    [
      1,
      () => {
        // Yjs writes each client's ranges once, sorted and merged; overlaps make applying quadratic.
        const client = nextClient();
        const deleteSet = random.chance(0.5)
          ? [{ client, ranges: [[0, 10] as [number, number], [random.int(10), random.between(1, 100)] as [number, number]] }]
          : [
              { client, ranges: [[0, 1] as [number, number]] },
              { client, ranges: [[5, 1] as [number, number]] },
            ];
        return { kind: "deletions out of order", data: syncMessage(2, encodeUpdateV1([], deleteSet)), expect: "refuse" };
      },
    ],
    [
      0.3,
      () => ({
        kind: "oversized frame",
        data: syncMessage(2, new Uint8Array(options.maxMessageBytes)),
        expect: "too big",
      }),
    ],
    [
      0.5,
      () => ({
        kind: "oversized awareness",
        data: awarenessMessage(
          awarenessPayload([
            { clientId: nextClient(), clock: 1, json: JSON.stringify({ note: "x".repeat(options.maxAwarenessBytes) }) },
          ]),
        ),
        expect: "too big",
      }),
    ],
    [
      1,
      () => ({
        kind: "awareness state nested too deeply",
        data: (() => {
          // As deep as fits under the awareness size limit (or it is "too big" instead).
          const shape = random.pick(["array", "object"] as const);
          const fits = Math.floor((options.maxAwarenessBytes - 64) / (shape === "array" ? 2 : 6));
          const depth = Math.min(fits, options.maxValueDepth + random.pick([1, 1000, 30_000]));
          return awarenessMessage(
            awarenessPayload([{ clientId: nextClient(), clock: 1, json: deepJson(depth, shape) }]),
          );
        })(),
        expect: "refuse",
      }),
    ],
    [
      1,
      () => ({
        kind: "awareness state that is not JSON",
        data: awarenessMessage(
          awarenessPayload([
            { clientId: nextClient(), clock: 1, json: random.pick(["{", "undefined", "{'a':1}", "[1,]"]) },
          ]),
        ),
        expect: "refuse",
      }),
    ],
    [
      1,
      () => ({
        kind: "awareness of invented clients",
        data: awarenessMessage(
          awarenessPayload(
            Array.from({ length: random.between(1, 20) }, () => ({
              clientId: random.pick([0, 2 ** 53 - 1, nextClient()]),
              clock: random.pick([1, 2 ** 32, 2 ** 53 - 1]),
              json: '{"user":{"name":"?"}}',
            })),
          ),
        ),
        expect: "accept",
      }),
    ],
    [
      0.5,
      () => ({
        kind: "yjs issue 479 payload",
        data: random.chance(0.7)
          ? syncMessage(random.pick([1, 2]), YJS_ISSUE_479_UPDATE)
          : awarenessMessage(YJS_ISSUE_479_UPDATE),
        expect: "refuse",
      }),
    ],
    [
      0.5,
      () => ({
        kind: "yjs issue 687 payload (V2) as a V1 update",
        data: syncMessage(random.pick([1, 2]), YJS_ISSUE_687_UPDATE),
        expect: "accept",
      }),
    ],
    // The same bytes as an awareness update: zero entries, then bytes that do not belong.
    [
      0.2,
      () => ({
        kind: "yjs issue 687 payload as awareness",
        data: awarenessMessage(YJS_ISSUE_687_UPDATE),
        expect: "refuse",
      }),
    ],
  ];

  const totalWeight = builders.reduce((sum, [weight]) => sum + weight, 0);
  const build = (): Built => {
    let roll = random.next() * totalWeight;
    for (const [weight, builder] of builders) {
      roll -= weight;
      if (roll < 0) return builder();
    }
    return (builders[0] as [number, () => Built])[1]();
  };

  const cases: FuzzCase[] = [];
  // Every known payload at least a few times, whatever the seed.
  const guaranteed = builders.slice(-3).flatMap(([, builder]) => [builder(), builder(), builder()]);
  for (let i = 0; i < options.count; i += 1) {
    const built = i < guaranteed.length ? (guaranteed[i] as Built) : build();
    cases.push(placeCase(built, random, options.hasReaders ?? true));
  }
  return cases;
}

/**
 * Where a case runs and what it may do there. Messages that must be refused go to the document
 * the honest clients edit, from a writer: refused before anything is written, next to real
 * work. The rest either go to that document from a reader (which must never change it) or to a
 * sacrificial document from a writer (where valid hostile updates are accepted).
 */
function placeCase(built: Built, random: Random, hasReaders: boolean): FuzzCase {
  const { kind, data } = built;
  switch (built.expect) {
    case "refuse":
      return { kind, data, role: "writer", document: "shared", allowed: REFUSE };
    case "too big":
      return { kind, data, role: "writer", document: "shared", allowed: TOO_BIG };
    case "accept":
      return {
        kind,
        data,
        role: "writer",
        document: hasReaders && random.chance(0.5) ? "shared" : "sacrificial",
        allowed: ACCEPT,
      };
    case "additive":
    case "pending":
      return hasReaders && random.chance(0.4)
        ? { kind, data, role: "reader", document: "shared", allowed: ["close 4403"] }
        : {
            kind,
            data,
            role: "writer",
            document: "sacrificial",
            allowed: built.expect === "pending" ? PENDING_WRITER : ACCEPT,
          };
    case "mutation":
      return hasReaders && random.chance(0.5)
        ? { kind, data, role: "reader", document: "shared", allowed: MUTATION_READER }
        : { kind, data, role: "writer", document: "sacrificial", allowed: MUTATION_WRITER };
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function decodeSyncPayload(sync: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(sync);
  decoding.readVarUint(decoder);
  decoding.readVarUint(decoder);
  return decoding.readVarUint8Array(decoder);
}

/**
 * Whether the server answers this message with a sync step 2: a well-formed sync step 1 (the
 * same checks as the server's decoder: a state vector and nothing after it).
 */
function isSyncStep1(data: Uint8Array | string): boolean {
  if (typeof data === "string") return false;
  try {
    const decoder = decoding.createDecoder(data);
    if (
      decoding.readVarUint(decoder) !== MESSAGE_SYNC ||
      decoding.readVarUint(decoder) !== syncProtocol.messageYjsSyncStep1
    )
      return false;
    Y.decodeStateVector(decoding.readVarUint8Array(decoder));
    return !decoding.hasContent(decoder);
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// The runner

export type FuzzTarget = { role: FuzzRole; document: FuzzDocument };

export type FuzzViolation = {
  index: number;
  kind: string;
  role: FuzzRole;
  document: FuzzDocument;
  outcome: FuzzOutcome;
  allowed: readonly FuzzOutcome[];
  bytes: string;
};

export type FuzzReport = {
  messages: number;
  connections: number;
  /** kind → outcome → count */
  outcomes: Map<string, Map<FuzzOutcome, number>>;
  violations: FuzzViolation[];
};

export type FuzzRunOptions = {
  /** Opens a raw websocket for a case's target (worker: which of the concurrent senders asks). */
  open(target: FuzzTarget, worker: number): WebSocket;
  concurrency: number;
  /** Cases sent on one connection before it is replaced, to stay inside the message rate. */
  casesPerConnection?: number;
  /** How long the server may take to answer one case before it counts as "timeout". */
  timeoutMs?: number;
  /** Stop sending once this returns true (the bench runs for a fixed time). */
  shouldStop?: () => boolean;
  /** Called with each case's outcome and how long the answer took (ms), e.g. to find slow kinds. */
  onOutcome?: (index: number, fuzzCase: FuzzCase, outcome: FuzzOutcome, ms: number) => void;
};

type Connection = {
  ws: WebSocket;
  /** The server's first message, its sync step 1: sent back as the probe after every case. */
  probe: Uint8Array;
  cases: number;
  /** Sync step 2 answers still to come before the one to our probe. */
  onAnswer: (() => void) | null;
  answersExpected: number;
  closed: { code: number } | null;
  onClose: (() => void) | null;
};

/**
 * Sends the cases, `concurrency` connections at a time, each case followed by a probe (the
 * server's own sync step 1, answered with a sync step 2 in order): an answer means the case was
 * handled and the connection kept; a close means it was refused, with that code.
 */
export async function runFuzzCorpus(cases: FuzzCase[], options: FuzzRunOptions): Promise<FuzzReport> {
  const report: FuzzReport = { messages: 0, connections: 0, outcomes: new Map(), violations: [] };
  const casesPerConnection = options.casesPerConnection ?? 20;
  const timeoutMs = options.timeoutMs ?? 15_000;
  let next = 0;

  const record = (index: number, fuzzCase: FuzzCase, outcome: FuzzOutcome) => {
    let byOutcome = report.outcomes.get(fuzzCase.kind);
    if (!byOutcome) report.outcomes.set(fuzzCase.kind, (byOutcome = new Map()));
    byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1);
    if (!fuzzCase.allowed.includes(outcome)) {
      const data = typeof fuzzCase.data === "string" ? Buffer.from(fuzzCase.data) : Buffer.from(fuzzCase.data);
      report.violations.push({
        index,
        kind: fuzzCase.kind,
        role: fuzzCase.role,
        document: fuzzCase.document,
        outcome,
        allowed: fuzzCase.allowed,
        bytes: `${data.subarray(0, 48).toString("hex")}${data.length > 48 ? `… (${data.length} bytes)` : ""}`,
      });
    }
  };

  const connect = (target: FuzzTarget, worker: number): Promise<Connection | FuzzOutcome> =>
    new Promise((resolve) => {
      report.connections += 1;
      const ws = options.open(target, worker);
      const connection: Connection = {
        ws,
        probe: new Uint8Array(),
        cases: 0,
        onAnswer: null,
        answersExpected: 0,
        closed: null,
        onClose: null,
      };
      const timer = setTimeout(() => {
        ws.terminate();
        resolve("timeout");
      }, timeoutMs);
      ws.on("error", () => {});
      ws.once("unexpected-response", (req, res) => {
        clearTimeout(timer);
        res.resume();
        req.destroy();
        resolve(`refused ${res.statusCode ?? 0}`);
      });
      ws.on("close", (code) => {
        clearTimeout(timer);
        connection.closed = { code };
        connection.onClose?.();
        resolve("error");
      });
      ws.on("message", (raw: Buffer) => {
        if (connection.probe.length === 0) {
          // The server's sync step 1: the document is loaded and this connection attached.
          clearTimeout(timer);
          connection.probe = Uint8Array.from(raw);
          resolve(connection);
          return;
        }
        if (raw[0] === MESSAGE_SYNC && raw[1] === syncProtocol.messageYjsSyncStep2) {
          connection.answersExpected -= 1;
          if (connection.answersExpected === 0) connection.onAnswer?.();
        }
      });
    });

  const sendCase = (connection: Connection, fuzzCase: FuzzCase): Promise<FuzzOutcome> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        connection.ws.terminate();
        resolve("timeout");
      }, timeoutMs);
      const done = (outcome: FuzzOutcome) => {
        clearTimeout(timer);
        connection.onAnswer = null;
        connection.onClose = null;
        resolve(outcome);
      };
      connection.onAnswer = () => done("accepted");
      connection.onClose = () => done(`close ${connection.closed?.code ?? 0}`);
      connection.answersExpected = isSyncStep1(fuzzCase.data) ? 2 : 1;
      report.messages += 1;
      connection.ws.send(fuzzCase.data, { binary: typeof fuzzCase.data !== "string" });
      connection.ws.send(connection.probe);
    });

  const worker = async (id: number) => {
    const open = new Map<string, Connection>();
    try {
      while (next < cases.length && !options.shouldStop?.()) {
        const index = next++;
        const fuzzCase = cases[index] as FuzzCase;
        const key = `${fuzzCase.role}:${fuzzCase.document}`;
        let connection = open.get(key);
        if (connection && (connection.closed || connection.cases >= casesPerConnection)) {
          connection.ws.close();
          open.delete(key);
          connection = undefined;
        }
        if (!connection) {
          const opened = await connect(fuzzCase, id);
          if (typeof opened === "string") {
            record(index, fuzzCase, opened);
            continue;
          }
          connection = opened;
          open.set(key, connection);
        }
        connection.cases += 1;
        const sentAt = performance.now();
        const outcome = await sendCase(connection, fuzzCase);
        options.onOutcome?.(index, fuzzCase, outcome, performance.now() - sentAt);
        record(index, fuzzCase, outcome);
        if (outcome !== "accepted") {
          open.delete(key);
          connection.ws.terminate();
        }
      }
    } finally {
      for (const connection of open.values()) connection.ws.close();
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, id) => worker(id)));
  return report;
}

/** Wrong answers grouped by kind, role and outcome, with the first case of each (for failure messages). */
export function summarizeViolations(report: FuzzReport): string[] {
  const groups = new Map<string, { count: number; first: FuzzViolation }>();
  for (const violation of report.violations) {
    const key = `${violation.kind} | ${violation.role} on ${violation.document} | ${violation.outcome} (allowed: ${violation.allowed.join(", ")})`;
    const group = groups.get(key);
    if (group) group.count += 1;
    else groups.set(key, { count: 1, first: violation });
  }
  return [...groups.entries()].map(
    ([key, { count, first }]) => `${key} ×${count}, e.g. case ${first.index}: ${first.bytes}`,
  );
}

/** One line per kind: how often, and how the server answered. */
export function formatFuzzOutcomes(report: FuzzReport): string[] {
  return [...report.outcomes.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, outcomes]) => {
      const total = [...outcomes.values()].reduce((n, c) => n + c, 0);
      const detail = [...outcomes.entries()].map(([outcome, count]) => `${outcome} ×${count}`).join(", ");
      return `${kind.padEnd(48)} ${String(total).padStart(6)}  ${detail}`;
    });
}
