import type { DbOrTx, InvitationKind, OrganisationType, Tx } from "~/lib/db-types";
import type { Locale } from "~/i18n/locales";
import { actorFromUser } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { DomainError } from "../errors";
import { parseInput } from "../parse-input";
import { isUniqueViolation, withTransaction } from "../with-transaction";
import {
  AcceptExternalInvitationSchema,
  AcceptStaffInvitationSchema,
  SetupSchema,
  type AcceptInvitationInput,
} from "./invitation-schemas";
import { assertInvitationPending } from "./invitation-rules";
import { hashPassword } from "./password";
import { hashToken } from "./tokens";

/** The staff form has no e-mail field (the invited address is used), so no field error there. */
const emailTaken = (kind: InvitationKind) =>
  new DomainError("CONFLICT", "invite.emailTaken", {
    fieldErrors: kind === "STAFF" ? {} : { email: "invite.emailTaken" },
  });

type PendingInvitation = NonNullable<Awaited<ReturnType<typeof findForAccept>>>;

function findForAccept(tokenHash: string, db: DbOrTx) {
  return db.invitation.findUnique({ where: { tokenHash } });
}

/**
 * Turns an invitation link into an account, in one transaction: SETUP creates the first
 * organisation and its administrator, STAFF a member of the inviting organisation, EXTERNAL a
 * limited account on the invited case (and meeting). Returns the new user; the caller signs
 * them in. Expired, revoked, used and unknown links change nothing.
 */
export async function acceptInvitation(
  token: string,
  input: AcceptInvitationInput,
  { db, now = new Date(), locale }: { db: DbOrTx; now?: Date; locale?: Locale },
) {
  const tokenHash = hashToken(token);
  const found = await findForAccept(tokenHash, db);
  if (!found) throw new DomainError("NOT_FOUND", "invite.notFound");
  assertInvitationPending(found, now);
  const form = parseForKind(found, input);
  // Hash outside the transaction: the KDF takes tens of milliseconds and must not hold locks.
  const passwordHash = await hashPassword(form.password);

  try {
    return await withTransaction(db, async (tx) => {
      // Claim the link first. Two submissions racing past the check above both reach this
      // update, but only one matches acceptedAt = null; the other stops here.
      const claimed = await tx.invitation.updateMany({
        where: { id: found.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
        data: { acceptedAt: now },
      });
      if (claimed.count !== 1) {
        const current = await findForAccept(tokenHash, tx);
        if (current) assertInvitationPending(current, now);
        throw new DomainError("INVALID_STATE", "invite.alreadyUsed");
      }
      if (await tx.user.findUnique({ where: { email: form.email }, select: { id: true } }))
        throw emailTaken(found.kind);

      const user = await createAccount(tx, found, form, { passwordHash, locale });
      await tx.invitation.update({ where: { id: found.id }, data: { acceptedById: user.id } });
      await writeAudit(
        {
          actor: actorFromUser(user),
          action: "invitation.accept",
          subjectType: "invitation",
          subjectId: found.id,
          caseId: found.kind === "EXTERNAL" ? found.caseId : null,
          details: { kind: found.kind, userId: user.id, organisationId: user.organisationId },
        },
        { db: tx },
      );
      return user;
    });
  } catch (error) {
    // The check inside the transaction closes most of the window; the unique index the rest.
    if (isUniqueViolation(error)) throw emailTaken(found.kind);
    throw error;
  }
}

type AcceptForm = {
  email: string;
  name: string;
  positionTitle: string | null;
  password: string;
  organisation?: { name: string; type: OrganisationType };
};

function parseForKind(invitation: PendingInvitation, input: AcceptInvitationInput): AcceptForm {
  switch (invitation.kind) {
    case "SETUP": {
      const d = parseInput(SetupSchema, input);
      return { ...d, organisation: { name: d.organisationName, type: d.organisationType } };
    }
    case "STAFF": {
      const d = parseInput(AcceptStaffInvitationSchema, input);
      if (!invitation.email) throw new DomainError("INVALID_STATE", "invite.notFound");
      return { ...d, email: invitation.email };
    }
    case "EXTERNAL": {
      const d = parseInput(AcceptExternalInvitationSchema, input);
      const email = d.email ?? invitation.email;
      if (!email) {
        throw new DomainError("VALIDATION", "form.errorSummary", { fieldErrors: { email: "form.required" } });
      }
      return { ...d, email };
    }
  }
}

async function createAccount(
  tx: Tx,
  invitation: PendingInvitation,
  form: AcceptForm,
  { passwordHash, locale }: { passwordHash: string; locale?: Locale },
) {
  const person = { email: form.email, name: form.name, positionTitle: form.positionTitle, passwordHash, locale };
  switch (invitation.kind) {
    case "SETUP": {
      // The set-up link is for an empty deployment only; once anyone has an account, the
      // organisation administrators invite everyone else.
      if ((await tx.user.count()) > 0) throw new DomainError("INVALID_STATE", "invite.setupDone");
      const organisation = await tx.organisation.create({
        data: { name: form.organisation!.name, type: form.organisation!.type },
      });
      await tx.invitation.update({ where: { id: invitation.id }, data: { organisationId: organisation.id } });
      return tx.user.create({
        data: { ...person, kind: "STAFF", organisationId: organisation.id, isOrgAdmin: true, isSystemAdmin: true },
      });
    }
    case "STAFF": {
      if (!invitation.organisationId) throw new DomainError("INVALID_STATE", "invite.notFound");
      return tx.user.create({
        data: {
          ...person,
          kind: "STAFF",
          organisationId: invitation.organisationId,
          isOrgAdmin: invitation.isOrgAdmin,
        },
      });
    }
    case "EXTERNAL": {
      if (!invitation.caseId || !invitation.caseRole) throw new DomainError("INVALID_STATE", "invite.notFound");
      const user = await tx.user.create({ data: { ...person, kind: "EXTERNAL", organisationId: null } });
      await tx.caseMember.create({ data: { caseId: invitation.caseId, userId: user.id, role: invitation.caseRole } });
      // The client's consent the case manager recorded with the invitation now has its recipient
      // (createExternalInvitation), and the client is told who joined their team (004 §3.1).
      if (invitation.consentForm && invitation.consentScope && invitation.consentGivenAt) {
        if (!invitation.invitedById) throw new DomainError("INVALID_STATE", "invite.notFound");
        await tx.sharingConsent.create({
          data: {
            caseId: invitation.caseId,
            recipientUserId: user.id,
            form: invitation.consentForm,
            scope: invitation.consentScope,
            givenAt: invitation.consentGivenAt,
            recordedById: invitation.invitedById,
            recordedAt: invitation.createdAt,
          },
        });
      }
      if (invitation.caseRole !== "CLIENT") {
        await tx.clientNotice.create({
          data: { caseId: invitation.caseId, kind: "SHARED_WITH", subjectUserId: user.id },
        });
      }
      if (invitation.meetingId) {
        await tx.meetingParticipant.create({
          data: { meetingId: invitation.meetingId, userId: user.id, meetingRole: "PARTICIPANT", isRemote: true },
        });
      }
      return user;
    }
  }
}
