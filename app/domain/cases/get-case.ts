import type { ConsentForm, DbOrTx } from "~/lib/db-types";
import { requireCaseAccess } from "../access/load-case-access";
import { CONSENT_REQUIRED_ROLES } from "../access/policy";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { parseCaseId } from "./case-schemas";
import { parseCommunicationNeeds } from "./client-schemas";

/** How many of the latest changes the case page shows. */
export const TIMELINE_LIMIT = 200;

/**
 * Reads are audited too, but the timeline tells what happened to the case, so reads stay out of
 * it (the client's access log shows them). A read action is one of these, or any action whose
 * last part starts with read / list / open / view / search (document.open, case.readClientView).
 */
const READ_ACTIONS = ["case.read", "case.list", "case.readClientView", "document.open", "meeting.list"];
export function isReadAction(action: string): boolean {
  return READ_ACTIONS.includes(action) || /\.(read|list|open|view|search)[A-Za-z]*$/.test(action);
}

export type ConsentStatus = "ACTIVE" | "WITHDRAWN" | "MISSING";

/** Only these detail fields reach the page: codes and field names, never ids or values. */
const TIMELINE_PARAMS = ["from", "to", "fields", "outsideSystem", "cancelledMeetings", "caseRole", "kind"] as const;
type TimelineParams = Partial<Record<(typeof TIMELINE_PARAMS)[number], string | number | boolean>>;

function timelineParams(details: string | null): TimelineParams {
  if (!details) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(details);
  } catch {
    return {};
  }
  if (typeof parsed !== "object" || parsed === null) return {};
  const params: TimelineParams = {};
  for (const key of TIMELINE_PARAMS) {
    const value = (parsed as Record<string, unknown>)[key];
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") params[key] = value;
  }
  return params;
}

/**
 * Everything the team's case page shows: the case and client record, the case manager, the team
 * with each specialist's consent status, meetings, handovers and a timeline of changes. Only for
 * those who may read the case (the policy). The read is audited before anything is returned: if
 * the entry cannot be written, no case data leaves. (Not one transaction: Prisma loads the
 * includes in parallel, which a transaction's single PostgreSQL connection does not allow.)
 */
