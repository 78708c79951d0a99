import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { CaseErrorBoundary, StageBadge } from "~/components/cases/case-parts";
import { formatDate, useLocale, useT } from "~/i18n";
import { loadCaseList } from "~/lib/cases.server";
import casesStyles from "~/styles/cases.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: casesStyles }];

export async function loader(args: LoaderFunctionArgs) {
  return loadCaseList(args);
}

export default function CaseListPage() {
  const { cases, isTruncated, limit, scope, stage, q, scopes, stages, canOpenCase, handedOver } =
    useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const hasFilters = stage !== null || q !== null;

  return (
    <>
      <div className="page-title-row">
        <h1>{t("cases.list.title")}</h1>
        {canOpenCase ? (
          <Link to="/cases/new" className="button">
            {t("cases.list.openNew")}
          </Link>
        ) : null}
      </div>

      {handedOver ? (
        <p className="alert alert--success" role="status">
          {t("cases.done.handedOverAway")}
        </p>
      ) : null}

      {scopes.length > 1 ? (
        <nav aria-label={t("cases.list.scopeNav")} className="scope-nav">
          <ul>
            {scopes.map((s) => (
              <li key={s}>
                <Link to={`/cases?scope=${s}`} aria-current={s === scope ? "page" : undefined}>
                  {t(`cases.list.scope.${s}`)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}

      <Form method="get" className="card filter-form" role="search" aria-label={t("cases.list.filterTitle")}>
        <input type="hidden" name="scope" value={scope} />
        <div className="field">
          <label htmlFor="case-search">{t("cases.list.search")}</label>
          <p id="case-search-hint" className="field__hint">
            {t("cases.list.searchHint")}
          </p>
          <input id="case-search" name="q" type="search" defaultValue={q ?? ""} aria-describedby="case-search-hint" />
        </div>
        <div className="field">
          <label htmlFor="case-stage">{t("cases.list.stage")}</label>
          <select id="case-stage" name="stage" defaultValue={stage ?? ""}>
            <option value="">{t("cases.list.allStages")}</option>
            {stages.map((s) => (
              <option key={s} value={s}>
                {t(`stage.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="filter-form__buttons">
          <button type="submit" className="button">
            {t("cases.list.filter")}
          </button>
          {hasFilters ? <Link to={`/cases?scope=${scope}`}>{t("cases.list.clearFilters")}</Link> : null}
        </div>
      </Form>

      <section className="card" aria-labelledby="case-list-title">
        <h2 id="case-list-title">{t(`cases.list.scope.${scope}`)}</h2>
        <p role="status" className="result-count">
          {t("cases.list.count", { count: cases.length })}
        </p>
        {cases.length === 0 ? (
          <p className="empty-state">
            {hasFilters
              ? t("cases.list.emptyFiltered")
              : scope === "organisation"
                ? t("cases.list.emptyOrganisation")
                : canOpenCase
                  ? t("cases.list.emptyMineStaff")
                  : t("cases.list.emptyMine")}
          </p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="case-list">
              <thead>
                <tr>
                  <th scope="col">{t("cases.field.caseNumber")}</th>
                  <th scope="col">{t("cases.field.client")}</th>
                  <th scope="col">{t("cases.field.stage")}</th>
                  <th scope="col">{t("cases.field.caseManager")}</th>
                  <th scope="col">{t("cases.field.updatedAt")}</th>
                </tr>
              </thead>
              <tbody>
                {cases.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">
                      <Link to={`/cases/${c.id}`}>{c.caseNumber}</Link>
                    </th>
                    <td>
                      {c.client.firstName} {c.client.lastName}
                    </td>
                    <td>
                      <StageBadge stage={c.stage} />
                    </td>
                    <td>
                      {c.caseManager.name}
                      {c.caseManager.positionTitle ? (
                        <span className="muted">, {c.caseManager.positionTitle}</span>
                      ) : null}
                    </td>
                    <td>
                      <time dateTime={c.updatedAt}>{formatDate(locale, c.updatedAt)}</time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {isTruncated ? <p className="field__hint">{t("cases.list.truncated", { limit })}</p> : null}
      </section>
    </>
  );
}

export const ErrorBoundary = CaseErrorBoundary;
