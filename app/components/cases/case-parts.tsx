// Small pieces the case pages share: the heading of a change page, the stage badge, the error
// page of a case route.
import { Link, isRouteErrorResponse, useRouteError } from "@remix-run/react";
import type { CaseStage } from "~/lib/db-types";
import { translateDynamic, useLocale, useT } from "~/i18n";

export function StageBadge({ stage }: { stage: CaseStage }) {
  const t = useT();
  return <span className={`badge badge--stage badge--stage-${stage.toLowerCase()}`}>{t(`stage.${stage}`)}</span>;
}

/** The heading of a change page: what is being done, to which case, and the way back. */
export function CaseActionHeading({
  title,
  heading,
}: {
  title: string;
  heading: { id: string; caseNumber: string; clientName: string; stage: CaseStage };
}) {
  const t = useT();
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/cases/${heading.id}`}>{t("cases.backToCase", { number: heading.caseNumber })}</Link>
      </p>
      <h1>{title}</h1>
      <p className="lead">
        {t("cases.caseOf", { number: heading.caseNumber, client: heading.clientName })} ·{" "}
        <StageBadge stage={heading.stage} />
      </p>
    </>
  );
}

/**
 * The error page of a case route: the loader's message (cases-http.server.ts) for 404, 403 and
 * 409 (e.g. "this case is closed"), else the general text.
 */
export function CaseErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const locale = useLocale();
  let message = t("error.unexpected");
  if (isRouteErrorResponse(error)) {
    const data = error.data as { messageKey?: unknown } | null;
    if (data && typeof data === "object" && typeof data.messageKey === "string") {
      message = translateDynamic(locale, data.messageKey);
    } else if (error.status === 404) {
      message = t("error.notFound");
    } else if (error.status === 403) {
      message = t("error.forbidden");
    }
  }
  return (
    <section className="card" aria-labelledby="error-title">
      <h1 id="error-title">{t("error.title")}</h1>
      <p>{message}</p>
      <p>
        <Link to="/cases">{t("cases.backToList")}</Link>
      </p>
    </section>
  );
}
