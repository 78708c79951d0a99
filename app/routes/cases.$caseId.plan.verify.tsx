// Verification of a case's plan versions (decision record 011): every fixed version's content hash
// recomputed from what is stored, its chain to the version before, the seals of its signatories and
// signatures. Anything that no longer matches (an edit made directly in the database) is listed.
// The same check runs for every case with `npm run verify-plans`.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CaseErrorBoundary } from "~/components/cases/case-parts";
import { PlanStatusBadge } from "~/components/plan/plan-parts";
import { formatDateTime, isMessageKey, useLocale, useT } from "~/i18n";
import { loadVerifyPage } from "~/lib/plans.server";
import casesStyles from "~/styles/cases.css";
import planStyles from "~/styles/plan.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: casesStyles },
  { rel: "stylesheet", href: planStyles },
];

export const meta: MetaFunction = () => [{ name: "robots", content: "noindex" }];

export async function loader(args: LoaderFunctionArgs) {
  return loadVerifyPage(args);
}

/** "signature.hashMismatch:<id>" → the sentence for "signature.hashMismatch" (the id is technical). */
function useProblemText() {
  const t = useT();
  return (code: string) => {
    const [kind = "", detail] = code.split(":");
    const key = `plans.verify.problem.${kind}`;
    return isMessageKey(key) ? t(key, { detail: detail ?? "" }) : t("plans.verify.problem.other", { code });
  };
}

export default function PlanVerifyPage() {
  const { caseId, caseNumber, report, checkedAt } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const problemText = useProblemText();
  const result = report.cases.find((c) => c.caseId === caseId);

  return (
    <>
      <p className="breadcrumb">
        <Link to={`/cases/${caseId}/plan`}>{t("plans.version.backToPlan")}</Link>
      </p>
      <h1>
        {t("plans.verify.title")}
        <span className="title-sub">{t("plans.page.caseLine", { number: caseNumber })}</span>
      </h1>
      <p>{t("plans.verify.explain")}</p>
      <section className="card" aria-labelledby="verify-result" data-testid="plan-verify">
        <h2 id="verify-result">{t("plans.verify.result")}</h2>
        <p className="field__hint">{t("plans.verify.checkedAt", { date: formatDateTime(locale, checkedAt) })}</p>
        {!result ? (
          <p className="empty-state">{t("plans.verify.noVersions")}</p>
        ) : (
          <>
            <p className={result.isIntact ? "plan-verify-ok" : "plan-verify-bad"} data-testid="plan-verify-summary">
              {result.isIntact ? t("plans.verify.intact") : t("plans.verify.broken", { count: report.problemCount })}
            </p>
            {result.problems.length > 0 ? (
              <ul className="plain-list">
                {result.problems.map((p) => (
                  <li key={p}>{problemText(p)}</li>
                ))}
              </ul>
            ) : null}
            <ul className="item-list">
              {result.versions.map((v) => (
                <li key={v.versionId} className="item" data-testid="plan-verify-version">
                  <p className="item__title">
                    {t("plans.versions.label", { number: v.number })} <PlanStatusBadge status={v.status} />
                  </p>
                  {v.problems.length === 0 ? (
                    <p className="plan-verify-ok">{t("plans.verify.versionOk")}</p>
                  ) : (
                    <ul className="plain-list plan-verify-bad">
                      {v.problems.map((p) => (
                        <li key={p}>{problemText(p)}</li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </>
  );
}

export const ErrorBoundary = CaseErrorBoundary;
