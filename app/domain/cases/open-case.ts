import type { DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { DomainError, type FieldErrors } from "../errors";
import { isUniqueViolation, withTransaction } from "../with-transaction";
import { OpenCaseSchema, type OpenCaseInput } from "./case-schemas";
import { serializeCommunicationNeeds } from "./client-schemas";
import { parseCaseInput } from "./parse-case-input";

const caseNumberTaken = (): FieldErrors => ({ caseNumber: "case.caseNumberTaken" });
// The message must not say which case: the user may have no right to know it exists.
const personalCodeExists = (): FieldErrors => ({ personalCode: "client.personalCodeExists" });

/** Which of the organisation's unique keys the new case and client would collide with. */
async function findConflicts(
  organisationId: string,
  { caseNumber, personalCode }: { caseNumber: string; personalCode: string | null },
  db: DbOrTx,
): Promise<FieldErrors> {
  // Sequential, not Promise.all: inside a transaction there is one connection.
  const sameNumber = await db.case.findUnique({
    where: { organisationId_caseNumber: { organisationId, caseNumber } },
    select: { id: true },
  });
  const sameCode = personalCode
    ? await db.client.findUnique({
        where: { organisationId_personalCode: { organisationId, personalCode } },
        select: { id: true },
      })
    : null;
  return { ...(sameNumber ? caseNumberTaken() : {}), ...(sameCode ? personalCodeExists() : {}) };
}

function conflict(fieldErrors: FieldErrors): DomainError {
  const messageKey = fieldErrors.caseNumber ? "case.caseNumberTaken" : "client.personalCodeExists";
  return new DomainError("CONFLICT", messageKey, { fieldErrors });
}

/**
 * A staff member opens a case in their own organisation, with a new client record, and becomes
 * its case manager (004 §3.1: the need is identified and a case manager appointed). A case number
 * or personal code already used in the organisation is refused and nothing is created; an
 * existing client is not reused: one client record per case, kept simple on purpose.
 */
export async function openCase(
  actor: Actor,
  input: OpenCaseInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<{ caseId: string; clientId: string }> {
  const organisationId = actor.kind === "STAFF" ? actor.organisationId : null;
  if (!organisationId) throw new DomainError("FORBIDDEN", "error.forbidden");
  const data = parseCaseInput(OpenCaseSchema, input);
  const keys = { caseNumber: data.caseNumber, personalCode: data.client.personalCode };

  const before = await findConflicts(organisationId, keys, db);
  if (Object.keys(before).length) throw conflict(before);

  try {
    return await withTransaction(db, async (tx) => {
      // Again inside the transaction; the unique indexes close the last window (catch below).
      const inside = await findConflicts(organisationId, keys, tx);
      if (Object.keys(inside).length) throw conflict(inside);

      const { communicationNeeds, ...client } = data.client;
      const createdClient = await tx.client.create({
        data: { ...client, organisationId, communicationNeeds: serializeCommunicationNeeds(communicationNeeds) },
      });
      const created = await tx.case.create({
        data: {
          organisationId,
          caseNumber: data.caseNumber,
          clientId: createdClient.id,
          caseManagerId: actor.userId,
          stage: "NEED_IDENTIFIED",
          summary: data.summary,
          createdAt: now,
          members: { create: { userId: actor.userId, role: "CASE_MANAGER", addedById: actor.userId, addedAt: now } },
        },
      });
      await writeAudit(
        {
          actor,
          action: "case.create",
          subjectType: "case",
          subjectId: created.id,
          caseId: created.id,
          details: { clientId: createdClient.id, organisationId },
        },
        { db: tx },
      );
      return { caseId: created.id, clientId: createdClient.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      // When `db` is a caller's transaction, PostgreSQL has aborted it: then say "number taken".
      const after = await findConflicts(organisationId, keys, db).catch((): FieldErrors => ({}));
      throw conflict(Object.keys(after).length ? after : caseNumberTaken());
    }
    throw error;
  }
}
