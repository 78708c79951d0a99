import { createHash } from "node:crypto";
import type { DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { DomainError } from "../errors";
import { parseInput } from "../parse-input";
import { withTransaction } from "../with-transaction";
import {
  AttachPlanFileSchema,
  PLAN_FILE_MAX_MB,
  PLAN_FILES_PER_VERSION_MAX,
  checkPlanFile,
  type AttachPlanFileInput,
} from "./plan-files";
import { lockCaseForChange, planNotFound, requirePlanAccess, requireVersion } from "./plan-queries";
import { assertPlanEditable } from "./plan-rules";
import type { PlanAttachment } from "./plan-schemas";

/**
 * A plan of another provider (rehabilitation plan, care plan, individual job-search plan) attached
 * to a draft (004 §3.4): by whoever may edit the draft, while it is a DRAFT. The file is checked
 * (type from its name, content matching it, size: plan-files.ts), stored with its SHA-256, and
 * its metadata returned: the editor adds it to the live document like any other row, and when the
 * plan is sent the server takes the metadata from the stored file again (link-plan-attachments.ts),
 * so the version's hash covers the file's bytes. The file row is never changed afterwards.
 */
export async function attachPlanFile(
  actor: Actor,
  input: AttachPlanFileInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<PlanAttachment> {
  const { caseId, versionId, fileName, mediaType, bytes, description } = parseInput(AttachPlanFileSchema, input);
  const version = await requireVersion(db, versionId);
  if (version.caseId !== caseId) throw planNotFound();
  await requirePlanAccess(actor, "plan.edit", caseId, { db, now });
  assertPlanEditable(version.status);

  const checked = checkPlanFile({ fileName, mediaType, bytes });
  if (!checked.ok) {
    throw new DomainError("VALIDATION", checked.messageKey, {
      params: { maxMb: PLAN_FILE_MAX_MB },
      fieldErrors: { file: checked.messageKey },
    });
  }
  const sha256 = createHash("sha256").update(bytes).digest("hex");

  return withTransaction(db, async (tx) => {
    // Under the case-row lock, as sending is: a draft sent meanwhile takes no more files.
    await lockCaseForChange(tx, caseId);
    await requirePlanAccess(actor, "plan.edit", caseId, { db: tx, now });
    assertPlanEditable((await requireVersion(tx, versionId)).status);
    const uploaded = await tx.planFile.count({ where: { versionId } });
    if (uploaded >= PLAN_FILES_PER_VERSION_MAX) {
      throw new DomainError("VALIDATION", "plans.files.tooMany", {
        params: { max: PLAN_FILES_PER_VERSION_MAX },
        fieldErrors: { file: "plans.files.tooMany" },
      });
    }
    const file = await tx.planFile.create({
      data: {
        caseId,
        versionId,
        uploadedById: actor.userId,
        fileName: checked.fileName,
        mediaType: checked.mediaType,
        sizeBytes: bytes.length,
        sha256,
        data: new Uint8Array(bytes),
        createdAt: now,
      },
      select: { id: true },
    });
    await writeAudit(
      {
        actor,
        action: "plan.file.upload",
        subjectType: "plan-file",
        subjectId: file.id,
        caseId,
        // The file's name can carry personal data: ids and codes only.
        details: { versionId, number: version.number, mediaType: checked.mediaType, sizeBytes: bytes.length, sha256 },
      },
      { db: tx },
    );
    return {
      id: file.id,
      fileName: checked.fileName,
      mediaType: checked.mediaType,
      sizeBytes: bytes.length,
      sha256,
      description,
    };
  });
}
