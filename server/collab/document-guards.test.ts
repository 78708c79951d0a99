import { describe, expect, it } from "vitest";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { awarenessPayload, encodeUpdateV1, typeChainUpdate } from "../../tests/support/collab-fuzz.ts";
import type { CollabConnection } from "./collab-connection.ts";
import { admitAwarenessUpdate, assertTypeDepth, assertUpdateFitsDocument } from "./document-guards.ts";
import { MalformedMessageError } from "./protocol.ts";

const structsOf = (update: Uint8Array) => Y.decodeUpdate(update).structs;

/** A client document that nests maps `depth` deep under the root map "chain", one level per update. */
function chainDoc(depth: number) {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  let deepest = doc.getMap<unknown>("chain");
  for (let level = 0; level < depth; level += 1) {
    const next = new Y.Map<unknown>();
    deepest.set("child", next);
    deepest = next;
  }
  return { doc, updates, deepest };
}

describe("assertTypeDepth", () => {
  it("accepts a chain up to the limit in one update and refuses one level more", () => {
    const server = new Y.Doc();
    expect(() => assertTypeDepth(server, structsOf(typeChainUpdate(1, 64)), 64)).not.toThrow();
    expect(() => assertTypeDepth(server, structsOf(typeChainUpdate(2, 65)), 64)).toThrow("types nested too deeply");
  });

  it("follows the chain into the document, level by level as a client builds it", () => {
    const client = chainDoc(10);
    const server = new Y.Doc();
    for (const update of client.updates) {
      assertTypeDepth(server, structsOf(update), 10);
      Y.applyUpdate(server, update);
    }
    const before = Y.encodeStateVector(client.doc);
    client.deepest.set("child", new Y.Map());
    const eleventh = Y.encodeStateAsUpdate(client.doc, before);
    expect(() => assertTypeDepth(server, structsOf(eleventh), 10)).toThrow(MalformedMessageError);
    expect(() => assertTypeDepth(server, structsOf(eleventh), 11)).not.toThrow();
  });

  it("finds the parent of an item placed by its origin (a second element of a nested array)", () => {
    const client = new Y.Doc();
    const outer = new Y.Map<unknown>();
    client.getMap("root").set("outer", outer);
    const list = new Y.Array<unknown>();
    outer.set("list", list);
    list.push([new Y.Map()]);
    const server = new Y.Doc();
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client));
    const before = Y.encodeStateVector(client);
    // Written with an origin (the first element), not with its parent: list is at depth 2.
    list.push([new Y.Map()]);
    const update = Y.encodeStateAsUpdate(client, before);
    expect(structsOf(update).some((s) => s instanceof Y.Item && s.origin !== null && s.parent === null)).toBe(true);
    expect(() => assertTypeDepth(server, structsOf(update), 2)).toThrow("types nested too deeply");
    expect(() => assertTypeDepth(server, structsOf(update), 3)).not.toThrow();
  });

  it("accepts what a rich-text editor writes", () => {
    const client = new Y.Doc();
    const fragment = client.getXmlFragment("prosemirror");
    const list = new Y.XmlElement("bulletList");
    const item = new Y.XmlElement("listItem");
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText("Tegevus")]);
    item.insert(0, [paragraph]);
    list.insert(0, [item]);
    fragment.insert(0, [list]);
    expect(() => assertTypeDepth(new Y.Doc(), structsOf(Y.encodeStateAsUpdate(client)), 64)).not.toThrow();
  });

  it("refuses a parent that is not a type, and origins that go round in a circle", () => {
    const parentIsText = encodeUpdateV1([
      {
        client: 5,
        clock: 0,
        structs: [
          { kind: "item", parent: "body", content: { type: "string", text: "p" } },
          { kind: "item", parent: { client: 5, clock: 0 }, content: { type: "map" } },
        ],
      },
    ]);
    expect(() => assertTypeDepth(new Y.Doc(), structsOf(parentIsText), 64)).toThrow("parent is not a type");
    const cyclic = encodeUpdateV1([
      {
        client: 6,
        clock: 0,
        structs: [
          { kind: "item", origin: { client: 6, clock: 1 }, content: { type: "map" } },
          { kind: "item", origin: { client: 6, clock: 0 }, content: { type: "map" } },
        ],
      },
    ]);
    expect(() => assertTypeDepth(new Y.Doc(), structsOf(cyclic), 64)).toThrow("cyclic references");
  });

  it("counts an item whose parent is nowhere yet from the root (Yjs keeps it pending)", () => {
    const dangling = encodeUpdateV1([
      { client: 9, clock: 0, structs: [{ kind: "item", parent: { client: 404, clock: 3 }, content: { type: "map" } }] },
    ]);
    expect(() => assertTypeDepth(new Y.Doc(), structsOf(dangling), 1)).not.toThrow();
  });
});

