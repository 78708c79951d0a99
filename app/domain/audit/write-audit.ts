// Every change of case data, and every read of personal data, writes one of these in the same
// transaction as the change (style rule 4). details: ids and codes only, never personal data.
import type { DbOrTx } from "~/lib/db-types";
import { type Actor, actorRole } from "../actor";

export type AuditInput = {
  actor: Actor | null;
  action: string;
  subjectType: string;
  subjectId: string;
  caseId?: string | null;
  reason?: string | null;
  details?: Record<string, string | number | boolean | null>;
};

export async function writeAudit(input: AuditInput, { db }: { db: DbOrTx }): Promise<void> {
  await db.auditEvent.create({
    data: {
      actorId: input.actor?.userId ?? null,
      actorRole: actorRole(input.actor),
      action: input.action,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      caseId: input.caseId ?? null,
      reason: input.reason ?? null,
      details: input.details ? JSON.stringify(input.details) : null,
    },
  });
}
