import type { DbOrTx } from "~/lib/db-types";
import { DomainError } from "../errors";
import { assertInvitationPending } from "./invitation-rules";
import { hashToken } from "./tokens";

export type InvitationForAcceptPage = Awaited<ReturnType<typeof findInvitationByToken>>;

/**
 * The pending invitation behind a link, with what the accept page may show: the invitation's
 * own fields and the inviter's name, position and organisation. Nothing about the case or other
 * people: whoever holds the link sees it, and a link can be forwarded or leaked.
 */
export async function findInvitationByToken(token: string, { db, now = new Date() }: { db: DbOrTx; now?: Date }) {
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      kind: true,
      email: true,
      name: true,
      positionTitle: true,
      isOrgAdmin: true,
      caseRole: true,
      caseId: true,
      meetingId: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      organisation: { select: { name: true } },
      invitedBy: { select: { name: true, positionTitle: true, organisation: { select: { name: true } } } },
    },
  });
  if (!invitation) throw new DomainError("NOT_FOUND", "invite.notFound");
  assertInvitationPending(invitation, now);
  return invitation;
}
