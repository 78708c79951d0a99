// The plan of a case (004 §3.4, decision record 011): the version in force, the version out for
// signing with who has signed and who refused (their reason is their dissent, shown to all), the
// open draft co-edited live, and every version with its hash. The case manager starts the plan,
// sends it for signing, withdraws it, amends it. Server code is in app/lib/plans.server.ts.
//
// (An index route, not cases.$caseId.plan.tsx: the version and verification pages under
// /cases/:caseId/plan/… are pages of their own, not parts of this one.)
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { CaseErrorBoundary } from "~/components/cases/case-parts";
import { useActionDataAcrossLiveReloads } from "~/components/meeting/use-meeting-live";
import { PlanDraft } from "~/components/plan/plan-draft";
import { PlanSignatories, PlanStatusBadge, PlanVersionHistory } from "~/components/plan/plan-parts";
import { TextAreaField } from "~/components/ui/fields";
import { CsrfField, FormErrorSummary, getErrors } from "~/components/ui/form";
import { formatDate, formatDateTime, useLocale, useT } from "~/i18n";
import { loadPlanPage, planPageAction } from "~/lib/plans.server";
import casesStyles from "~/styles/cases.css";
import planStyles from "~/styles/plan.css";
import roomStyles from "~/styles/room.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: casesStyles },
  { rel: "stylesheet", href: roomStyles },
  { rel: "stylesheet", href: planStyles },
];

export const meta: MetaFunction = () => [{ name: "robots", content: "noindex" }];

export async function loader(args: LoaderFunctionArgs) {
  return loadPlanPage(args);
}

export async function action(args: ActionFunctionArgs) {
  return planPageAction(args);
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function PlanPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionDataAcrossLiveReloads<typeof action>();
  const t = useT();
  const { plan, draft } = data;
  const caseId = plan.caseId;
  // Kept across the reload that follows: the draft this page was editing may be gone from it.
  const [isEditRefused, setIsEditRefused] = useState(false);

  return (
    <div className="plan-page">
      <p className="breadcrumb">
        {data.isClient ? (
          <Link to={`/my/${caseId}`}>{t("plans.page.backToMyCase")}</Link>
        ) : (
          <Link to={`/cases/${caseId}`}>{t("plans.page.backToCase", { number: plan.caseNumber })}</Link>
        )}
      </p>
      <h1>
        {t("plans.page.title")}
        <span className="title-sub">{t("plans.page.caseLine", { number: plan.caseNumber })}</span>
      </h1>
      {data.done ? (
        <p className="alert alert--success" role="status">
          {t(`plans.done.${data.done}`)}
        </p>
      ) : null}
      <FormErrorSummary data={actionData} />
      {isEditRefused ? (
        <p className="alert alert--error" role="alert" data-testid="plan-frozen-notice">
          {t("plans.editor.refused")}
        </p>
      ) : null}

      <Overview data={data} />

      {draft ? (
        <PlanDraft
          key={draft.id}
          caseId={caseId}
          versionId={draft.id}
          number={draft.number}
          basedOn={draft.basedOn}
          me={data.me}
          team={data.team}
          candidates={data.candidates}
          today={data.today}
          canEdit={plan.permissions.canEdit}
          canManage={plan.permissions.canManage}
          onRefused={() => setIsEditRefused(true)}
        />
      ) : null}

      {plan.open?.status === "SIGNING" ? (
        <PlanSignatories signatories={plan.open.signatories} myUserId={data.me.userId} />
      ) : null}

      <PlanVersionHistory caseId={caseId} versions={plan.versions} />
      <p>
        <Link to={`/cases/${caseId}/plan/verify`}>{t("plans.verify.link")}</Link>
      </p>
    </div>
  );
}

