import type { DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { DomainError } from "../errors";
import { parseInput } from "../parse-input";
import { withTransaction } from "../with-transaction";
import { CreateExternalInvitationSchema, type CreateExternalInvitationInput } from "./invitation-schemas";
import { invitationExpiresAt } from "./invitation-rules";
import { createToken, hashToken } from "./tokens";

/**
 * The case manager invites someone without an account (the client, a close person, an advocate,
 * an outside specialist) to one case and, optionally, one of its meetings. For now only the
 * case's own case manager may; the full policy (can()) replaces this rule later.
 */
export async function createExternalInvitation(
  actor: Actor,
  input: CreateExternalInvitationInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<{ token: string; invitationId: string; expiresAt: Date }> {
  const data = parseInput(CreateExternalInvitationSchema, input);
  const token = createToken();
  const expiresAt = invitationExpiresAt("EXTERNAL", now);

  const invitation = await withTransaction(db, async (tx) => {
    const theCase = await tx.case.findUnique({
      where: { id: data.caseId },
      select: { id: true, caseManagerId: true },
    });
    if (!theCase) throw new DomainError("NOT_FOUND", "error.notFound");
    if (theCase.caseManagerId !== actor.userId) throw new DomainError("FORBIDDEN", "error.forbidden");
    if (data.meetingId) {
      const meeting = await tx.meeting.findUnique({ where: { id: data.meetingId }, select: { caseId: true } });
      if (meeting?.caseId !== theCase.id) {
        throw new DomainError("VALIDATION", "form.errorSummary", {
          fieldErrors: { meetingId: "invite.meetingNotInCase" },
        });
      }
    }
    if (data.email && (await tx.user.findUnique({ where: { email: data.email }, select: { id: true } }))) {
      throw new DomainError("CONFLICT", "invite.emailTaken", { fieldErrors: { email: "invite.emailTaken" } });
    }
    const created = await tx.invitation.create({
      data: {
        kind: "EXTERNAL",
        tokenHash: hashToken(token),
        email: data.email,
        name: data.name,
        positionTitle: data.positionTitle,
        caseId: theCase.id,
        meetingId: data.meetingId,
        caseRole: data.caseRole,
        invitedById: actor.userId,
        expiresAt,
      },
    });
    await writeAudit(
      {
        actor,
        action: "invitation.create",
        subjectType: "invitation",
        subjectId: created.id,
        caseId: theCase.id,
        details: { kind: "EXTERNAL", caseRole: data.caseRole, meetingId: data.meetingId },
      },
      { db: tx },
    );
    return created;
  });
  return { token, invitationId: invitation.id, expiresAt };
}
