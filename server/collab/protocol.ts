// The wire format: y-websocket's messages (sync, awareness) plus our `messageSaved`.
// Decoding is strict, so that anything a y-websocket client would not send is refused
// before it touches a document.
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { messageSaved } from "../../app/lib/collab-saved.ts";
import { WS_CLOSE_CODE_BY_CODE, WS_CLOSE_DOCUMENT_FULL } from "../../app/domain/errors.ts";
import { DEFAULT_COLLAB_LIMITS, type CollabLimits } from "./limits.ts";

export { messageSaved };
export const messageSync = 0;
export const messageAwareness = 1;

/** Close codes this server uses. 4400-4499 tell y-websocket not to reconnect. */
export const CLOSE_CODE = {
  goingAway: 1001,
  messageTooBig: 1009,
  internalError: 1011,
  /** Something changed on the server (for example the document was frozen): reconnect. */
  reconnect: 1012,
  tryAgainLater: 1013,
  malformed: WS_CLOSE_CODE_BY_CODE.VALIDATION,
  forbidden: WS_CLOSE_CODE_BY_CODE.FORBIDDEN,
  frozen: WS_CLOSE_CODE_BY_CODE.FROZEN,
  rateLimited: WS_CLOSE_CODE_BY_CODE.RATE_LIMITED,
  /** The document has its maximum of connections ("the meeting is full"); y-websocket retries. */
  documentFull: WS_CLOSE_DOCUMENT_FULL,
} as const;

/** What Y.decodeUpdate gives: the structs of an update, not yet integrated, and its deletions by client. */
export type DecodedStruct = Y.Item | Y.GC | Y.Skip;
export type DecodedDeletes = Map<number, Array<{ clock: number; len: number }>>;

export type ClientMessage =
  | { type: "sync-step-1"; stateVector: Uint8Array }
  /**
   * Sync step 2 and update messages carry the same thing: a Yjs update. Its decoded structs
   * come along for the checks that need the document (document-guards.ts).
   */
  | { type: "update"; update: Uint8Array; structs: DecodedStruct[]; deletes: DecodedDeletes }
  | { type: "awareness"; update: Uint8Array }
  | { type: "saved-hello" };

export class MalformedMessageError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "MalformedMessageError";
  }
}

export type UpdateStructureLimits = Pick<
  CollabLimits,
  "maxUpdateClients" | "maxUpdateStructs" | "maxUpdateDeleteRanges" | "maxValueDepth"
>;

/**
 * Throws MalformedMessageError; the message text names the defect, never the content. Limits
 * not given are the defaults.
 */
export function decodeClientMessage(data: Uint8Array, structureLimits: Partial<UpdateStructureLimits> = {}): ClientMessage {
  const limits: UpdateStructureLimits = {
    maxUpdateClients: structureLimits.maxUpdateClients ?? DEFAULT_COLLAB_LIMITS.maxUpdateClients,
    maxUpdateStructs: structureLimits.maxUpdateStructs ?? DEFAULT_COLLAB_LIMITS.maxUpdateStructs,
    maxUpdateDeleteRanges: structureLimits.maxUpdateDeleteRanges ?? DEFAULT_COLLAB_LIMITS.maxUpdateDeleteRanges,
    maxValueDepth: structureLimits.maxValueDepth ?? DEFAULT_COLLAB_LIMITS.maxValueDepth,
  };
  try {
    const decoder = decoding.createDecoder(data);
    const message = decodeBody(decoder, limits);
    if (decoding.hasContent(decoder)) throw new MalformedMessageError("trailing bytes");
    return message;
  } catch (error) {
    if (error instanceof MalformedMessageError) throw error;
    throw new MalformedMessageError("undecodable");
  }
}

