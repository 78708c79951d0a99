// Checks of a client's message that need the document it is for: how deep the shared types of
// an update would nest once integrated, whether it would add to what waits for dependencies, and
// whether an awareness update changes anything and may be applied now. protocol.ts checks what
// can be checked from the message alone.
import type * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import type { CollabConnection } from "./collab-connection.ts";
import type { CollabLimits } from "./limits.ts";
import {
  CLOSE_CODE,
  MalformedMessageError,
  assertAwarenessStates,
  readAwarenessEntries,
  type DecodedDeletes,
  type DecodedStruct,
} from "./protocol.ts";

/** Throws MalformedMessageError if the update does not fit the document (see the checks below). */
export function assertUpdateFitsDocument(
  doc: Y.Doc,
  update: { structs: DecodedStruct[]; deletes: DecodedDeletes },
  limits: Pick<CollabLimits, "maxTypeDepth" | "maxPendingBytes" | "maxUpdateStructs">,
): void {
  const index = indexUpdate(update.structs);
  assertTypeDepth(doc, update.structs, limits.maxTypeDepth, index);
  assertPendingRoom(doc, update.deletes, limits.maxPendingBytes, index);
  assertDeletionWork(doc, update.deletes, limits.maxUpdateStructs - update.structs.length);
}

/**
 * Throws MalformedMessageError if the update deletes content still in the document in more
 * ranges than half of `budget` (what maxUpdateStructs leaves after the update's structs): such
 * a deletion may split two items, and splitting costs several microseconds each, where a
 * deletion of what is already deleted (the bulk of every sync step 2) costs next to nothing.
 * The ranges come sorted and without overlap (protocol.ts checks), so this is one walk over
 * the structs they cover.
 */
function assertDeletionWork(doc: Y.Doc, deletes: DecodedDeletes, budget: number): void {
  let live = 0;
  for (const [client, ranges] of deletes) {
    const structs = doc.store.clients.get(client);
    const last = structs?.at(-1);
    if (!structs || !last) continue;
    const state = last.id.clock + last.length;
    let index = 0;
    for (const { clock, len } of ranges) {
      if (clock >= state) break;
      index = Math.max(index, Y.findIndexSS(structs, clock));
      for (; index < structs.length; index += 1) {
        const struct = structs[index] as Y.Item | Y.GC;
        if (struct.id.clock >= clock + len) break;
        if (!struct.deleted) {
          live += 1;
          if (live * 2 > budget) throw new MalformedMessageError("too many structs");
          break;
        }
      }
    }
  }
}

type UpdateIndex = {
  items: Y.Item[];
  /** The struct of the update that holds `id`, if any. */
  find(id: Y.ID): DecodedStruct | null;
  byClient: Map<number, DecodedStruct[]>;
};

function indexUpdate(structs: DecodedStruct[]): UpdateIndex {
  const byClient = new Map<number, DecodedStruct[]>();
  for (const struct of structs) {
    const list = byClient.get(struct.id.client);
    if (list) list.push(struct);
    else byClient.set(struct.id.client, [struct]);
  }
  for (const list of byClient.values()) list.sort((a, b) => a.id.clock - b.id.clock);
  return {
    items: structs.filter((struct): struct is Y.Item => struct instanceof Y.Item),
    byClient,
    find(id) {
      const list = byClient.get(id.client);
      if (!list) return null;
      let low = 0;
      let high = list.length - 1;
      while (low <= high) {
        const middle = (low + high) >> 1;
        const struct = list[middle] as DecodedStruct;
        if (id.clock < struct.id.clock) high = middle - 1;
        else if (id.clock >= struct.id.clock + struct.length) low = middle + 1;
        else return struct;
      }
      return null;
    },
  };
}

/** What one waiting struct or deletion is reckoned to take among the pending structs (V2 bytes). */
const WAITING_ITEM_BYTES = 16;

/**
 * Throws MalformedMessageError if the update would add to the structs and deletions waiting for
 * dependencies (see CollabLimits.maxPendingBytes) while the document already holds
 * `maxPendingBytes` of them, or would alone add more than `maxPendingBytes` of them (reckoning
 * WAITING_ITEM_BYTES each: 1,024 structs and deletions by default). Waiting: a struct after a
 * gap in its client's clocks, one that refers to a struct neither in the document nor in the
 * update, and a deletion of structs not there yet.
 */
function assertPendingRoom(doc: Y.Doc, deletes: DecodedDeletes, maxPendingBytes: number, index: UpdateIndex): void {
  const pendingBytes = (doc.store.pendingStructs?.update.byteLength ?? 0) + (doc.store.pendingDs?.byteLength ?? 0);
  const isFull = pendingBytes >= maxPendingBytes;
  const maxWaiting = Math.floor(maxPendingBytes / WAITING_ITEM_BYTES);
  let waiting = 0;
  const wait = (items: number) => {
    waiting += items;
    if (waiting > maxWaiting || isFull) throw new MalformedMessageError("too much waiting for dependencies");
  };
  // In the document, or in this update as something other than a gap.
  const isPresent = (id: Y.ID) => {
    if (id.clock < Y.getState(doc.store, id.client)) return true;
    const struct = index.find(id);
    return struct !== null && !(struct instanceof Y.Skip);
  };
  const ends = new Map<number, number>();
  for (const [client, list] of index.byClient) {
    let expected = Y.getState(doc.store, client);
    for (const [i, struct] of list.entries()) {
      if (struct instanceof Y.Skip || struct.id.clock > expected) {
        // This one and every later struct of the client wait.
        wait(list.length - i);
        break;
      }
      expected = Math.max(expected, struct.id.clock + struct.length);
    }
    ends.set(client, expected);
  }
  for (const item of index.items) {
    for (const reference of [item.origin, item.rightOrigin, item.parent instanceof Y.ID ? item.parent : null]) {
      if (reference !== null && !isPresent(reference)) wait(1);
    }
  }
  for (const [client, ranges] of deletes) {
    const end = ends.get(client) ?? Y.getState(doc.store, client);
    for (const { clock, len } of ranges) if (clock + len > end) wait(1);
  }
}

