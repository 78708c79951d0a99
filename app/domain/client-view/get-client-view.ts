import type { CaseRole, DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { requireCaseAccess } from "../access/load-case-access";
import { can } from "../access/policy";
import { writeAudit } from "../audit/write-audit";
import { withTransaction } from "../with-transaction";
import { listApprovedRecordsForClient } from "../records/get-record";
import { parsePlanContent } from "../plans/plan-schemas";
import { consentStatusFor, isConsentInForce } from "../team/consent-rules";
import { inSequence } from "../team/team-queries";
import { CLIENT_VIEW_PERMISSION_ROLES } from "../team/team-schemas";
import { describeAuditAction, isChangeAction, subjectUserIdOf } from "./access-log";

export const ACCESS_LOG_PAGE_SIZE = 20;
const NOTICE_LIMIT = 50;
/** Those who act for the client: their reading marks notices seen, they manage consent. */
const CLIENT_ROLES: readonly CaseRole[] = ["CLIENT", "LEGAL_REPRESENTATIVE"];

export type ClientView = Awaited<ReturnType<typeof getClientView>>;

type Person = {
  id: string;
  name: string;
  kind: "STAFF" | "EXTERNAL";
  positionTitle: string | null;
  organisation: { name: string } | null;
};

/**
 * The client's own view of their case (Social Welfare Act §35: the client may see the documents
 * about them), for the client, their legal representative, and an advocate or close person the
 * client allowed: their team, who may see their information, their meetings, what was decided and
 * planned, what is new, and who has looked at their case and when.
 *
 * Everything is read by this case's id; people appear only as members, consent recipients or
 * actors of this case. No e-mail address or phone number of any guest is returned; the case
 * manager's work e-mail is the one contact shown. The read is audited like any other.
 */
export async function getClientView(
  actor: Actor,
  caseId: string,
  { db, now = new Date(), page = 1 }: { db: DbOrTx; now?: Date; page?: number },
) {
  const facts = await requireCaseAccess(actor, "case.readClientView", caseId, { db, now });
  const viewerRole = facts.membership?.role ?? null;
  const isActingForClient = viewerRole !== null && CLIENT_ROLES.includes(viewerRole);
  const canManageConsent = isActingForClient && can(actor, "case.recordConsent", { ...facts, isClosed: false });
  const canGiveConsent = isActingForClient && can(actor, "case.recordConsent", facts);

  // The viewer's own visits to this page are not news to them; everyone else's are listed.
  const logWhere = { caseId, NOT: { actorId: actor.userId, action: "case.readClientView" } };
  const [theCase, members, consents, meetings, notices, logTotal, logRows] = await inSequence([
    db.case.findUniqueOrThrow({
      where: { id: caseId },
      select: {
        id: true,
        caseNumber: true,
        stage: true,
        closedAt: true,
        client: { select: { firstName: true, lastName: true } },
        organisation: { select: { name: true } },
        caseManager: {
          select: { id: true, name: true, positionTitle: true, email: true, organisation: { select: { name: true } } },
        },
      },
    }),
    // Removed members too: the log and the notices may name them. Only active ones are "the team".
    db.caseMember.findMany({
      where: { caseId },
      orderBy: [{ addedAt: "asc" }, { id: "asc" }],
      select: {
        id: true,
        role: true,
        hasClientViewPermission: true,
        removedAt: true,
        user: {
          select: { id: true, name: true, kind: true, positionTitle: true, organisation: { select: { name: true } } },
        },
      },
    }),
    db.sharingConsent.findMany({
      where: { caseId },
      orderBy: [{ givenAt: "desc" }, { id: "asc" }],
      select: { id: true, recipientUserId: true, form: true, scope: true, givenAt: true, withdrawnAt: true },
    }),
    db.meeting.findMany({
      where: { caseId, kind: "CASE" },
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
      select: {
        id: true,
        purpose: true,
        startsAt: true,
        durationMinutes: true,
        location: true,
        isOnline: true,
        status: true,
        participants: {
          where: { userId: actor.userId },
          select: { meetingRole: true, response: true, isRemote: true },
        },
      },
    }),
    db.clientNotice.findMany({
      where: { caseId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: NOTICE_LIMIT,
      select: { id: true, kind: true, subjectUserId: true, createdAt: true, seenAt: true },
    }),
    db.auditEvent.count({ where: logWhere }),
    db.auditEvent.findMany({
      where: logWhere,
      orderBy: [{ at: "desc" }, { id: "desc" }],
      skip: (page - 1) * ACCESS_LOG_PAGE_SIZE,
      take: ACCESS_LOG_PAGE_SIZE,
      select: { id: true, at: true, actorId: true, action: true, details: true },
    }),
  ]);

  // The people of this case: members (now or earlier), consent recipients, and whoever acted on
  // it. Names of anyone else are never looked up, so nothing of another case can appear.
  const caseUserIds = new Set<string>([
    theCase.caseManager.id,
    ...members.map((m) => m.user.id),
    ...consents.map((c) => c.recipientUserId),
    ...logRows.flatMap((r) => (r.actorId ? [r.actorId] : [])),
  ]);
  const extraIds = [...caseUserIds].filter((id) => !members.some((m) => m.user.id === id));
  const extraPeople: Person[] = extraIds.length
    ? await db.user.findMany({
        where: { id: { in: extraIds } },
        select: { id: true, name: true, kind: true, positionTitle: true, organisation: { select: { name: true } } },
      })
    : [];
  const people = new Map<string, Person>([
    ...members.map((m) => [m.user.id, m.user] as const),
    ...extraPeople.map((p) => [p.id, p] as const),
  ]);
  const roleOf = new Map<string, CaseRole>();
  for (const m of members) if (!m.removedAt || !roleOf.has(m.user.id)) roleOf.set(m.user.id, m.role);
  const personView = (id: string | null) => {
    const p = id && caseUserIds.has(id) ? people.get(id) : undefined;
    if (!p) return null;
    return {
      name: p.name,
      positionTitle: p.positionTitle,
      organisationName: p.organisation?.name ?? null,
      roleInCase: roleOf.get(p.id) ?? null,
      isYou: p.id === actor.userId,
    };
  };

  const activeMembers = members.filter((m) => m.removedAt === null);
  const team = activeMembers.map((m) => {
    const own = consents.filter((c) => c.recipientUserId === m.user.id);
    return {
      memberId: m.id,
      userId: m.user.id,
      name: m.user.name,
      role: m.role,
      positionTitle: m.user.positionTitle,
      organisationName: m.user.organisation?.name ?? null,
      isYou: m.user.id === actor.userId,
      consentStatus: consentStatusFor(m.role, own, now),
      canSeeClientView: (CLIENT_VIEW_PERMISSION_ROLES as readonly CaseRole[]).includes(m.role)
        ? m.hasClientViewPermission
        : null,
    };
  });

  // Approved meeting records only: a draft is not yet what was agreed.
  const approvedRecords = await listApprovedRecordsForClient(caseId, { db, viewerUserId: actor.userId });

  const unseenIds = notices.filter((n) => n.seenAt === null).map((n) => n.id);
  await withTransaction(db, async (tx) => {
    // Notices are the client's: someone reading on their behalf with permission does not
    // make them "seen" for the client.
    if (isActingForClient && unseenIds.length > 0) {
      await tx.clientNotice.updateMany({
        where: { id: { in: unseenIds }, caseId, seenAt: null },
        data: { seenAt: now },
      });
    }
    await writeAudit(
      {
        actor,
        action: "case.readClientView",
        subjectType: "case",
        subjectId: caseId,
        caseId,
        details: { page, noticesMarkedSeen: isActingForClient ? unseenIds.length : 0 },
      },
      { db: tx },
    );
  });

  return {
    case: {
      id: theCase.id,
      caseNumber: theCase.caseNumber,
      stage: theCase.stage,
      isClosed: facts.isClosed,
      closedAt: theCase.closedAt,
      organisationName: theCase.organisation.name,
      clientName: `${theCase.client.firstName} ${theCase.client.lastName}`,
    },
    viewer: { role: viewerRole, isActingForClient, canManageConsent, canGiveConsent },
    caseManager: {
      name: theCase.caseManager.name,
      positionTitle: theCase.caseManager.positionTitle,
      organisationName: theCase.caseManager.organisation?.name ?? null,
      email: theCase.caseManager.email,
    },
    team,
    consents: consents.map((c) => ({
      id: c.id,
      recipient: personView(c.recipientUserId),
      form: c.form,
      scope: c.scope,
      givenAt: c.givenAt,
      withdrawnAt: c.withdrawnAt,
      isInForce: isConsentInForce(c, now),
    })),
    /** Team members who would receive the client's information but have no consent in force. */
    waitingForConsent: team
      .filter((m) => m.consentStatus === "MISSING" || m.consentStatus === "WITHDRAWN")
      .map((m) => ({
        userId: m.userId,
        name: m.name,
        role: m.role,
        positionTitle: m.positionTitle,
        organisationName: m.organisationName,
      })),
    meetings: meetings.map(({ participants, ...m }) => ({
      ...m,
      isPast: m.startsAt.getTime() + m.durationMinutes * 60_000 <= now.getTime(),
      myParticipation: participants[0] ?? null,
    })),
    // What was decided, from the approved meeting records: each planned step with who does it
    // and by when. The case plan arrives with the case-plan work.
    decisions: approvedRecords.flatMap((r) =>
      r.plannedSteps.map((s) => ({
        id: `${r.recordId}.${s.id}`,
        text: s.text,
        decidedAt: r.meetingStartsAt,
        approvedAt: r.approvedAt,
        meetingId: r.meetingId,
        responsibleName: s.responsibleName,
        responsiblePosition: s.responsiblePosition,
        isYours: s.isYours,
        deadline: s.deadline,
        nextStep: s.nextStep,
      })),
    ),
    /** The approved meeting records in plain language: goals, steps, dissent, next meeting, addenda. */
    approvedRecords,
    /** The case plan as the client reads it: the version in force, and the one being drafted or signed. */
    plan: await clientPlan(caseId, actor.userId, { db }),
    notices: notices.map((n) => ({
      id: n.id,
      kind: n.kind,
      subject: personView(n.subjectUserId),
      createdAt: n.createdAt,
      isNew: n.seenAt === null,
    })),
    accessLog: {
      page,
      pageSize: ACCESS_LOG_PAGE_SIZE,
      total: logTotal,
      pageCount: Math.max(1, Math.ceil(logTotal / ACCESS_LOG_PAGE_SIZE)),
      entries: logRows.map((r) => ({
        id: r.id,
        at: r.at,
        actor: personView(r.actorId),
        isSystem: r.actorId === null,
        messageKey: describeAuditAction(r.action),
        isChange: isChangeAction(r.action),
        subject: personView(subjectUserIdOf(r.details)),
      })),
    },
  };
}

/**
 * The plan part of the client's view (004 §3.4: the client sees and signs the plan): the version
 * in force with its content, and the open version (a draft, or out for signing with how many have
 * signed and whether the viewer's signature is awaited). Read with the view; its read is audited.
 */
async function clientPlan(caseId: string, viewerUserId: string, { db }: { db: DbOrTx }) {
  const versions = await db.planVersion.findMany({
    where: { caseId, status: { in: ["DRAFT", "SIGNING", "IN_FORCE"] } },
    orderBy: { number: "desc" },
    select: {
      id: true,
      number: true,
      status: true,
      inForceAt: true,
      contentHash: true,
      content: true,
      signatories: { select: { userId: true, signature: { select: { decision: true } } } },
    },
  });
  const inForce = versions.find((v) => v.status === "IN_FORCE");
  const open = versions.find((v) => v.status === "DRAFT" || v.status === "SIGNING");
  if (!inForce && !open) return null;
  return {
    inForce:
      inForce && inForce.content !== null
        ? {
            id: inForce.id,
            number: inForce.number,
            inForceAt: inForce.inForceAt,
            contentHash: inForce.contentHash,
            content: parsePlanContent(inForce.content),
          }
        : null,
    open: open
      ? {
          id: open.id,
          number: open.number,
          status: open.status as "DRAFT" | "SIGNING",
          signedCount: open.signatories.filter((s) => s.signature?.decision === "SIGNED").length,
          signatoryCount: open.signatories.length,
          isMySignatureAwaited:
            open.status === "SIGNING" &&
            open.signatories.some((s) => s.userId === viewerUserId && s.signature === null),
        }
      : null,
  };
}
