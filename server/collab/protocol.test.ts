import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import {
  YJS_ISSUE_479_UPDATE,
  YJS_ISSUE_687_UPDATE,
  awarenessPayload,
  deepJson,
  encodeUpdateV1,
  syncMessage,
} from "../../tests/support/collab-fuzz.ts";
import {
  MalformedMessageError,
  assertAwarenessStates,
  decodeClientMessage,
  encodeSaved,
  isNestedDeeperThan,
  messageSaved,
  readAwarenessEntries,
  scanUpdate,
} from "./protocol.ts";

function message(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

describe("decodeClientMessage", () => {
  const doc = new Y.Doc();
  doc.getText("body").insert(0, "tere");

  it("decodes what a y-websocket client sends", () => {
    const step1 = message((e) => {
      encoding.writeVarUint(e, 0);
      syncProtocol.writeSyncStep1(e, doc);
    });
    expect(decodeClientMessage(step1)).toEqual({ type: "sync-step-1", stateVector: Y.encodeStateVector(doc) });

    const step2 = message((e) => {
      encoding.writeVarUint(e, 0);
      syncProtocol.writeSyncStep2(e, doc);
    });
    expect(decodeClientMessage(step2)).toMatchObject({ type: "update" });

    const update = message((e) => {
      encoding.writeVarUint(e, 0);
      syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(doc));
    });
    expect(decodeClientMessage(update)).toMatchObject({ type: "update", update: Y.encodeStateAsUpdate(doc) });

    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState({ cursor: 1 });
    const presence = message((e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]));
    });
    expect(decodeClientMessage(presence)).toMatchObject({ type: "awareness" });
    awareness.destroy();

    expect(decodeClientMessage(Uint8Array.from([messageSaved]))).toEqual({ type: "saved-hello" });
  });

  it.each([
    ["empty", []],
    ["unknown type", [42]],
    ["auth message", [2, 0]],
    ["query awareness", [3]],
    ["unknown sync type", [0, 9, 0]],
    ["truncated payload", [0, 2, 200, 1, 2]],
    ["not an update", [0, 2, 4, 255, 255, 255, 255]],
    ["trailing bytes", [0, 0, 1, 0, 7]],
    ["saved with payload", [messageSaved, 1]],
  ])("refuses %s", (_label, bytes) => {
    expect(() => decodeClientMessage(Uint8Array.from(bytes))).toThrow(MalformedMessageError);
  });

  it("encodes the saved counter as a varUint after the type", () => {
    expect(Array.from(encodeSaved(3))).toEqual([messageSaved, 3]);
    expect(Array.from(encodeSaved(300))).toEqual([messageSaved, 0xac, 0x02]);
  });
});

