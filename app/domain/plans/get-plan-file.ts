import type { DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { DomainError } from "../errors";
import { parseInput } from "../parse-input";
import { findVersion, requirePlanAccess } from "./plan-queries";
import { GetPlanFileSchema, type GetPlanFileInput } from "./plan-files";
import { parsePlanContent } from "./plan-schemas";

export type PlanFileDownload = {
  id: string;
  caseId: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  data: Uint8Array;
};

const fileNotFound = () => new DomainError("NOT_FOUND", "plans.files.notFound");

/**
 * An attached plan of another provider, to download: for whoever reads the case's plan (the
 * client too: it is their plan), or a signatory of the version that names the file (an advocate
 * signing for the client reads what they sign). Every download is audited.
 */
export async function getPlanFile(
  actor: Actor,
  input: GetPlanFileInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<PlanFileDownload> {
  const { caseId, fileId, versionId } = parseInput(GetPlanFileSchema, input);
  const file = await db.planFile.findUnique({
    where: { id: fileId },
    select: { id: true, caseId: true, fileName: true, mediaType: true, sizeBytes: true, sha256: true },
  });
  if (!file || file.caseId !== caseId) throw fileNotFound();

  // The version counts for access only when it is this case's and its fixed content names the file.
  const version = versionId ? await findVersion(db, versionId) : null;
  const isNamedBy =
    version !== null &&
    version.caseId === caseId &&
    version.content !== null &&
    parsePlanContent(version.content).attachments.some((a) => a.id === fileId);
  await requirePlanAccess(actor, "plan.read", caseId, { db, now, versionId: isNamedBy ? version.id : undefined });

  const { data } = await db.planFile.findUniqueOrThrow({ where: { id: fileId }, select: { data: true } });
  await writeAudit(
    {
      actor,
      action: "plan.file.read",
      subjectType: "plan-file",
      subjectId: fileId,
      caseId,
      details: { versionId: isNamedBy ? version.id : null, sha256: file.sha256 },
    },
    { db },
  );
  return { ...file, data };
}
