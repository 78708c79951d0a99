import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { AgendaSection } from "~/components/meeting/agenda-section";
import {
  CopyLink,
  CheckboxField,
  MeetingErrorBoundary,
  MeetingWhenWhere,
  ResponseBadge,
} from "~/components/meeting/meeting-parts";
import { useActionDataAcrossLiveReloads, useMeetingLive } from "~/components/meeting/use-meeting-live";
import { RadioGroupField, TextAreaField } from "~/components/ui/fields";
import { CsrfField, FormErrorSummary, SubmitButton, TextField, getErrors } from "~/components/ui/form";
import { formatDate, formatDateTime, useLocale, useT } from "~/i18n";
import { loadAgenda } from "~/lib/agenda.server";
import { PRIVATE_HEADERS } from "~/lib/meetings.server";
import { loadMeetingPage, meetingPageAction } from "~/lib/meeting-page.server";
import casesStyles from "~/styles/cases.css";
import meetingsStyles from "~/styles/meetings.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: casesStyles },
  { rel: "stylesheet", href: meetingsStyles },
];

export const meta: MetaFunction = () => [{ name: "robots", content: "noindex" }];

// The page's data is one object, so other parts of the page (the agenda) can add theirs beside it.
export async function loader(args: LoaderFunctionArgs) {
  const page = await loadMeetingPage(args);
  const agenda = await loadAgenda(args);
  return json({ ...page, agenda }, { headers: PRIVATE_HEADERS });
}

