import type { AttendanceResponse, DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { requireMeetingAccess } from "../access/meeting-access";
import { writeAudit } from "../audit/write-audit";
import { DomainError, type FieldErrors } from "../errors";
import { parseInput } from "../parse-input";
import { withTransaction } from "../with-transaction";
import { RespondToMeetingSchema, type RespondToMeetingInput } from "./meeting-schemas";

/** A response is possible until the meeting is over or cancelled. */
const OPEN_STATUSES = ["PLANNED", "IN_PROGRESS"];

/**
 * A participant answers their invitation (policy: respond). Taking part needs their consent to
 * take part and their acknowledgement of confidentiality (004 §2.1: "each participant's consent
 * to take part; confidentiality briefing"; Social Welfare Act §36): accepting without either
 * changes nothing. Declining withdraws the consent given earlier. Consent given before a
 * reschedule is kept when the new time is accepted.
 */
export async function respondToMeeting(
  actor: Actor,
  input: RespondToMeetingInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<{ participantId: string; response: AttendanceResponse }> {
  const data = parseInput(RespondToMeetingSchema, input);
  if (data.response === "ACCEPTED") {
    const fieldErrors: FieldErrors = {};
    if (!data.consentToTakePart) fieldErrors.consentToTakePart = "meeting.consentRequired";
    if (!data.confidentialityAcknowledged) fieldErrors.confidentialityAcknowledged = "meeting.confidentialityRequired";
    const [first] = Object.values(fieldErrors);
    if (first) throw new DomainError("VALIDATION", first, { fieldErrors });
  }

  return withTransaction(db, async (tx) => {
    const facts = await requireMeetingAccess(actor, "respond", data.meetingId, { db: tx, now });
    if (!OPEN_STATUSES.includes(facts.status)) throw new DomainError("INVALID_STATE", "meeting.notOpenForResponses");
    const participantId = facts.participant!.id;
    const current = await tx.meetingParticipant.findUniqueOrThrow({
      where: { id: participantId },
      select: { consentedAt: true, confidentialityAt: true },
    });
    const isAccepted = data.response === "ACCEPTED";
    await tx.meetingParticipant.update({
      where: { id: participantId },
      data: {
        response: data.response,
        respondedAt: now,
        isRemote: data.isRemote,
        declineReason: isAccepted ? null : data.declineReason,
        consentedAt: isAccepted ? (current.consentedAt ?? now) : null,
        confidentialityAt: isAccepted ? (current.confidentialityAt ?? now) : null,
      },
    });
    await writeAudit(
      {
        actor,
        action: "meeting.respond",
        subjectType: "meeting-participant",
        subjectId: participantId,
        caseId: facts.caseId,
        details: { meetingId: data.meetingId, response: data.response, isRemote: data.isRemote },
      },
      { db: tx },
    );
    return { participantId, response: data.response };
  });
}
