import type { DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { DomainError } from "../errors";
import { parseInput } from "../parse-input";
import { withTransaction } from "../with-transaction";
import { RevokeInvitationSchema, type RevokeInvitationInput } from "./invitation-schemas";
import { assertInvitationPending } from "./invitation-rules";

/**
 * Ends a pending invitation link. A staff invitation may be revoked by an administrator of its
 * organisation, an external one by the case's case manager (the rule that created it).
 */
export async function revokeInvitation(
  actor: Actor,
  input: RevokeInvitationInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<void> {
  const { invitationId } = parseInput(RevokeInvitationSchema, input);
  await withTransaction(db, async (tx) => {
    const invitation = await tx.invitation.findUnique({
      where: { id: invitationId },
      select: {
        id: true,
        kind: true,
        organisationId: true,
        caseId: true,
        acceptedAt: true,
        revokedAt: true,
        expiresAt: true,
        case: { select: { caseManagerId: true } },
      },
    });
    if (!invitation) throw new DomainError("NOT_FOUND", "invite.notFound");
    const isAllowed =
      invitation.kind === "STAFF"
        ? actor.isOrgAdmin && !!actor.organisationId && invitation.organisationId === actor.organisationId
        : invitation.kind === "EXTERNAL" && invitation.case?.caseManagerId === actor.userId;
    if (!isAllowed) throw new DomainError("FORBIDDEN", "error.forbidden");
    assertInvitationPending(invitation, now);
    // Same race as accepting: only a still-pending row is revoked.
    const { count } = await tx.invitation.updateMany({
      where: { id: invitation.id, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    if (count !== 1) throw new DomainError("INVALID_STATE", "invite.alreadyUsed");
    await writeAudit(
      {
        actor,
        action: "invitation.revoke",
        subjectType: "invitation",
        subjectId: invitation.id,
        caseId: invitation.caseId,
        details: { kind: invitation.kind },
      },
      { db: tx },
    );
  });
}
