import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import {
  INVITATION_VALID_DAYS,
  assertInvitationPending,
  getInvitationState,
  invitationExpiresAt,
} from "./invitation-rules.ts";

const now = new Date("2026-03-02T10:00:00Z");
const later = new Date("2026-03-05T10:00:00Z");
const earlier = new Date("2026-02-20T10:00:00Z");

describe("invitationExpiresAt", () => {
  it.each([
    ["SETUP", 7],
    ["STAFF", 7],
    ["EXTERNAL", 14],
  ] as const)("gives a %s link %i days", (kind, days) => {
    expect(INVITATION_VALID_DAYS[kind]).toBe(days);
    expect(invitationExpiresAt(kind, now).getTime() - now.getTime()).toBe(days * 24 * 3600 * 1000);
  });
});

describe("getInvitationState", () => {
  const pending = { acceptedAt: null, revokedAt: null, expiresAt: later };

  it.each([
    ["PENDING", pending],
    ["ACCEPTED", { ...pending, acceptedAt: earlier }],
    ["REVOKED", { ...pending, revokedAt: earlier }],
    ["EXPIRED", { ...pending, expiresAt: earlier }],
    ["EXPIRED", { ...pending, expiresAt: now }],
    // Used, then expired: "already used" tells the person more than "expired".
    ["ACCEPTED", { ...pending, acceptedAt: earlier, expiresAt: earlier }],
    ["REVOKED", { ...pending, revokedAt: earlier, expiresAt: earlier }],
  ] as const)("is %s for %o", (state, invitation) => {
    expect(getInvitationState(invitation, now)).toBe(state);
  });
});

describe("assertInvitationPending", () => {
  const pending = { acceptedAt: null, revokedAt: null, expiresAt: later };

  it("passes a pending invitation", () => {
    expect(() => assertInvitationPending(pending, now)).not.toThrow();
  });

  it.each([
    ["invite.alreadyUsed", { ...pending, acceptedAt: earlier }],
    ["invite.revoked", { ...pending, revokedAt: earlier }],
    ["invite.expired", { ...pending, expiresAt: earlier }],
  ] as const)("throws INVALID_STATE %s", (messageKey, invitation) => {
    try {
      assertInvitationPending(invitation, now);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: "INVALID_STATE", messageKey });
    }
  });
});
