import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { MalformedMessageError, decodeClientMessage, encodeSaved, messageSaved } from "./protocol.ts";

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
    expect(decodeClientMessage(update)).toEqual({ type: "update", update: Y.encodeStateAsUpdate(doc) });

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

  it("refuses an update made of more structs than the limit", () => {
    const doc = new Y.Doc();
    const map = doc.getMap("decisions");
    // Each key is its own struct: nothing merges.
    for (let i = 0; i < 60; i++) map.set(`k${i}`, i);
    expect(() => decodeClientMessage(updateMessage(Y.encodeStateAsUpdate(doc)), limits)).toThrow("too many structs");
  });
});
