// Loaders and actions of the case plan pages (decision record 011): the plan of a case with its
// live draft (/cases/:caseId/plan), one version to read and sign (/cases/:caseId/plan/:versionId),
// its PDF, attached plans of other providers (upload into the draft, download), the verification
// page, and "my actions". Kept out of the route modules so that server
// code never reaches the browser bundle.
import { timingSafeEqual } from "node:crypto";
import {
  MaxPartSizeExceededError,
  json,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type AppLoadContext,
  type LoaderFunctionArgs,
  type UploadHandler,
} from "@remix-run/node";
import { z } from "zod";
import type { Actor } from "~/domain/actor";
import { DomainError } from "~/domain/errors";
import { attachPlanFile } from "~/domain/plans/attach-plan-file";
import { discardDraft } from "~/domain/plans/discard-draft";
import { getCasePlan } from "~/domain/plans/get-case-plan";
import { getPlanVersion } from "~/domain/plans/get-plan-version";
import { getPlanFile } from "~/domain/plans/get-plan-file";
import { listDecisionCandidates } from "~/domain/plans/list-decision-candidates";
import { listMyActions } from "~/domain/plans/list-my-actions";
import { listPlanPeople } from "~/domain/plans/list-plan-people";
import { PLAN_FILE_MAX_BYTES, PLAN_FILE_MAX_MB } from "~/domain/plans/plan-files";
import { signingStatement } from "~/domain/plans/plan-statement";
import type { PlanSignerCapacity } from "~/domain/plans/plan-schemas";
import { refuseToSign } from "~/domain/plans/refuse-to-sign";
import { requestSigningCode } from "~/domain/plans/request-signing-code";
import { sendPlanForSigning } from "~/domain/plans/send-plan-for-signing";
import { signPlan } from "~/domain/plans/sign-plan";
import { startAmendment } from "~/domain/plans/start-amendment";
import { startPlan } from "~/domain/plans/start-plan";
import { verifyPlans } from "~/domain/plans/verify-plans";
import { withdrawFromSigning } from "~/domain/plans/withdraw-from-signing";
import { tallinnDay } from "~/domain/time/tallinn-time";
import { LocaleSchema } from "~/i18n/locales";
import type { PlanPerson } from "~/components/plan/plan-people";
import { renderPlanPdf, planPdfFilename } from "./pdf/plan-pdf.server";
import { PRIVATE_HEADERS, orErrorPage, requireCaseIdParam } from "./cases-http.server";
import { CSRF_FIELD, formErrorResponse, parseForm } from "./forms.server";
import { pageLocale } from "./meetings.server";
import { requireUser } from "./session.server";
import { actionErrorResponse } from "./team-http.server";

/** What the plan page says after a change (?done=). */
export const PLAN_DONE_MESSAGES = ["started", "amended", "sent", "withdrawn", "discarded"] as const;
export type PlanDoneMessage = (typeof PLAN_DONE_MESSAGES)[number];
/** What the version page says after a signature or a refusal. */
export const VERSION_DONE_MESSAGES = ["signed", "inForce", "refused"] as const;
export type VersionDoneMessage = (typeof VERSION_DONE_MESSAGES)[number];

const VersionIdParamSchema = z.string().regex(/^[a-z0-9]{8,40}$/);

function requireVersionIdParam(params: LoaderFunctionArgs["params"]): string {
  const parsed = VersionIdParamSchema.safeParse(params.versionId);
  if (!parsed.success) throw json({ messageKey: "plans.notFound" }, { status: 404, headers: PRIVATE_HEADERS });
  return parsed.data;
}

function doneParam<T extends string>(request: Request, allowed: readonly T[]): T | null {
  const value = new URL(request.url).searchParams.get("done");
  return allowed.find((d) => d === value) ?? null;
}

const CLIENT_SIDE_ROLES = new Set(["CLIENT", "LEGAL_REPRESENTATIVE", "ADVOCATE", "CLOSE_PERSON"]);

/** The case team as the editor offers it: those who take part, by name, position and organisation. */
async function planPeople(context: AppLoadContext, actor: Actor, caseId: string, now: Date): Promise<PlanPerson[]> {
  const team = await listPlanPeople(actor, { caseId }, { db: context.services.db, now });
  return team
    .filter((p) => p.takesPart)
    .map((p) => {
      const role = p.isCaseManager ? "CASE_MANAGER" : (p.role ?? "OTHER");
      return {
        userId: p.userId,
        name: p.name,
        position: p.position,
        role,
        isClientSide: CLIENT_SIDE_ROLES.has(role),
        label: p.position ? `${p.name} – ${p.position}` : p.name,
        ref: { userId: p.userId, name: p.name, position: p.position },
      };
    });
}

