import type { DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { requireCaseAccess } from "../access/load-case-access";
import { isCaseManager } from "../access/policy";
import { writeAudit } from "../audit/write-audit";
import { DomainError } from "../errors";
import { parseInput } from "../parse-input";
import { withTransaction } from "../with-transaction";
import { requiresConsent, resolveConsentDate } from "./consent-rules";
import { findActiveMember, findConsentInForce } from "./team-queries";
import { RecordConsentSchema, type RecordConsentInput } from "./team-schemas";

/**
 * Records the client's consent to share their information with one person (004 §3.1). The case
 * manager records a consent the client gave in writing, orally or in the system, with the date it
 * was given. The client (or their legal representative) may give it themselves in their view: then
 * it is given in the system, now, and only to a member of their team who is waiting for it.
 * The client is told in their view when the recipient is on the team (ClientNotice SHARED_WITH).
 */
export async function recordConsent(
  actor: Actor,
  input: RecordConsentInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<{ consentId: string }> {
  const data = parseInput(RecordConsentSchema, input);

  return withTransaction(db, async (tx) => {
    const facts = await requireCaseAccess(actor, "case.recordConsent", data.caseId, { db: tx, now });
    const byCaseManager = isCaseManager(actor, facts);
    let givenAt: Date;
    if (byCaseManager) {
      if (!data.givenAt)
        throw new DomainError("VALIDATION", "form.errorSummary", { fieldErrors: { givenAt: "form.required" } });
      const resolved = resolveConsentDate(data.givenAt, now);
      if (!resolved)
        throw new DomainError("VALIDATION", "form.errorSummary", { fieldErrors: { givenAt: "team.dateInFuture" } });
      givenAt = resolved;
    } else {
      // The client's own act in the system: its form and moment are facts, not choices.
      if (data.form !== "IN_SYSTEM") throw new DomainError("VALIDATION", "team.consentInSystemOnly");
      givenAt = now;
    }

    const recipient = await tx.user.findUnique({
      where: { id: data.recipientUserId },
      select: { id: true, disabledAt: true },
    });
    if (!recipient || recipient.disabledAt || recipient.id === actor.userId) {
      throw new DomainError("NOT_FOUND", "team.userNotFound");
    }
    const membership = await findActiveMember(tx, data.caseId, recipient.id);
    if (membership && !requiresConsent(membership.role)) throw new DomainError("VALIDATION", "team.consentNotForRole");
    // The client sees only their own team: they give consent to a member waiting for it.
    if (!byCaseManager && !membership) throw new DomainError("NOT_FOUND", "team.userNotFound");
    if (await findConsentInForce(tx, data.caseId, recipient.id, now)) {
      throw new DomainError("CONFLICT", "team.consentAlreadyInForce");
    }

    const consent = await tx.sharingConsent.create({
      data: {
        caseId: data.caseId,
        recipientUserId: recipient.id,
        form: data.form,
        scope: data.scope,
        givenAt,
        recordedById: actor.userId,
        recordedAt: now,
      },
    });
    if (membership) {
      await tx.clientNotice.create({
        data: { caseId: data.caseId, kind: "SHARED_WITH", subjectUserId: recipient.id, createdAt: now },
      });
    }
    await writeAudit(
      {
        actor,
        action: "consent.record",
        subjectType: "consent",
        subjectId: consent.id,
        caseId: data.caseId,
        details: { recipientUserId: recipient.id, form: data.form, byClient: !byCaseManager },
      },
      { db: tx },
    );
    return { consentId: consent.id };
  });
}
