import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { ClientRecordDecisions } from "~/components/meeting/client-records";
import { ClientPlan } from "~/components/plan/client-plan";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useId } from "react";
import { CsrfField, FormErrorSummary, getErrors } from "~/components/ui/form";
import { formatDate, formatDateTime, translateDynamic, useLocale, useT } from "~/i18n";
import { clientViewAction, loadClientView } from "~/lib/client-view.server";

export const meta: MetaFunction = () => [{ name: "robots", content: "noindex" }];

export async function loader(args: LoaderFunctionArgs) {
  return loadClientView(args);
}

export async function action(args: ActionFunctionArgs) {
  return clientViewAction(args);
}

type View = ReturnType<typeof useLoaderData<typeof loader>>["view"];
type PersonView = NonNullable<View["accessLog"]["entries"][number]["actor"]>;

function errorsFor(data: unknown, intent: string, key: [string, string]) {
  const errors = getErrors(data);
  if (!errors || errors.values.intent !== intent || errors.values[key[0]] !== key[1]) return undefined;
  return data;
}

/** "Name, position, organisation": who someone is, in one line. */
function personLine(p: { name: string; positionTitle: string | null; organisationName: string | null }) {
  return [p.name, p.positionTitle, p.organisationName].filter(Boolean).join(", ");
}

function Who({ person, isSystem }: { person: PersonView | null; isSystem?: boolean }) {
  const t = useT();
  if (isSystem) return <>{t("clientView.log.system")}</>;
  if (!person) return <>{t("clientView.someone")}</>;
  if (person.isYou) return <>{t("clientView.you")}</>;
  const role = person.roleInCase ? ` (${t(`caseRole.${person.roleInCase}`)})` : "";
  return (
    <>
      {personLine(person)}
      {role}
    </>
  );
}

function GiveConsentForm({ member, data }: { member: View["waitingForConsent"][number]; data: unknown }) {
  const t = useT();
  const locale = useLocale();
  const id = useId();
  const errors = getErrors(data);
  const scopeError = errors?.fieldErrors.scope;
  return (
    <details open={Boolean(data)}>
      <summary>{t("clientView.consent.give.open", { name: member.name })}</summary>
      <Form method="post" noValidate>
        <CsrfField />
        <input type="hidden" name="intent" value="giveConsent" />
        <input type="hidden" name="recipientUserId" value={member.userId} />
        <FormErrorSummary data={data} />
        <p>{t("clientView.consent.give.explain", { name: member.name })}</p>
        <div className={`field${scopeError ? " field--error" : ""}`}>
          <label htmlFor={`${id}-scope`}>{t("clientView.consent.give.scope")}</label>
          <p id={`${id}-hint`} className="field__hint">
            {t("clientView.consent.give.scopeHint")}
          </p>
          {scopeError ? (
            <p id={`${id}-error`} className="field__error">
              {translateDynamic(locale, scopeError)}
            </p>
          ) : null}
          <textarea
            id={`${id}-scope`}
            name="scope"
            rows={3}
            defaultValue={errors?.values.scope ?? ""}
            aria-invalid={scopeError ? true : undefined}
            aria-describedby={scopeError ? `${id}-hint ${id}-error` : `${id}-hint`}
          />
        </div>
        <button type="submit" className="button">
          {t("clientView.consent.give.submit")}
        </button>
      </Form>
    </details>
  );
}