// ---- The plan of a case ------------------------------------------------------------------------

export async function loadPlanPage({ request, params, context }: LoaderFunctionArgs) {
  const caseId = requireCaseIdParam(params);
  const { user, actor } = await requireUser(request, context);
  const { db } = context.services;
  const now = new Date();
  const plan = await orErrorPage(() => getCasePlan(actor, { caseId }, { db, now }));
  const draft = plan.open?.status === "DRAFT" ? plan.open : null;
  // The amendment's base, with its content: the page shows what the live draft changes.
  const draftDetail = draft?.basedOnId
    ? await orErrorPage(() => getPlanVersion(actor, { versionId: draft.id }, { db, now }))
    : null;
  const canEditDraft = draft !== null && plan.permissions.canEdit;
  const candidates = canEditDraft
    ? await orErrorPage(() => listDecisionCandidates(actor, { caseId, versionId: draft.id }, { db, now }))
    : [];
  return json(
    {
      plan,
      draft: draft
        ? {
            id: draft.id,
            number: draft.number,
            basedOn: draftDetail?.basedOn ?? null,
          }
        : null,
      candidates,
      team: canEditDraft ? await planPeople(context, actor, caseId, now) : [],
      me: { userId: user.id, name: user.name },
      today: tallinnDay(now),
      isClient: actor.kind === "EXTERNAL",
      done: doneParam(request, PLAN_DONE_MESSAGES),
    },
    { headers: PRIVATE_HEADERS },
  );
}

export type PlanPageData = Awaited<ReturnType<typeof loadPlanPage>>;

const PlanIntentSchema = z.looseObject({
  intent: z.enum(["start", "amend", "send", "withdraw", "discard"], { error: "form.required" }),
});

/**
 * Start, amend, send for signing, withdraw from signing, discard: the case manager's steps. A
 * refused send answers with every problem at its place in the plan (field errors keyed by path,
 * "activities.3.responsible"), which the page shows next to the field and in a summary.
 */
export async function planPageAction({ request, params, context }: ActionFunctionArgs) {
  const caseId = requireCaseIdParam(params);
  const { actor } = await requireUser(request, context);
  const { db, realtime, mailer, config } = context.services;
  const form = await parseForm(request, context, PlanIntentSchema);
  if (!form.ok) return form.response;
  const field = (name: string) => {
    const value = form.formData.get(name);
    return typeof value === "string" ? value : "";
  };
  const done = (message: PlanDoneMessage) => redirect(`/cases/${caseId}/plan?done=${message}`);
  try {
    switch (form.data.intent) {
      case "start":
        await startPlan(actor, { caseId }, { db });
        return done("started");
      case "amend":
        await startAmendment(actor, { caseId, fromVersionId: field("fromVersionId") || undefined }, { db });
        return done("amended");
      case "send":
        await requirePlanOfCase(actor, caseId, field("versionId"), context);
        await sendPlanForSigning(
          actor,
          { versionId: field("versionId") },
          {
            db,
            flushDocument: (docName) => realtime.flushDocument(docName),
            disconnectDocument: (docName) => realtime.disconnectDocument(docName),
            notify: { mailer, publicUrl: config.publicUrl },
          },
        );
        return done("sent");
      case "withdraw":
        await requirePlanOfCase(actor, caseId, field("versionId"), context);
        await withdrawFromSigning(actor, { versionId: field("versionId"), reason: field("reason") }, { db });
        return done("withdrawn");
      case "discard":
        await requirePlanOfCase(actor, caseId, field("versionId"), context);
        await discardDraft(
          actor,
          { versionId: field("versionId") },
          { db, disconnectDocument: (docName) => realtime.disconnectDocument(docName) },
        );
        return done("discarded");
    }
  } catch (error) {
    return actionErrorResponse(form.formData, error);
  }
}

/** The version posted must belong to the case in the URL (the URL is what the person acted on). */
async function requirePlanOfCase(
  actor: Actor,
  caseId: string,
  versionId: string,
  context: AppLoadContext,
): Promise<void> {
  const version = await getPlanVersion(actor, { versionId }, { db: context.services.db });
  if (version.caseId !== caseId) throw new DomainError("NOT_FOUND", "plans.notFound");
}

