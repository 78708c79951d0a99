import type { DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { requireCaseAccess } from "../access/load-case-access";
import { writeAudit } from "../audit/write-audit";
import { parseCommunicationNeeds } from "../cases/client-schemas";
import { DomainError } from "../errors";
import { parseInput } from "../parse-input";
import { withTransaction } from "../with-transaction";
import { describeClientNeeds } from "./client-needs";
import { assertCaseParticipantsEligible } from "./case-participant-eligibility";
import { CreateMeetingSchema, type CreateMeetingInput } from "./meeting-schemas";
import { findRoleProblem, withRequiredParticipants } from "./participant-rules";

/**
 * The case manager prepares a case meeting (004 §2.1; policy: meeting.create): purpose, time and
 * length, place or online, the participants from the case team with their meeting roles and
 * expected contributions, and the client's way of taking part with their expectations, worries
 * and needs. The case manager is always a participant. One transaction with its audit entry.
 */
export async function createMeeting(
  actor: Actor,
  input: CreateMeetingInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<{ meetingId: string }> {
  const data = parseInput(CreateMeetingSchema, input);
  if (data.startsAt.getTime() <= now.getTime()) {
    throw new DomainError("VALIDATION", "form.errorSummary", { fieldErrors: { startsAt: "meeting.startsAtPast" } });
  }

  return withTransaction(db, async (tx) => {
    await requireCaseAccess(actor, "meeting.create", data.caseId, { db: tx, now });
    const theCase = await tx.case.findUniqueOrThrow({
      where: { id: data.caseId },
      select: {
        caseManagerId: true,
        client: { select: { communicationNeeds: true, interpreterLanguage: true, accessibilityNotes: true } },
      },
    });

    const rows = withRequiredParticipants(data.participants, [theCase.caseManagerId]);
    const roleProblem = findRoleProblem(rows);
    if (roleProblem) {
      throw new DomainError("VALIDATION", roleProblem.messageKey, { fieldErrors: roleProblem.fieldErrors });
    }
    await assertCaseParticipantsEligible(tx, {
      caseId: data.caseId,
      participants: rows,
      createdById: actor.userId,
      now,
    });

    if (data.previousMeetingId) {
      const previous = await tx.meeting.findUnique({ where: { id: data.previousMeetingId }, select: { caseId: true } });
      if (previous?.caseId !== data.caseId) {
        throw new DomainError("VALIDATION", "meeting.previousNotInCase", {
          fieldErrors: { previousMeetingId: "meeting.previousNotInCase" },
        });
      }
    }

    // Absent: carried from the client record, as text the case manager adjusts for this meeting.
    const accessibilityNotes =
      data.accessibilityNotes === undefined
        ? describeClientNeeds({
            communicationNeeds: parseCommunicationNeeds(theCase.client.communicationNeeds),
            interpreterLanguage: theCase.client.interpreterLanguage,
            accessibilityNotes: theCase.client.accessibilityNotes,
          })
        : data.accessibilityNotes || null;

    const meeting = await tx.meeting.create({
      data: {
        kind: "CASE",
        caseId: data.caseId,
        purpose: data.purpose,
        startsAt: data.startsAt,
        durationMinutes: data.durationMinutes,
        location: data.location,
        isOnline: data.isOnline,
        onlineUrl: data.isOnline ? data.onlineUrl : null,
        clientParticipation: data.clientParticipation,
        clientExpectations: data.clientExpectations,
        clientWorries: data.clientWorries,
        accessibilityNotes,
        previousMeetingId: data.previousMeetingId,
        createdById: actor.userId,
        participants: {
          create: rows.map((p) => {
            // Whoever prepares the meeting takes part by that act and gives the confidentiality
            // briefing themselves (004 §2.1): their answer, consent and acknowledgement are recorded now.
            const isPreparer = p.userId === actor.userId;
            return {
              userId: p.userId,
              meetingRole: p.meetingRole,
              expectedContribution: p.expectedContribution,
              isRemote: p.isRemote,
              ...(isPreparer
                ? { response: "ACCEPTED" as const, respondedAt: now, consentedAt: now, confidentialityAt: now }
                : {}),
            };
          }),
        },
      },
      select: { id: true },
    });
    await writeAudit(
      {
        actor,
        action: "meeting.create",
        subjectType: "meeting",
        subjectId: meeting.id,
        caseId: data.caseId,
        details: {
          participants: rows.length,
          clientParticipation: data.clientParticipation,
          previousMeetingId: data.previousMeetingId,
        },
      },
      { db: tx },
    );
    return { meetingId: meeting.id };
  });
}