describe("update structure limits", () => {
  const limits = { maxUpdateClients: 4, maxUpdateStructs: 50 };
  function updateMessage(update: Uint8Array) {
    return message((e) => {
      encoding.writeVarUint(e, 0);
      syncProtocol.writeUpdate(e, update);
    });
  }

  it("accepts an honest update with one client, however much text it carries", () => {
    const doc = new Y.Doc();
    doc.getText("minutes").insert(0, "Otsus: koduteenus õhtuti. ".repeat(2000));
    expect(decodeClientMessage(updateMessage(Y.encodeStateAsUpdate(doc)), limits)).toMatchObject({ type: "update" });
  });

  it("refuses an update from more invented clients than the limit", () => {
    const merged = Y.mergeUpdates(
      Array.from({ length: 5 }, () => {
        const doc = new Y.Doc();
        doc.getText("minutes").insert(0, "x");
        return Y.encodeStateAsUpdate(doc);
      }),
    );
    expect(() => decodeClientMessage(updateMessage(merged), limits)).toThrow(MalformedMessageError);
    expect(() => decodeClientMessage(updateMessage(merged), limits)).toThrow("too many clients");
  });

  it("counts only the clients that bring structs: a delete set may name every session that ever deleted", () => {
    // As a reconnecting client's sync step 2 of a long-lived document: no new structs, and the
    // document's whole delete set, here of 10 sessions (limit 4).
    const server = new Y.Doc();
    for (let session = 0; session < 10; session++) {
      const client = new Y.Doc();
      Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
      client.getText("minutes").insert(0, "abc");
      client.getText("minutes").delete(1, 1);
      Y.applyUpdate(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)));
    }
    const step2 = Y.encodeStateAsUpdate(server, Y.encodeStateVector(server));
    const decoded = decodeClientMessage(updateMessage(step2), limits);
    expect(decoded).toMatchObject({ type: "update", structs: [] });
    expect(decoded.type === "update" && decoded.deletes.size).toBe(10);
  });

  it("refuses a delete set of more ranges than the limit", () => {
    const ranges = Array.from({ length: 11 }, (_, i): [number, number] => [i * 2, 1]);
    const update = encodeUpdateV1([], [{ client: 5, ranges }]);
    expect(() => decodeClientMessage(updateMessage(update), { ...limits, maxUpdateDeleteRanges: 10 })).toThrow(
      "too many deletions",
    );
    expect(() =>
      decodeClientMessage(updateMessage(encodeUpdateV1([], [{ client: 5, ranges: ranges.slice(1) }])), {
        ...limits,
        maxUpdateDeleteRanges: 10,
      }),
    ).not.toThrow();
  });

  it("refuses deletions as Yjs never writes them: overlapping, unsorted, or a client twice", () => {
    const roomy = { ...limits, maxUpdateDeleteRanges: 100 };
    const decode = (deleteSet: Parameters<typeof encodeUpdateV1>[1]) =>
      decodeClientMessage(updateMessage(encodeUpdateV1([], deleteSet)), roomy);
    expect(() => decode([{ client: 5, ranges: [[0, 10], [5, 10]] }])).toThrow("deletions out of order");
    expect(() => decode([{ client: 5, ranges: [[20, 1], [3, 1]] }])).toThrow("deletions out of order");
    expect(() => decode([{ client: 5, ranges: [[0, 1]] }, { client: 5, ranges: [[4, 1]] }])).toThrow(
      "deletions out of order",
    );
    expect(() => decode([{ client: 5, ranges: [[0, 2], [2, 1], [9, 1]] }, { client: 6, ranges: [[0, 1]] }])).not.toThrow();
  });

  it("refuses by the announced struct count before reading the structs", () => {
    // 1,000,000 structs announced, a few bytes of garbage after: refused for the count, which
    // shows that nothing after it was decoded (decoding first would call it undecodable).
    const update = message((e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, 1_000_000);
      encoding.writeVarUint(e, 7);
      encoding.writeVarUint(e, 0);
      encoding.writeUint8Array(e, Uint8Array.of(255, 254, 253));
    });
    expect(() => decodeClientMessage(updateMessage(update), limits)).toThrow("too many structs");
  });

  it("counts the values inside a struct, nested ones included, as structs", () => {
    const item = (values: unknown[]) =>
      updateMessage(encodeUpdateV1([{ client: 7, clock: 0, structs: [{ kind: "item", parent: "m", content: { type: "any", values } }] }]));
    expect(() => decodeClientMessage(item(Array.from({ length: 60 }, (_, i) => i)), limits)).toThrow("too many structs");
    expect(() => decodeClientMessage(item([Array.from({ length: 60 }, () => null)]), limits)).toThrow("too many structs");
    expect(() => decodeClientMessage(item([{ a: [1, 2, { b: "c" }], d: true }]), limits)).not.toThrow();
  });

  it("reads every kind of content a document holds as Yjs does, and refuses one cut short", () => {
    const doc = new Y.Doc();
    const text = doc.getText("minutes");
    text.insert(0, "Otsus", { bold: true, link: { href: "https://example.ee" } });
    text.insertEmbed(5, { image: "x.png" });
    text.insert(6, "õ €", { italic: true });
    text.delete(1, 2);
    const fragment = doc.getXmlFragment("prosemirror");
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.setAttribute("align", "left");
    paragraph.insert(0, [new Y.XmlText("tekst")]);
    // An XML hook (its content carries a key, like an element's); Yjs' types leave it out.
    fragment.insert(0, [paragraph, new Y.XmlHook("hook") as unknown as Y.XmlElement]);
    const map = doc.getMap<unknown>("decisions");
    map.set("binary", Uint8Array.of(1, 2, 3));
    map.set("values", [undefined, null, true, false, -5, 2 ** 40, 1.5, "s", { nested: [1, { x: null }] }]);
    map.set("big", BigInt(7) as unknown as number);
    const array = doc.getArray<unknown>("list");
    array.push([1, "two", { three: 3 }]);
    array.delete(1, 1);
    const update = Y.encodeStateAsUpdate(doc);
    const roomy = { maxUpdateClients: 4, maxUpdateStructs: 1000 };
    expect(decodeClientMessage(updateMessage(update), roomy)).toMatchObject({ type: "update" });
    // Read to the last byte, as Yjs does: every struct was skipped exactly.
    expect(scanUpdate(update, { ...roomy, maxUpdateDeleteRanges: 1000 })).toBe(update.length);
    // Cut anywhere inside the structs, it runs out of bytes: refused, never half read.
    for (const cut of [update.length - 8, Math.floor(update.length / 2), 5]) {
      expect(() => decodeClientMessage(updateMessage(update.slice(0, cut)), roomy)).toThrow(MalformedMessageError);
    }
  });

  it("refuses an update made of more structs than the limit", () => {
    const doc = new Y.Doc();
    const map = doc.getMap("decisions");
    // Each key is its own struct: nothing merges.
    for (let i = 0; i < 60; i++) map.set(`k${i}`, i);
    expect(() => decodeClientMessage(updateMessage(Y.encodeStateAsUpdate(doc)), limits)).toThrow("too many structs");
  });
});

