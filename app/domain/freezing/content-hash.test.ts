import { describe, expect, it } from "vitest";
import { canonicalJson, contentHash, sha256Hex } from "./content-hash";

describe("canonicalJson", () => {
  it("sorts keys at every depth and keeps array order", () => {
    expect(canonicalJson({ b: 1, a: [{ d: true, c: null }, "õ"] })).toBe('{"a":[{"c":null,"d":true},"õ"],"b":1}');
  });

  it("refuses numbers JSON cannot carry", () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/non-finite/);
  });
});

describe("contentHash", () => {
  it("is the same for the same content whatever the key order", () => {
    expect(contentHash({ a: 1, b: "x" })).toBe(contentHash({ b: "x", a: 1 }));
  });

  it("changes when one letter of the content changes", () => {
    expect(contentHash({ text: "Otsus: koduteenus" })).not.toBe(contentHash({ text: "Otsus: koduteenuS" }));
  });

  it("chains the previous version's hash", () => {
    const first = contentHash({ v: 1 });
    expect(contentHash({ v: 2 }, first)).not.toBe(contentHash({ v: 2 }, null));
    expect(first).toBe(sha256Hex('{"content":{"v":1},"previousHash":null}'));
  });
});
