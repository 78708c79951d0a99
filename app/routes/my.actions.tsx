// "My actions" (issue 6): the activities and interim evaluations I am responsible for in the plans
// in force of my cases, soonest deadline first; a deadline that has passed is said in words.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MyActionList } from "~/components/plan/my-actions";
import { useT } from "~/i18n";
import { loadMyActions } from "~/lib/plans.server";
import casesStyles from "~/styles/cases.css";
import planStyles from "~/styles/plan.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: casesStyles },
  { rel: "stylesheet", href: planStyles },
];

export const meta: MetaFunction = () => [{ name: "robots", content: "noindex" }];

export async function loader(args: LoaderFunctionArgs) {
  return loadMyActions(args);
}

export default function MyActionsPage() {
  const { actions, isExternal } = useLoaderData<typeof loader>();
  const t = useT();
  const overdue = actions.filter((a) => a.isOverdue).length;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/">{t("plans.actions.backHome")}</Link>
      </p>
      <h1>{t("plans.actions.title")}</h1>
      <p className="lead">{t("plans.actions.intro")}</p>
      <section className="card" aria-labelledby="my-actions-title">
        <h2 id="my-actions-title" className="visually-hidden">
          {t("plans.actions.title")}
        </h2>
        {actions.length > 0 ? (
          <p>
            {t("plans.actions.count", { count: actions.length })}
            {overdue > 0 ? ` ${t("plans.actions.overdueCount", { count: overdue })}` : ""}
          </p>
        ) : null}
        <MyActionList actions={actions} isExternal={isExternal} />
      </section>
    </>
  );
}
