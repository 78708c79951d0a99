import type { DbOrTx } from "~/lib/db-types";
import { requireCaseAccess } from "../access/load-case-access";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { DomainError } from "../errors";
import { isUniqueViolation, withTransaction } from "../with-transaction";
import { CASE_TEXT_FIELDS, UpdateCaseSchema, parseCaseId, type UpdateCaseInput } from "./case-schemas";
import { CLIENT_FIELD_NAMES, type ClientData, serializeCommunicationNeeds } from "./client-schemas";
import { parseCaseInput } from "./parse-case-input";

const changedByOther = () => new DomainError("CONFLICT", "case.changedByOther");
const personalCodeExists = () =>
  new DomainError("CONFLICT", "client.personalCodeExists", {
    fieldErrors: { personalCode: "client.personalCodeExists" },
  });

type ClientColumns = Omit<ClientData, "communicationNeeds"> & { communicationNeeds: string };

function toColumns(client: ClientData): ClientColumns {
  return { ...client, communicationNeeds: serializeCommunicationNeeds(client.communicationNeeds) };
}

function isSame(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  return a === b;
}

/**
 * The case manager edits the situation (summary, risk and protective factors, the client's own
 * view) and the client record. The edit names the version it started from: if someone else
 * saved in between, nothing is written and the editor is told (CONFLICT). The audit entry lists
 * which fields changed, by name only: the values are personal data.
 */
export async function updateCase(
  actor: Actor,
  input: UpdateCaseInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<{ version: number; changedFields: string[] }> {
  const caseId = parseCaseId(input.caseId);
  await requireCaseAccess(actor, "case.update", caseId, { db, now });
  const data = parseCaseInput(UpdateCaseSchema, input);

  const current = await db.case.findUniqueOrThrow({ where: { id: caseId }, include: { client: true } });
  if (current.version !== data.version) throw changedByOther();

  const caseChanges: Partial<Record<(typeof CASE_TEXT_FIELDS)[number], string | null>> = {};
  for (const field of CASE_TEXT_FIELDS) {
    const value = data[field];
    if (value !== undefined && !isSame(value, current[field])) caseChanges[field] = value;
  }
  const clientChanges: Partial<ClientColumns> = {};
  if (data.client) {
    const next = toColumns(data.client);
    for (const field of CLIENT_FIELD_NAMES) {
      if (!isSame(next[field], current.client[field])) Object.assign(clientChanges, { [field]: next[field] });
    }
  }
  const changedFields = [...Object.keys(caseChanges), ...Object.keys(clientChanges).map((f) => `client.${f}`)];
  if (changedFields.length === 0) return { version: current.version, changedFields };

  if (clientChanges.personalCode) {
    const sameCode = await db.client.findFirst({
      where: {
        organisationId: current.client.organisationId,
        personalCode: clientChanges.personalCode,
        id: { not: current.clientId },
      },
      select: { id: true },
    });
    if (sameCode) throw personalCodeExists();
  }

  try {
    return await withTransaction(db, async (tx) => {
      // Again inside: a handover or closure in between ends this editor's right to change it.
      await requireCaseAccess(actor, "case.update", caseId, { db: tx, now });
      // The version in the condition makes check and write one step: a concurrent save that
      // got here first has raised the version, and this update then matches no row.
      const { count } = await tx.case.updateMany({
        where: { id: caseId, version: data.version },
        data: { ...caseChanges, version: { increment: 1 } },
      });
      if (count !== 1) throw changedByOther();
      if (Object.keys(clientChanges).length > 0) {
        await tx.client.update({ where: { id: current.clientId }, data: clientChanges });
      }
      await writeAudit(
        {
          actor,
          action: "case.update",
          subjectType: "case",
          subjectId: caseId,
          caseId,
          details: { fields: changedFields.join(","), version: data.version + 1 },
        },
        { db: tx },
      );
      return { version: data.version + 1, changedFields };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw personalCodeExists();
    throw error;
  }
}