/**
 * Throws MalformedMessageError if a shared type created by the update would sit deeper than
 * `maxTypeDepth` (see CollabLimits.maxTypeDepth). A struct's parent is named either directly
 * (a root name or the id of the type item) or through its origin, whose parent it shares; the
 * chain is followed through the update and then the document. An item whose parent is in
 * neither is not integrated now (Yjs keeps it pending) and counts from the root: a chain
 * built entirely out of pending pieces is not caught here.
 */
export function assertTypeDepth(
  doc: Y.Doc,
  structs: DecodedStruct[],
  maxTypeDepth: number,
  index = indexUpdate(structs),
): void {
  const typeItems = index.items.filter((item) => item.content instanceof Y.ContentType);
  if (typeItems.length === 0) return;
  const inUpdate = (id: Y.ID): Y.Item | null => {
    const struct = index.find(id);
    return struct instanceof Y.Item ? struct : null;
  };

  const docTypeDepths = new Map<Y.AbstractType<unknown>, number>();
  /** Depth of an integrated type: 1 for a root's children, … (bounded walk up the parents). */
  const depthOfDocType = (type: Y.AbstractType<unknown>): number => {
    const known = docTypeDepths.get(type);
    if (known !== undefined) return known;
    let depth = 0;
    for (let item = type._item; item !== null && depth <= maxTypeDepth; depth += 1) {
      const parent = item.parent;
      if (!(parent instanceof Y.AbstractType)) break;
      item = parent._item;
    }
    docTypeDepths.set(type, depth);
    return depth;
  };
  /** The depth of the type an integrated struct lives in, or 0 when it has none (GC, missing). */
  const depthInDoc = (id: Y.ID, isParentReference: boolean): number => {
    if (id.clock >= Y.getState(doc.store, id.client)) return 0;
    const struct = Y.getItem(doc.store, id);
    if (!(struct instanceof Y.Item)) return 0;
    if (isParentReference) {
      if (!(struct.content instanceof Y.ContentType)) throw new MalformedMessageError("parent is not a type");
      return depthOfDocType(struct.content.type);
    }
    return struct.parent instanceof Y.AbstractType ? depthOfDocType(struct.parent) : 0;
  };

  // parentDepth(item): how deep the type holding `item` is (0: a root type).
  const parentDepths = new Map<Y.Item, number>();
  const parentDepth = (start: Y.Item): number => {
    const visited: Array<{ item: Y.Item; levels: number }> = [];
    const onPath = new Set<Y.Item>();
    let current = start;
    // Types entered between `start` and `current`: each parent reference adds one level.
    let levels = 0;
    let base: number;
    for (;;) {
      const known = parentDepths.get(current);
      if (known !== undefined) {
        base = known;
        break;
      }
      if (onPath.has(current)) throw new MalformedMessageError("cyclic references");
      onPath.add(current);
      visited.push({ item: current, levels });
      if (levels > maxTypeDepth) {
        base = 0;
        break;
      }
      const parent = current.parent as Y.ID | string | null;
      if (typeof parent === "string") {
        base = 0;
        break;
      }
      const reference = parent ?? current.origin ?? current.rightOrigin;
      if (reference === null) {
        base = 0;
        break;
      }
      const next = inUpdate(reference);
      if (next === null) {
        base = depthInDoc(reference, parent !== null);
        break;
      }
      if (parent !== null) {
        if (!(next.content instanceof Y.ContentType)) throw new MalformedMessageError("parent is not a type");
        levels += 1;
      }
      current = next;
    }
    for (const { item, levels: at } of visited) parentDepths.set(item, base + levels - at);
    return base + levels;
  };

  for (const item of typeItems) {
    if (parentDepth(item) + 1 > maxTypeDepth) throw new MalformedMessageError("types nested too deeply");
  }
}

export type AwarenessVerdict =
  | { action: "apply" }
  /** Nothing to do: an echo of what the server already has, or a change over the rate. */
  | { action: "ignore"; reason: "unchanged" | "rate limited" }
  | { action: "close"; code: number; reason: string };

/**
 * Decides what to do with an awareness update (see CollabLimits.maxAwarenessPerSecond). Throws
 * MalformedMessageError for one that is not a valid awareness update.
 */
export function admitAwarenessUpdate(
  awareness: awarenessProtocol.Awareness,
  connection: CollabConnection,
  update: Uint8Array,
  limits: Pick<CollabLimits, "maxAwarenessBytes" | "maxValueDepth">,
): AwarenessVerdict {
  if (update.byteLength > limits.maxAwarenessBytes) {
    return { action: "close", code: CLOSE_CODE.messageTooBig, reason: "awareness too large" };
  }
  // As y-protocols' applyAwarenessUpdate decides what changes.
  const isChange = readAwarenessEntries(update).some(({ clientId, clock, isRemoval }) => {
    const current = awareness.meta.get(clientId)?.clock ?? 0;
    return current < clock || (current === clock && isRemoval && awareness.states.has(clientId));
  });
  if (!isChange) return { action: "ignore", reason: "unchanged" };
  // Before parsing the states: parsing is the expensive part.
  if (!connection.takeAwarenessToken()) return { action: "ignore", reason: "rate limited" };
  assertAwarenessStates(update, limits.maxValueDepth);
  return { action: "apply" };
}
