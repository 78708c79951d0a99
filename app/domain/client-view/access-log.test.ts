import { describe, expect, it } from "vitest";
import { isMessageKey } from "~/i18n";
import {
  ACCESS_LOG_FALLBACK_KEY,
  ACCESS_LOG_MESSAGE_KEYS,
  describeAuditAction,
  isChangeAction,
  subjectUserIdOf,
} from "./access-log";

describe("the client's access log", () => {
  it("has a sentence in the catalogue for every action code it names, and a fallback", () => {
    for (const key of [...Object.values(ACCESS_LOG_MESSAGE_KEYS), ACCESS_LOG_FALLBACK_KEY]) {
      expect(isMessageKey(key), key).toBe(true);
    }
  });

  it("describes known codes and never hides an unknown one", () => {
    expect(describeAuditAction("case.read")).toBe("clientView.log.case.read");
    expect(describeAuditAction("something.new")).toBe(ACCESS_LOG_FALLBACK_KEY);
    expect(describeAuditAction("toString")).toBe(ACCESS_LOG_FALLBACK_KEY);
  });

  it("tells looks from changes", () => {
    expect(isChangeAction("case.read")).toBe(false);
    expect(isChangeAction("case.readClientView")).toBe(false);
    expect(isChangeAction("document.open")).toBe(false);
    expect(isChangeAction("consent.withdraw")).toBe(true);
  });

  it("finds the person an entry was about from its ids, and ignores anything else", () => {
    expect(subjectUserIdOf(JSON.stringify({ recipientUserId: "u1", form: "ORAL" }))).toBe("u1");
    expect(subjectUserIdOf(JSON.stringify({ userId: "u2" }))).toBe("u2");
    expect(subjectUserIdOf(null)).toBeNull();
    expect(subjectUserIdOf("not json")).toBeNull();
    expect(subjectUserIdOf(JSON.stringify({ userId: 5 }))).toBeNull();
  });
});
