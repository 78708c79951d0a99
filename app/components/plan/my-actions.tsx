// A list of "my actions" (listMyActions): what, in which case's plan, by when; an overdue
// deadline is marked in words, not only in colour. Used by /my/actions and the home page.
import { Link } from "@remix-run/react";
import type { MyAction } from "~/domain/plans/list-my-actions";
import { useLocale, useT } from "~/i18n";
import { dayLabel } from "./plan-people";

type ActionRow = Omit<MyAction, never>;

export function MyActionList({ actions, isExternal }: { actions: ActionRow[]; isExternal: boolean }) {
  const t = useT();
  const locale = useLocale();
  if (actions.length === 0) return <p className="empty-state">{t("plans.actions.none")}</p>;
  return (
    <ul className="item-list plan-actions-list" data-testid="my-actions">
      {actions.map((a) => (
        <li key={`${a.versionId}-${a.itemId}`} className="item" data-testid="my-action">
          <p className="item__title text-block">
            {a.kind === "evaluation" ? `${t("plans.actions.evaluation")}: ` : ""}
            {a.description || t("plans.empty")}
          </p>
          <dl className="meta">
            <dt>{t("plans.field.deadline")}</dt>
            <dd>
              {a.deadline ? (
                <>
                  <time dateTime={a.deadline}>{dayLabel(locale, a.deadline)}</time>
                  {a.isOverdue ? (
                    <>
                      {" "}
                      <strong className="overdue">{t("plans.actions.overdue")}</strong>
                    </>
                  ) : null}
                </>
              ) : a.recurrence ? (
                a.recurrence
              ) : (
                t("plans.noSchedule")
              )}
            </dd>
            {a.start ? (
              <>
                <dt>{t("plans.field.start")}</dt>
                <dd>{dayLabel(locale, a.start)}</dd>
              </>
            ) : null}
            <dt>{t("plans.actions.case")}</dt>
            <dd>
              <Link to={isExternal ? `/my/${a.caseId}#plan` : `/cases/${a.caseId}/plan/${a.versionId}`}>
                {t("plans.actions.caseLine", { number: a.caseNumber, version: a.versionNumber })}
              </Link>
            </dd>
            {a.section ? (
              <>
                <dt>{t("plans.actions.section")}</dt>
                <dd>{t(`plans.section.${a.section}`)}</dd>
              </>
            ) : null}
          </dl>
        </li>
      ))}
    </ul>
  );
}