function decodeBody(decoder: decoding.Decoder, limits: UpdateStructureLimits): ClientMessage {
  const messageType = decoding.readVarUint(decoder);
  if (messageType === messageSaved) return { type: "saved-hello" };
  if (messageType === messageAwareness) return { type: "awareness", update: decoding.readVarUint8Array(decoder) };
  if (messageType !== messageSync) throw new MalformedMessageError("unknown message type");
  const syncType = decoding.readVarUint(decoder);
  const payload = decoding.readVarUint8Array(decoder);
  switch (syncType) {
    case syncProtocol.messageYjsSyncStep1:
      Y.decodeStateVector(payload);
      return { type: "sync-step-1", stateVector: payload };
    case syncProtocol.messageYjsSyncStep2:
    case syncProtocol.messageYjsUpdate: {
      // Counted first, without building anything, so that the work spent on a message over the
      // limits stays small however large it is (scanUpdate). Then decoded in full, so that a
      // corrupt update is refused before Y.applyUpdate could integrate half of it. Only the V1
      // format is ever decoded: y-websocket sends nothing else, and the V2 decoder can be made
      // to loop for ever by a few bytes (yjs issue 687).
      scanUpdate(payload, limits);
      const decoded = Y.decodeUpdate(payload);
      assertReasonableContent(decoded.structs, limits);
      return { type: "update", update: payload, structs: decoded.structs, deletes: decoded.ds.clients };
    }
    default:
      throw new MalformedMessageError("unknown sync message type");
  }
}

// Bits of a struct's info byte in the V1 format (yjs src/utils/updates.js, src/structs/Item.js).
const INFO_CONTENT = 0b11111;
const INFO_PARENT_SUB = 0b100000;
const INFO_RIGHT_ORIGIN = 0b1000000;
const INFO_ORIGIN = 0b10000000;
const INFO_SKIP = 10;
// Content refs (info & INFO_CONTENT) and the shared types whose content carries a key.
const CONTENT_DELETED = 1;
const CONTENT_JSON = 2;
const CONTENT_BINARY = 3;
const CONTENT_STRING = 4;
const CONTENT_EMBED = 5;
const CONTENT_FORMAT = 6;
const CONTENT_TYPE = 7;
const CONTENT_ANY = 8;
const CONTENT_DOC = 9;
const TYPE_XML_ELEMENT = 3;
const TYPE_XML_HOOK = 5;
const TYPE_LAST = 6;

/**
 * Walks a V1 update as Yjs will read it, building nothing, and refuses it (MalformedMessageError)
 * as soon as it is over a structure limit (see CollabLimits). The work before a refusal is
 * therefore bounded by the limits, not by the message size: a megabyte of one-byte structs used
 * to be decoded in full (half a second) before its struct count was looked at. Counted:
 *
 * - structs, and the values inside them (every element of a JSON or `any` array, nested ones
 *   included, costs decoding like a struct), against `maxUpdateStructs`; each client announces
 *   its number of structs before them, so an announcement over the limit is refused unread;
 * - the clients that bring structs against `maxUpdateClients`. Not the clients in the delete
 *   set: Yjs puts a document's whole delete set into every sync step 2, so a long-lived document
 *   names every session that ever deleted something there;
 * - the ranges of the delete set against `maxUpdateDeleteRanges`; they must come as Yjs writes
 *   them, each client once, sorted and not overlapping.
 *
 * Subdocuments are refused here (decoding one would create a Y.Doc from its options). Returns
 * the number of bytes the update took (Yjs ignores what follows).
 */
