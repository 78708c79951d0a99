// The stage machine, exhaustively: every (from, to) pair is either in the table below or refused.
import { describe, expect, it } from "vitest";
import { CaseStage } from "../../../prisma/generated/sqlite/enums.ts";
import { DomainError } from "../errors";
import {
  CASE_STAGES,
  OPEN_STAGES,
  TERMINAL_STAGES,
  allowedNextStages,
  assertStageTransition,
  isTerminalStage,
} from "./case-stage";

const ALLOWED: [string, string][] = [
  ["NEED_IDENTIFIED", "ASSESSMENT"],
  ["ASSESSMENT", "PLANNING"],
  ["PLANNING", "PLAN_IN_FORCE"],
  ["PLAN_IN_FORCE", "MONITORING"],
  ["MONITORING", "PLANNING"],
];
const isAllowed = (from: string, to: string) => ALLOWED.some(([f, t]) => f === from && t === to);

function refusal(from: (typeof CASE_STAGES)[number], to: (typeof CASE_STAGES)[number]): DomainError | null {
  try {
    assertStageTransition(from, to);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
}

describe("case stages", () => {
  it("cover every stage of the schema, the terminal ones last", () => {
    expect([...CASE_STAGES].sort()).toEqual(Object.values(CaseStage).sort());
    expect(TERMINAL_STAGES).toEqual(["CLOSED", "HANDED_OVER"]);
    expect([...OPEN_STAGES, ...TERMINAL_STAGES]).toEqual([...CASE_STAGES]);
  });

  for (const from of CASE_STAGES) {
    for (const to of CASE_STAGES) {
      const expected = isAllowed(from, to);
      it(`${from} → ${to}: ${expected ? "allowed" : "refused"}`, () => {
        const error = refusal(from, to);
        if (expected) {
          expect(error).toBeNull();
          expect(allowedNextStages(from)).toContain(to);
          return;
        }
        expect(error?.code).toBe("INVALID_STATE");
        expect(allowedNextStages(from)).not.toContain(to);
        if (isTerminalStage(from)) expect(error?.messageKey).toBe("case.closedNoChanges");
        else if (to === "CLOSED") expect(error?.messageKey).toBe("case.stageUseClose");
        else if (to === "HANDED_OVER") expect(error?.messageKey).toBe("case.stageUseHandover");
        else expect(error).toMatchObject({ messageKey: "case.stageTransitionNotAllowed", params: { from, to } });
      });
    }
  }

  it("offer no next stage from a terminal stage, and exactly one from every open stage", () => {
    for (const stage of TERMINAL_STAGES) expect(allowedNextStages(stage)).toEqual([]);
    for (const stage of OPEN_STAGES) expect(allowedNextStages(stage)).toHaveLength(1);
  });
});
