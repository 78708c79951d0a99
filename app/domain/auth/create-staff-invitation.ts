import type { DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { DomainError } from "../errors";
import { parseInput } from "../parse-input";
import { withTransaction } from "../with-transaction";
import { CreateStaffInvitationSchema, type CreateStaffInvitationInput } from "./invitation-schemas";
import { invitationExpiresAt } from "./invitation-rules";
import { createToken, hashToken } from "./tokens";

/**
 * An organisation's administrator invites a colleague by e-mail. Returns the raw token once, for
 * the link; only its hash is stored. A newer invitation to the same address in the same
 * organisation replaces the pending one, so only one live link per person exists.
 */
export async function createStaffInvitation(
  actor: Actor,
  input: CreateStaffInvitationInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<{ token: string; invitationId: string; expiresAt: Date }> {
  const organisationId = actor.isOrgAdmin ? actor.organisationId : null;
  if (!organisationId) throw new DomainError("FORBIDDEN", "error.forbidden");
  const data = parseInput(CreateStaffInvitationSchema, input);

  const token = createToken();
  const expiresAt = invitationExpiresAt("STAFF", now);
  const invitation = await withTransaction(db, async (tx) => {
    if (await tx.user.findUnique({ where: { email: data.email }, select: { id: true } })) {
      throw new DomainError("CONFLICT", "invite.emailTaken", { fieldErrors: { email: "invite.emailTaken" } });
    }
    const replaced = await tx.invitation.updateMany({
      where: { kind: "STAFF", organisationId, email: data.email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    const created = await tx.invitation.create({
      data: {
        kind: "STAFF",
        tokenHash: hashToken(token),
        email: data.email,
        name: data.name,
        positionTitle: data.positionTitle,
        organisationId,
        isOrgAdmin: data.isOrgAdmin,
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
        details: { kind: "STAFF", organisationId, isOrgAdmin: data.isOrgAdmin, replaced: replaced.count },
      },
      { db: tx },
    );
    return created;
  });
  return { token, invitationId: invitation.id, expiresAt };
}
