// The wire format: y-websocket's messages (sync, awareness) plus our `messageSaved`.
// Decoding is strict, so that anything a y-websocket client would not send is refused
// before it touches a document.
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { messageSaved } from "../../app/lib/collab-saved.ts";
import { WS_CLOSE_CODE_BY_CODE } from "../../app/domain/errors.ts";

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
} as const;

export type ClientMessage =
  | { type: "sync-step-1"; stateVector: Uint8Array }
  /** Sync step 2 and update messages carry the same thing: a Yjs update. */
  | { type: "update"; update: Uint8Array }
  | { type: "awareness"; update: Uint8Array }
  | { type: "saved-hello" };

export class MalformedMessageError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "MalformedMessageError";
  }
}

/** Throws MalformedMessageError; the message text names the defect, never the content. */
export type UpdateStructureLimits = { maxUpdateClients: number; maxUpdateStructs: number };

export function decodeClientMessage(
  data: Uint8Array,
  limits: UpdateStructureLimits = { maxUpdateClients: Infinity, maxUpdateStructs: Infinity },
): ClientMessage {
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
    case syncProtocol.messageYjsUpdate:
      // Decoding in full first means a corrupt update is refused before Y.applyUpdate could
      // integrate half of it.
      assertReasonableStructure(Y.decodeUpdate(payload), limits);
      return { type: "update", update: payload };
    default:
      throw new MalformedMessageError("unknown sync message type");
  }
}

/** See CollabLimits.maxUpdateClients: refuse updates built to make applying them expensive. */
function assertReasonableStructure(
  decoded: { structs: { id: { client: number } }[]; ds: { clients: Map<number, unknown> } },
  limits: UpdateStructureLimits,
): void {
  if (decoded.structs.length > limits.maxUpdateStructs) throw new MalformedMessageError("too many structs");
  const clients = new Set<number>();
  for (const struct of decoded.structs) clients.add(struct.id.client);
  for (const client of decoded.ds.clients.keys()) clients.add(client);
  if (clients.size > limits.maxUpdateClients) throw new MalformedMessageError("too many clients");
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
