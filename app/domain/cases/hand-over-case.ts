import type { CaseStage, DbOrTx, Tx } from "~/lib/db-types";
import { requireCaseAccess } from "../access/load-case-access";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { DomainError } from "../errors";
import { parseInput } from "../parse-input";
import { isUniqueViolation, withTransaction } from "../with-transaction";
import { cancelPlannedMeetings } from "./cancel-open-meetings";
import { HandOverCaseSchema, parseCaseId, type HandOverCaseInput } from "./case-schemas";

export type HandOverResult = {
  kind: "inSystem" | "outside";
  /** People whose access to the case ended: the web layer closes their live connections. */
  endedAccessUserIds: string[];
};

const changedByOther = () => new DomainError("CONFLICT", "case.changedByOther");
const numberTaken = () =>
  new DomainError("CONFLICT", "case.caseNumberTakenAtReceiver", {
    fieldErrors: { newCaseNumber: "case.caseNumberTakenAtReceiver" },
  });
const invalidReceiver = (messageKey: string) =>
  new DomainError("VALIDATION", "form.errorSummary", { fieldErrors: { toCaseManagerId: messageKey } });

type CurrentCase = {
  id: string;
  organisationId: string;
  caseNumber: string;
  caseManagerId: string;
  stage: CaseStage;
  clientId: string;
};

/**
 * Hands the case over when the main need moves to another organisation or case manager
 * (004 §3.8; 001 "the responsible institution hands over"), with a recorded reason. The history
 * stays with the case: every earlier entry, member and meeting, plus a CaseHandover row.
 *
 * - To a staff member on the system (same or another organisation): they become the case manager
 *   and the case moves to their organisation, under its number there (kept, or newCaseNumber).
 *   The previous case manager leaves the team and so loses access.
 * - To an organisation not on the system: the case ends here as HANDED_OVER (terminal); its
 *   planned meetings are cancelled.
 * The client is told in their view either way.
 */
