import type { DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { requireCaseAccess } from "../access/load-case-access";
import { writeAudit } from "../audit/write-audit";
import { DomainError } from "../errors";
import { parseInput } from "../parse-input";
import { withTransaction } from "../with-transaction";
import { requiresConsent, resolveConsentDate } from "../team/consent-rules";
import { consentFromFields } from "../team/team-schemas";
import { CreateExternalInvitationSchema, type CreateExternalInvitationInput } from "./invitation-schemas";
import { invitationExpiresAt } from "./invitation-rules";
import { createToken, hashToken } from "./tokens";

/**
 * The case manager invites someone without an account (the client, a close person, an advocate,
 * an outside specialist) to one case and, optionally, one of its meetings (policy:
 * case.inviteExternal). An outside specialist receives the client's information, so the client's
 * consent (form, scope, date) is required and kept on the invitation; it becomes a SharingConsent
 * when the link is accepted (004 §3.1). Consent fields sent for other roles are not stored.
 */
export async function createExternalInvitation(
  actor: Actor,
  input: CreateExternalInvitationInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<{ token: string; invitationId: string; expiresAt: Date }> {
  const data = parseInput(CreateExternalInvitationSchema, input);
  const needsConsent = requiresConsent(data.caseRole);
  const consent = needsConsent ? consentFromFields(data) : null;
  if (needsConsent && !consent) {
    throw new DomainError("VALIDATION", "team.consentRequired", {
      fieldErrors: { consentForm: "form.required", consentScope: "form.required", consentGivenAt: "form.required" },
    });
  }
  const consentGivenAt = consent ? resolveConsentDate(consent.givenAt, now) : null;
  if (consent && !consentGivenAt) {
    throw new DomainError("VALIDATION", "form.errorSummary", { fieldErrors: { consentGivenAt: "team.dateInFuture" } });
  }
  const token = createToken();
  const expiresAt = invitationExpiresAt("EXTERNAL", now);

  const invitation = await withTransaction(db, async (tx) => {
    await requireCaseAccess(actor, "case.inviteExternal", data.caseId, { db: tx, now });
    const theCase = { id: data.caseId };
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
        consentForm: consent?.form ?? null,
        consentScope: consent?.scope ?? null,
        consentGivenAt,
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
        details: {
          kind: "EXTERNAL",
          caseRole: data.caseRole,
          meetingId: data.meetingId,
          consentForm: consent?.form ?? null,
        },
      },
      { db: tx },
    );
    return created;
  });
  return { token, invitationId: invitation.id, expiresAt };
}
