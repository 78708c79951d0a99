// The life of a case as an explicit state machine (004 §3; 001 "coordinated service level"):
// need identified → assessment → planning → plan in force → monitoring, and back from monitoring
// to planning when an interim evaluation shows the plan must change. CLOSED and HANDED_OVER end
// the case; they are reached only through closeCase and handOverCase, which have their own rules
// (a reason, open items, the client's feedback, a receiver).
import type { CaseStage } from "~/lib/db-types";
import { DomainError } from "../errors";

export const CASE_STAGES = [
  "NEED_IDENTIFIED",
  "ASSESSMENT",
  "PLANNING",
  "PLAN_IN_FORCE",
  "MONITORING",
  "CLOSED",
  "HANDED_OVER",
] as const satisfies readonly CaseStage[];

export const TERMINAL_STAGES: readonly CaseStage[] = ["CLOSED", "HANDED_OVER"];
/** The stages of a case still being worked on, in their usual order. */
export const OPEN_STAGES: readonly CaseStage[] = CASE_STAGES.filter((s) => !TERMINAL_STAGES.includes(s));

/** What changeCaseStage may do. Terminal stages are absent as targets on purpose. */
const NEXT_STAGES: Record<CaseStage, readonly CaseStage[]> = {
  NEED_IDENTIFIED: ["ASSESSMENT"],
  ASSESSMENT: ["PLANNING"],
  PLANNING: ["PLAN_IN_FORCE"],
  PLAN_IN_FORCE: ["MONITORING"],
  // Re-planning after an interim evaluation (004 §3.4: changes are agreed and signed again).
  MONITORING: ["PLANNING"],
  CLOSED: [],
  HANDED_OVER: [],
};

export function isTerminalStage(stage: CaseStage): boolean {
  return TERMINAL_STAGES.includes(stage);
}

export function allowedNextStages(stage: CaseStage): readonly CaseStage[] {
  return NEXT_STAGES[stage];
}

/** Throws INVALID_STATE unless changeCaseStage may move a case from `from` to `to`. */
export function assertStageTransition(from: CaseStage, to: CaseStage): void {
  if (isTerminalStage(from)) throw new DomainError("INVALID_STATE", "case.closedNoChanges");
  if (to === "CLOSED") throw new DomainError("INVALID_STATE", "case.stageUseClose");
  if (to === "HANDED_OVER") throw new DomainError("INVALID_STATE", "case.stageUseHandover");
  if (!NEXT_STAGES[from].includes(to)) {
    throw new DomainError("INVALID_STATE", "case.stageTransitionNotAllowed", { params: { from, to } });
  }
}