export async function handOverCase(
  actor: Actor,
  input: HandOverCaseInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<HandOverResult> {
  const caseId = parseCaseId(input.caseId);
  await requireCaseAccess(actor, "case.handover", caseId, { db, now });
  const data = parseInput(HandOverCaseSchema, input);
  const current: CurrentCase = await db.case.findUniqueOrThrow({
    where: { id: caseId },
    select: { id: true, organisationId: true, caseNumber: true, caseManagerId: true, stage: true, clientId: true },
  });

  if (!data.toCaseManagerId) {
    return withTransaction(db, async (tx) => {
      await requireCaseAccess(actor, "case.handover", caseId, { db: tx, now });
      await claim(tx, current, { stage: "HANDED_OVER" });
      await tx.caseHandover.create({
        data: {
          caseId,
          fromOrganisationId: current.organisationId,
          toOrganisationName: data.toOrganisationName,
          fromCaseManagerId: current.caseManagerId,
          reason: data.reason,
          handedOverById: actor.userId,
          at: now,
        },
      });
      const cancelled = await cancelPlannedMeetings(
        actor,
        { caseId, cause: "case.handover", reason: data.reason },
        { tx },
      );
      await tx.clientNotice.create({ data: { caseId, kind: "HANDED_OVER", createdAt: now } });
      await writeAudit(
        {
          actor,
          action: "case.handover",
          subjectType: "case",
          subjectId: caseId,
          caseId,
          reason: data.reason,
          details: {
            outsideSystem: true,
            fromCaseManagerId: current.caseManagerId,
            cancelledMeetings: cancelled.length,
          },
        },
        { db: tx },
      );
      return { kind: "outside", endedAccessUserIds: [] };
    });
  }

  const receiver = await db.user.findUnique({
    where: { id: data.toCaseManagerId },
    select: { id: true, kind: true, organisationId: true, disabledAt: true },
  });
  if (!receiver || receiver.kind !== "STAFF" || !receiver.organisationId || receiver.disabledAt) {
    throw invalidReceiver("case.handoverReceiverInvalid");
  }
  if (receiver.id === current.caseManagerId) throw invalidReceiver("case.handoverSameManager");
  const toOrganisationId = receiver.organisationId;
  const caseNumber = data.newCaseNumber ?? current.caseNumber;
  const isMovingOrganisation = toOrganisationId !== current.organisationId;

  const checkReceiverSide = async (q: DbOrTx) => {
    const sameNumber = await q.case.findUnique({
      where: { organisationId_caseNumber: { organisationId: toOrganisationId, caseNumber } },
      select: { id: true },
    });
    if (sameNumber && sameNumber.id !== caseId) throw numberTaken();
    return isMovingOrganisation ? decideClientMove(q, current, toOrganisationId) : false;
  };
  await checkReceiverSide(db);

  try {
    return await withTransaction(db, async (tx) => {
      await requireCaseAccess(actor, "case.handover", caseId, { db: tx, now });
      const isMovingClient = await checkReceiverSide(tx);
      await claim(tx, current, { organisationId: toOrganisationId, caseNumber, caseManagerId: receiver.id });
      if (isMovingClient) {
        await tx.client.update({ where: { id: current.clientId }, data: { organisationId: toOrganisationId } });
      }
      // The previous case manager leaves the team. If the receiver was on it already (say as a
      // specialist), that membership ends and the case-manager one begins: both stay on record.
      await tx.caseMember.updateMany({
        where: { caseId, userId: { in: [current.caseManagerId, receiver.id] }, removedAt: null },
        data: { removedAt: now, removedReason: "handover" },
      });
      await tx.caseMember.create({
        data: { caseId, userId: receiver.id, role: "CASE_MANAGER", addedById: actor.userId, addedAt: now },
      });
      await tx.caseHandover.create({
        data: {
          caseId,
          fromOrganisationId: current.organisationId,
          toOrganisationId,
          fromCaseManagerId: current.caseManagerId,
          toCaseManagerId: receiver.id,
          reason: data.reason,
          handedOverById: actor.userId,
          at: now,
        },
      });
      await tx.clientNotice.create({
        data: { caseId, kind: "HANDED_OVER", subjectUserId: receiver.id, createdAt: now },
      });
      await writeAudit(
        {
          actor,
          action: "case.handover",
          subjectType: "case",
          subjectId: caseId,
          caseId,
          reason: data.reason,
          details: {
            outsideSystem: false,
            fromOrganisationId: current.organisationId,
            toOrganisationId,
            fromCaseManagerId: current.caseManagerId,
            toCaseManagerId: receiver.id,
            caseNumberChanged: caseNumber !== current.caseNumber,
          },
        },
        { db: tx },
      );
      return { kind: "inSystem", endedAccessUserIds: [current.caseManagerId] };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw numberTaken();
    throw error;
  }
}

/**
 * Changes the case only if it is still as read before the transaction (same manager,
 * organisation, number and stage): a concurrent handover, closure or stage change wins.
 */
async function claim(
  tx: Tx,
  current: CurrentCase,
  data: { stage?: CaseStage; organisationId?: string; caseNumber?: string; caseManagerId?: string },
) {
  const { count } = await tx.case.updateMany({
    where: {
      id: current.id,
      organisationId: current.organisationId,
      caseNumber: current.caseNumber,
      caseManagerId: current.caseManagerId,
      stage: current.stage,
    },
    data,
  });
  if (count !== 1) throw changedByOther();
}

/**
 * A client record belongs to the organisation responsible for the case (Client in the schema),
 * so it moves with the case. It stays behind only if it also belongs to another case there.
 * The receiving organisation may not hold a second record with the same personal code.
 */
async function decideClientMove(q: DbOrTx, current: CurrentCase, toOrganisationId: string): Promise<boolean> {
  const client = await q.client.findUniqueOrThrow({
    where: { id: current.clientId },
    select: { personalCode: true, _count: { select: { cases: true } } },
  });
  if (client._count.cases > 1) return false;
  if (client.personalCode) {
    const atReceiver = await q.client.findUnique({
      where: { organisationId_personalCode: { organisationId: toOrganisationId, personalCode: client.personalCode } },
      select: { id: true },
    });
    if (atReceiver) {
      throw new DomainError("CONFLICT", "case.handoverClientExists", {
        fieldErrors: { toCaseManagerId: "case.handoverClientExists" },
      });
    }
  }
  return true;
}