function Overview({ data }: { data: PageData }) {
  const t = useT();
  const locale = useLocale();
  const actionData = useActionDataAcrossLiveReloads<typeof action>();
  const { plan } = data;
  const caseId = plan.caseId;
  const { inForce, open } = plan;
  const canManage = plan.permissions.canManage;
  const hasWithdrawn = plan.versions.some((v) => v.status === "WITHDRAWN");
  const canStart = canManage && !open && !inForce;
  const canAmend = canManage && !open && (inForce !== null || hasWithdrawn);
  const mySignature = open?.status === "SIGNING" ? open.mySignatory : null;
  const withdrawErrors = getErrors(actionData)?.values.intent === "withdraw" ? actionData : undefined;

  return (
    <section className="card" aria-labelledby="plan-overview-title" data-testid="plan-overview">
      <h2 id="plan-overview-title">{t("plans.overview.title")}</h2>
      {inForce ? (
        <>
          <p className="plan-status-line">
            <PlanStatusBadge status="IN_FORCE" />
            <span data-testid="plan-in-force">
              {t("plans.overview.inForce", {
                number: inForce.number,
                date: inForce.inForceAt ? formatDate(locale, inForce.inForceAt) : "—",
              })}
            </span>
          </p>
          <ul className="action-list">
            <li>
              <Link className="button button--small" to={`/cases/${caseId}/plan/${inForce.id}`}>
                {t("plans.overview.openVersion", { number: inForce.number })}
              </Link>
            </li>
            <li>
              <a
                className="button button--small button--outline"
                href={`/cases/${caseId}/plan/${inForce.id}.pdf`}
                download
              >
                {t("plans.pdf.download")}
              </a>
            </li>
          </ul>
        </>
      ) : (
        <p>{t("plans.overview.noneInForce")}</p>
      )}

      {open ? (
        <p className="plan-status-line">
          <PlanStatusBadge status={open.status} />
          <span data-testid="plan-open">
            {open.status === "SIGNING"
              ? t("plans.overview.signing", {
                  number: open.number,
                  signed: open.signedCount,
                  count: open.signatories.length,
                })
              : t("plans.overview.draft", { number: open.number })}
          </span>
          {open.status === "SIGNING" ? (
            <Link to={`/cases/${caseId}/plan/${open.id}`}>
              {t("plans.overview.openVersion", { number: open.number })}
            </Link>
          ) : null}
        </p>
      ) : null}

      {mySignature && !mySignature.signature ? (
        <div className="alert alert--info" data-testid="plan-sign-callout">
          <p>
            <strong>{t("plans.overview.yourSignature", { number: open!.number })}</strong>
          </p>
          <p>
            <Link className="button" to={`/cases/${caseId}/plan/${open!.id}`}>
              {t("plans.overview.goSign")}
            </Link>
          </p>
        </div>
      ) : null}

      {plan.refusals.length > 0 ? (
        <>
          <h3>{t("plans.refusals.title")}</h3>
          <ul className="item-list" data-testid="plan-refusals">
            {plan.refusals.map((r) => (
              <li key={`${r.versionId}-${r.name}-${String(r.at)}`} className="item plan-dissent">
                <p className="item__title">
                  {t("plans.refusals.line", {
                    name: r.name,
                    capacity: t(`plans.capacity.${r.capacity}`),
                    number: r.versionNumber,
                    date: formatDateTime(locale, r.at),
                  })}
                </p>
                <p className="text-block">{r.reason}</p>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {canAmend ? (
        <Form method="post">
          <CsrfField />
          <p>{t("plans.amend.explain")}</p>
          <button type="submit" name="intent" value="amend" className="button">
            {t("plans.amend.submit")}
          </button>
        </Form>
      ) : null}
      {canStart ? (
        <Form method="post">
          <CsrfField />
          {/* After a withdrawal with nothing in force, amending keeps what was written; starting anew does not. */}
          <p>{canAmend ? t("plans.start.explainAfterWithdrawal") : t("plans.start.explain")}</p>
          <button type="submit" name="intent" value="start" className={canAmend ? "button button--outline" : "button"}>
            {t("plans.start.submit")}
          </button>
        </Form>
      ) : null}

      {canManage && open?.status === "SIGNING" ? (
        <details open={Boolean(withdrawErrors)}>
          <summary>{t("plans.withdraw.open")}</summary>
          <Form method="post" noValidate>
            <CsrfField />
            <input type="hidden" name="intent" value="withdraw" />
            <input type="hidden" name="versionId" value={open.id} />
            <p>{t("plans.withdraw.explain")}</p>
            <TextAreaField name="reason" label={t("plans.withdraw.reason")} rows={3} data={withdrawErrors} />
            <button type="submit" className="button button--danger">
              {t("plans.withdraw.submit")}
            </button>
          </Form>
        </details>
      ) : null}
    </section>
  );
}

export const ErrorBoundary = CaseErrorBoundary;
