// The plan version state machine (decision record 011), every status × every event, and the
// rules around it: only a DRAFT is edited, only a SIGNING version over its own hash is signed,
// one open version per case, amendments from the version in force or a withdrawn one.
import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import {
  PLAN_EVENTS,
  amendmentBase,
  assertMayStartPlan,
  assertNoOpenVersion,
  assertPlanEditable,
  assertPlanSignable,
  isFullySigned,
  isPlanTransitionAllowed,
  nextPlanStatus,
  nextVersionNumber,
  type PlanEvent,
} from "./plan-rules";
import { PLAN_VERSION_STATUSES, type PlanVersionStatus } from "./plan-schemas";

const ALLOWED: Record<string, PlanVersionStatus> = {
  "DRAFT send": "SIGNING",
  "DRAFT discard": "DISCARDED",
  "SIGNING complete": "IN_FORCE",
  "SIGNING withdraw": "WITHDRAWN",
  "IN_FORCE supersede": "SUPERSEDED",
};

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a DomainError");
}

const HASH = "a".repeat(64);

describe("plan version transitions", () => {
  const pairs = PLAN_VERSION_STATUSES.flatMap((from) => PLAN_EVENTS.map((event) => [from, event] as const));

  it("covers every status and event (6 × 5)", () => {
    expect(pairs).toHaveLength(30);
  });

  it.each(pairs)("%s --%s-->", (from: PlanVersionStatus, event: PlanEvent) => {
    const expected = ALLOWED[`${from} ${event}`];
    expect(isPlanTransitionAllowed(from, event)).toBe(expected !== undefined);
    if (expected) {
      expect(nextPlanStatus(from, event)).toBe(expected);
      return;
    }
    const error = errorOf(() => nextPlanStatus(from, event));
    // A version in force, or one it replaced, is frozen for good; anything else is the wrong state.
    if (from === "IN_FORCE" || from === "SUPERSEDED")
      expect([error.code, error.messageKey]).toEqual(["FROZEN", "plans.frozen"]);
    else expect([error.code, error.messageKey]).toEqual(["INVALID_STATE", `plans.notAllowedWhen.${from}`]);
  });

  it("the terminal states have no way out", () => {
    for (const from of ["SUPERSEDED", "WITHDRAWN", "DISCARDED"] as const)
      expect(PLAN_EVENTS.filter((e) => isPlanTransitionAllowed(from, e))).toEqual([]);
  });
});

describe("editing", () => {
  it.each(PLAN_VERSION_STATUSES)("a %s version", (status) => {
    if (status === "DRAFT") return expect(() => assertPlanEditable(status)).not.toThrow();
    const error = errorOf(() => assertPlanEditable(status));
    expect(error.code).toBe(status === "DISCARDED" ? "INVALID_STATE" : "FROZEN");
  });
});

describe("signing", () => {
  it("only a SIGNING version, over its own hash", () => {
    expect(() => assertPlanSignable({ status: "SIGNING", contentHash: HASH }, HASH)).not.toThrow();
    expect(errorOf(() => assertPlanSignable({ status: "SIGNING", contentHash: HASH }, "b".repeat(64))).messageKey).toBe(
      "plans.staleVersion",
    );
  });

  it.each(["IN_FORCE", "SUPERSEDED", "WITHDRAWN"] as const)(
    "a %s version is stale for a signer (CONFLICT)",
    (status) => {
      const error = errorOf(() => assertPlanSignable({ status, contentHash: HASH }, HASH));
      expect([error.code, error.messageKey]).toEqual(["CONFLICT", "plans.staleVersion"]);
    },
  );

  it.each(["DRAFT", "DISCARDED"] as const)("a %s version was never out for signing", (status) => {
    expect(errorOf(() => assertPlanSignable({ status, contentHash: null }, HASH)).code).toBe("INVALID_STATE");
  });

  it("is complete only when every signatory signed; a refusal keeps it open", () => {
    expect(isFullySigned(["a", "b"], [{ signatoryId: "a", decision: "SIGNED" }])).toBe(false);
    expect(
      isFullySigned(
        ["a", "b"],
        [
          { signatoryId: "a", decision: "SIGNED" },
          { signatoryId: "b", decision: "REFUSED" },
        ],
      ),
    ).toBe(false);
    expect(
      isFullySigned(
        ["a", "b"],
        [
          { signatoryId: "b", decision: "SIGNED" },
          { signatoryId: "a", decision: "SIGNED" },
        ],
      ),
    ).toBe(true);
    expect(isFullySigned([], [])).toBe(false);
  });
});

describe("starting and amending", () => {
  const v = (number: number, status: PlanVersionStatus) => ({ id: `v${number}`, number, status });

  it("a first plan starts when nothing is open or in force", () => {
    expect(() => assertMayStartPlan([])).not.toThrow();
    expect(() => assertMayStartPlan([v(1, "DISCARDED"), v(2, "WITHDRAWN")])).not.toThrow();
    expect(errorOf(() => assertMayStartPlan([v(1, "DRAFT")])).messageKey).toBe("plans.openVersionExists");
    expect(errorOf(() => assertMayStartPlan([v(1, "SIGNING")])).messageKey).toBe("plans.openVersionExists");
    expect(errorOf(() => assertMayStartPlan([v(1, "IN_FORCE")])).messageKey).toBe("plans.useAmendment");
  });

  it("one open version per case", () => {
    expect(() => assertNoOpenVersion([v(1, "IN_FORCE"), v(2, "WITHDRAWN")])).not.toThrow();
    expect(errorOf(() => assertNoOpenVersion([v(1, "IN_FORCE"), v(2, "DRAFT")])).code).toBe("CONFLICT");
  });

  it("an amendment starts from the version in force, or a newer withdrawn one", () => {
    expect(amendmentBase([v(1, "IN_FORCE")]).id).toBe("v1");
    expect(amendmentBase([v(1, "IN_FORCE"), v(2, "WITHDRAWN")]).id).toBe("v2");
    expect(amendmentBase([v(1, "WITHDRAWN"), v(2, "IN_FORCE")]).id).toBe("v2");
    expect(amendmentBase([v(1, "WITHDRAWN"), v(2, "DISCARDED")]).id).toBe("v1");
    expect(amendmentBase([v(1, "SUPERSEDED"), v(2, "IN_FORCE"), v(3, "WITHDRAWN")], "v2").id).toBe("v2");
    expect(errorOf(() => amendmentBase([])).messageKey).toBe("plans.nothingToAmend");
    expect(errorOf(() => amendmentBase([v(1, "DISCARDED")])).messageKey).toBe("plans.nothingToAmend");
    expect(errorOf(() => amendmentBase([v(1, "SUPERSEDED"), v(2, "IN_FORCE")], "v1")).messageKey).toBe(
      "plans.amendNotFrom.SUPERSEDED",
    );
    expect(errorOf(() => amendmentBase([v(1, "IN_FORCE"), v(2, "SIGNING")])).code).toBe("CONFLICT");
    expect(errorOf(() => amendmentBase([v(1, "IN_FORCE")], "nope")).code).toBe("NOT_FOUND");
  });

  it("numbers versions 1, 2, 3 …", () => {
    expect(nextVersionNumber([])).toBe(1);
    expect(nextVersionNumber([v(1, "DISCARDED"), v(3, "DRAFT")])).toBe(4);
  });
});
