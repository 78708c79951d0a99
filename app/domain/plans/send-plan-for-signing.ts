import { parseLocale } from "~/i18n/locales";
import type { DbOrTx } from "~/lib/db-types";
import type { Mailer } from "~/lib/mailer-types";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { readStoredDoc } from "../collab/stored-document";
import { DomainError, type FieldErrors } from "../errors";
import { parseInput } from "../parse-input";
import { tallinnDay } from "../time/tallinn-time";
import { withTransaction } from "../with-transaction";
import { readPlanDoc } from "./plan-doc";
import { freezeStoredDocument } from "./plan-document";
import { linkPlanAttachments } from "./link-plan-attachments";
import {
  loadPlanTeam,
  lockCaseForChange,
  planDocName,
  planJson,
  planVersionHash,
  requirePlanAccess,
  requireVersion,
  signatoriesHash,
  storedPlanContent,
} from "./plan-queries";
import { assertPlanEditable, nextPlanStatus } from "./plan-rules";
import {
  PLAN_SCHEMA_VERSION,
  PlanContentSchema,
  SendPlanSchema,
  checkPlanComplete,
  type PlanContent,
  type PlanProblem,
  type SendPlanInput,
} from "./plan-schemas";
import { linkPlanPersons, planSignatories, type Signatory } from "./plan-signatories";
import { signRequestMail } from "./plan-statement";

