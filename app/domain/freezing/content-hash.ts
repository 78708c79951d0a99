// One freezing capability for everything that must never change silently: approved meeting
// records now, signed case plans and cooperation agreements later. Content is reduced to
// canonical JSON (keys sorted, no insignificant white space) and hashed with SHA-256, so the same
// content always gives the same hash and any later change of a stored copy is detectable.
import { createHash } from "node:crypto";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Canonical JSON: object keys sorted by code point, arrays in order, numbers as JSON writes them. */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value)) throw new Error("canonicalJson: non-finite number");
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys
    .filter((k) => value[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as JsonValue)}`)
    .join(",")}}`;
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** The hash of a frozen version, chained to the previous version's hash (or null for the first). */
export function contentHash(content: JsonValue, previousHash: string | null = null): string {
  return sha256Hex(canonicalJson({ content, previousHash }));
}
