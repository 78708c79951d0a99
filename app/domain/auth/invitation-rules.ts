// Lifecycle of an invitation link: PENDING until it is accepted, revoked or expires; each of
// those ends it for good (a link is never reopened, a new one is created instead).
import type { InvitationKind } from "~/lib/db-types";
import { DomainError } from "../errors";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Staff and set-up links are short-lived; people outside the system get two weeks to react. */
export const INVITATION_VALID_DAYS: Record<InvitationKind, number> = { SETUP: 7, STAFF: 7, EXTERNAL: 14 };

export function invitationExpiresAt(kind: InvitationKind, now: Date): Date {
  return new Date(now.getTime() + INVITATION_VALID_DAYS[kind] * DAY_MS);
}

export type InvitationState = "PENDING" | "ACCEPTED" | "REVOKED" | "EXPIRED";

export function getInvitationState(
  invitation: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
  now: Date,
): InvitationState {
  // A used link says so even after it would have expired: that is the more useful message.
  if (invitation.acceptedAt) return "ACCEPTED";
  if (invitation.revokedAt) return "REVOKED";
  if (invitation.expiresAt <= now) return "EXPIRED";
  return "PENDING";
}

const MESSAGE_BY_STATE: Record<Exclude<InvitationState, "PENDING">, string> = {
  ACCEPTED: "invite.alreadyUsed",
  REVOKED: "invite.revoked",
  EXPIRED: "invite.expired",
};

/** Throws INVALID_STATE unless the link can still be used. */
export function assertInvitationPending(
  invitation: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
  now: Date,
): void {
  const state = getInvitationState(invitation, now);
  if (state !== "PENDING") throw new DomainError("INVALID_STATE", MESSAGE_BY_STATE[state]);
}
