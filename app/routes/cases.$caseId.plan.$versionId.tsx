// One version of a case plan (decision record 011), readable forever: its fixed content, its hash
// and place in the chain, what it changed against the version it amends, and its signatories
// with the state of each signature (a refusal's reason is their dissent, shown to all). For the
// viewer who must sign: what exactly is being signed (case, version, hash, in what capacity), the
// password again (or a code mailed to an invited participant without one), Sign, or Refuse with a
// reason. Made for a phone too: the client signs here. Server code: app/lib/plans.server.ts.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useId } from "react";
import { CaseErrorBoundary } from "~/components/cases/case-parts";
import { planFileHref } from "~/components/plan/plan-attachments";
import { PlanContentView } from "~/components/plan/plan-content";
import { PlanDiffView } from "~/components/plan/plan-diff";
import { PlanSignatories, PlanStatusBadge, PlanVersionHistory } from "~/components/plan/plan-parts";
import { TextAreaField } from "~/components/ui/fields";
import { CsrfField, FormErrorSummary, TextField, getErrors } from "~/components/ui/form";
import { formatDateTime, translateDynamic, useLocale, useT } from "~/i18n";
import { loadVersionPage, versionPageAction } from "~/lib/plans.server";
import casesStyles from "~/styles/cases.css";
import planStyles from "~/styles/plan.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: casesStyles },
  { rel: "stylesheet", href: planStyles },
];

export const meta: MetaFunction = () => [{ name: "robots", content: "noindex" }];

export async function loader(args: LoaderFunctionArgs) {
  return loadVersionPage(args);
}

export async function action(args: ActionFunctionArgs) {
  return versionPageAction(args);
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function PlanVersionPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const { version, signing } = data;
  const caseId = version.caseId;
  const isFixed = version.status !== "DRAFT" && version.status !== "DISCARDED";

  return (
    <div className="plan-version-page">
      <p className="breadcrumb">
        <Link to={`/cases/${caseId}/plan`}>{t("plans.version.backToPlan")}</Link>
      </p>
      <h1>
        {t("plans.version.title", { number: version.number })}
        <span className="title-sub">{t("plans.page.caseLine", { number: version.caseNumber })}</span>
      </h1>
      <p className="plan-status-line">
        <PlanStatusBadge status={version.status} />
      </p>
      {data.done ? (
        <p className="alert alert--success" role="status">
          {t(`plans.versionDone.${data.done}`)}
        </p>
      ) : null}
      {actionData && "ok" in actionData && actionData.ok && actionData.intent === "requestCode" ? (
        <p className="alert alert--success" role="status">
          {t("plans.sign.codeSent")}
        </p>
      ) : null}
      <FormErrorSummary data={actionData} />

      {signing ? (
        <p className="alert alert--info" data-testid="plan-sign-callout">
          {t("plans.sign.callout")} <a href="#sign">{t("plans.sign.jump")}</a>
        </p>
      ) : null}

      {version.status === "DRAFT" ? (
        <p className="alert alert--info">
          {t("plans.version.isDraft")} <Link to={`/cases/${caseId}/plan`}>{t("plans.version.toDraft")}</Link>
        </p>
      ) : (
        <p className="alert alert--info" data-testid="plan-frozen">
          {version.status === "SIGNING" ? t("plans.version.lockedSigning") : t("plans.version.locked")}
        </p>
      )}
      {version.status === "WITHDRAWN" && version.withdrawalReason ? (
        <p className="text-block">{t("plans.version.withdrawnReason", { reason: version.withdrawalReason })}</p>
      ) : null}

      {isFixed ? <Seal data={data} /> : null}
      {version.changes && version.basedOn ? (
        <PlanDiffView changes={version.changes} baseNumber={version.basedOn.number} />
      ) : null}

      {version.content ? (
        <section className="card" aria-labelledby="plan-version-content">
          <h2 id="plan-version-content">{t("plans.version.content")}</h2>
          <PlanContentView
            content={version.content}
            audience={data.isClient ? "client" : "team"}
            headingLevel={3}
            fileHref={(a) => planFileHref(caseId, a.id, version.id)}
          />
        </section>
      ) : null}

      {version.signatories.length > 0 ? (
        <PlanSignatories
          signatories={version.signatories}
          myUserId={version.mySignatory?.userId}
          isOut={version.status === "WITHDRAWN"}
        />
      ) : null}

      {signing && version.contentHash ? <SignPanel data={data} /> : null}

      <PlanVersionHistory caseId={caseId} versions={data.history} currentId={version.id} />
      {version.sentAt ? (
        <p className="field__hint">{t("plans.version.sentAt", { date: formatDateTime(locale, version.sentAt) })}</p>
      ) : null}
    </div>
  );
}

