import type { DbOrTx } from "~/lib/db-types";
import type { PlanAttachment, PlanProblem } from "./plan-schemas";

/**
 * The attachments of a draft as the plan fixes them: browsers write the draft, so each entry must
 * name a file stored for this case (attachPlanFile), and its name, type, size and SHA-256 are
 * taken from the stored file (only the description is the draft's). The version's hash then
 * covers the very bytes that were uploaded. An entry naming no such file is a problem at its
 * place ("attachments.2"), and the plan is not sent.
 */
export async function linkPlanAttachments(
  db: DbOrTx,
  caseId: string,
  attachments: readonly PlanAttachment[],
): Promise<{ attachments: PlanAttachment[]; problems: PlanProblem[] }> {
  const ids = attachments.map((a) => a.id);
  const files =
    ids.length === 0
      ? []
      : await db.planFile.findMany({
          where: { id: { in: ids }, caseId },
          select: { id: true, fileName: true, mediaType: true, sizeBytes: true, sha256: true },
        });
  const byId = new Map(files.map((f) => [f.id, f]));
  const linked: PlanAttachment[] = [];
  const problems: PlanProblem[] = [];
  attachments.forEach((attachment, i) => {
    const file = byId.get(attachment.id);
    if (!file) {
      problems.push({ path: `attachments.${i}`, messageKey: "plans.problem.attachmentMissing" });
      linked.push(attachment);
      return;
    }
    linked.push({
      id: file.id,
      fileName: file.fileName,
      mediaType: file.mediaType,
      sizeBytes: file.sizeBytes,
      sha256: file.sha256,
      description: attachment.description,
    });
  });
  return { attachments: linked, problems };
}