// ---- One version: read it, sign it or refuse ---------------------------------------------------

async function loadVersionFor(args: LoaderFunctionArgs) {
  const caseId = requireCaseIdParam(args.params);
  const versionId = requireVersionIdParam(args.params);
  const { user, actor } = await requireUser(args.request, args.context);
  const version = await orErrorPage(() => getPlanVersion(actor, { versionId }, { db: args.context.services.db }));
  if (version.caseId !== caseId)
    throw json({ messageKey: "plans.notFound" }, { status: 404, headers: PRIVATE_HEADERS });
  return { caseId, versionId, user, actor, version };
}

export async function loadVersionPage(args: LoaderFunctionArgs) {
  const { caseId, user, actor, version } = await loadVersionFor(args);
  const { db } = args.context.services;
  // The whole history, for where this version stands in it (and its hash chain).
  const plan = await orErrorPage(() => getCasePlan(actor, { caseId }, { db }));
  const mine = version.mySignatory;
  // The statement is shown in the page's language; the form posts that language back, so the
  // signature stores exactly the text that was shown (record-signature.ts).
  const statementLocale = pageLocale(args.request, user);
  const statementFor = (capacity: PlanSignerCapacity) =>
    version.contentHash
      ? {
          SIGNED: signingStatement(statementLocale, {
            decision: "SIGNED",
            caseNumber: version.caseNumber,
            number: version.number,
            hash: version.contentHash,
            capacity,
          }),
          REFUSED: signingStatement(statementLocale, {
            decision: "REFUSED",
            caseNumber: version.caseNumber,
            number: version.number,
            hash: version.contentHash,
            capacity,
          }),
        }
      : null;
  return json(
    {
      version,
      history: plan.versions,
      signing:
        version.permissions.canSign && mine
          ? {
              capacity: mine.capacity,
              statements: statementFor(mine.capacity),
              statementLocale,
              // An invited participant without a password signs with a code mailed to them.
              method: user.passwordHash ? ("PASSWORD" as const) : ("EMAIL_CODE" as const),
            }
          : null,
      isClient: actor.kind === "EXTERNAL",
      done: doneParam(args.request, VERSION_DONE_MESSAGES),
    },
    { headers: PRIVATE_HEADERS },
  );
}

export type VersionPageData = Awaited<ReturnType<typeof loadVersionPage>>;

