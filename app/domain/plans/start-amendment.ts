import type { DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { parseInput } from "../parse-input";
import { withTransaction } from "../with-transaction";
import { storeSeededDocument } from "./plan-document";
import { lockCaseForChange, planDocName, requirePlanAccess } from "./plan-queries";
import { amendmentBase, nextVersionNumber } from "./plan-rules";
import { StartAmendmentSchema, parsePlanContent, type StartAmendmentInput } from "./plan-schemas";
import type { StartedPlanVersion } from "./start-plan";

/**
 * The case manager starts an amendment (004 §3.4: changes after monitoring or an interim
 * evaluation are agreed and signed again): a new DRAFT whose live document starts with the
 * content of the version in force, or of a withdrawn version (a refusal to sign is resolved this
 * way: withdraw, amend, send again). Row ids are kept, so the team sees what changed
 * (diffPlanContent) and activities keep the meeting decisions they came from. The version
 * amended stays as it is, readable forever.
 */
export async function startAmendment(
  actor: Actor,
  input: StartAmendmentInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<StartedPlanVersion & { basedOnId: string }> {
  const data = parseInput(StartAmendmentSchema, input);
  const caseId = data.caseId;
  await requirePlanAccess(actor, "plan.manage", caseId, { db, now });

  return withTransaction(db, async (tx) => {
    await lockCaseForChange(tx, caseId);
    await requirePlanAccess(actor, "plan.manage", caseId, { db: tx, now });
    const versions = await tx.planVersion.findMany({
      where: { caseId },
      select: { id: true, number: true, status: true, content: true },
    });
    const base = amendmentBase(versions, data.fromVersionId);
    if (base.content === null) throw new Error("plan version out of draft without content");
    const content = parsePlanContent(base.content);
    const number = nextVersionNumber(versions);
    const version = await tx.planVersion.create({
      data: { caseId, number, status: "DRAFT", basedOnId: base.id, createdById: actor.userId, createdAt: now },
      select: { id: true },
    });
    const docName = planDocName(version.id);
    await storeSeededDocument(tx, docName, content);
    await writeAudit(
      {
        actor,
        action: "plan.amend",
        subjectType: "plan-version",
        subjectId: version.id,
        caseId,
        details: { number, basedOnId: base.id, basedOnNumber: base.number },
      },
      { db: tx },
    );
    return { versionId: version.id, number, docName, basedOnId: base.id };
  });
}
