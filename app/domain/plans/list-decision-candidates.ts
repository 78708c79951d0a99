import { z } from "zod";
import type { DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { formatDocName } from "../collab/doc-name";
import { readStoredDoc } from "../collab/stored-document";
import { parseInput } from "../parse-input";
import { parseRecordContent } from "../records/record-schemas";
import { readRoomContent } from "../room/room-doc";
import { findVersion, planDocName, planNotFound, requirePlanAccess } from "./plan-queries";
import { readPlanDoc } from "./plan-doc";
import { hasActivityFromDecision, parsePlanContent, type DecisionCandidate, type PlanActivity } from "./plan-schemas";

export const ListDecisionCandidatesSchema = z.object({
  caseId: z.string().regex(/^[a-z0-9]{8,40}$/, "plans.notFound"),
  /** The version being drafted: candidates already taken into it are marked isInPlan. */
  versionId: z
    .string()
    .regex(/^[a-z0-9]{8,40}$/, "plans.notFound")
    .optional(),
});
export type ListDecisionCandidatesInput = z.input<typeof ListDecisionCandidatesSchema>;

/**
 * The decisions of the case's meetings that can become plan activities in one step (issue 6):
 * the planned steps of each meeting's record, and for a meeting that has begun but has no record
 * yet, the decisions written in its room. Newest meeting first, each meeting's decisions in their
 * order. Cancelled meetings have none. Only those who may edit the plan ask for them.
 */
export async function listDecisionCandidates(
  actor: Actor,
  input: ListDecisionCandidatesInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<DecisionCandidate[]> {
  const { caseId, versionId } = parseInput(ListDecisionCandidatesSchema, input);
  await requirePlanAccess(actor, "plan.edit", caseId, { db, now });
  const inPlan = versionId ? await activitiesOf(db, caseId, versionId) : [];

  const meetings = await db.meeting.findMany({
    where: { caseId, status: { not: "CANCELLED" } },
    orderBy: [{ startsAt: "desc" }, { id: "asc" }],
    select: { id: true, purpose: true, startsAt: true, status: true },
  });
  const records = await db.meetingRecord.findMany({
    where: { meetingId: { in: meetings.map((m) => m.id) } },
    select: { meetingId: true, content: true },
  });
  const recordOf = new Map(records.map((r) => [r.meetingId, r.content]));

  const candidates: DecisionCandidate[] = [];
  for (const meeting of meetings) {
    const base = {
      meetingId: meeting.id,
      meetingTitle: meeting.purpose,
      meetingStartsAt: meeting.startsAt.toISOString(),
    };
    const isInPlan = (decisionId: string) => hasActivityFromDecision(inPlan, { meetingId: meeting.id, decisionId });
    const record = recordOf.get(meeting.id);
    if (record !== undefined) {
      for (const step of parseRecordContent(record).plannedSteps) {
        candidates.push({
          ...base,
          decisionId: step.id,
          text: step.text,
          nextStep: step.nextStep,
          responsible: step.responsible ? [step.responsible] : [],
          deadline: step.deadline,
          origin: "RECORD",
          isInPlan: isInPlan(step.id),
        });
      }
      continue;
    }
    if (meeting.status !== "IN_PROGRESS" && meeting.status !== "HELD") continue;
    // What is stored of the room (a running meeting's last keystrokes may still be in memory).
    const doc = await readStoredDoc(db, formatDocName({ kind: "room", meetingId: meeting.id }));
    try {
      for (const decision of readRoomContent(doc, []).decisions) {
        if (decision.text.trim() === "") continue;
        candidates.push({
          ...base,
          decisionId: decision.id,
          text: decision.text.trim(),
          nextStep: decision.nextStep.trim(),
          responsible: decision.responsible,
          deadline: decision.deadline,
          origin: "ROOM",
          isInPlan: isInPlan(decision.id),
        });
      }
    } finally {
      doc.destroy();
    }
  }
  await writeAudit(
    {
      actor,
      action: "plan.decisions.read",
      subjectType: "case",
      subjectId: caseId,
      caseId,
      details: { meetings: meetings.length, decisions: candidates.length },
    },
    { db },
  );
  return candidates;
}

/** The activities of a version of this case: its fixed content, or a draft's stored document. */
async function activitiesOf(db: DbOrTx, caseId: string, versionId: string): Promise<PlanActivity[]> {
  const version = await findVersion(db, versionId);
  if (!version || version.caseId !== caseId) throw planNotFound();
  if (version.content !== null) return parsePlanContent(version.content).activities;
  const doc = await readStoredDoc(db, planDocName(versionId));
  try {
    return readPlanDoc(doc).activities;
  } finally {
    doc.destroy();
  }
}
