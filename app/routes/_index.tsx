import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDateTime, useLocale, useT } from "~/i18n";
import { MyActionList } from "~/components/plan/my-actions";
import { loadHome } from "~/lib/home.server";

export async function loader(args: LoaderFunctionArgs) {
  return loadHome(args);
}

export default function Home() {
  const { user, cases, meetings, clientViews, actions, actionCount, overdueCount } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  // An external account reads a case through the client's own view, never the team's pages.
  const clientViewIds = new Set(clientViews.map((v) => v.caseId));
  return (
    <>
      <h1>{t("home.title")}</h1>
      <p className="lead">{t("home.greeting", { name: user.name })}</p>
      {clientViews.map((v) => (
        <section key={v.caseId} className="card your-case" aria-labelledby={`your-case-${v.caseId}`}>
          <h2 id={`your-case-${v.caseId}`}>
            {v.myRole === "CLIENT" ? t("clientView.home.title") : t("clientView.home.titleFor")}
          </h2>
          <p>
            {t("home.caseNumber", { number: v.caseNumber })}: {t(`stage.${v.stage}`)}
          </p>
          <p>
            {t("clientView.home.caseManager", {
              name: [v.caseManager.name, v.caseManager.positionTitle, v.caseManager.organisationName].filter(Boolean).join(", "),
            })}
          </p>
          {v.newNotices > 0 ? (
            <p>
              <span className="badge badge--pending">{t("clientView.home.newNotices", { count: v.newNotices })}</span>
            </p>
          ) : null}
          <p>
            <Link to={`/my/${v.caseId}`} className="button">
              {t("clientView.home.open", { number: v.caseNumber })}
            </Link>
          </p>
        </section>
      ))}
      {actionCount > 0 ? (
        <section aria-labelledby="my-actions" className="card">
          <h2 id="my-actions">{t("plans.actions.title")}</h2>
          <p>
            {t("plans.actions.count", { count: actionCount })}
            {overdueCount > 0 ? ` ${t("plans.actions.overdueCount", { count: overdueCount })}` : ""}
          </p>
          <MyActionList actions={actions} isExternal={user.kind !== "STAFF"} />
          <p>
            <Link to="/my/actions">{t("plans.actions.all")}</Link>
          </p>
        </section>
      ) : null}
      <div className="grid-2">
        <section aria-labelledby="my-meetings" className="card">
          <h2 id="my-meetings">{t("home.myMeetings")}</h2>
          {meetings.length === 0 ? (
            <p className="empty-state">{t("home.noMeetings")}</p>
          ) : (
            <ul className="item-list" data-testid="my-meetings">
              {meetings.map((m) => (
                <li key={m.id} className="item">
                  <p className="item__title">
                    {m.case
                      ? t("home.caseMeeting", { number: m.case.caseNumber })
                      : t("home.networkMeeting", { name: m.network?.name ?? "" })}
                  </p>
                  <p>
                    <Link to={`/meetings/${m.id}`}>{m.purpose}</Link>
                  </p>
                  <dl className="meta">
                    <dt>{t("home.when")}</dt>
                    <dd>
                      <time dateTime={m.startsAt}>{formatDateTime(locale, m.startsAt)}</time>
                    </dd>
                    <dt>{t("home.where")}</dt>
                    <dd>{m.isOnline ? t("home.online") : (m.location ?? "—")}</dd>
                    {m.myRole ? (
                      <>
                        <dt>{t("home.myRole")}</dt>
                        <dd>{t(`meetingRole.${m.myRole}`)}</dd>
                      </>
                    ) : null}
                    {m.myResponse ? (
                      <>
                        <dt className="visually-hidden">{t("home.myRole")}</dt>
                        <dd>
                          <span className={`badge badge--${m.myResponse.toLowerCase()}`}>
                            {t(`home.response.${m.myResponse}`)}
                          </span>
                        </dd>
                      </>
                    ) : null}
                  </dl>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="my-cases" className="card">
          <h2 id="my-cases">{t("home.myCases")}</h2>
          {cases.length === 0 ? (
            <p className="empty-state">{t("home.noCases")}</p>
          ) : (
            <ul className="item-list" data-testid="my-cases">
              {cases.map((c) => (
                <li key={c.id} className="item">
                  <p className="item__title">
                    {clientViewIds.has(c.id) ? (
                      <Link to={`/my/${c.id}`}>{t("home.caseNumber", { number: c.caseNumber })}</Link>
                    ) : user.kind === "STAFF" ? (
                      <Link to={`/cases/${c.id}`}>{t("home.caseNumber", { number: c.caseNumber })}</Link>
                    ) : (
                      t("home.caseNumber", { number: c.caseNumber })
                    )}
                  </p>
                  <dl className="meta">
                    <dt>{t("home.client")}</dt>
                    <dd>
                      {c.client.firstName} {c.client.lastName}
                    </dd>
                    <dt>{t("home.stage")}</dt>
                    <dd>{t(`stage.${c.stage}`)}</dd>
                    {c.myRole ? (
                      <>
                        <dt>{t("home.myRole")}</dt>
                        <dd>{t(`caseRole.${c.myRole}`)}</dd>
                      </>
                    ) : null}
                  </dl>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}
