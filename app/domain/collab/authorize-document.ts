// Who may open which collaborative document, and whether read-only. Meeting documents follow
// the meeting and, for a case meeting, the case policy (app/domain/access/policy.ts):
// - a team member who may read the case, and participants on the client's side, may open them;
// - a participant whose access to the case has ended (e.g. consent withdrawn) may not;
// - only participants write; other readers (e.g. a supervisor) get a read-only connection.
import type { Db } from "~/lib/db-types";
import { loadCaseAccess } from "../access/load-case-access";
import { can } from "../access/policy";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { DomainError } from "../errors";
import type { DocRef } from "./doc-name";

export type DocumentAccess = { readOnly: boolean };

export async function authorizeDocument(actor: Actor, ref: DocRef, { db }: { db: Db }): Promise<DocumentAccess> {
  if (ref.kind === "plan") {
    // Case plans arrive with the case-plan work; until then no plan document exists.
    throw new DomainError("NOT_FOUND", "error.notFound");
  }
  const meeting = await db.meeting.findUnique({
    where: { id: ref.meetingId },
    select: {
      id: true,
      caseId: true,
      status: true,
      participants: { where: { userId: actor.userId }, select: { id: true } },
    },
  });
  if (!meeting) throw new DomainError("NOT_FOUND", "error.notFound");
  const isParticipant = meeting.participants.length > 0;

  if (meeting.caseId) {
    const facts = await loadCaseAccess(actor, meeting.caseId, { db });
    if (!facts) throw new DomainError("NOT_FOUND", "error.notFound");
    const isTeamReader = can(actor, "case.read", facts);
    const isClientSideParticipant = isParticipant && can(actor, "case.readClientView", facts);
    if (!isTeamReader && !isClientSideParticipant) throw new DomainError("FORBIDDEN", "error.forbidden");
  } else if (!isParticipant) {
    throw new DomainError("FORBIDDEN", "error.forbidden");
  }

  await writeAudit(
    {
      actor,
      action: "document.open",
      subjectType: "collab-document",
      subjectId: `${ref.kind}:${ref.meetingId}`,
      caseId: meeting.caseId,
    },
    { db },
  );
  // A held or cancelled meeting's working documents are closed for editing; what was decided
  // lives on in the approved meeting record.
  const isClosed = meeting.status === "HELD" || meeting.status === "CANCELLED";
  return { readOnly: isClosed || !isParticipant };
}