export async function getCaseForTeam(
  actor: Actor,
  caseId: string,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
) {
  const id = parseCaseId(caseId);
  const access = await requireCaseAccess(actor, "case.read", id, { db, now });
  const found = await db.case.findUniqueOrThrow({
    where: { id },
    include: {
      organisation: { select: { id: true, name: true } },
      client: true,
      caseManager: {
        select: { id: true, name: true, positionTitle: true, organisation: { select: { name: true } } },
      },
      members: {
        orderBy: [{ addedAt: "asc" }, { id: "asc" }],
        include: {
          user: {
            select: {
              id: true,
              name: true,
              positionTitle: true,
              kind: true,
              organisation: { select: { name: true } },
            },
          },
        },
      },
      consents: {
        orderBy: [{ recordedAt: "asc" }, { id: "asc" }],
        select: { recipientUserId: true, form: true, scope: true, givenAt: true, withdrawnAt: true },
      },
      meetings: {
        orderBy: [{ startsAt: "asc" }, { id: "asc" }],
        select: {
          id: true,
          purpose: true,
          startsAt: true,
          durationMinutes: true,
          location: true,
          isOnline: true,
          status: true,
        },
      },
      handovers: { orderBy: [{ at: "asc" }, { id: "asc" }] },
    },
  });

  const events = await db.auditEvent.findMany({
    where: { caseId: id, action: { notIn: READ_ACTIONS } },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: TIMELINE_LIMIT,
    select: { id: true, at: true, action: true, actorId: true, reason: true, details: true },
  });
  const changes = events.filter((e) => !isReadAction(e.action));

  const userIds = new Set<string>(changes.flatMap((e) => (e.actorId ? [e.actorId] : [])));
  const organisationIds = new Set<string>();
  for (const h of found.handovers) {
    for (const userId of [h.fromCaseManagerId, h.toCaseManagerId, h.handedOverById]) if (userId) userIds.add(userId);
    for (const orgId of [h.fromOrganisationId, h.toOrganisationId]) if (orgId) organisationIds.add(orgId);
  }
  // One after the other: a transaction is one connection (pg warns on parallel queries).
  const people = await db.user.findMany({
    where: { id: { in: [...userIds] } },
    select: { id: true, name: true, positionTitle: true, organisation: { select: { name: true } } },
  });
  const organisations = await db.organisation.findMany({
    where: { id: { in: [...organisationIds] } },
    select: { id: true, name: true },
  });
  const personById = new Map(
    people.map((p) => [
      p.id,
      { name: p.name, positionTitle: p.positionTitle, organisationName: p.organisation?.name ?? null },
    ]),
  );
  const organisationName = new Map(organisations.map((o) => [o.id, o.name]));

  const consentOf = (userId: string) => {
    const rows = found.consents.filter((c) => c.recipientUserId === userId);
    const active = rows.filter((c) => !c.withdrawnAt && c.givenAt <= now).at(-1);
    const latest = active ?? rows.at(-1);
    const status: ConsentStatus = active ? "ACTIVE" : rows.some((c) => c.withdrawnAt) ? "WITHDRAWN" : "MISSING";
    return {
      status,
      form: (latest?.form ?? null) as ConsentForm | null,
      scope: latest?.scope ?? null,
      givenAt: latest?.givenAt ?? null,
      withdrawnAt: active ? null : (latest?.withdrawnAt ?? null),
    };
  };

  const toMember = (m: (typeof found.members)[number]) => ({
    id: m.id,
    userId: m.userId,
    name: m.user.name,
    positionTitle: m.user.positionTitle,
    organisationName: m.user.organisation?.name ?? null,
    isExternal: m.user.kind === "EXTERNAL",
    role: m.role,
    addedAt: m.addedAt,
    removedAt: m.removedAt,
    removedReason: m.removedReason,
    consent: CONSENT_REQUIRED_ROLES.includes(m.role) ? consentOf(m.userId) : null,
  });

  const { communicationNeeds, ...client } = found.client;
  const view = {
    access,
    case: {
      id: found.id,
      caseNumber: found.caseNumber,
      stage: found.stage,
      summary: found.summary,
      riskFactors: found.riskFactors,
      protectiveFactors: found.protectiveFactors,
      clientView: found.clientView,
      closedAt: found.closedAt,
      closureReason: found.closureReason,
      clientFeedback: found.clientFeedback,
      openItemsReason: found.openItemsReason,
      version: found.version,
      createdAt: found.createdAt,
      updatedAt: found.updatedAt,
      organisation: found.organisation,
    },
    client: {
      id: client.id,
      firstName: client.firstName,
      lastName: client.lastName,
      personalCode: client.personalCode,
      dateOfBirth: client.dateOfBirth,
      phone: client.phone,
      email: client.email,
      address: client.address,
      preferredLanguage: client.preferredLanguage,
      communicationNeeds: parseCommunicationNeeds(communicationNeeds),
      interpreterLanguage: client.interpreterLanguage,
      accessibilityNotes: client.accessibilityNotes,
      legalRepresentative: client.legalRepresentative,
      legalRepresentativeContact: client.legalRepresentativeContact,
      hasAccount: client.userId !== null,
    },
    caseManager: {
      id: found.caseManager.id,
      name: found.caseManager.name,
      positionTitle: found.caseManager.positionTitle,
      organisationName: found.caseManager.organisation?.name ?? null,
    },
    members: found.members.filter((m) => !m.removedAt).map(toMember),
    formerMembers: found.members.filter((m) => m.removedAt).map(toMember),
    meetings: found.meetings,
    handovers: found.handovers.map((h) => ({
      id: h.id,
      at: h.at,
      reason: h.reason,
      isOutsideSystem: h.toCaseManagerId === null,
      fromOrganisationName: organisationName.get(h.fromOrganisationId) ?? null,
      toOrganisationName: h.toOrganisationId
        ? (organisationName.get(h.toOrganisationId) ?? null)
        : h.toOrganisationName,
      fromCaseManager: personById.get(h.fromCaseManagerId) ?? null,
      toCaseManager: h.toCaseManagerId ? (personById.get(h.toCaseManagerId) ?? null) : null,
      handedOverBy: personById.get(h.handedOverById) ?? null,
    })),
    timeline: changes.map((e) => ({
      id: e.id,
      at: e.at,
      action: e.action,
      messageKey: `timeline.${e.action}`,
      reason: e.reason,
      actor: e.actorId ? (personById.get(e.actorId) ?? null) : null,
      params: timelineParams(e.details),
    })),
  };

  await writeAudit({ actor, action: "case.read", subjectType: "case", subjectId: id, caseId: id }, { db });
  return view;
}

export type CaseForTeam = Awaited<ReturnType<typeof getCaseForTeam>>;
