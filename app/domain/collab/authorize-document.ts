// Who may open which collaborative document, and whether read-only. The meeting documents
// follow the meeting: its participants, and the active team of its case, may open them.
import type { Db } from "~/lib/db-types";
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
      case: { select: { members: { where: { userId: actor.userId, removedAt: null }, select: { role: true } } } },
    },
  });
  if (!meeting) throw new DomainError("NOT_FOUND", "error.notFound");
  const isParticipant = meeting.participants.length > 0;
  const isTeamMember = (meeting.case?.members.length ?? 0) > 0;
  if (!isParticipant && !isTeamMember) throw new DomainError("FORBIDDEN", "error.forbidden");
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
  // A held or cancelled meeting's working documents are closed for editing; its record is the
  // approved meeting record, not these documents.
  const isClosed = meeting.status === "HELD" || meeting.status === "CANCELLED";
  return { readOnly: isClosed || (!isParticipant && actor.kind === "EXTERNAL") };
}