export function scanUpdate(update: Uint8Array, limits: Omit<UpdateStructureLimits, "maxValueDepth">): number {
  const decoder = decoding.createDecoder(update);
  let units = 0;
  const count = (n: number) => {
    units += n;
    if (units > limits.maxUpdateStructs) throw new MalformedMessageError("too many structs");
  };
  const clients = new Set<number>();
  const clientCount = decoding.readVarUint(decoder);
  for (let c = 0; c < clientCount; c += 1) {
    const structCount = decoding.readVarUint(decoder);
    // A client announcing no struct (no encoder writes one) still costs reading: one unit.
    count(Math.max(structCount, 1));
    const client = decoding.readVarUint(decoder);
    if (structCount > 0) clients.add(client);
    if (clients.size > limits.maxUpdateClients) throw new MalformedMessageError("too many clients");
    decoding.readVarUint(decoder); // first clock
    for (let s = 0; s < structCount; s += 1) skipStruct(decoder, count);
  }
  let ranges = 0;
  const deleteClients = new Set<number>();
  const deleteClientCount = decoding.readVarUint(decoder);
  for (let c = 0; c < deleteClientCount; c += 1) {
    const client = decoding.readVarUint(decoder);
    const rangeCount = decoding.readVarUint(decoder);
    ranges += Math.max(rangeCount, 1);
    if (ranges > limits.maxUpdateDeleteRanges) throw new MalformedMessageError("too many deletions");
    // Yjs writes each client once, its ranges sorted and merged. Applying walks every struct in
    // every range: ranges that overlap (or repeat a client) make that quadratic, a 15 kB update
    // then keeping the process busy for a sixth of a second on a document of 5,000 structs.
    if (deleteClients.has(client)) throw new MalformedMessageError("deletions out of order");
    deleteClients.add(client);
    let end = 0;
    for (let r = 0; r < rangeCount; r += 1) {
      const clock = decoding.readVarUint(decoder);
      const length = decoding.readVarUint(decoder);
      if (clock < end) throw new MalformedMessageError("deletions out of order");
      // Nor does it write an empty range (its own V2 encoder refuses to): one for clocks the
      // document does not have yet throws inside Yjs, which keeps such deletions as V2.
      if (length === 0) throw new MalformedMessageError("empty deletion");
      end = clock + length;
    }
  }
  return decoder.pos;
}

function skipStruct(decoder: decoding.Decoder, count: (n: number) => void): void {
  const info = readByte(decoder);
  const content = info & INFO_CONTENT;
  if (info === INFO_SKIP || content === 0) {
    decoding.readVarUint(decoder); // length of a skip or a GC
    return;
  }
  if (info & INFO_ORIGIN) skipId(decoder);
  if (info & INFO_RIGHT_ORIGIN) skipId(decoder);
  if ((info & (INFO_ORIGIN | INFO_RIGHT_ORIGIN)) === 0) {
    if (decoding.readVarUint(decoder) === 1) skipBytes(decoder); // a root type's name
    else skipId(decoder); // the id of the parent type's item
    if (info & INFO_PARENT_SUB) skipBytes(decoder);
  }
  switch (content) {
    case CONTENT_DELETED:
      decoding.readVarUint(decoder);
      return;
    case CONTENT_JSON: {
      const length = decoding.readVarUint(decoder);
      count(length);
      for (let i = 0; i < length; i += 1) skipJson(decoder, count);
      return;
    }
    case CONTENT_BINARY:
    case CONTENT_STRING:
      skipBytes(decoder);
      return;
    case CONTENT_EMBED:
      skipJson(decoder, count);
      return;
    case CONTENT_FORMAT:
      skipBytes(decoder); // the attribute's name
      skipJson(decoder, count);
      return;
    case CONTENT_TYPE: {
      const typeRef = decoding.readVarUint(decoder);
      if (typeRef > TYPE_LAST) throw new MalformedMessageError("undecodable");
      if (typeRef === TYPE_XML_ELEMENT || typeRef === TYPE_XML_HOOK) skipBytes(decoder);
      return;
    }
    case CONTENT_ANY: {
      const length = decoding.readVarUint(decoder);
      count(length);
      for (let i = 0; i < length; i += 1) skipAny(decoder, count);
      return;
    }
    case CONTENT_DOC:
      // This app never uses subdocuments; their options would go straight into a new Y.Doc.
      throw new MalformedMessageError("subdocument");
    default:
      throw new MalformedMessageError("undecodable");
  }
}

function skipId(decoder: decoding.Decoder): void {
  decoding.readVarUint(decoder);
  decoding.readVarUint(decoder);
}