describe("assertUpdateFitsDocument: what waits for dependencies", () => {
  const limits = { maxTypeDepth: 64, maxPendingBytes: 200, maxUpdateStructs: 20_000 };
  const decode = (update: Uint8Array) => {
    const { structs, ds } = Y.decodeUpdate(update);
    return { structs, deletes: ds.clients };
  };
  const dangling = (client: number) =>
    encodeUpdateV1([
      {
        client,
        clock: 0,
        structs: [
          { kind: "item", origin: { client: client + 1_000_000, clock: 3 }, content: { type: "string", text: "x" } },
        ],
      },
    ]);

  it("lets dangling structs in until the document holds its maximum, then only updates that add nothing to wait", () => {
    const server = new Y.Doc();
    const honest = new Y.Doc();
    honest.getText("body").insert(0, "tere");
    Y.applyUpdate(server, Y.encodeStateAsUpdate(honest));
    let client = 100;
    while ((server.store.pendingStructs?.update.byteLength ?? 0) < limits.maxPendingBytes) {
      const update = dangling(client++);
      assertUpdateFitsDocument(server, decode(update), limits);
      Y.applyUpdate(server, update);
    }
    expect(() => assertUpdateFitsDocument(server, decode(dangling(client++)), limits)).toThrow(
      "too much waiting for dependencies",
    );
    // A gap in a client's clocks, and deleting what is not there yet, would wait too.
    const gap = encodeUpdateV1([{ client: client++, clock: 5, structs: [{ kind: "gc", length: 1 }] }]);
    expect(() => assertUpdateFitsDocument(server, decode(gap), limits)).toThrow("too much waiting for dependencies");
    const unknownDelete = encodeUpdateV1([], [{ client: client++, ranges: [[0, 3]] }]);
    expect(() => assertUpdateFitsDocument(server, decode(unknownDelete), limits)).toThrow(
      "too much waiting for dependencies",
    );

    // Honest editing goes on: everything it refers to is there.
    const before = Y.encodeStateVector(honest);
    honest.getText("body").insert(2, "-");
    honest.getText("body").delete(0, 1);
    expect(() => assertUpdateFitsDocument(server, decode(Y.encodeStateAsUpdate(honest, before)), limits)).not.toThrow();
    // And a newcomer's first update, which refers to nothing.
    const newcomer = new Y.Doc();
    newcomer.getMap("decisions").set("d1", "Kokkulepe");
    expect(() => assertUpdateFitsDocument(server, decode(Y.encodeStateAsUpdate(newcomer)), limits)).not.toThrow();
  });
});

