// Who may open which collaborative document, and whether read-only. Meeting documents follow
// the meeting policy (app/domain/access/meeting-access.ts): whoever may read the meeting may
// open them; only participants write; a held or cancelled meeting's documents are read-only.
// A participant enters only after consenting to take part and acknowledging confidentiality
// (004 §2.1), as in the room (app/domain/room/room-access.ts): the lobby asks for both.
// A plan version's document (`plan.<versionId>`, decision record 011) follows the plan policy:
// whoever may read the case's plan opens it; it is written only while the version is a DRAFT and
// only by plan editors; once sent or discarded it is frozen and read-only for everyone.
import type { Db } from "~/lib/db-types";
import { canOnMeeting, requireMeetingAccess } from "../access/meeting-access";
import { canOnPlan } from "../access/policy";
import { loadPlanAccess } from "../plans/plan-queries";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { DomainError } from "../errors";
import type { DocRef } from "./doc-name";

export type DocumentAccess = { readOnly: boolean };

export async function authorizeDocument(actor: Actor, ref: DocRef, { db }: { db: Db }): Promise<DocumentAccess> {
  if (ref.kind === "plan") return authorizePlanDocument(actor, ref.planId, { db });
  const facts = await requireMeetingAccess(actor, "read", ref.meetingId, { db }).catch((error: unknown) => {
    // At the websocket upgrade a refusal is a refusal: 403 for both cases, no existence oracle.
    if (error instanceof DomainError && error.code === "NOT_FOUND") {
      throw new DomainError("FORBIDDEN", "error.forbidden");
    }
    throw error;
  });
  if (facts.participant !== null) {
    const consent = await db.meetingParticipant.findUniqueOrThrow({
      where: { id: facts.participant.id },
      select: { consentedAt: true, confidentialityAt: true },
    });
    if (consent.consentedAt === null || consent.confidentialityAt === null) {
      throw new DomainError("FORBIDDEN", "roomErrors.consentRequired");
    }
  }
  await writeAudit(
    {
      actor,
      action: "document.open",
      subjectType: "collab-document",
      subjectId: `${ref.kind}:${ref.meetingId}`,
      caseId: facts.caseId,
    },
    { db },
  );
  const isClosed = facts.status === "HELD" || facts.status === "CANCELLED";
  return { readOnly: isClosed || !canOnMeeting(actor, "agenda", facts) || facts.participant === null };
}

async function authorizePlanDocument(actor: Actor, versionId: string, { db }: { db: Db }): Promise<DocumentAccess> {
  // At the websocket upgrade a refusal is a refusal: 403 whether or not the version exists.
  const refused = () => new DomainError("FORBIDDEN", "error.forbidden");
  const version = await db.planVersion.findUnique({ where: { id: versionId }, select: { caseId: true, status: true } });
  if (!version) throw refused();
  const facts = await loadPlanAccess(actor, version.caseId, { db, versionId });
  if (!facts || !canOnPlan(actor, "plan.read", facts)) throw refused();
  await writeAudit(
    {
      actor,
      action: "document.open",
      subjectType: "collab-document",
      subjectId: `plan:${versionId}`,
      caseId: version.caseId,
    },
    { db },
  );
  return { readOnly: version.status !== "DRAFT" || !canOnPlan(actor, "plan.edit", facts) };
}
