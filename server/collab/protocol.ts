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

export type UpdateStructureLimits = Pick<CollabLimits, "maxUpdateClients" | "maxUpdateStructs" | "maxValueDepth">;

/**
 * Throws MalformedMessageError; the message text names the defect, never the content. Limits
 * not given are the defaults.
 */
export function decodeClientMessage(data: Uint8Array, structureLimits: Partial<UpdateStructureLimits> = {}): ClientMessage {
  const limits: UpdateStructureLimits = {
    maxUpdateClients: structureLimits.maxUpdateClients ?? DEFAULT_COLLAB_LIMITS.maxUpdateClients,
    maxUpdateStructs: structureLimits.maxUpdateStructs ?? DEFAULT_COLLAB_LIMITS.maxUpdateStructs,
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
      // Decoding in full first means a corrupt update is refused before Y.applyUpdate could
      // integrate half of it. Only the V1 format is ever decoded: y-websocket sends nothing
      // else, and the V2 decoder can be made to loop for ever by a few bytes (yjs issue 687).
      const decoded = Y.decodeUpdate(payload);
      assertReasonableStructure(decoded, limits);
      return { type: "update", update: payload, structs: decoded.structs, deletes: decoded.ds.clients };
    }
    default:
      throw new MalformedMessageError("unknown sync message type");
  }
}

/** See CollabLimits: refuse updates built to make applying or serving them expensive. */
function assertReasonableStructure(
  decoded: { structs: DecodedStruct[]; ds: { clients: Map<number, unknown> } },
  limits: UpdateStructureLimits,
): void {
  if (decoded.structs.length > limits.maxUpdateStructs) throw new MalformedMessageError("too many structs");
  const clients = new Set<number>();
  for (const struct of decoded.structs) clients.add(struct.id.client);
  for (const client of decoded.ds.clients.keys()) clients.add(client);
  if (clients.size > limits.maxUpdateClients) throw new MalformedMessageError("too many clients");
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    const content = struct.content;
    // This app never uses subdocuments; their options would go straight into a new Y.Doc.
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
