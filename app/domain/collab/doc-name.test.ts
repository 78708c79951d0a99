import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import { DocNameSchema, MEETING_DOC_KINDS, formatDocName, parseDocName, type DocRef } from "./doc-name.ts";

const meetingId = "clx0meeting0000000001";
const planId = "clx0plan00000000000001";

describe("formatDocName / parseDocName", () => {
  it.each(MEETING_DOC_KINDS)("round-trips the meeting %s document", (kind) => {
    const ref: DocRef = { kind, meetingId };
    const name = formatDocName(ref);
    expect(name).toBe(`meeting.${meetingId}.${kind}`);
    expect(parseDocName(name)).toEqual(ref);
  });

  it("round-trips a plan document", () => {
    const name = formatDocName({ kind: "plan", planId });
    expect(name).toBe(`plan.${planId}`);
    expect(parseDocName(name)).toEqual({ kind: "plan", planId });
  });

  it("accepts ids of 8 and 40 characters", () => {
    expect(parseDocName("plan.abcdefgh")).toEqual({ kind: "plan", planId: "abcdefgh" });
    expect(parseDocName(`plan.${"a".repeat(40)}`)).not.toBeNull();
  });

  it.each([
    "",
    "plan",
    "plan.",
    "plan.abcdefg", // 7 characters
    `plan.${"a".repeat(41)}`,
    "plan.ABCDEFGH",
    "plan.abcd-efgh",
    "plan.abcdefgh.minutes",
    "plan.abcdefgh ",
    " plan.abcdefgh",
    "plan.abcdefgh\n",
    "meeting.abcdefgh",
    "meeting.abcdefgh.notes",
    "meeting.abcdefgh.room.extra",
    "meeting.abcdefgh.minutes",
    "meeting..minutes",
    "meeting.abcdefgh.Room",
    "meeting/abcdefgh/room",
    "../plan.abcdefgh",
    "meeting.abcdefgh.plan",
    "case.abcdefgh",
    `plan.${"a".repeat(10_000)}`,
  ])("rejects %j", (name) => {
    expect(parseDocName(name)).toBeNull();
  });

  it("gives the ref through the zod schema for boundaries", () => {
    expect(DocNameSchema.parse(`meeting.${meetingId}.room`)).toEqual({ kind: "room", meetingId });
    expect(DocNameSchema.safeParse("nope").success).toBe(false);
  });

  it("refuses to format an invalid ref with a VALIDATION error", () => {
    const bad = [
      { kind: "plan", planId: "short" },
      { kind: "room", meetingId: "has.dot.in.it" },
      { kind: "notes", meetingId },
      { kind: "plan", meetingId },
      { kind: "room", meetingId, planId },
    ] as unknown as DocRef[];
    for (const ref of bad) {
      try {
        formatDocName(ref);
        expect.unreachable(`formatted ${JSON.stringify(ref)}`);
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).code).toBe("VALIDATION");
      }
    }
  });
});