/** The plan page of a case: where a signatory reads and signs (the UI's route). */
export function planPageUrl(caseId: string, publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/cases/${caseId}/plan`;
}

/** The problems as the form's field errors: path -> message key (checkPlanComplete gives one per path). */
export function problemsAsFieldErrors(problems: readonly PlanProblem[]): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const p of problems) fieldErrors[p.path] ??= p.messageKey;
  return fieldErrors;
}

export type SendPlanDeps = {
  db: DbOrTx;
  now?: Date;
  /** Stores what every process holds of the live document (Realtime.flushDocument). */
  flushDocument: (docName: string) => Promise<void>;
  /** Closes the document's live connections; they reconnect read-only (Realtime.disconnectDocument). */
  disconnectDocument: (docName: string) => void;
  /** When given, every signatory is told by e-mail that the plan awaits their signature. */
  notify?: { mailer: Mailer; publicUrl: string };
};

export type SentPlan = {
  versionId: string;
  contentHash: string;
  previousHash: string | null;
  signatories: Signatory[];
  /** Signatories the e-mail reached (0 without `notify` or SMTP). */
  mailed: number;
};

/**
 * The case manager sends the draft for signing, which fixes its content (decision record 011):
 * the live document is flushed, frozen and read from the database in one transaction under the
 * case-row lock (so no write the server accepted is left out, and none is accepted after), the
 * content is checked (checkPlanComplete, and that every party can sign: VALIDATION
 * "plans.incomplete" with each problem at its place, nothing changed), stored as canonical JSON
 * and sealed with its hash chained to the version in force. The signatories are fixed then.
 * Open editors are disconnected and come back read-only.
 */
export async function sendPlanForSigning(
  actor: Actor,
  input: SendPlanInput,
  { db, now = new Date(), flushDocument, disconnectDocument, notify }: SendPlanDeps,
): Promise<SentPlan> {
  const { versionId } = parseInput(SendPlanSchema, input);
  const version = await requireVersion(db, versionId);
  await requirePlanAccess(actor, "plan.manage", version.caseId, { db, now });
  assertPlanEditable(version.status);
  nextPlanStatus(version.status, "send");

  const docName = planDocName(versionId);
  try {
    await flushDocument(docName);
  } catch {
    // A process holding the document could not store it: the content would miss its last edits.
    throw new DomainError("CONFLICT", "plans.notStored");
  }

  const sent = await withTransaction(db, async (tx) => {
    await lockCaseForChange(tx, version.caseId);
    await requirePlanAccess(actor, "plan.manage", version.caseId, { db: tx, now });
    const current = await requireVersion(tx, versionId);
    assertPlanEditable(current.status);
    // Frozen first, then read: an append waiting for the document row sees the freeze and is
    // refused, so what is read here is the whole and final draft. A refusal below rolls it back.
    await freezeStoredDocument(tx, docName, now);
    const doc = await readStoredDoc(tx, docName);
    const drafted = (() => {
      try {
        return readPlanDoc(doc);
      } finally {
        doc.destroy();
      }
    })();

    const theCase = await tx.case.findUniqueOrThrow({
      where: { id: version.caseId },
      select: { caseNumber: true, client: { select: { firstName: true, lastName: true } } },
    });
    const team = await loadPlanTeam(tx, version.caseId, now);
    const parsed = PlanContentSchema.safeParse({
      schemaVersion: PLAN_SCHEMA_VERSION,
      caseNumber: theCase.caseNumber,
      clientName: `${theCase.client.firstName} ${theCase.client.lastName}`,
      problem: drafted.problem,
      goals: drafted.goals,
      activities: drafted.activities,
      evaluations: drafted.evaluations,
      attachments: drafted.attachments,
    });
    if (!parsed.success) {
      // Too many rows, or a snapshot longer than the plan allows.
      const fieldErrors: FieldErrors = {};
      for (const issue of parsed.error.issues)
        fieldErrors[issue.path.map(String).join(".") || "_form"] ??= issue.message;
      throw new DomainError("VALIDATION", "plans.incomplete", { fieldErrors });
    }
    // Attachments as stored (name, type, size, SHA-256 of the uploaded bytes), not as the browser wrote them.
    const files = await linkPlanAttachments(tx, version.caseId, parsed.data.attachments);
    const content: PlanContent = { ...linkPlanPersons(parsed.data, team), attachments: files.attachments };
    const { signatories, problems: signingProblems } = planSignatories(content, team);
    const problems = [
      ...checkPlanComplete(content, { sentOn: tallinnDay(now) }),
      ...signingProblems,
      ...files.problems,
    ];
    if (problems.length > 0) {
      throw new DomainError("VALIDATION", "plans.incomplete", {
        params: { count: problems.length },
        fieldErrors: problemsAsFieldErrors(problems),
      });
    }

    const inForce = await tx.planVersion.findFirst({
      where: { caseId: version.caseId, status: "IN_FORCE" },
      select: { id: true, contentHash: true },
    });
    const previousHash = inForce?.contentHash ?? null;
    const hash = planVersionHash(planJson(content), previousHash);
    const { count } = await tx.planVersion.updateMany({
      where: { id: versionId, status: "DRAFT" },
      data: {
        status: nextPlanStatus("DRAFT", "send"),
        content: storedPlanContent(content),
        contentHash: hash,
        previousVersionId: inForce?.id ?? null,
        previousHash,
        signatoriesHash: signatoriesHash(signatories, hash),
        sentAt: now,
        sentById: actor.userId,
      },
    });
    if (count !== 1) throw new DomainError("CONFLICT", "plans.staleVersion");
    await tx.planSignatory.createMany({
      data: signatories.map((s) => ({ versionId, ...s, createdAt: now })),
    });
    await writeAudit(
      {
        actor,
        action: "plan.send",
        subjectType: "plan-version",
        subjectId: versionId,
        caseId: version.caseId,
        details: {
          number: version.number,
          contentHash: hash,
          previousVersionId: inForce?.id ?? null,
          signatories: signatories.length,
          activities: content.activities.length,
          skipped: drafted.skipped,
        },
      },
      { db: tx },
    );
    return { versionId, contentHash: hash, previousHash, signatories };
  });

  disconnectDocument(docName);
  const mailed = notify ? await mailSignatories(sent.signatories, version, notify, db) : 0;
  return { ...sent, mailed };
}

/** Best effort, after the commit: a failed message does not undo the sending (the plan page shows who signs). */
async function mailSignatories(
  signatories: readonly Signatory[],
  version: { caseId: string; number: number },
  { mailer, publicUrl }: { mailer: Mailer; publicUrl: string },
  db: DbOrTx,
): Promise<number> {
  if (!mailer.isConfigured) return 0;
  const users = await db.user.findMany({
    where: { id: { in: signatories.map((s) => s.userId) }, disabledAt: null },
    select: { id: true, name: true, email: true, locale: true },
  });
  let mailed = 0;
  for (const user of users) {
    if (!user.email) continue;
    const mail = signRequestMail(parseLocale(user.locale), {
      name: user.name,
      number: version.number,
      link: planPageUrl(version.caseId, publicUrl),
    });
    try {
      await mailer.send({ to: user.email, subject: mail.subject, text: mail.text });
      mailed += 1;
    } catch {
      // The transport's reason may name the address: not logged here; the count tells the caller.
    }
  }
  return mailed;
}