/** Skips a length-prefixed byte string (a string, JSON text, binary content). */
function skipBytes(decoder: decoding.Decoder): void {
  const length = decoding.readVarUint(decoder);
  if (length > decoder.arr.length - decoder.pos) throw new MalformedMessageError("undecodable");
  decoder.pos += length;
}

/**
 * Skips JSON text, counting the values it may hold: at most one more than its commas and
 * opening brackets (a comma inside a string counts too; honest values are small).
 */
function skipJson(decoder: decoding.Decoder, count: (n: number) => void): void {
  const start = decoder.pos;
  skipBytes(decoder);
  let values = 1;
  for (let i = start; i < decoder.pos; i += 1) {
    const byte = decoder.arr[i];
    if (byte === 0x2c || byte === 0x5b || byte === 0x7b) values += 1; // , [ {
  }
  count(values);
}

/**
 * Skips one value in lib0's `any` encoding, counting the values nested in it. Iterative: a
 * value may nest deeper than the stack (the depth limit applies after decoding).
 */
function skipAny(decoder: decoding.Decoder, count: (n: number) => void): void {
  // Per open array or object: how many values are still to skip (an object's entries count
  // twice, key and value, its keys being plain strings).
  const levels: Array<{ remaining: number; isObject: boolean }> = [{ remaining: 1, isObject: false }];
  for (let level = levels.at(-1); level !== undefined; level = levels.at(-1)) {
    if (level.remaining === 0) {
      levels.pop();
      continue;
    }
    level.remaining -= 1;
    if (level.isObject && level.remaining % 2 === 1) {
      skipBytes(decoder); // the key
      continue;
    }
    switch (readByte(decoder)) {
      case 127: // undefined
      case 126: // null
      case 121: // false
      case 120: // true
        break;
      case 125: // integer
        decoding.readVarInt(decoder);
        break;
      case 124: // float32
        skipFixed(decoder, 4);
        break;
      case 123: // float64
      case 122: // bigint64
        skipFixed(decoder, 8);
        break;
      case 119: // string
      case 116: // Uint8Array
        skipBytes(decoder);
        break;
      case 118: {
        const entries = decoding.readVarUint(decoder);
        count(entries);
        levels.push({ remaining: entries * 2, isObject: true });
        break;
      }
      case 117: {
        const length = decoding.readVarUint(decoder);
        count(length);
        levels.push({ remaining: length, isObject: false });
        break;
      }
      default:
        throw new MalformedMessageError("undecodable");
    }
  }
}

/** lib0's readUint8 reads past the end without noticing. */
function readByte(decoder: decoding.Decoder): number {
  if (decoder.pos >= decoder.arr.length) throw new MalformedMessageError("undecodable");
  return decoding.readUint8(decoder);
}

function skipFixed(decoder: decoding.Decoder, bytes: number): void {
  if (bytes > decoder.arr.length - decoder.pos) throw new MalformedMessageError("undecodable");
  decoder.pos += bytes;
}

/**
 * Refuses what would break serving or storing the document later: values nested too deeply (see
 * CollabLimits), and structs no Yjs writes whose integration throws inside Yjs, possibly only
 * later (decision record 005, "Limits and hostile input"):
 *
 * - An item referring to its own client at its own clock or a later one. An item names its left
 *   and right neighbours at creation (origin, rightOrigin) and, when it has neither, the parent
 *   type's item: all of them existed when it was made, so a reference to its own client is always
 *   to an earlier clock (Yjs's encoder, merging and splitting keep it so). Item.getMissing relies
 *   on that: it checks a reference to another client against the document's state but looks one
 *   to its own client up directly, and that lookup throws (a TypeError or "Unexpected case").
 *   Such an item need not fail when it arrives: waiting for a gap in its client's clocks, it was
 *   accepted and stored as it came; then the write that filled the gap was refused half applied,
 *   and every compaction (which merges the stored rows into a fresh document) failed, for good.
 * - A struct of length 0 (empty content, a GC or skip of no clocks). Yjs's struct store assumes
 *   every struct covers a clock: an empty one breaks its lookups (a deleted-content item of length
 *   0 throws at once, half applied, and the stored document then differs from the live one).
 */