describe("references to the item's own client", () => {
  const roomy = { maxUpdateClients: 64, maxUpdateStructs: 20_000 };
  const update = (payload: Uint8Array) => syncMessage(2, payload);
  const text = (value: string) => ({ type: "string", text: value }) as const;

  it("refuses an item whose parent, origin or right neighbour is its own client's clock or a later one", () => {
    const refused = [
      { kind: "item", parent: { client: 7, clock: 9 }, content: text("p") },
      { kind: "item", origin: { client: 7, clock: 4 }, content: text("o") },
      { kind: "item", rightOrigin: { client: 7, clock: 5 }, content: text("r") },
      { kind: "item", origin: { client: 7, clock: 1 }, rightOrigin: { client: 7, clock: 2 ** 40 }, content: text("r") },
    ] as const;
    for (const struct of refused) {
      expect(() => decodeClientMessage(update(encodeUpdateV1([{ client: 7, clock: 4, structs: [struct] }])), roomy)).toThrow(
        "refers ahead of itself",
      );
    }
    // Other clients' clocks are Yjs's to wait for; earlier clocks of its own are what Yjs writes.
    const accepted = [
      { kind: "item", parent: { client: 8, clock: 9 }, content: text("p") },
      { kind: "item", origin: { client: 7, clock: 3 }, rightOrigin: { client: 8, clock: 9 }, content: text("o") },
      { kind: "item", origin: { client: 7, clock: 3 }, rightOrigin: { client: 7, clock: 0 }, content: text("r") },
    ] as const;
    for (const struct of accepted) {
      expect(decodeClientMessage(update(encodeUpdateV1([{ client: 7, clock: 4, structs: [struct] }])), roomy)).toMatchObject({
        type: "update",
      });
    }
  });

  it("refuses empty structs and empty deletions, which no Yjs writes", () => {
    const refused = [
      { kind: "item", parent: "body", content: text("") },
      { kind: "item", parent: "body", content: { type: "deleted", length: 0 } },
      { kind: "item", parent: "body", content: { type: "any", values: [] } },
      { kind: "gc", length: 0 },
      { kind: "skip", length: 0 },
    ] as const;
    for (const struct of refused) {
      expect(() => decodeClientMessage(update(encodeUpdateV1([{ client: 7, clock: 0, structs: [struct] }])), roomy)).toThrow(
        "empty struct",
      );
    }
    const deletions = (ranges: Array<[number, number]>) =>
      decodeClientMessage(update(encodeUpdateV1([], [{ client: 7, ranges }])), { ...roomy, maxUpdateDeleteRanges: 10 });
    expect(() => deletions([[0, 1], [3, 0]])).toThrow("empty deletion");
    expect(deletions([[0, 1], [3, 1]])).toMatchObject({ type: "update" });
  });

  it("accepts every update honest editing writes, merged, split and diffed as Yjs does", () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => updates.push(u));
    const textType = doc.getText("minutes");
    const decisions = doc.getArray<Y.Map<unknown>>("decisions");
    const fragment = doc.getXmlFragment("prosemirror");
    // Typing in the middle, deleting, formatting, nested types inside nested types.
    for (let i = 0; i < 200; i += 1) {
      textType.insert(Math.floor(textType.length / 2), `sõna${i} `);
      if (i % 3 === 0) textType.delete(Math.floor(textType.length / 3), 2);
      if (i % 7 === 0) textType.format(1, Math.min(5, textType.length - 1), { bold: true });
      if (i % 10 === 0) {
        const decision = new Y.Map<unknown>();
        decisions.insert(Math.floor(decisions.length / 2), [decision]);
        decision.set("text", new Y.Text(`otsus ${i}`));
        (decision.get("text") as Y.Text).insert(2, "—");
        const paragraph = new Y.XmlElement("paragraph");
        fragment.insert(Math.floor(fragment.length / 2), [paragraph]);
        paragraph.insert(0, [new Y.XmlText(`lõik ${i}`)]);
      }
    }
    const honest = [
      ...updates,
      Y.mergeUpdates(updates),
      Y.encodeStateAsUpdate(doc),
      // A client that has the first half: the rest starts inside merged items (sliced).
      Y.diffUpdate(Y.mergeUpdates(updates), Y.encodeStateVectorFromUpdate(Y.mergeUpdates(updates.slice(0, 100)))),
    ];
    for (const payload of honest) {
      expect(decodeClientMessage(update(payload), roomy)).toMatchObject({ type: "update" });
    }
    doc.destroy();
  });
});

