import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useLanguageName } from "~/components/cases/client-fields";
import { CaseErrorBoundary, StageBadge } from "~/components/cases/case-parts";
import { formatDate, formatDateTime, isMessageKey, translate, useLocale, useT, type Translate } from "~/i18n";
import type { Locale } from "~/i18n/locales";
import { loadCasePage } from "~/lib/cases.server";
import casesStyles from "~/styles/cases.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: casesStyles }];

export async function loader(args: LoaderFunctionArgs) {
  return loadCasePage(args);
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;
type TimelineEntry = PageData["timeline"][number];
type Person = { name: string; positionTitle: string | null; organisationName?: string | null } | null;

function personLabel(person: Person, t: Translate): string {
  if (!person) return t("cases.timeline.someone");
  return [person.name, person.positionTitle, person.organisationName].filter(Boolean).join(", ");
}

function Text({ value, empty }: { value: string | null; empty: string }) {
  return value ? <p className="text-block">{value}</p> : <p className="empty-state">{empty}</p>;
}

/** One timeline line; a code without its own sentence still shows, in general words. */
function timelineMessage(entry: TimelineEntry, t: Translate, locale: Locale): string {
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(entry.params)) {
    if (value === undefined) continue;
    params[key] = typeof value === "boolean" ? String(value) : value;
  }
  const stageKey = (code: unknown) => `stage.${String(code)}`;
  if (typeof entry.params.from === "string") {
    const key = stageKey(entry.params.from);
    if (isMessageKey(key)) params.from = translate(locale, key);
  }
  if (typeof entry.params.to === "string") {
    const key = stageKey(entry.params.to);
    if (isMessageKey(key)) params.to = translate(locale, key);
  }
  if (typeof entry.params.fields === "string") {
    params.fields = entry.params.fields
      .split(",")
      .map((f) => {
        const key = `cases.fieldName.${f}`;
        return isMessageKey(key) ? t(key) : f;
      })
      .join(", ");
  }
  let key = entry.messageKey;
  if (entry.action === "case.handover" && entry.params.outsideSystem === true) key = "timeline.case.handover.outside";
  return isMessageKey(key) ? t(key, params) : t("timeline.other");
}