function Seal({ data }: { data: PageData }) {
  const t = useT();
  const locale = useLocale();
  const { version } = data;
  return (
    <section className="card" aria-labelledby="plan-seal-title">
      <h2 id="plan-seal-title">{t("plans.version.seal")}</h2>
      <dl className="meta">
        <dt>{t("plans.version.hash")}</dt>
        <dd>
          <code className="plan-hash" data-testid="plan-hash">
            {version.contentHash}
          </code>
        </dd>
        <dt>{t("plans.version.previousHash")}</dt>
        <dd>
          <code className="plan-hash">{version.previousHash ?? t("plans.version.firstInChain")}</code>
        </dd>
        {version.inForceAt ? (
          <>
            <dt>{t("plans.version.inForceAt")}</dt>
            <dd>{formatDateTime(locale, version.inForceAt)}</dd>
          </>
        ) : null}
      </dl>
      <p className="field__hint">{t("plans.version.hashExplain")}</p>
      {version.content ? (
        <p>
          <a
            className="button button--small button--outline"
            href={`/cases/${version.caseId}/plan/${version.id}.pdf`}
            download
          >
            {t("plans.pdf.download")}
          </a>
        </p>
      ) : null}
    </section>
  );
}

/** The refused submission of one of the forms, by its intent. */
function errorsFor(data: unknown, intent: string) {
  const errors = getErrors(data);
  return errors && errors.values.intent === intent ? data : undefined;
}

function SignPanel({ data }: { data: PageData }) {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const { version, signing } = data;
  if (!signing || !signing.statements || !version.contentHash) return null;
  const signErrors = errorsFor(actionData, "sign");
  const refuseErrors = errorsFor(actionData, "refuse");
  return (
    <section className="card plan-sign" id="sign" aria-labelledby="plan-sign-title" data-testid="plan-sign">
      <h2 id="plan-sign-title">{t("plans.sign.title")}</h2>
      <div className="plan-statement">
        <p>{t("plans.sign.whatYouSign")}</p>
        <dl className="meta">
          <dt>{t("plans.sign.case")}</dt>
          <dd>{version.caseNumber}</dd>
          <dt>{t("plans.sign.version")}</dt>
          <dd>{version.number}</dd>
          <dt>{t("plans.sign.capacity")}</dt>
          <dd>{t(`plans.capacity.${signing.capacity}`)}</dd>
          <dt>{t("plans.version.hash")}</dt>
          <dd>
            <code className="plan-hash">{version.contentHash}</code>
          </dd>
        </dl>
        <p className="field__hint">{t("plans.sign.hashPlain")}</p>
      </div>

      {signing.method === "EMAIL_CODE" ? (
        <Form method="post" className="plan-code-request">
          <CsrfField />
          <p>{t("plans.sign.codeExplain")}</p>
          <button type="submit" name="intent" value="requestCode" className="button button--outline">
            {t("plans.sign.requestCode")}
          </button>
        </Form>
      ) : null}

      <Form method="post" noValidate data-testid="plan-sign-form">
        <CsrfField />
        <input type="hidden" name="intent" value="sign" />
        <input type="hidden" name="expectedHash" value={version.contentHash} />
        <input type="hidden" name="locale" value={signing.statementLocale} />
        <FormErrorSummary data={signErrors} />
        <Statement name="sign" text={signing.statements.SIGNED} data={signErrors} />
        <Reauth method={signing.method} data={signErrors} />
        <button type="submit" className="button">
          {t("plans.sign.submit")}
        </button>
      </Form>

      <details className="plan-refuse" open={Boolean(refuseErrors)}>
        <summary>{t("plans.refuse.open")}</summary>
        <Form method="post" noValidate data-testid="plan-refuse-form">
          <CsrfField />
          <input type="hidden" name="intent" value="refuse" />
          <input type="hidden" name="expectedHash" value={version.contentHash} />
          <input type="hidden" name="locale" value={signing.statementLocale} />
          <FormErrorSummary data={refuseErrors} />
          <p>{t("plans.refuse.explain")}</p>
          <TextAreaField
            name="reason"
            label={t("plans.refuse.reason")}
            hint={t("plans.refuse.reasonHint")}
            rows={4}
            data={refuseErrors}
          />
          <Statement name="refuse" text={signing.statements.REFUSED} data={refuseErrors} />
          <Reauth method={signing.method} data={refuseErrors} />
          <button type="submit" className="button button--danger">
            {t("plans.refuse.submit")}
          </button>
        </Form>
      </details>
    </section>
  );
}

/** The explicit statement of what is signed, accepted with a checkbox whose label is the statement itself. */
function Statement({ name, text, data }: { name: string; text: string; data: unknown }) {
  const id = useId();
  const locale = useLocale();
  const error = getErrors(data)?.fieldErrors.statementAccepted;
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      {error ? (
        <p id={`${id}-error`} className="field__error">
          {translateDynamic(locale, error)}
        </p>
      ) : null}
      <div className="choice">
        <input
          id={`${id}-${name}`}
          type="checkbox"
          name="statementAccepted"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <label htmlFor={`${id}-${name}`}>{text}</label>
      </div>
    </div>
  );
}

function Reauth({ method, data }: { method: "PASSWORD" | "EMAIL_CODE"; data: unknown }) {
  const t = useT();
  return method === "PASSWORD" ? (
    <TextField
      name="password"
      type="password"
      label={t("plans.sign.password")}
      hint={t("plans.sign.passwordHint")}
      autoComplete="current-password"
      data={data}
    />
  ) : (
    <TextField
      name="code"
      label={t("plans.sign.code")}
      hint={t("plans.sign.codeHint")}
      autoComplete="one-time-code"
      data={data}
    />
  );
}

export const ErrorBoundary = CaseErrorBoundary;
