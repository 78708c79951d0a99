import type { DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { DomainError } from "../errors";
import { parseInput } from "../parse-input";
import { withTransaction } from "../with-transaction";
import { requireConsentAuthorityEvenIfClosed } from "./team-queries";
import { WithdrawConsentSchema, type WithdrawConsentInput } from "./team-schemas";

/**
 * The client withdraws a consent (or the case manager records that they did). The row is kept
 * with the moment and who recorded the withdrawal; from then on the policy refuses the recipient
 * (load-case-access.ts reads only consents in force), while the audit keeps what they saw before.
 * Possible on a closed case too: reducing access is always allowed.
 *
 * Returns the recipient, so the caller can end what they still have open (realtime connections,
 * collaborative documents): access checked at connect time must be checked again.
 */
export async function withdrawConsent(
  actor: Actor,
  input: WithdrawConsentInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<{ consentId: string; caseId: string; affectedUserId: string }> {
  const data = parseInput(WithdrawConsentSchema, input);

  return withTransaction(db, async (tx) => {
    const consent = await tx.sharingConsent.findUnique({
      where: { id: data.consentId },
      select: { id: true, caseId: true, recipientUserId: true, withdrawnAt: true },
    });
    if (!consent) throw new DomainError("NOT_FOUND", "error.notFound");
    await requireConsentAuthorityEvenIfClosed(actor, consent.caseId, { db: tx, now });
    // Only a consent still in force is withdrawn; a second click or a race changes nothing.
    const { count } = await tx.sharingConsent.updateMany({
      where: { id: consent.id, withdrawnAt: null },
      data: { withdrawnAt: now, withdrawnRecordedById: actor.userId, withdrawalNote: data.note },
    });
    if (count !== 1) throw new DomainError("INVALID_STATE", "team.consentAlreadyWithdrawn");
    await tx.clientNotice.create({
      data: {
        caseId: consent.caseId,
        kind: "CONSENT_WITHDRAWN",
        subjectUserId: consent.recipientUserId,
        createdAt: now,
      },
    });
    await writeAudit(
      {
        actor,
        action: "consent.withdraw",
        subjectType: "consent",
        subjectId: consent.id,
        caseId: consent.caseId,
        reason: data.note,
        details: { recipientUserId: consent.recipientUserId },
      },
      { db: tx },
    );
    return { consentId: consent.id, caseId: consent.caseId, affectedUserId: consent.recipientUserId };
  });
}
