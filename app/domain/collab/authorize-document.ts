// Who may open which collaborative document, and whether read-only. Meeting documents follow
// the meeting policy (app/domain/access/meeting-access.ts): whoever may read the meeting may
// open them; only participants write; a held or cancelled meeting's documents are read-only.
// A participant enters only after consenting to take part and acknowledging confidentiality
// (004 §2.1), as in the room (app/domain/room/room-access.ts): the lobby asks for both.
import type { Db } from "~/lib/db-types";
import { canOnMeeting, requireMeetingAccess } from "../access/meeting-access";
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
