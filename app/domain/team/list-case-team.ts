import type { CaseRole, DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { requireCaseAccess } from "../access/load-case-access";
import { can } from "../access/policy";
import { writeAudit } from "../audit/write-audit";
import { consentStatusFor, isConsentInForce } from "./consent-rules";
import { inSequence } from "./team-queries";

/** The order a team is shown in: the client's side first, then the professionals. */
const ROLE_ORDER: readonly CaseRole[] = [
  "CLIENT",
  "LEGAL_REPRESENTATIVE",
  "ADVOCATE",
  "CLOSE_PERSON",
  "CASE_MANAGER",
  "SPECIALIST",
  "OTHER",
];

export type CaseTeam = Awaited<ReturnType<typeof listCaseTeam>>;

/**
 * The team page of a case (case.read): its members with their consent status, every consent
 * recorded on the case (also withdrawn ones: the history stays), and, for the case manager, the
 * external invitations still waiting. E-mail addresses are shown to staff only: an invited
 * outside specialist never sees other guests' contact details. The read is audited.
 */
export async function listCaseTeam(actor: Actor, caseId: string, { db, now = new Date() }: { db: DbOrTx; now?: Date }) {
  const facts = await requireCaseAccess(actor, "case.read", caseId, { db, now });
  const permissions = {
    canAddMember: can(actor, "case.addMember", facts),
    canRemoveMember: can(actor, "case.removeMember", facts),
    canRecordConsent: can(actor, "case.recordConsent", facts),
    // Withdrawing stays possible on a closed case (withdrawConsent).
    canWithdrawConsent: can(actor, "case.recordConsent", { ...facts, isClosed: false }),
    canInvite: can(actor, "case.inviteExternal", facts),
  };
  const showEmail = actor.kind === "STAFF";

  const [theCase, members, consents, invitations] = await inSequence([
    db.case.findUniqueOrThrow({
      where: { id: caseId },
      select: { id: true, caseNumber: true, stage: true, caseManagerId: true },
    }),
    db.caseMember.findMany({
      where: { caseId, removedAt: null },
      orderBy: [{ addedAt: "asc" }, { id: "asc" }],
      select: {
        id: true,
        role: true,
        hasClientViewPermission: true,
        addedAt: true,
        user: {
          select: {
            id: true,
            name: true,
            kind: true,
            positionTitle: true,
            email: true,
            organisation: { select: { name: true } },
          },
        },
      },
    }),
    db.sharingConsent.findMany({
      where: { caseId },
      orderBy: [{ givenAt: "desc" }, { id: "asc" }],
      select: {
        id: true,
        recipientUserId: true,
        form: true,
        scope: true,
        givenAt: true,
        recordedById: true,
        withdrawnAt: true,
        withdrawalNote: true,
      },
    }),
    permissions.canInvite
      ? db.invitation.findMany({
          where: { kind: "EXTERNAL", caseId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
          orderBy: { createdAt: "desc" },
          select: { id: true, name: true, email: true, caseRole: true, expiresAt: true, consentForm: true },
        })
      : Promise.resolve([]),
  ]);

  // Consent recipients are always this case's people (members now or earlier, or invited).
  const peopleIds = [...new Set(consents.flatMap((c) => [c.recipientUserId, c.recordedById]))];
  const people = await db.user.findMany({
    where: { id: { in: peopleIds } },
    select: { id: true, name: true, positionTitle: true, organisation: { select: { name: true } } },
  });
  const personById = new Map(people.map((p) => [p.id, p]));

  const teamMembers = members
    .map((m) => {
      const own = consents.filter((c) => c.recipientUserId === m.user.id);
      const inForce = own.find((c) => isConsentInForce(c, now)) ?? null;
      return {
        id: m.id,
        userId: m.user.id,
        name: m.user.name,
        kind: m.user.kind,
        positionTitle: m.user.positionTitle,
        organisationName: m.user.organisation?.name ?? null,
        email: showEmail ? m.user.email : null,
        role: m.role,
        isResponsibleCaseManager: m.role === "CASE_MANAGER" && m.user.id === theCase.caseManagerId,
        hasClientViewPermission: m.hasClientViewPermission,
        addedAt: m.addedAt,
        consentStatus: consentStatusFor(m.role, own, now),
        consentInForce: inForce
          ? { id: inForce.id, form: inForce.form, scope: inForce.scope, givenAt: inForce.givenAt }
          : null,
      };
    })
    .sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role));

  await writeAudit(
    {
      actor,
      action: "case.team.read",
      subjectType: "case",
      subjectId: caseId,
      caseId,
      details: { members: teamMembers.length, consents: consents.length },
    },
    { db },
  );

  const describe = (id: string) => {
    const p = personById.get(id);
    return p ? { name: p.name, positionTitle: p.positionTitle, organisationName: p.organisation?.name ?? null } : null;
  };
  return {
    case: {
      id: theCase.id,
      caseNumber: theCase.caseNumber,
      stage: theCase.stage,
      isClosed: facts.isClosed,
    },
    permissions,
    members: teamMembers,
    consents: consents.map((c) => ({
      id: c.id,
      recipientUserId: c.recipientUserId,
      recipient: describe(c.recipientUserId),
      recordedBy: describe(c.recordedById),
      form: c.form,
      scope: c.scope,
      givenAt: c.givenAt,
      withdrawnAt: c.withdrawnAt,
      withdrawalNote: c.withdrawalNote,
      isInForce: isConsentInForce(c, now),
    })),
    pendingInvitations: invitations.map((i) => ({
      id: i.id,
      name: i.name,
      email: i.email,
      caseRole: i.caseRole,
      expiresAt: i.expiresAt,
      hasConsent: i.consentForm !== null,
    })),
  };
}
