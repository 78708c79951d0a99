import type { DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { requireCaseAccess } from "../access/load-case-access";
import { writeAudit } from "../audit/write-audit";
import { DomainError } from "../errors";
import { parseInput } from "../parse-input";
import { withTransaction } from "../with-transaction";
import { requiresConsent, resolveConsentDate } from "./consent-rules";
import { findActiveMember, findConsentInForce } from "./team-queries";
import { AddCaseMemberSchema, CLIENT_VIEW_PERMISSION_ROLES, type AddCaseMemberInput } from "./team-schemas";

/**
 * The case manager adds an existing staff account (of any organisation) to the case team.
 * A specialist (or "other") receives the client's information, so the client's consent for that
 * sharing must be in force: already recorded, or given now and recorded in the same transaction
 * (004 §3.1). The client is told in their view (ClientNotice SHARED_WITH).
 */
export async function addCaseMember(
  actor: Actor,
  input: AddCaseMemberInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<{ memberId: string; consentId: string | null }> {
  const data = parseInput(AddCaseMemberSchema, input);
  const needsConsent = requiresConsent(data.role);
  if (data.consent && !needsConsent) {
    throw new DomainError("VALIDATION", "team.consentNotForRole");
  }
  const consentGivenAt = data.consent ? resolveConsentDate(data.consent.givenAt, now) : null;
  if (data.consent && !consentGivenAt) {
    throw new DomainError("VALIDATION", "form.errorSummary", { fieldErrors: { consentGivenAt: "team.dateInFuture" } });
  }

  return withTransaction(db, async (tx) => {
    await requireCaseAccess(actor, "case.addMember", data.caseId, { db: tx, now });
    const user = await tx.user.findUnique({
      where: { id: data.userId },
      select: { id: true, kind: true, disabledAt: true },
    });
    // External accounts join a case only through their own invitation link, never by look-up.
    if (!user || user.kind !== "STAFF" || user.disabledAt) throw new DomainError("NOT_FOUND", "team.userNotFound");
    if (await findActiveMember(tx, data.caseId, user.id)) throw new DomainError("CONFLICT", "team.alreadyMember");

    let consentId: string | null = null;
    if (needsConsent) {
      const inForce = await findConsentInForce(tx, data.caseId, user.id, now);
      if (data.consent && consentGivenAt) {
        // One consent in force per person keeps withdrawal simple: withdrawing it ends access.
        if (inForce) throw new DomainError("CONFLICT", "team.consentAlreadyInForce");
        const consent = await tx.sharingConsent.create({
          data: {
            caseId: data.caseId,
            recipientUserId: user.id,
            form: data.consent.form,
            scope: data.consent.scope,
            givenAt: consentGivenAt,
            recordedById: actor.userId,
            recordedAt: now,
          },
        });
        consentId = consent.id;
        await writeAudit(
          {
            actor,
            action: "consent.record",
            subjectType: "consent",
            subjectId: consent.id,
            caseId: data.caseId,
            details: { recipientUserId: user.id, form: consent.form },
          },
          { db: tx },
        );
      } else if (!inForce) {
        throw new DomainError("VALIDATION", "team.consentRequired");
      }
    }

    const hasClientViewPermission =
      data.hasClientViewPermission && (CLIENT_VIEW_PERMISSION_ROLES as readonly string[]).includes(data.role);
    const member = await tx.caseMember.create({
      data: {
        caseId: data.caseId,
        userId: user.id,
        role: data.role,
        hasClientViewPermission,
        addedAt: now,
        addedById: actor.userId,
      },
    });
    await tx.clientNotice.create({
      data: { caseId: data.caseId, kind: "SHARED_WITH", subjectUserId: user.id, createdAt: now },
    });
    await writeAudit(
      {
        actor,
        action: "case.member.add",
        subjectType: "case-member",
        subjectId: member.id,
        caseId: data.caseId,
        details: { userId: user.id, role: data.role, consentId, hasClientViewPermission },
      },
      { db: tx },
    );
    return { memberId: member.id, consentId };
  });
}