/** The language the statement was shown in, as the form posts it back (anything else: the account's). */
function statementLocaleOf(value: string | undefined) {
  const parsed = LocaleSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

const VersionIntentSchema = z.looseObject({
  intent: z.enum(["sign", "refuse", "requestCode"], { error: "form.required" }),
});

export async function versionPageAction({ request, params, context }: ActionFunctionArgs) {
  const caseId = requireCaseIdParam(params);
  const versionId = requireVersionIdParam(params);
  const { actor } = await requireUser(request, context);
  const { db, mailer } = context.services;
  const form = await parseForm(request, context, VersionIntentSchema);
  if (!form.ok) return form.response;
  const field = (name: string) => {
    const value = form.formData.get(name);
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  const done = (message: VersionDoneMessage) => redirect(`/cases/${caseId}/plan/${versionId}?done=${message}`);
  try {
    await requirePlanOfCase(actor, caseId, versionId, context);
    const reauth = { password: field("password"), code: field("code") };
    switch (form.data.intent) {
      case "requestCode":
        await requestSigningCode(actor, { versionId }, { db, mailer });
        return json({ ok: true as const, intent: "requestCode" as const });
      case "sign": {
        const result = await signPlan(
          actor,
          {
            versionId,
            expectedHash: field("expectedHash") ?? "",
            statementAccepted: field("statementAccepted") === "on",
            locale: statementLocaleOf(field("locale")),
            ...reauth,
          },
          { db },
        );
        return done(result.versionStatus === "IN_FORCE" ? "inForce" : "signed");
      }
      case "refuse":
        await refuseToSign(
          actor,
          {
            versionId,
            expectedHash: field("expectedHash") ?? "",
            statementAccepted: field("statementAccepted") === "on",
            reason: field("reason") ?? "",
            locale: statementLocaleOf(field("locale")),
            ...reauth,
          },
          { db },
        );
        return done("refused");
    }
  } catch (error) {
    return actionErrorResponse(form.formData, error);
  }
}

// ---- The PDF -----------------------------------------------------------------------------------

/** A version with fixed content as a PDF in the reader's language, as an attachment. */
export async function loadPlanPdf(args: LoaderFunctionArgs) {
  const { caseId, user, actor, version } = await loadVersionFor(args);
  if (!version.content) throw json({ messageKey: "plans.pdf.noContent" }, { status: 409, headers: PRIVATE_HEADERS });
  const plan = await orErrorPage(() => getCasePlan(actor, { caseId }, { db: args.context.services.db }));
  const pdf = await renderPlanPdf(
    { version: { ...version, content: version.content }, history: plan.versions },
    { locale: pageLocale(args.request, user) },
  );
  return new Response(new Uint8Array(pdf), {
    status: 200,
    headers: {
      ...PRIVATE_HEADERS,
      "Content-Type": "application/pdf",
      "Content-Length": String(pdf.length),
      "Content-Disposition": `attachment; filename="${planPdfFilename(version)}"`,
      "X-Content-Type-Options": "nosniff",
    },
  });
}

// ---- Attached plans of other providers ---------------------------------------------------------

/** Room for the form's other fields and the multipart boundaries next to the largest file. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
const UPLOAD_MAX_BYTES = PLAN_FILE_MAX_BYTES + MULTIPART_OVERHEAD_BYTES;

function isCsrfValid(submitted: FormDataEntryValue | null, expected: string): boolean {
  if (typeof submitted !== "string" || !expected) return false;
  const a = Buffer.from(submitted);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Keeps a multipart request in memory up to UPLOAD_MAX_BYTES in all (every part counted, so many
 * small parts cannot add up to more), no part over the file limit.
 */
function boundedMemoryUploadHandler(): UploadHandler {
  const memory = unstable_createMemoryUploadHandler({ maxPartSize: PLAN_FILE_MAX_BYTES });
  let total = 0;
  return (part) =>
    memory({
      ...part,
      data: (async function* counted() {
        for await (const chunk of part.data) {
          total += chunk.byteLength;
          if (total > UPLOAD_MAX_BYTES) throw new MaxPartSizeExceededError(part.name, UPLOAD_MAX_BYTES);
          yield chunk;
        }
      })(),
    });
}

const tooLargeResponse = (formData = new FormData()) =>
  formErrorResponse(
    formData,
    {
      formError: "plans.files.tooLarge",
      formErrorParams: { maxMb: PLAN_FILE_MAX_MB },
      fieldErrors: { file: "plans.files.tooLarge" },
    },
    413,
  );

/**
 * "Attach a plan of another provider" (the draft's attach form, posted with a fetcher to
 * /cases/:caseId/plan/attach, a route of its own so that no other form's body is read this way): the file
 * is read into memory with a size limit (a declared Content-Length over it is refused before
 * reading anything), checked and stored by attachPlanFile, and its metadata answered; the editor
 * adds it to the live draft. Errors come back as the form's payload, in the reader's language.
 */
export async function attachFileAction({ request, params, context }: ActionFunctionArgs) {
  const caseId = requireCaseIdParam(params);
  const { actor } = await requireUser(request, context);
  const declaredLength = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declaredLength) && declaredLength > UPLOAD_MAX_BYTES) return tooLargeResponse();
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(request, boundedMemoryUploadHandler());
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return tooLargeResponse();
    return formErrorResponse(new FormData(), { formError: "form.errorSummary" }, 400);
  }
  if (!isCsrfValid(formData.get(CSRF_FIELD), context.request.csrfToken)) {
    return formErrorResponse(formData, { formError: "error.csrf" }, 403);
  }
  const file = formData.get("file");
  const text = (name: string) => {
    const value = formData.get(name);
    return typeof value === "string" ? value : "";
  };
  try {
    const attachment = await attachPlanFile(
      actor,
      {
        caseId,
        versionId: text("versionId"),
        fileName: file instanceof File ? file.name : "",
        mediaType: file instanceof File ? file.type : "",
        bytes: file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array(0),
        description: text("description"),
      },
      { db: context.services.db },
    );
    return json({ ok: true as const, intent: "attach" as const, attachment }, { headers: PRIVATE_HEADERS });
  } catch (error) {
    return actionErrorResponse(formData, error);
  }
}