function assertReasonableContent(structs: DecodedStruct[], limits: UpdateStructureLimits): void {
  for (const struct of structs) {
    if (struct.length === 0) throw new MalformedMessageError("empty struct");
    if (!(struct instanceof Y.Item)) continue;
    const { id, origin, rightOrigin, parent } = struct;
    for (const reference of [origin, rightOrigin, parent instanceof Y.ID ? parent : null]) {
      if (reference !== null && reference.client === id.client && reference.clock >= id.clock) {
        throw new MalformedMessageError("refers ahead of itself");
      }
    }
    const content = struct.content;
    // Refused by scanUpdate already; kept so that this never depends on the order of checks.
    if (content instanceof Y.ContentDoc) throw new MalformedMessageError("subdocument");
    const values =
      content instanceof Y.ContentAny || content instanceof Y.ContentJSON
        ? content.arr
        : content instanceof Y.ContentEmbed
          ? [content.embed]
          : content instanceof Y.ContentFormat
            ? [content.value]
            : null;
    if (values && values.some((value) => isNestedDeeperThan(value, limits.maxValueDepth))) {
      throw new MalformedMessageError("value nested too deeply");
    }
  }
}

/**
 * Whether arrays and objects nest more than `maxDepth` levels in a decoded (acyclic) value.
 * Iterative: the point is to survive values nested deeper than the stack.
 */
export function isNestedDeeperThan(value: unknown, maxDepth: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.value === null || typeof next.value !== "object" || next.value instanceof Uint8Array) continue;
    const depth = next.depth + 1;
    if (depth > maxDepth) return true;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth });
  }
  return false;
}

/** One client's entry in an awareness update. A null state says the client left. */
export type AwarenessEntry = { clientId: number; clock: number; isRemoval: boolean };

const NULL_STATE = new TextEncoder().encode("null");

/**
 * The entries of an awareness update, without parsing the states (cheap enough for the echoes
 * y-websocket sends back of every presence change it receives). Strict: nothing may follow the
 * last entry. Throws MalformedMessageError.
 */
export function readAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i += 1) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state = decoding.readVarUint8Array(decoder);
      entries.push({ clientId, clock, isRemoval: state.length === NULL_STATE.length && state.every((b, j) => b === NULL_STATE[j]) });
    }
    if (decoding.hasContent(decoder)) throw new MalformedMessageError("trailing bytes in awareness update");
    return entries;
  } catch (error) {
    if (error instanceof MalformedMessageError) throw error;
    throw new MalformedMessageError("undecodable awareness update");
  }
}

/**
 * Checks the states of an awareness update as y-protocols will read them: JSON, nested no deeper
 * than `maxValueDepth` (y-protocols and our broadcast stringify them again, recursively). Throws
 * MalformedMessageError.
 */
export function assertAwarenessStates(update: Uint8Array, maxValueDepth: number): void {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i += 1) {
      decoding.readVarUint(decoder);
      decoding.readVarUint(decoder);
      const state: unknown = JSON.parse(decoding.readVarString(decoder));
      if (isNestedDeeperThan(state, maxValueDepth)) throw new MalformedMessageError("awareness state nested too deeply");
    }
  } catch (error) {
    if (error instanceof MalformedMessageError) throw error;
    throw new MalformedMessageError("undecodable awareness state");
  }
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  syncProtocol.writeSyncStep2(encoder, doc, stateVector);
  return encoding.toUint8Array(encoder);
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function encodeAwareness(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageAwareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

export function encodeSaved(storedCount: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSaved);
  encoding.writeVarUint(encoder, storedCount);
  return encoding.toUint8Array(encoder);
}
