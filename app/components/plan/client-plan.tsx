// The case plan in the client's own view (/my/:caseId), in plain words: the plan in force (what
// you do, what your close people do, what help you get, when we look at how it is going), and
// whether a new version waits for the client's signature, with the way to sign it.
import { Link } from "@remix-run/react";
import type { PlanContent } from "~/domain/plans/plan-schemas";
import { formatDate, useLocale, useT } from "~/i18n";
import { planFileHref } from "./plan-attachments";
import { PlanContentView } from "./plan-content";

type DateLike = string | Date;

export type ClientPlanData = {
  inForce: {
    id: string;
    number: number;
    inForceAt: DateLike | null;
    contentHash: string | null;
    content: PlanContent;
  } | null;
  open: {
    id: string;
    number: number;
    status: "DRAFT" | "SIGNING";
    signedCount: number;
    signatoryCount: number;
    isMySignatureAwaited: boolean;
  } | null;
};

export function ClientPlan({ caseId, plan }: { caseId: string; plan: ClientPlanData }) {
  const t = useT();
  const locale = useLocale();
  const { inForce, open } = plan;
  return (
    <div data-testid="client-plan">
      {open?.isMySignatureAwaited ? (
        <div className="alert alert--info" data-testid="client-plan-sign">
          <p>
            <strong>{t("plans.client.signWaiting")}</strong>
          </p>
          <p>
            <Link className="button" to={`/cases/${caseId}/plan/${open.id}`}>
              {t("plans.client.readAndSign")}
            </Link>
          </p>
        </div>
      ) : open?.status === "SIGNING" ? (
        <p>{t("plans.client.signing", { signed: open.signedCount, count: open.signatoryCount })}</p>
      ) : open ? (
        <p>{t("plans.client.drafting")}</p>
      ) : null}
      {inForce ? (
        <>
          <p>
            {t("plans.client.inForce", {
              date: inForce.inForceAt ? formatDate(locale, inForce.inForceAt) : "—",
            })}
          </p>
          <PlanContentView
            content={inForce.content}
            audience="client"
            headingLevel={4}
            fileHref={(a) => planFileHref(caseId, a.id, inForce.id)}
          />
          <p>
            <Link to={`/cases/${caseId}/plan/${inForce.id}`}>{t("plans.client.openSigned")}</Link>
          </p>
          <p>
            <a href={`/cases/${caseId}/plan/${inForce.id}.pdf`} download>
              {t("plans.pdf.download")}
            </a>
          </p>
        </>
      ) : (
        <p className="empty-state">{t("plans.client.noneInForce")}</p>
      )}
    </div>
  );
}