/** "filename" for old clients (ASCII only) and "filename*" with the name as it is (RFC 6266). */
function contentDisposition(fileName: string): string {
  const fallback =
    fileName
      .normalize("NFKD")
      .replace(/[^\x20-\x7e]/g, "")
      .replace(/["\\;%]/g, "_") || "file";
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

const FileIdParamSchema = z.string().regex(/^[a-z0-9]{8,40}$/);

/**
 * An attached file, downloaded (/cases/:caseId/plan/files/:fileId[?version=<versionId>]): always as
 * an attachment, never shown inline or sniffed, never cached; audited by getPlanFile.
 */
export async function loadPlanFile({ request, params, context }: LoaderFunctionArgs) {
  const caseId = requireCaseIdParam(params);
  const fileId = FileIdParamSchema.safeParse(params.fileId);
  if (!fileId.success) throw json({ messageKey: "plans.files.notFound" }, { status: 404, headers: PRIVATE_HEADERS });
  const { actor } = await requireUser(request, context);
  const version = VersionIdParamSchema.safeParse(new URL(request.url).searchParams.get("version"));
  const file = await orErrorPage(() =>
    getPlanFile(
      actor,
      { caseId, fileId: fileId.data, versionId: version.success ? version.data : undefined },
      { db: context.services.db },
    ),
  );
  const contentType = file.mediaType === "text/plain" ? "text/plain; charset=utf-8" : file.mediaType;
  return new Response(new Uint8Array(file.data), {
    status: 200,
    headers: {
      "Cache-Control": "private, no-store",
      "Content-Type": contentType,
      "Content-Length": String(file.data.byteLength),
      "Content-Disposition": contentDisposition(file.fileName),
      "X-Content-Type-Options": "nosniff",
      // Opened directly anyway (a typed address), it runs nothing and loads nothing.
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}

// ---- Verification and my actions ---------------------------------------------------------------

export async function loadVerifyPage({ request, params, context }: LoaderFunctionArgs) {
  const caseId = requireCaseIdParam(params);
  const { actor } = await requireUser(request, context);
  const { db } = context.services;
  const plan = await orErrorPage(() => getCasePlan(actor, { caseId }, { db }));
  // Reading the plan is the access check (and its audit); the verification itself only reads hashes.
  const report = await verifyPlans({ db, caseId });
  return json({ caseId, caseNumber: plan.caseNumber, report, checkedAt: new Date() }, { headers: PRIVATE_HEADERS });
}

export async function loadMyActions({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, context);
  const now = new Date();
  const actions = await orErrorPage(() => listMyActions(actor, { db: context.services.db, now }));
  return json({ actions, isExternal: actor.kind === "EXTERNAL" }, { headers: PRIVATE_HEADERS });
}

// ---- The plan on the case page -----------------------------------------------------------------

const NEXT_DEADLINES_SHOWN = 5;

/**
 * What the case page says about the plan: the version in force and the open one with their status,
 * and the next deadlines of the plan in force (overdue ones first, marked). Null when the reader
 * may not read the plan.
 */
export async function loadCasePlanSummary(
  actor: Actor,
  caseId: string,
  { db, now = new Date() }: { db: AppLoadContext["services"]["db"]; now?: Date },
) {
  let plan;
  try {
    plan = await getCasePlan(actor, { caseId }, { db, now });
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
  const today = tallinnDay(now);
  const activities = plan.inForce?.content?.activities ?? [];
  const nextDeadlines = activities
    .filter((a): a is typeof a & { deadline: string } => a.deadline !== null)
    .sort((a, b) => (a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : 0))
    .slice(0, NEXT_DEADLINES_SHOWN)
    .map((a) => ({
      id: a.id,
      section: a.section,
      description: a.description,
      deadline: a.deadline,
      responsibleName: a.responsible?.name ?? null,
      isOverdue: a.deadline < today,
    }));
  return {
    inForce: plan.inForce
      ? { id: plan.inForce.id, number: plan.inForce.number, inForceAt: plan.inForce.inForceAt }
      : null,
    open: plan.open
      ? {
          id: plan.open.id,
          number: plan.open.number,
          status: plan.open.status,
          signedCount: plan.open.signedCount,
          signatoryCount: plan.open.signatories.length,
        }
      : null,
    refusalCount: plan.refusals.length,
    nextDeadlines,
  };
}