describe("assertUpdateFitsDocument: how much an update makes the server do", () => {
  const decode = (update: Uint8Array) => {
    const { structs, ds } = Y.decodeUpdate(update);
    return { structs, deletes: ds.clients };
  };

  it("refuses, however little the document holds pending, an update that alone would leave too much waiting", () => {
    const limits = { maxTypeDepth: 64, maxPendingBytes: 160, maxUpdateStructs: 20_000 };
    // 160 bytes at 16 per waiting deletion: 10 may wait, 11 may not.
    const deletions = (count: number) =>
      encodeUpdateV1([], [{ client: 4242, ranges: Array.from({ length: count }, (_, i): [number, number] => [i * 2, 1]) }]);
    expect(() => assertUpdateFitsDocument(new Y.Doc(), decode(deletions(10)), limits)).not.toThrow();
    expect(() => assertUpdateFitsDocument(new Y.Doc(), decode(deletions(11)), limits)).toThrow(
      "too much waiting for dependencies",
    );
  });

  it("counts deletions of content still there against the struct budget, not those of what is gone already", () => {
    const limits = { maxTypeDepth: 64, maxPendingBytes: 16 * 1024, maxUpdateStructs: 20 };
    const server = new Y.Doc();
    const client = new Y.Doc();
    const text = client.getText("body");
    // One item per character: inserted at the front, they never merge.
    for (let i = 0; i < 40; i++) text.insert(0, "x");
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client));
    // Every other character deleted: 20 separate ranges of content the server still has,
    // each of which may split items (counted twice): over a budget of 20.
    const before = Y.encodeStateVector(client);
    client.transact(() => {
      for (let i = 38; i >= 0; i -= 2) text.delete(i, 1);
    });
    const deletion = decode(Y.encodeStateAsUpdate(client, before));
    expect(deletion.deletes.get(client.clientID)).toHaveLength(20);
    expect(() => assertUpdateFitsDocument(server, deletion, limits)).toThrow("too many structs");
    expect(() => assertUpdateFitsDocument(server, deletion, { ...limits, maxUpdateStructs: 40 })).not.toThrow();
    // Once the server has them, the same delete set (as in every reconnecting client's sync
    // step 2) costs nothing and fits any budget.
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client, before));
    expect(() => assertUpdateFitsDocument(server, deletion, { ...limits, maxUpdateStructs: 1 })).not.toThrow();
  });
});

describe("admitAwarenessUpdate", () => {
  const limits = { maxAwarenessBytes: 1024, maxValueDepth: 8 };
  function connectionWithTokens(tokens: number) {
    let left = tokens;
    return { takeAwarenessToken: () => left-- > 0 } as unknown as CollabConnection;
  }

  it("applies a change, ignores an echo of what the server has without spending a token, drops changes over the rate", () => {
    const awareness = new awarenessProtocol.Awareness(new Y.Doc());
    const connection = connectionWithTokens(1);
    const first = awarenessPayload([{ clientId: 42, clock: 1, json: '{"cursor":1}' }]);
    expect(admitAwarenessUpdate(awareness, connection, first, limits)).toEqual({ action: "apply" });
    awarenessProtocol.applyAwarenessUpdate(awareness, first, connection);
    expect(admitAwarenessUpdate(awareness, connection, first, limits)).toEqual({
      action: "ignore",
      reason: "unchanged",
    });
    const second = awarenessPayload([{ clientId: 42, clock: 2, json: '{"cursor":2}' }]);
    expect(admitAwarenessUpdate(awareness, connection, second, limits)).toEqual({
      action: "ignore",
      reason: "rate limited",
    });
    // Leaving (a null state at the same clock) is a change too.
    expect(
      admitAwarenessUpdate(
        awareness,
        connectionWithTokens(1),
        awarenessPayload([{ clientId: 42, clock: 1, json: "null" }]),
        limits,
      ),
    ).toEqual({
      action: "apply",
    });
    awareness.destroy();
  });

  it("closes with 1009 over the size limit and refuses deep states", () => {
    const awareness = new awarenessProtocol.Awareness(new Y.Doc());
    const big = awarenessPayload([{ clientId: 1, clock: 1, json: JSON.stringify({ note: "x".repeat(2000) }) }]);
    expect(admitAwarenessUpdate(awareness, connectionWithTokens(9), big, limits)).toEqual({
      action: "close",
      code: 1009,
      reason: "awareness too large",
    });
    const deep = awarenessPayload([{ clientId: 1, clock: 1, json: "[".repeat(9) + "]".repeat(9) }]);
    expect(() => admitAwarenessUpdate(awareness, connectionWithTokens(9), deep, limits)).toThrow("nested too deeply");
    awareness.destroy();
  });
});
