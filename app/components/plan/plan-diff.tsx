// What an amendment changes against the version it amends (diffPlanContent), said readably:
// which sections' texts changed, which activities and evaluations were added, removed or changed,
// and for a changed one each field as it was and as it is now.
import type { PlanChange, PlanFieldChange } from "~/domain/plans/diff-plan-content";
import type { PlanActivity } from "~/domain/plans/plan-schemas";
import { isMessageKey, useLocale, useT } from "~/i18n";
import { dayLabel } from "./plan-people";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function useFieldValue() {
  const t = useT();
  const locale = useLocale();
  return (change: PlanFieldChange, value: string) => {
    if (!value) return t("plans.diff.empty");
    if (change.field === "section") {
      const key = `plans.section.${value}`;
      return isMessageKey(key) ? t(key) : value;
    }
    if (DATE.test(value)) return dayLabel(locale, value);
    return value;
  };
}

function FieldChanges({ changes }: { changes: PlanFieldChange[] }) {
  const t = useT();
  const valueOf = useFieldValue();
  return (
    <dl className="meta">
      {changes.map((c) => {
        const key = `plans.field.${c.field}`;
        return (
          <div key={c.field} style={{ display: "contents" }}>
            <dt>{isMessageKey(key) ? t(key) : c.field}</dt>
            <dd>
              <span className="visually-hidden">{t("plans.diff.before")}: </span>
              <del>{valueOf(c, c.before)}</del>
              {" → "}
              <span className="visually-hidden">{t("plans.diff.after")}: </span>
              <ins>{valueOf(c, c.after)}</ins>
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

function activityLine(activity: PlanActivity, t: ReturnType<typeof useT>) {
  return `${activity.description || t("plans.empty")} (${t(`plans.section.${activity.section}`)})`;
}

export function PlanDiffView({ changes, baseNumber }: { changes: PlanChange[]; baseNumber: number }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card plan-diff" aria-labelledby="plan-diff-title" data-testid="plan-diff">
      <h2 id="plan-diff-title">{t("plans.diff.title", { number: baseNumber })}</h2>
      {changes.length === 0 ? (
        <p className="empty-state">{t("plans.diff.none")}</p>
      ) : (
        <ul className="item-list">
          {changes.map((change, i) => {
            switch (change.kind) {
              case "text":
                return (
                  <li key={i} className="item">
                    <p className="item__title">
                      {t("plans.diff.textChanged", { field: t(`plans.field.${change.field}`) })}
                    </p>
                    <p className="text-block">
                      <span className="visually-hidden">{t("plans.diff.before")}: </span>
                      <del>{change.before || t("plans.diff.empty")}</del>
                    </p>
                    <p className="text-block">
                      <span className="visually-hidden">{t("plans.diff.after")}: </span>
                      <ins>{change.after || t("plans.diff.empty")}</ins>
                    </p>
                  </li>
                );
              case "activityAdded":
                return (
                  <li key={i} className="item">
                    <p className="item__title">
                      <span className="badge badge--accepted">{t("plans.diff.added")}</span>{" "}
                      {activityLine(change.activity, t)}
                    </p>
                  </li>
                );
              case "activityRemoved":
                return (
                  <li key={i} className="item">
                    <p className="item__title">
                      <span className="badge badge--declined">{t("plans.diff.removed")}</span>{" "}
                      <del>{activityLine(change.activity, t)}</del>
                    </p>
                  </li>
                );
              case "activityChanged":
                return (
                  <li key={i} className="item">
                    <p className="item__title">
                      <span className="badge badge--pending">{t("plans.diff.changed")}</span>{" "}
                      {activityLine(change.activity, t)}
                    </p>
                    <FieldChanges changes={change.changes} />
                  </li>
                );
              case "evaluationAdded":
              case "evaluationRemoved":
              case "evaluationChanged": {
                const e = change.evaluation;
                const label = t("plans.diff.evaluation", {
                  date: e.dueDate ? dayLabel(locale, e.dueDate) : t("plans.noSchedule"),
                });
                const badge =
                  change.kind === "evaluationAdded"
                    ? ["badge--accepted", t("plans.diff.added")]
                    : change.kind === "evaluationRemoved"
                      ? ["badge--declined", t("plans.diff.removed")]
                      : ["badge--pending", t("plans.diff.changed")];
                return (
                  <li key={i} className="item">
                    <p className="item__title">
                      <span className={`badge ${badge[0]}`}>{badge[1]}</span> {label}
                    </p>
                    {change.kind === "evaluationChanged" ? <FieldChanges changes={change.changes} /> : null}
                  </li>
                );
              }
              case "attachmentAdded":
              case "attachmentRemoved":
                return (
                  <li key={i} className="item">
                    <p className="item__title">
                      <span
                        className={`badge ${change.kind === "attachmentAdded" ? "badge--accepted" : "badge--declined"}`}
                      >
                        {change.kind === "attachmentAdded" ? t("plans.diff.added") : t("plans.diff.removed")}
                      </span>{" "}
                      {t("plans.diff.attachment", { name: change.attachment.fileName })}
                    </p>
                  </li>
                );
            }
          })}
        </ul>
      )}
    </section>
  );
}