export default function CasePage() {
  const data = useLoaderData<typeof loader>();
  const {
    case: theCase,
    client,
    caseManager,
    members,
    formerMembers,
    meetings,
    handovers,
    timeline,
    permissions,
    done,
  } = data;
  const t = useT();
  const locale = useLocale();
  const languageName = useLanguageName();
  const upcoming = meetings.filter((m) => m.isUpcoming);
  const past = meetings.filter((m) => !m.isUpcoming).reverse();
  const clientName = `${client.firstName} ${client.lastName}`;
  const hasActions =
    permissions.canEdit || permissions.canChangeStage || permissions.canHandOver || permissions.canClose;

  return (
    <>
      <p className="breadcrumb">
        <Link to="/cases">{t("cases.backToList")}</Link>
      </p>
      <h1>
        {t("cases.page.title", { number: theCase.caseNumber })}
        <span className="title-sub">{clientName}</span>
      </h1>

      {done ? (
        <p className="alert alert--success" role="status">
          {t(`cases.done.${done}`)}
        </p>
      ) : null}

      <section className="card case-summary" aria-labelledby="case-overview">
        <h2 id="case-overview" className="visually-hidden">
          {t("cases.page.overview")}
        </h2>
        <dl className="meta">
          <dt>{t("cases.field.stage")}</dt>
          <dd>
            <StageBadge stage={theCase.stage} />
          </dd>
          <dt>{t("cases.field.caseManager")}</dt>
          <dd>{personLabel(caseManager, t)}</dd>
          <dt>{t("cases.field.organisation")}</dt>
          <dd>{theCase.organisation.name}</dd>
          <dt>{t("cases.field.openedAt")}</dt>
          <dd>
            <time dateTime={theCase.createdAt}>{formatDate(locale, theCase.createdAt)}</time>
          </dd>
        </dl>
        {hasActions ? (
          <ul className="action-list" aria-label={t("cases.page.actions")}>
            {permissions.canEdit ? (
              <li>
                <Link className="button button--small" to={`/cases/${theCase.id}/edit`}>
                  {t("cases.action.edit")}
                </Link>
              </li>
            ) : null}
            {permissions.canChangeStage ? (
              <li>
                <Link className="button button--small" to={`/cases/${theCase.id}/stage`}>
                  {t("cases.action.changeStage")}
                </Link>
              </li>
            ) : null}
            {permissions.canHandOver ? (
              <li>
                <Link className="button button--small button--outline" to={`/cases/${theCase.id}/handover`}>
                  {t("cases.action.handOver")}
                </Link>
              </li>
            ) : null}
            {permissions.canClose ? (
              <li>
                <Link className="button button--small button--outline" to={`/cases/${theCase.id}/close`}>
                  {t("cases.action.close")}
                </Link>
              </li>
            ) : null}
          </ul>
        ) : null}
      </section>

      {theCase.stage === "CLOSED" ? (
        <section className="alert alert--info" aria-labelledby="closed-title">
          <h2 id="closed-title">
            {t("cases.page.closedTitle", { date: theCase.closedAt ? formatDate(locale, theCase.closedAt) : "" })}
          </h2>
          <p>{t("cases.page.closedIntro")}</p>
          <dl className="meta">
            <dt>{t("cases.field.closureReason")}</dt>
            <dd className="text-block">{theCase.closureReason}</dd>
            <dt>{t("cases.field.clientFeedback")}</dt>
            <dd className="text-block">{theCase.clientFeedback ?? t("cases.notRecorded")}</dd>
            {theCase.openItemsReason ? (
              <>
                <dt>{t("cases.field.openItemsReason")}</dt>
                <dd className="text-block">{theCase.openItemsReason}</dd>
              </>
            ) : null}
          </dl>
        </section>
      ) : null}
      {theCase.stage === "HANDED_OVER" ? <p className="alert alert--info">{t("cases.page.handedOverIntro")}</p> : null}

      <div className="grid-2">
        <section className="card" aria-labelledby="situation-title">
          <h2 id="situation-title">{t("cases.page.situation")}</h2>
          <h3>{t("cases.field.summary")}</h3>
          <Text value={theCase.summary} empty={t("cases.notRecorded")} />
          <h3>{t("cases.field.riskFactors")}</h3>
          <Text value={theCase.riskFactors} empty={t("cases.notRecorded")} />
          <h3>{t("cases.field.protectiveFactors")}</h3>
          <Text value={theCase.protectiveFactors} empty={t("cases.notRecorded")} />
          <h3>{t("cases.field.clientView")}</h3>
          <Text value={theCase.clientView} empty={t("cases.page.clientViewEmpty")} />
        </section>

        <section className="card" aria-labelledby="client-title">
          <h2 id="client-title">{t("cases.page.client")}</h2>
          <dl className="meta">
            <dt>{t("client.name")}</dt>
            <dd>{clientName}</dd>
            <dt>{t("client.personalCode")}</dt>
            <dd>{client.personalCode ?? t("cases.notRecorded")}</dd>
            <dt>{t("client.dateOfBirth")}</dt>
            <dd>{client.dateOfBirth ? formatDate(locale, client.dateOfBirth) : t("cases.notRecorded")}</dd>
            <dt>{t("client.preferredLanguage")}</dt>
            <dd>{languageName(client.preferredLanguage)}</dd>
            <dt>{t("client.phone")}</dt>
            <dd>{client.phone ?? t("cases.notRecorded")}</dd>
            <dt>{t("client.email")}</dt>
            <dd>{client.email ?? t("cases.notRecorded")}</dd>
            <dt>{t("client.address")}</dt>
            <dd>{client.address ?? t("cases.notRecorded")}</dd>
            <dt>{t("client.communicationNeeds")}</dt>
            <dd>
              {client.communicationNeeds.length === 0 ? (
                t("cases.page.noNeeds")
              ) : (
                <ul className="plain-list">
                  {client.communicationNeeds.map((need) => (
                    <li key={need}>
                      {t(`communicationNeed.${need}`)}
                      {need === "INTERPRETER" && client.interpreterLanguage ? `: ${client.interpreterLanguage}` : null}
                    </li>
                  ))}
                </ul>
              )}
            </dd>
            {client.accessibilityNotes ? (
              <>
                <dt>{t("client.accessibilityNotes")}</dt>
                <dd className="text-block">{client.accessibilityNotes}</dd>
              </>
            ) : null}
            <dt>{t("client.legalRepresentative")}</dt>
            <dd>
              {client.legalRepresentative
                ? [client.legalRepresentative, client.legalRepresentativeContact].filter(Boolean).join(", ")
                : t("cases.page.noRepresentative")}
            </dd>
          </dl>
        </section>
      </div>

      <section className="card" aria-labelledby="team-title">
        <h2 id="team-title">{t("cases.page.team")}</h2>
        <ul className="item-list" data-testid="case-team">
          {members.map((m) => (
            <li key={m.id} className="item">
              <p className="item__title">{m.name}</p>
              <dl className="meta">
                <dt>{t("cases.field.role")}</dt>
                <dd>{t(`caseRole.${m.role}`)}</dd>
                {m.positionTitle || m.organisationName ? (
                  <>
                    <dt>{t("cases.field.positionAndOrganisation")}</dt>
                    <dd>{[m.positionTitle, m.organisationName].filter(Boolean).join(", ")}</dd>
                  </>
                ) : null}
                {m.consent ? (
                  <>
                    <dt>{t("cases.field.consent")}</dt>
                    <dd>
                      <span className={`badge badge--consent-${m.consent.status.toLowerCase()}`}>
                        {t(`cases.consent.${m.consent.status}`)}
                      </span>
                    </dd>
                  </>
                ) : null}
              </dl>
            </li>
          ))}
        </ul>
        {formerMembers.length > 0 ? (
          <details className="former-members">
            <summary>{t("cases.page.formerMembers", { count: formerMembers.length })}</summary>
            <ul className="plain-list">
              {formerMembers.map((m) => (
                <li key={m.id}>
                  {m.name} ({t(`caseRole.${m.role}`)}){" "}
                  {m.removedAt ? t("cases.page.memberUntil", { date: formatDate(locale, m.removedAt) }) : null}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
        <p>
          <Link to={`/cases/${theCase.id}/team`}>
            {permissions.canManageTeam ? t("cases.page.manageTeam") : t("cases.page.viewTeam")}
          </Link>
        </p>
      </section>

      <CasePlanCard caseId={theCase.id} plan={data.plan} />

      <section className="card" aria-labelledby="meetings-title">
        <h2 id="meetings-title">{t("cases.page.meetings")}</h2>
        {permissions.canPlanMeeting ? (
          <p>
            <Link className="button button--small" to={`/cases/${theCase.id}/meetings/new`}>
              {t("meeting.plan")}
            </Link>
          </p>
        ) : null}
        <h3>{t("cases.page.upcomingMeetings")}</h3>
        {upcoming.length === 0 ? (
          <p className="empty-state">{t("cases.page.noUpcomingMeetings")}</p>
        ) : (
          <MeetingList meetings={upcoming} />
        )}
        <h3>{t("cases.page.pastMeetings")}</h3>
        {past.length === 0 ? (
          <p className="empty-state">{t("cases.page.noPastMeetings")}</p>
        ) : (
          <MeetingList meetings={past} />
        )}
      </section>

      <section className="card" aria-labelledby="handovers-title">
        <h2 id="handovers-title">{t("cases.page.handovers")}</h2>
        {handovers.length === 0 ? (
          <p className="empty-state">{t("cases.page.noHandovers")}</p>
        ) : (
          <ul className="item-list">
            {handovers.map((h) => (
              <li key={h.id} className="item">
                <p className="item__title">
                  <time dateTime={h.at}>{formatDate(locale, h.at)}</time>
                </p>
                <dl className="meta">
                  <dt>{t("cases.handover.from")}</dt>
                  <dd>{[personLabel(h.fromCaseManager, t), h.fromOrganisationName].filter(Boolean).join(" · ")}</dd>
                  <dt>{t("cases.handover.to")}</dt>
                  <dd>
                    {h.isOutsideSystem
                      ? t("cases.handover.outside", { organisation: h.toOrganisationName ?? "" })
                      : [personLabel(h.toCaseManager, t), h.toOrganisationName].filter(Boolean).join(" · ")}
                  </dd>
                  <dt>{t("cases.field.reason")}</dt>
                  <dd className="text-block">{h.reason}</dd>
                </dl>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t("cases.page.timeline")}</h2>
        <p className="field__hint">{t("cases.page.timelineHint")}</p>
        {timeline.length === 0 ? (
          <p className="empty-state">{t("cases.page.noTimeline")}</p>
        ) : (
          <ol className="timeline" data-testid="case-timeline">
            {timeline.map((entry) => (
              <li key={entry.id} className="timeline__entry">
                <p className="timeline__when">
                  <time dateTime={entry.at}>{formatDateTime(locale, entry.at)}</time>
                </p>
                <p className="timeline__what">
                  <strong>{timelineMessage(entry, t, locale)}</strong>
                  <br />
                  <span className="muted">{personLabel(entry.actor, t)}</span>
                </p>
                {entry.reason ? (
                  <p className="text-block">{t("cases.timeline.reason", { reason: entry.reason })}</p>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

/** The case plan (004 §3.4): its status and the next deadlines of the plan in force. */
function CasePlanCard({ caseId, plan }: { caseId: string; plan: PageData["plan"] }) {
  const t = useT();
  const locale = useLocale();
  if (!plan) return null;
  return (
    <section className="card" aria-labelledby="plan-title" data-testid="case-plan">
      <h2 id="plan-title">{t("plans.casePage.title")}</h2>
      <p>
        {plan.inForce
          ? t("plans.overview.inForce", {
              number: plan.inForce.number,
              date: plan.inForce.inForceAt ? formatDate(locale, plan.inForce.inForceAt) : "—",
            })
          : t("plans.overview.noneInForce")}
      </p>
      {plan.open ? (
        <p>
          {plan.open.status === "SIGNING"
            ? t("plans.overview.signing", {
                number: plan.open.number,
                signed: plan.open.signedCount,
                count: plan.open.signatoryCount,
              })
            : t("plans.overview.draft", { number: plan.open.number })}
        </p>
      ) : null}
      {plan.refusalCount > 0 ? <p>{t("plans.casePage.refusals", { count: plan.refusalCount })}</p> : null}
      {plan.nextDeadlines.length > 0 ? (
        <>
          <h3>{t("plans.casePage.nextDeadlines")}</h3>
          <ul className="item-list" data-testid="case-plan-deadlines">
            {plan.nextDeadlines.map((a) => (
              <li key={a.id} className="item">
                <p className="item__title text-block">{a.description}</p>
                <p>
                  <time dateTime={a.deadline}>{formatDate(locale, `${a.deadline}T12:00:00Z`)}</time>
                  {a.isOverdue ? <strong className="field__error"> {t("plans.actions.overdue")}</strong> : null}
                  {a.responsibleName ? ` · ${a.responsibleName}` : ""}
                  {` · ${t(`plans.section.${a.section}`)}`}
                </p>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        <Link to={`/cases/${caseId}/plan`}>{t("plans.casePage.open")}</Link>
      </p>
    </section>
  );
}

function MeetingList({ meetings }: { meetings: PageData["meetings"] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <ul className="item-list">
      {meetings.map((m) => (
        <li key={m.id} className="item">
          <p className="item__title">
            <Link to={`/meetings/${m.id}`}>{m.purpose}</Link>
          </p>
          <dl className="meta">
            <dt>{t("home.when")}</dt>
            <dd>
              <time dateTime={m.startsAt}>{formatDateTime(locale, m.startsAt)}</time>
            </dd>
            <dt>{t("home.where")}</dt>
            <dd>{m.isOnline ? t("home.online") : (m.location ?? "—")}</dd>
            <dt>{t("cases.field.meetingStatus")}</dt>
            <dd>{t(`cases.meetingStatus.${m.status}`)}</dd>
          </dl>
        </li>
      ))}
    </ul>
  );
}

export const ErrorBoundary = CaseErrorBoundary;
