// Small parts the plan pages share: a version's status badge, the version history (number,
// status, dates, hash), the signatories with the state of their signature (a refusal's reason is
// the signatory's dissent and is shown to everyone), and the live document's connection and
// "saved" line.
import { Link } from "@remix-run/react";
import type { CollabDocLink } from "~/components/collab/use-collab-doc";
import { useIsSaving } from "~/components/collab/use-is-saving";
import type { PlanVersionStatus } from "~/domain/plans/plan-schemas";
import { formatDate, formatDateTime, useLocale, useT } from "~/i18n";

type DateLike = string | Date;

export function PlanStatusBadge({ status }: { status: PlanVersionStatus }) {
  const t = useT();
  const tone = status.toLowerCase().replace("_", "-");
  return (
    <span className={`badge badge--${tone}`} data-testid="plan-status">
      {t(`plans.status.${status}`)}
    </span>
  );
}

type VersionRow = {
  id: string;
  number: number;
  status: PlanVersionStatus;
  contentHash: string | null;
  createdAt: DateLike;
  sentAt: DateLike | null;
  inForceAt: DateLike | null;
  supersededAt: DateLike | null;
  withdrawnAt: DateLike | null;
  discardedAt: DateLike | null;
};

/** The date that says most about a version in its state. */
function keyDate(v: VersionRow, t: ReturnType<typeof useT>, locale: ReturnType<typeof useLocale>): string {
  const at = (key: Parameters<typeof t>[0], date: DateLike) => t(key, { date: formatDate(locale, date) });
  if (v.supersededAt) return at("plans.versions.supersededAt", v.supersededAt);
  if (v.inForceAt) return at("plans.versions.inForceAt", v.inForceAt);
  if (v.withdrawnAt) return at("plans.versions.withdrawnAt", v.withdrawnAt);
  if (v.discardedAt) return at("plans.versions.discardedAt", v.discardedAt);
  if (v.sentAt) return at("plans.versions.sentAt", v.sentAt);
  return at("plans.versions.createdAt", v.createdAt);
}

export function PlanVersionHistory({
  caseId,
  versions,
  currentId,
}: {
  caseId: string;
  versions: VersionRow[];
  currentId?: string;
}) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card" aria-labelledby="plan-history-title">
      <h2 id="plan-history-title">{t("plans.versions.title")}</h2>
      {versions.length === 0 ? (
        <p className="empty-state">{t("plans.versions.none")}</p>
      ) : (
        <div className="table-scroll">
          <table className="plan-versions" data-testid="plan-versions">
            <caption className="visually-hidden">{t("plans.versions.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("plans.versions.number")}</th>
                <th scope="col">{t("plans.versions.status")}</th>
                <th scope="col">{t("plans.versions.dates")}</th>
                <th scope="col">{t("plans.versions.hash")}</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.id} aria-current={v.id === currentId ? "true" : undefined}>
                  <td>
                    {v.status === "DISCARDED" || v.status === "DRAFT" ? (
                      t("plans.versions.label", { number: v.number })
                    ) : (
                      <Link to={`/cases/${caseId}/plan/${v.id}`}>
                        {t("plans.versions.label", { number: v.number })}
                      </Link>
                    )}
                  </td>
                  <td>
                    <PlanStatusBadge status={v.status} />
                  </td>
                  <td>{keyDate(v, t, locale)}</td>
                  <td className="plan-hash">{v.contentHash ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

type Signatory = {
  id: string;
  userId: string;
  name: string;
  position: string;
  capacity: string;
  signature: {
    decision: "SIGNED" | "REFUSED";
    reason: string | null;
    signedAt: DateLike;
    signatureHash: string;
  } | null;
};

export function PlanSignatories({
  signatories,
  myUserId,
  isOut,
}: {
  signatories: Signatory[];
  myUserId?: string;
  /** The version is no longer out for signing (withdrawn): those who did not answer will not. */
  isOut?: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  const signed = signatories.filter((s) => s.signature?.decision === "SIGNED").length;
  return (
    <section className="card" aria-labelledby="plan-signatories-title">
      <h2 id="plan-signatories-title">{t("plans.signatories.title")}</h2>
      <p>{t("plans.signatories.count", { signed, count: signatories.length })}</p>
      <ul className="plan-signatories" data-testid="plan-signatories">
        {signatories.map((s) => {
          const capacity = t(`plans.capacity.${s.capacity as "CLIENT"}`);
          const name = s.userId === myUserId ? t("plans.signatories.you", { name: s.name }) : s.name;
          return (
            <li key={s.id} className="plan-signatory" data-testid="plan-signatory">
              <p className="item__title">{name}</p>
              <p>
                {capacity}
                {s.position ? ` – ${s.position}` : ""}
              </p>
              {s.signature?.decision === "SIGNED" ? (
                <p>
                  <span className="badge badge--in-force">{t("plans.signatories.signed")}</span>{" "}
                  <time dateTime={new Date(s.signature.signedAt).toISOString()}>
                    {formatDateTime(locale, s.signature.signedAt)}
                  </time>
                </p>
              ) : s.signature?.decision === "REFUSED" ? (
                <>
                  <p>
                    <span className="badge badge--refused">{t("plans.signatories.refused")}</span>{" "}
                    <time dateTime={new Date(s.signature.signedAt).toISOString()}>
                      {formatDateTime(locale, s.signature.signedAt)}
                    </time>
                  </p>
                  <div className="plan-dissent" data-testid="plan-dissent">
                    <p className="item__title">{t("plans.signatories.dissent")}</p>
                    <p className="text-block">{s.signature.reason}</p>
                  </div>
                </>
              ) : (
                <p>
                  <span className="badge badge--pending">
                    {isOut ? t("plans.signatories.notAnswered") : t("plans.signatories.waiting")}
                  </span>
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** Whether others see what this page writes: connected, saving, saved, or waiting for the connection. */
export function PlanDocStatus({ docLink, isReadOnly }: { docLink: CollabDocLink; isReadOnly: boolean }) {
  const t = useT();
  const isSaving = useIsSaving(docLink.saved);
  let connection: string;
  if (docLink.connection === "closed") connection = t("plans.doc.closed");
  else if (docLink.isFull) connection = t("plans.doc.full");
  else if (docLink.connection === "connected") connection = t("plans.doc.online");
  else if (docLink.connection === "disconnected") connection = t("plans.doc.offline");
  else connection = t("plans.doc.connecting");
  let saving: string;
  if (docLink.saved.hasOfflineChanges) saving = t("plans.doc.offlineChanges");
  else if (isSaving) saving = t("plans.doc.saving");
  else if (isReadOnly) saving = t("plans.doc.readOnly");
  else if (!docLink.isSynced) saving = t("plans.doc.waiting");
  else saving = t("plans.doc.saved");
  const tone = docLink.connection === "disconnected" || docLink.connection === "closed" ? "warn" : "ok";
  return (
    <div className={`room-status room-status--${tone}`} role="status" aria-live="polite" data-testid="plan-doc-status">
      <p className="room-status__line">
        <span className="room-status__dot" aria-hidden="true" />
        <span>{connection}</span>
      </p>
      <p className="room-status__line" data-testid="plan-saved">
        {saving}
      </p>
    </div>
  );
}