export default function ClientViewPage() {
  const { view } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const done = actionData && "intent" in actionData && actionData.ok ? actionData.intent : null;
  const isClient = view.viewer.role === "CLIENT";
  const upcoming = view.meetings.filter((m) => !m.isPast && m.status !== "CANCELLED");
  const past = view.meetings.filter((m) => m.isPast || m.status === "CANCELLED");
  const newNotices = view.notices.filter((n) => n.isNew).length;
  const { accessLog } = view;

  return (
    <div className="client-view">
      <h1>{isClient ? t("clientView.title") : t("clientView.titleFor", { name: view.case.clientName })}</h1>
      <p className="lead">
        {t("clientView.caseLine", { number: view.case.caseNumber, organisation: view.case.organisationName })}
      </p>
      {!isClient ? (
        <p className="alert alert--info">{t("clientView.notClientNote", { name: view.case.clientName })}</p>
      ) : null}
      <p>{t("clientView.intro")}</p>
      {done ? (
        <p className="alert alert--success" role="status">
          {t(`clientView.done.${done}`)}
        </p>
      ) : null}

      <nav aria-label={t("clientView.contents")} className="client-view__contents">
        <ul>
          <li>
            <a href="#new">{t("clientView.new.title")}</a>
          </li>
          <li>
            <a href="#team">{t("clientView.team.title")}</a>
          </li>
          <li>
            <a href="#consents">{t("clientView.consents.title")}</a>
          </li>
          <li>
            <a href="#meetings">{t("clientView.meetings.title")}</a>
          </li>
          <li>
            <a href="#plan">{t("clientView.plan.title")}</a>
          </li>
          <li>
            <a href="#access-log">{t("clientView.log.title")}</a>
          </li>
        </ul>
      </nav>

      <section className="card" aria-labelledby="stage">
        <h2 id="stage">{t("clientView.stage.title")}</h2>
        <p>
          <strong>{t(`stage.${view.case.stage}`)}</strong>
        </p>
        <p>{t(`clientView.stage.${view.case.stage}`)}</p>
        <h3>{t("clientView.caseManager.title")}</h3>
        <p>{personLine(view.caseManager)}</p>
        {view.caseManager.email ? (
          <p>
            {t("clientView.caseManager.contact")}{" "}
            <a href={`mailto:${view.caseManager.email}`}>{view.caseManager.email}</a>
          </p>
        ) : null}
      </section>

      <section className="card" aria-labelledby="new">
        <h2 id="new">{t("clientView.new.title")}</h2>
        {view.notices.length === 0 ? (
          <p className="empty-state">{t("clientView.new.none")}</p>
        ) : (
          <>
            {newNotices > 0 ? <p>{t("clientView.new.count", { count: newNotices })}</p> : null}
            <ul className="item-list" data-testid="client-notices">
              {view.notices.map((n) => (
                <li key={n.id} className="item">
                  <p className="item__title">
                    {n.isNew ? <span className="badge badge--pending">{t("clientView.new.badge")}</span> : null}{" "}
                    {t(`clientView.notice.${n.kind}`, {
                      name: n.subject ? personLine(n.subject) : t("clientView.someone"),
                    })}
                  </p>
                  <p className="field__hint">
                    <time dateTime={n.createdAt}>{formatDateTime(locale, n.createdAt)}</time>
                  </p>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section className="card" aria-labelledby="team">
        <h2 id="team">{t("clientView.team.title")}</h2>
        <p>{t("clientView.team.intro")}</p>
        <ul className="item-list" data-testid="client-team">
          {view.team.map((m) => {
            const permissionErrors = errorsFor(actionData, "setClientViewPermission", ["memberId", m.memberId]);
            return (
              <li key={m.memberId} className="item">
                <p className="item__title">{m.isYou ? t("clientView.youName", { name: m.name }) : m.name}</p>
                <p>
                  {t(`caseRole.${m.role}`)}
                  {m.positionTitle || m.organisationName
                    ? `: ${[m.positionTitle, m.organisationName].filter(Boolean).join(", ")}`
                    : ""}
                </p>
                {m.consentStatus !== "NOT_REQUIRED" ? <p>{t(`clientView.team.consent.${m.consentStatus}`)}</p> : null}
                {m.canSeeClientView !== null && !m.isYou ? (
                  <>
                    <p>{m.canSeeClientView ? t("clientView.team.seesPage") : t("clientView.team.doesNotSeePage")}</p>
                    {view.viewer.canManageConsent && (view.viewer.canGiveConsent || m.canSeeClientView) ? (
                      <Form method="post">
                        <CsrfField />
                        <FormErrorSummary data={permissionErrors} />
                        <input type="hidden" name="intent" value="setClientViewPermission" />
                        <input type="hidden" name="memberId" value={m.memberId} />
                        <input
                          type="hidden"
                          name="hasClientViewPermission"
                          value={m.canSeeClientView ? "false" : "true"}
                        />
                        <button type="submit" className="button button--plain">
                          {m.canSeeClientView
                            ? t("clientView.team.stopPage", { name: m.name })
                            : t("clientView.team.allowPage", { name: m.name })}
                        </button>
                      </Form>
                    ) : null}
                  </>
                ) : null}
              </li>
            );
          })}
        </ul>
      </section>

      <section className="card" aria-labelledby="consents">
        <h2 id="consents">{t("clientView.consents.title")}</h2>
        <p>{t("clientView.consents.intro")}</p>
        {view.consents.length === 0 ? (
          <p className="empty-state">{t("clientView.consents.none")}</p>
        ) : (
          <ul className="item-list" data-testid="client-consents">
            {view.consents.map((c) => {
              const withdrawErrors = errorsFor(actionData, "withdrawConsent", ["consentId", c.id]);
              const name = c.recipient ? c.recipient.name : t("clientView.someone");
              return (
                <li key={c.id} className="item">
                  <p className="item__title">{c.recipient ? personLine(c.recipient) : name}</p>
                  <p>
                    {c.withdrawnAt
                      ? t("clientView.consents.withdrawn", { date: formatDate(locale, c.withdrawnAt) })
                      : t("clientView.consents.since", { date: formatDate(locale, c.givenAt) })}
                  </p>
                  <p>
                    {t("clientView.consents.scope")} {c.scope}
                  </p>
                  <p className="field__hint">{t(`clientView.consents.form.${c.form}`)}</p>
                  {view.viewer.canManageConsent && !c.withdrawnAt ? (
                    <details open={Boolean(withdrawErrors)}>
                      <summary>{t("clientView.consents.withdraw.open", { name })}</summary>
                      <Form method="post">
                        <CsrfField />
                        <input type="hidden" name="intent" value="withdrawConsent" />
                        <input type="hidden" name="consentId" value={c.id} />
                        <FormErrorSummary data={withdrawErrors} />
                        <p>{t("clientView.consents.withdraw.confirm", { name })}</p>
                        <button type="submit" className="button button--danger">
                          {t("clientView.consents.withdraw.submit")}
                        </button>
                      </Form>
                    </details>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
        {view.viewer.canGiveConsent && view.waitingForConsent.length > 0 ? (
          <>
            <h3>{t("clientView.consent.waiting.title")}</h3>
            <ul className="item-list">
              {view.waitingForConsent.map((m) => (
                <li key={m.userId} className="item">
                  <p className="item__title">{personLine(m)}</p>
                  <p>{t("clientView.consent.waiting.explain")}</p>
                  <GiveConsentForm
                    member={m}
                    data={errorsFor(actionData, "giveConsent", ["recipientUserId", m.userId])}
                  />
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section className="card" aria-labelledby="meetings">
        <h2 id="meetings">{t("clientView.meetings.title")}</h2>
        {view.meetings.length === 0 ? <p className="empty-state">{t("clientView.meetings.none")}</p> : null}
        {upcoming.length > 0 ? (
          <>
            <h3>{t("clientView.meetings.upcoming")}</h3>
            <MeetingList meetings={upcoming} />
          </>
        ) : null}
        {past.length > 0 ? (
          <>
            <h3>{t("clientView.meetings.past")}</h3>
            <MeetingList meetings={past} />
          </>
        ) : null}
      </section>

      <section className="card" aria-labelledby="plan">
        <h2 id="plan">{t("clientView.plan.title")}</h2>
        <h3>{t("clientView.plan.planTitle")}</h3>
        {view.plan ? (
          <ClientPlan caseId={view.case.id} plan={view.plan} />
        ) : (
          <p className="empty-state">{t("clientView.plan.none")}</p>
        )}
        <h3>{t("clientView.plan.decisionsTitle")}</h3>
        {view.approvedRecords.length === 0 ? (
          <p className="empty-state">{t("clientView.plan.noDecisions")}</p>
        ) : (
          <ClientRecordDecisions records={view.approvedRecords} />
        )}
      </section>

      <section className="card" aria-labelledby="access-log">
        <h2 id="access-log">{t("clientView.log.title")}</h2>
        <p>{t("clientView.log.intro")}</p>
        {accessLog.entries.length === 0 ? (
          <p className="empty-state">{t("clientView.log.none")}</p>
        ) : (
          <ol className="item-list access-log" data-testid="access-log">
            {accessLog.entries.map((e) => (
              <li key={e.id} className="item">
                <p className="field__hint">
                  <time dateTime={e.at}>{formatDateTime(locale, e.at)}</time>
                </p>
                <p>
                  <strong>
                    <Who person={e.actor} isSystem={e.isSystem} />
                  </strong>{" "}
                  {translateDynamic(locale, e.messageKey, {
                    name: e.subject
                      ? e.subject.isYou
                        ? t("clientView.youObject")
                        : e.subject.name
                      : t("clientView.someone"),
                  })}
                </p>
              </li>
            ))}
          </ol>
        )}
        {accessLog.pageCount > 1 ? (
          <nav aria-label={t("clientView.log.pages")} className="pager">
            {accessLog.page > 1 ? (
              <Link to={`?page=${accessLog.page - 1}#access-log`}>{t("clientView.log.newer")}</Link>
            ) : null}
            <span>{t("clientView.log.pageOf", { page: accessLog.page, count: accessLog.pageCount })}</span>
            {accessLog.page < accessLog.pageCount ? (
              <Link to={`?page=${accessLog.page + 1}#access-log`}>{t("clientView.log.older")}</Link>
            ) : null}
          </nav>
        ) : null}
      </section>
    </div>
  );
}

function MeetingList({ meetings }: { meetings: View["meetings"] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <ul className="item-list">
      {meetings.map((m) => (
        <li key={m.id} className="item">
          <p className="item__title">
            <time dateTime={m.startsAt}>{formatDateTime(locale, m.startsAt)}</time>
          </p>
          {/* Only a participant may open the meeting (meeting policy); others see the line only. */}
          <p>{m.myParticipation ? <Link to={`/meetings/${m.id}`}>{m.purpose}</Link> : m.purpose}</p>
          <p>
            {m.isOnline
              ? t("clientView.meetings.online")
              : t("clientView.meetings.place", { place: m.location ?? "—" })}
          </p>
          {m.status === "CANCELLED" ? <p>{t("clientView.meetings.cancelled")}</p> : null}
          {m.myParticipation ? (
            <p>
              {t(`clientView.meetings.response.${m.myParticipation.response}`)}
              {m.myParticipation.isRemote ? ` ${t("clientView.meetings.remote")}` : ""}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