export async function action(args: ActionFunctionArgs) {
  return meetingPageAction(args);
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;
type View = PageData["view"];
type Participant = View["participants"][number];

/** Errors of the action belong to the one form that posted it. */
function errorsFor(data: unknown, intent: string) {
  const errors = getErrors(data);
  return errors && errors.values.intent === intent ? data : undefined;
}

function useIsHydrated() {
  const [isHydrated, setIsHydrated] = useState(false);
  useEffect(() => setIsHydrated(true), []);
  return isHydrated;
}

export default function MeetingPage() {
  const data = useLoaderData<typeof loader>();
  const { view, done } = data;
  const { meeting, permissions } = view;
  const t = useT();
  const locale = useLocale();
  const liveStatus = useMeetingLive(meeting.id);
  const isOpen = meeting.status === "PLANNED" || meeting.status === "IN_PROGRESS";

  return (
    <>
      {view.case ? (
        <p className="breadcrumb">
          <Link to={view.case.viewerIsTeamReader ? `/cases/${view.case.id}` : `/my/${view.case.id}`}>
            {t("meeting.backToCase", { number: view.case.caseNumber })}
          </Link>
        </p>
      ) : null}
      <h1>
        {meeting.kind === "NETWORK" ? t("meeting.page.networkTitle") : t("meeting.page.title")}
        <span className="title-sub">
          <time dateTime={meeting.startsAt}>{formatDateTime(locale, meeting.startsAt)}</time>
        </span>
      </h1>

      {done ? <DoneMessage done={done} /> : null}
      {meeting.status === "CANCELLED" ? (
        <section className="alert alert--info" aria-labelledby="cancelled-title">
          <h2 id="cancelled-title">{t("meeting.cancelled.title")}</h2>
          {meeting.cancelReason ? (
            <p className="text-block">{t("meeting.cancelled.reason", { reason: meeting.cancelReason })}</p>
          ) : null}
        </section>
      ) : null}

      <section className="card" aria-labelledby="details-title">
        <h2 id="details-title">{t("meeting.details.title")}</h2>
        <p className="meeting-purpose text-block">{meeting.purpose}</p>
        <dl className="meta">
          <MeetingWhenWhere meeting={meeting} />
          <dt>{t("meeting.field.status")}</dt>
          <dd>{t(`cases.meetingStatus.${meeting.status}`)}</dd>
          {view.case ? (
            <>
              <dt>{t("meeting.field.case")}</dt>
              <dd>{t("meeting.caseOf", { number: view.case.caseNumber, client: view.case.clientName })}</dd>
            </>
          ) : null}
          {view.preparer ? (
            <>
              <dt>{t("meeting.field.preparedBy")}</dt>
              <dd>
                {[view.preparer.name, view.preparer.positionTitle, view.preparer.organisationName]
                  .filter(Boolean)
                  .join(", ")}
              </dd>
            </>
          ) : null}
          {view.previousMeeting ? (
            <>
              <dt>{t("meeting.field.previous")}</dt>
              <dd>
                <Link to={`/meetings/${view.previousMeeting.id}`}>
                  {formatDate(locale, view.previousMeeting.startsAt)}
                </Link>
              </dd>
            </>
          ) : null}
        </dl>
        <ul className="action-list">
          {/* The live room is for those taking part (its lobby asks for consent first); after the meeting it is read-only. */}
          {view.me && (isOpen || meeting.status === "HELD") ? (
            <li>
              <Link
                className={`button button--small${isOpen ? "" : " button--outline"}`}
                to={`/meetings/${meeting.id}/room`}
                data-testid="enter-room"
              >
                {isOpen ? t("room.meetingPage.enter") : t("room.meetingPage.view")}
              </Link>
            </li>
          ) : null}
          <li>
            <Link className="button button--small button--outline" to={`/meetings/${meeting.id}/record`}>
              {t("records.page.title")}
            </Link>
          </li>
          {permissions.canDownloadCalendar ? (
            <li>
              <a className="button button--small button--outline" href={`/meetings/${meeting.id}.ics`} download>
                {t("meeting.calendar.download")}
              </a>
            </li>
          ) : null}
          {permissions.canManage && meeting.status === "PLANNED" ? (
            <li>
              <Link className="button button--small button--outline" to={`/meetings/${meeting.id}/reschedule`}>
                {t("meeting.actions.reschedule")}
              </Link>
            </li>
          ) : null}
          {permissions.canManage && isOpen ? (
            <li>
              <Link className="button button--small button--outline" to={`/meetings/${meeting.id}/cancel`}>
                {t("meeting.actions.cancel")}
              </Link>
            </li>
          ) : null}
        </ul>
        <p className="field__hint" role="status">
          {liveStatus === "live" ? t("meeting.live.on") : liveStatus === "offline" ? t("meeting.live.off") : ""}
        </p>
      </section>

      {permissions.canRespond && view.me ? <RespondSection data={data} isOpen={isOpen} /> : null}

      {view.clientParticipation ? <ClientParticipationSection view={view} /> : null}

      <ParticipantsSection view={view} />

      {permissions.canManage && meeting.status === "PLANNED" ? <InvitationsSection data={data} /> : null}
      {permissions.canManage && meeting.status === "PLANNED" && view.case ? <InviteByLinkSection data={data} /> : null}

      {/* The agenda drafted together before the meeting (004 §2.1). */}
      <AgendaSection agenda={data.agenda} />
    </>
  );
}

function DoneMessage({ done }: { done: NonNullable<PageData["done"]> }) {
  const t = useT();
  return (
    <div className="alert alert--success" role="status">
      <p>{t(`meeting.done.${done.message}`)}</p>
      {done.mail ? (
        done.mail.isConfigured ? (
          <>
            <p>{t("meeting.done.mailed", { count: done.mail.sent })}</p>
            {done.mail.failed > 0 ? <p>{t("meeting.done.mailFailed", { count: done.mail.failed })}</p> : null}
            {done.mail.notMailed > 0 ? <p>{t("meeting.done.notMailed", { count: done.mail.notMailed })}</p> : null}
          </>
        ) : (
          <p>{t("meeting.done.mailOff")}</p>
        )
      ) : null}
    </div>
  );
}

function RespondSection({ data, isOpen }: { data: PageData; isOpen: boolean }) {
  const t = useT();
  const actionData = useActionDataAcrossLiveReloads<typeof action>();
  const errors = errorsFor(actionData, "respond");
  const me = data.view.me!;
  const justResponded = actionData && actionData.ok && actionData.intent === "respond";
  const defaultResponse = me.response === "DECLINED" ? "DECLINED" : "ACCEPTED";
  return (
    <section className="card respond-card" aria-labelledby="respond-title">
      <h2 id="respond-title">{t("meeting.respond.title")}</h2>
      <p>
        <ResponseBadge response={me.response} /> {t(`meeting.respond.current.${me.response}`)}
        {me.response === "ACCEPTED" && me.isRemote ? ` ${t("meeting.respond.currentRemote")}` : ""}
      </p>
      {justResponded ? (
        <p className="alert alert--success" role="status">
          {t("meeting.respond.saved")}
        </p>
      ) : null}
      {me.expectedContribution ? (
        <p>
          <strong>{t("meeting.respond.expected")}</strong> {me.expectedContribution}
        </p>
      ) : null}
      {isOpen ? (
        <Form method="post" noValidate className="respond-form">
          <CsrfField />
          <input type="hidden" name="intent" value="respond" />
          <FormErrorSummary data={errors} />
          <RadioGroupField
            name="response"
            legend={t("meeting.respond.question")}
            defaultValue={defaultResponse}
            options={[
              { value: "ACCEPTED", label: t("meeting.respond.accept") },
              { value: "DECLINED", label: t("meeting.respond.decline") },
            ]}
            data={errors}
          />
          <div className="confidentiality-box">
            <h3>{t("meeting.respond.confidentialityTitle")}</h3>
            <p>{t("meeting.respond.confidentialityText")}</p>
          </div>
          <CheckboxField
            name="consentToTakePart"
            label={t("meeting.respond.consent")}
            hint={t("meeting.respond.consentHint")}
            defaultChecked={me.details?.hasConsented ?? false}
            data={errors}
          />
          <CheckboxField
            name="confidentialityAcknowledged"
            label={t("meeting.respond.confidentiality")}
            defaultChecked={me.details?.hasAcknowledgedConfidentiality ?? false}
            data={errors}
          />
          <CheckboxField
            name="isRemote"
            label={t("meeting.respond.remote")}
            defaultChecked={me.isRemote}
            data={errors}
          />
          <TextAreaField
            name="declineReason"
            label={t("meeting.respond.declineReason")}
            hint={t("meeting.respond.declineReasonHint")}
            rows={2}
            defaultValue={me.details?.declineReason ?? ""}
            data={errors}
          />
          <SubmitButton>{t("meeting.respond.submit")}</SubmitButton>
        </Form>
      ) : (
        <p className="empty-state">{t("meeting.respond.closed")}</p>
      )}
    </section>
  );
}

function ClientParticipationSection({ view }: { view: View }) {
  const t = useT();
  const block = view.clientParticipation!;
  const text = (value: string | null) =>
    value ? <dd className="text-block">{value}</dd> : <dd className="muted">{t("meeting.notRecorded")}</dd>;
  return (
    <section className="card" aria-labelledby="client-title">
      <h2 id="client-title">{t("meeting.section.client")}</h2>
      <dl className="meta">
        <dt>{t("meeting.field.clientParticipation")}</dt>
        <dd>{block.mode ? t(`meeting.clientParticipation.${block.mode}`) : t("meeting.notRecorded")}</dd>
        <dt>{t("meeting.field.clientExpectations")}</dt>
        {text(block.expectations)}
        <dt>{t("meeting.field.clientWorries")}</dt>
        {text(block.worries)}
        <dt>{t("meeting.field.accessibilityNotes")}</dt>
        {text(block.accessibilityNotes)}
      </dl>
    </section>
  );
}

function ParticipantsSection({ view }: { view: View }) {
  const t = useT();
  const summary = view.summary;
  return (
    <section className="card" aria-labelledby="participants-title">
      <h2 id="participants-title">{t("meeting.participants.title")}</h2>
      {summary ? (
        <p>
          {t("meeting.participants.summary", {
            accepted: summary.accepted,
            pending: summary.pending,
            declined: summary.declined,
          })}{" "}
          {summary.withoutConsent > 0
            ? t("meeting.participants.withoutConsent", { count: summary.withoutConsent })
            : t("meeting.participants.allConsented")}
        </p>
      ) : null}
      <ul className="item-list participant-list" data-testid="meeting-participants">
        {view.participants.map((p) => (
          <ParticipantItem key={p.id} participant={p} />
        ))}
      </ul>
    </section>
  );
}

function ParticipantItem({ participant: p }: { participant: Participant }) {
  const t = useT();
  const locale = useLocale();
  const who = [p.positionTitle, p.organisationName].filter(Boolean).join(", ");
  return (
    <li className="item" data-participant={p.userId}>
      <p className="item__title">
        {p.name}
        {p.isMe ? ` ${t("meeting.participant.you")}` : ""}
      </p>
      <dl className="meta">
        <dt>{t("meeting.participant.role")}</dt>
        <dd>
          {t(`meetingRole.${p.meetingRole}`)}
          {p.caseRole ? ` · ${t(`caseRole.${p.caseRole}`)}` : ""}
        </dd>
        {who ? (
          <>
            <dt>{t("meeting.participant.organisation")}</dt>
            <dd>{who}</dd>
          </>
        ) : null}
        {p.expectedContribution ? (
          <>
            <dt>{t("meeting.participant.contribution")}</dt>
            <dd className="text-block">{p.expectedContribution}</dd>
          </>
        ) : null}
        <dt>{t("meeting.participant.attending")}</dt>
        <dd>
          <ResponseBadge response={p.response} />
          {p.response === "ACCEPTED" && p.isRemote ? ` ${t("meeting.participant.remote")}` : ""}
        </dd>
        {p.details ? (
          <>
            <dt>{t("meeting.participant.consent")}</dt>
            <dd>
              {p.details.hasConsented ? (
                <span className="badge badge--accepted">{t("meeting.participant.consentGiven")}</span>
              ) : (
                <span className="badge badge--pending">{t("meeting.participant.consentMissing")}</span>
              )}
            </dd>
            <dt>{t("meeting.participant.confidentiality")}</dt>
            <dd>
              {p.details.hasAcknowledgedConfidentiality ? (
                <span className="badge badge--accepted">{t("meeting.participant.confidentialityGiven")}</span>
              ) : (
                <span className="badge badge--pending">{t("meeting.participant.confidentialityMissing")}</span>
              )}
            </dd>
            {p.details.declineReason && p.response === "DECLINED" ? (
              <>
                <dt>{t("meeting.participant.declineReason")}</dt>
                <dd className="text-block">{p.details.declineReason}</dd>
              </>
            ) : null}
            {p.details.email !== null || !p.isMe ? (
              <>
                <dt>{t("meeting.participant.invitation")}</dt>
                <dd>
                  {p.details.invitationSentAt
                    ? t("meeting.participant.invitationSent", {
                        date: formatDateTime(locale, p.details.invitationSentAt),
                      })
                    : p.details.email
                      ? t("meeting.participant.invitationNotSent")
                      : t("meeting.participant.noEmail")}
                </dd>
              </>
            ) : null}
          </>
        ) : null}
      </dl>
    </li>
  );
}

function InvitationsSection({ data }: { data: PageData }) {
  const t = useT();
  const actionData = useActionDataAcrossLiveReloads<typeof action>();
  const errors = errorsFor(actionData, "sendInvitations");
  const result = actionData && actionData.ok && actionData.intent === "sendInvitations" ? actionData.mail : null;
  const notInvited = data.view.summary?.notInvited ?? 0;
  return (
    <section className="card" aria-labelledby="invitations-title">
      <h2 id="invitations-title">{t("meeting.invitations.title")}</h2>
      <p>{t("meeting.invitations.intro")}</p>
      <FormErrorSummary data={errors} />
      {result ? (
        <div className="alert alert--success" role="status">
          {!result.isConfigured ? <p>{t("meeting.invitations.notConfigured")}</p> : null}
          {result.sent.length > 0 ? <p>{t("meeting.invitations.sent", { names: result.sent.join(", ") })}</p> : null}
          {result.failed.length > 0 ? (
            <p>{t("meeting.invitations.failed", { names: result.failed.join(", ") })}</p>
          ) : null}
          {result.notMailed.length > 0 ? (
            <p>{t("meeting.invitations.notMailed", { names: result.notMailed.join(", ") })}</p>
          ) : null}
          {result.isConfigured && result.sent.length + result.failed.length + result.notMailed.length === 0 ? (
            <p>{t("meeting.invitations.nobody")}</p>
          ) : null}
        </div>
      ) : null}
      {data.isMailConfigured ? (
        <div className="form-buttons">
          <Form method="post" className="inline-form">
            <CsrfField />
            <input type="hidden" name="intent" value="sendInvitations" />
            <input type="hidden" name="scope" value="missing" />
            <button type="submit" className="button" disabled={notInvited === 0}>
              {t("meeting.invitations.sendMissing", { count: notInvited })}
            </button>
          </Form>
          <Form method="post" className="inline-form">
            <CsrfField />
            <input type="hidden" name="intent" value="sendInvitations" />
            <input type="hidden" name="scope" value="all" />
            <button type="submit" className="button button--plain">
              {t("meeting.invitations.sendAll")}
            </button>
          </Form>
        </div>
      ) : (
        <>
          <p className="alert alert--info">{t("meeting.invitations.notConfigured")}</p>
          <CopyLink link={data.meetingUrl} label={t("meeting.invitations.pageLink")} />
        </>
      )}
    </section>
  );
}

function InviteByLinkSection({ data }: { data: PageData }) {
  const t = useT();
  const locale = useLocale();
  const isHydrated = useIsHydrated();
  const actionData = useActionDataAcrossLiveReloads<typeof action>();
  const errors = errorsFor(actionData, "invite");
  const invited = actionData && actionData.ok && actionData.intent === "invite" ? actionData.invited : null;
  const options = data.inviteOptions!;
  const [role, setRole] = useState<string>(getErrors(errors)?.values.caseRole ?? "CLIENT");
  const needsConsent = (options.consentRequiredRoles as readonly string[]).includes(role);
  return (
    <section className="card" aria-labelledby="invite-title">
      <h2 id="invite-title">{t("meeting.invite.title")}</h2>
      <p>{t("meeting.invite.intro")}</p>
      {invited ? (
        <div className="alert alert--success" role="status">
          <p>
            <strong>{t("meeting.invite.created", { name: invited.name })}</strong>
          </p>
          <CopyLink link={invited.link} label={t("team.invite.linkLabel")} />
          <p>{t("team.invite.linkHint", { date: formatDate(locale, invited.expiresAt) })}</p>
          <p>{t(`team.invite.mail.${invited.mailStatus}`)}</p>
        </div>
      ) : null}
      <Form method="post" noValidate key={invited?.link ?? "invite"}>
        <CsrfField />
        <input type="hidden" name="intent" value="invite" />
        <FormErrorSummary data={errors} />
        <div className="field">
          <label htmlFor="invite-role">{t("team.invite.role")}</label>
          <select id="invite-role" name="caseRole" value={role} onChange={(e) => setRole(e.currentTarget.value)}>
            {options.invitableRoles.map((r) => (
              <option key={r} value={r}>
                {t(`caseRole.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <TextField name="name" label={t("team.invite.name")} autoComplete="off" required data={errors} />
        <TextField
          name="email"
          type="email"
          label={t("team.invite.email")}
          hint={t("meeting.invite.emailHint")}
          autoComplete="off"
          data={errors}
        />
        <TextField name="positionTitle" label={t("team.invite.position")} autoComplete="off" data={errors} />
        {!isHydrated || needsConsent ? (
          <fieldset className="consent-fieldset">
            <legend>{t("team.consent.legend")}</legend>
            <p className="field__hint">
              {!isHydrated ? `${t("team.invite.consentOnlyForSpecialist")} ` : ""}
              {t("team.consent.explain")}
            </p>
            <RadioGroupField
              name="consentForm"
              legend={t("team.consent.form")}
              options={options.consentForms.map((f) => ({ value: f, label: t(`team.consent.form.${f}`) }))}
              data={errors}
            />
            <TextAreaField
              name="consentScope"
              label={t("team.consent.scope")}
              hint={t("team.consent.scopeHint")}
              rows={2}
              data={errors}
            />
            <TextField name="consentGivenAt" type="date" label={t("team.consent.givenAt")} data={errors} />
          </fieldset>
        ) : null}
        <SubmitButton>{t("meeting.invite.submit")}</SubmitButton>
      </Form>
      {data.view.pendingInvitations.length > 0 ? (
        <>
          <h3>{t("meeting.invite.pending")}</h3>
          <ul className="item-list">
            {data.view.pendingInvitations.map((inv) => (
              <li key={inv.id} className="item">
                <p className="item__title">{inv.name ?? inv.email ?? "—"}</p>
                <p className="muted">
                  {inv.caseRole ? `${t(`caseRole.${inv.caseRole}`)} · ` : ""}
                  {t("meeting.invite.validUntil", { date: formatDate(locale, inv.expiresAt) })}
                </p>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

export const ErrorBoundary = MeetingErrorBoundary;