describe("the known hostile payloads of the yjs issue tracker", () => {
  it("refuses the garbage update of yjs issue 479", () => {
    for (const syncType of [syncProtocol.messageYjsSyncStep2, syncProtocol.messageYjsUpdate]) {
      expect(() => decodeClientMessage(syncMessage(syncType, YJS_ISSUE_479_UPDATE))).toThrow(MalformedMessageError);
    }
  });

  it("reads the V2 payload of yjs issue 687 as the empty V1 update it is, without running V2 decoding", () => {
    // With Y.mergeUpdatesV2 these 27 bytes never finish: were the server to decode V2, this test would hang.
    const message = decodeClientMessage(syncMessage(syncProtocol.messageYjsUpdate, YJS_ISSUE_687_UPDATE));
    expect(message).toMatchObject({ type: "update", structs: [] });
  });
});

describe("nesting limits", () => {
  // Structs roomy enough for the deepest value below (each bracket counts as a value).
  const limits = { maxValueDepth: 8, maxUpdateStructs: 1_000_000 };
  const itemUpdate = (content: Parameters<typeof encodeUpdateV1>[0][number]["structs"][number]) =>
    syncMessage(2, encodeUpdateV1([{ client: 7, clock: 0, structs: [content] }]));

  it("accepts what honest documents hold: formatted text, decisions with a list of responsible people", () => {
    const doc = new Y.Doc();
    const text = doc.getText("minutes");
    text.insert(0, "Otsus", { bold: true, link: { href: "https://example.ee", target: "_blank" } });
    const decision = new Y.Map<unknown>();
    decision.set("responsible", [{ userId: "u1", name: "Kadri" }]);
    doc.getArray("decisions").push([decision]);
    expect(decodeClientMessage(syncMessage(2, Y.encodeStateAsUpdate(doc)), limits)).toMatchObject({ type: "update" });
  });

  it.each([
    ["an embed", { type: "embed", json: deepJson(9) }],
    ["a formatting attribute", { type: "format", key: "bold", json: deepJson(9, "object") }],
    ["a map value", { type: "any", values: [JSON.parse(deepJson(9))] }],
    // Deeper than JSON.stringify can go: accepted, it would break every later sync.
    ["an embed deeper than the stack", { type: "embed", json: deepJson(100_000) }],
  ] as const)("refuses %s nested deeper than the limit", (_label, content) => {
    const message = itemUpdate({ kind: "item", parent: "body", content });
    expect(() => decodeClientMessage(message, limits)).toThrow("value nested too deeply");
    expect(() =>
      decodeClientMessage(
        itemUpdate({ kind: "item", parent: "body", content: { type: "embed", json: deepJson(8) } }),
        limits,
      ),
    ).not.toThrow();
  });

  it("refuses subdocuments, which this app never uses", () => {
    expect(() =>
      decodeClientMessage(itemUpdate({ kind: "item", parent: "body", content: { type: "doc", guid: "x" } })),
    ).toThrow("subdocument");
  });

  it("measures depth without recursion", () => {
    const deep = JSON.parse(deepJson(200_000)) as unknown;
    expect(isNestedDeeperThan(deep, 199_999)).toBe(true);
    expect(isNestedDeeperThan(deep, 200_000)).toBe(false);
    expect(isNestedDeeperThan({ a: [1, { b: null }] }, 3)).toBe(false);
    expect(isNestedDeeperThan({ a: [1, { b: [] }] }, 3)).toBe(true);
    expect(isNestedDeeperThan("[[[[", 0)).toBe(false);
  });
});

