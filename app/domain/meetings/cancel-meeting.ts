import type { DbOrTx } from "~/lib/db-types";
import type { Mailer } from "~/lib/mailer-types";
import type { Actor } from "../actor";
import { requireMeetingAccess } from "../access/meeting-access";
import { writeAudit } from "../audit/write-audit";
import { DomainError } from "../errors";
import { parseInput } from "../parse-input";
import { withTransaction } from "../with-transaction";
import { mailMeetingParticipants, type MailOutcome } from "./mail-meeting-participants";
import { CancelMeetingSchema, type CancelMeetingInput } from "./meeting-schemas";

/** A meeting that has taken place, or was cancelled already, stays as it is. */
const CANCELLABLE = ["PLANNED", "IN_PROGRESS"];

/**
 * The case manager cancels a meeting (policy: manage) with a reason, kept on the meeting and in
 * the audit. The SEQUENCE grows and everyone gets a METHOD:CANCEL calendar file that removes the
 * entry from their calendar (the mail itself does not carry the reason: see invitation-mail.ts).
 */
export async function cancelMeeting(
  actor: Actor,
  input: CancelMeetingInput,
  { db, mailer, publicUrl, now = new Date() }: { db: DbOrTx; mailer: Mailer; publicUrl: string; now?: Date },
): Promise<{ sequence: number; mail: MailOutcome }> {
  const data = parseInput(CancelMeetingSchema, input);

  const sequence = await withTransaction(db, async (tx) => {
    const facts = await requireMeetingAccess(actor, "manage", data.meetingId, { db: tx, now });
    if (!CANCELLABLE.includes(facts.status)) throw new DomainError("INVALID_STATE", "meeting.notCancellable");
    const updated = await tx.meeting.updateMany({
      where: { id: data.meetingId, status: { in: CANCELLABLE as ("PLANNED" | "IN_PROGRESS")[] } },
      data: { status: "CANCELLED", cancelledAt: now, cancelReason: data.reason, sequence: { increment: 1 } },
    });
    if (updated.count !== 1) throw new DomainError("INVALID_STATE", "meeting.notCancellable");
    const { sequence } = await tx.meeting.findUniqueOrThrow({
      where: { id: data.meetingId },
      select: { sequence: true },
    });
    await writeAudit(
      {
        actor,
        action: "meeting.cancel",
        subjectType: "meeting",
        subjectId: data.meetingId,
        caseId: facts.caseId,
        reason: data.reason,
        details: { sequence },
      },
      { db: tx },
    );
    return sequence;
  });

  const mail = await mailMeetingParticipants(
    actor,
    { meetingId: data.meetingId, kind: "cancellation" },
    { db, mailer, publicUrl, now },
  );
  return { sequence, mail };
}
