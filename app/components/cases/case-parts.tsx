// Small pieces the case pages share: the heading of a change page, the stage badge, the error
// page of a case route.
import { Link } from "@remix-run/react";
import { RouteErrorPage } from "~/components/ui/route-error-page";
import type { CaseStage } from "~/lib/db-types";
import { useT } from "~/i18n";

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

/** The error page of a case route, with the way back to the case list. */
export function CaseErrorBoundary() {
  const t = useT();
  return <RouteErrorPage back={{ to: "/cases", label: t("cases.backToList") }} />;
}