describe("awareness updates", () => {
  it("reads the entries y-protocols writes, a removal included", () => {
    const doc = new Y.Doc();
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState({ user: { name: "Kadri", color: "#0b5394" } });
    const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
    expect(readAwarenessEntries(update)).toEqual([{ clientId: doc.clientID, clock: 1, isRemoval: false }]);
    expect(() => assertAwarenessStates(update, 4)).not.toThrow();
    awareness.setLocalState(null);
    expect(readAwarenessEntries(awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]))).toEqual([
      { clientId: doc.clientID, clock: 2, isRemoval: true },
    ]);
    awareness.destroy();
  });

  it("refuses trailing bytes, states that are not JSON and states nested too deeply", () => {
    const valid = awarenessPayload([{ clientId: 1, clock: 1, json: "{}" }]);
    expect(() => readAwarenessEntries(Uint8Array.from([...valid, 0]))).toThrow(MalformedMessageError);
    expect(() => readAwarenessEntries(YJS_ISSUE_687_UPDATE)).toThrow(MalformedMessageError);
    expect(() => readAwarenessEntries(YJS_ISSUE_479_UPDATE)).toThrow(MalformedMessageError);
    expect(() => assertAwarenessStates(awarenessPayload([{ clientId: 1, clock: 1, json: "{" }]), 4)).toThrow(
      MalformedMessageError,
    );
    expect(() => assertAwarenessStates(awarenessPayload([{ clientId: 1, clock: 1, json: deepJson(5) }]), 4)).toThrow(
      "nested too deeply",
    );
    expect(() =>
      assertAwarenessStates(awarenessPayload([{ clientId: 1, clock: 1, json: deepJson(30_000) }]), 4),
    ).toThrow("nested too deeply");
  });
});
