import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { TextAreaField } from "~/components/ui/fields";
import { CopyLink } from "~/components/ui/copy-link";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useId, useState } from "react";
import { CsrfField, FormErrorSummary, SubmitButton, TextField, getErrors } from "~/components/ui/form";
import { formatDate, translateDynamic, useLocale, useT } from "~/i18n";
import { loadTeamPage, teamAction } from "~/lib/team.server";

export const meta: MetaFunction = () => [{ name: "robots", content: "noindex" }];

export async function loader(args: LoaderFunctionArgs) {
  return loadTeamPage(args);
}

export async function action(args: ActionFunctionArgs) {
  return teamAction(args);
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Member = LoaderData["team"]["members"][number];

/** Without JavaScript every optional part of a form is shown; with it, only the relevant ones. */
function useIsHydrated() {
  const [isHydrated, setIsHydrated] = useState(false);
  useEffect(() => setIsHydrated(true), []);
  return isHydrated;
}

/** Errors of the action belong to the one form that posted: same intent (and same row). */
function errorsFor(data: unknown, intent: string, key?: [string, string]) {
  const errors = getErrors(data);
  if (!errors || errors.values.intent !== intent) return undefined;
  if (key && errors.values[key[0]] !== key[1]) return undefined;
  return data;
}

function SelectField(props: {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  value: string;
  onChange: (value: string) => void;
  data?: unknown;
}) {
  const id = useId();
  const locale = useLocale();
  const error = getErrors(props.data)?.fieldErrors[props.name];
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={id}>{props.label}</label>
      {error ? (
        <p id={`${id}-error`} className="field__error">
          {translateDynamic(locale, error)}
        </p>
      ) : null}
      <select
        id={id}
        name={props.name}
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** How, what and when the client agreed to share: required for a specialist (004 §3.1). */
function ConsentFieldset({ forms, data }: { forms: string[]; data?: unknown }) {
  const t = useT();
  const locale = useLocale();
  const id = useId();
  const errors = getErrors(data);
  const formError = errors?.fieldErrors.consentForm;
  const chosen = errors?.values.consentForm;
  return (
    <fieldset className="consent-fieldset">
      <legend>{t("team.consent.legend")}</legend>
      <p className="field__hint">{t("team.consent.explain")}</p>
      <fieldset
        className={`radio-group${formError ? " field--error" : ""}`}
        aria-describedby={formError ? `${id}-error` : undefined}
      >
        <legend>{t("team.consent.form")}</legend>
        {formError ? (
          <p id={`${id}-error`} className="field__error">
            {translateDynamic(locale, formError)}
          </p>
        ) : null}
        {forms.map((f) => (
          <p key={f} className="radio">
            <input id={`${id}-${f}`} type="radio" name="consentForm" value={f} defaultChecked={chosen === f} />{" "}
            <label htmlFor={`${id}-${f}`}>{t(`team.consent.form.${f as "WRITTEN" | "ORAL" | "IN_SYSTEM"}`)}</label>
          </p>
        ))}
      </fieldset>
      <TextAreaField
        name="consentScope"
        label={t("team.consent.scope")}
        hint={t("team.consent.scopeHint")}
        data={data}
        rows={2}
      />
      <TextField name="consentGivenAt" type="date" label={t("team.consent.givenAt")} data={data} />
    </fieldset>
  );
}

function ConsentBadge({ member }: { member: Member }) {
  const t = useT();
  const locale = useLocale();
  switch (member.consentStatus) {
    case "ACTIVE":
      return (
        <>
          <span className="badge badge--accepted">{t("team.consentStatus.ACTIVE")}</span>
          {member.consentInForce ? (
            <span className="field__hint">
              {" "}
              {t("team.consentStatus.since", { date: formatDate(locale, member.consentInForce.givenAt) })}
            </span>
          ) : null}
        </>
      );
    case "WITHDRAWN":
      return <span className="badge badge--declined">{t("team.consentStatus.WITHDRAWN")}</span>;
    case "MISSING":
      return <span className="badge badge--pending">{t("team.consentStatus.MISSING")}</span>;
    case "NOT_REQUIRED":
      return <span>{t("team.consentStatus.NOT_REQUIRED")}</span>;
  }
}

function MemberActions({ member, data }: { member: Member; data: LoaderData }) {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const { permissions } = data.team;
  const needsConsent = member.consentStatus === "MISSING" || member.consentStatus === "WITHDRAWN";
  const isClientViewRole = member.role === "ADVOCATE" || member.role === "CLOSE_PERSON";
  const recordErrors = errorsFor(actionData, "recordConsent", ["recipientUserId", member.userId]);
  const removeErrors = errorsFor(actionData, "removeMember", ["memberId", member.id]);
  const permissionErrors = errorsFor(actionData, "setClientViewPermission", ["memberId", member.id]);
  return (
    <div className="stack">
      {permissions.canRecordConsent && needsConsent ? (
        <details open={Boolean(recordErrors)}>
          <summary>{t("team.recordConsent.open")}</summary>
          <Form method="post" noValidate>
            <CsrfField />
            <input type="hidden" name="intent" value="recordConsent" />
            <input type="hidden" name="recipientUserId" value={member.userId} />
            <FormErrorSummary data={recordErrors} />
            <ConsentFieldset forms={data.options.consentForms} data={recordErrors} />
            <SubmitButton>{t("team.recordConsent.submit")}</SubmitButton>
          </Form>
        </details>
      ) : null}
      {permissions.canRecordConsent && isClientViewRole ? (
        <Form method="post" className="inline-form">
          <CsrfField />
          <FormErrorSummary data={permissionErrors} />
          <input type="hidden" name="intent" value="setClientViewPermission" />
          <input type="hidden" name="memberId" value={member.id} />
          <input
            type="hidden"
            name="hasClientViewPermission"
            value={member.hasClientViewPermission ? "false" : "true"}
          />
          <button type="submit" className="button button--small button--plain">
            {member.hasClientViewPermission
              ? t("team.clientView.revoke", { name: member.name })
              : t("team.clientView.grant", { name: member.name })}
          </button>
        </Form>
      ) : null}
      {permissions.canRemoveMember && !member.isResponsibleCaseManager ? (
        <details open={Boolean(removeErrors)}>
          <summary>{t("team.remove.open")}</summary>
          <Form method="post" noValidate>
            <CsrfField />
            <input type="hidden" name="intent" value="removeMember" />
            <input type="hidden" name="memberId" value={member.id} />
            <FormErrorSummary data={removeErrors} />
            <TextAreaField
              name="reason"
              label={t("team.remove.reason")}
              hint={t("team.remove.reasonHint")}
              data={removeErrors}
            />
            <button type="submit" className="button button--danger">
              {t("team.remove.submit", { name: member.name })}
            </button>
          </Form>
        </details>
      ) : null}
    </div>
  );
}

function AddMemberSection({ data }: { data: LoaderData }) {
  const t = useT();
  const locale = useLocale();
  const isHydrated = useIsHydrated();
  const actionData = useActionData<typeof action>();
  const addErrors = errorsFor(actionData, "add");
  const echoed = getErrors(addErrors)?.values;
  const [role, setRole] = useState(echoed?.role ?? "SPECIALIST");
  const { search, options } = data;
  const needsConsent = options.consentRequiredRoles.includes(role as (typeof options.consentRequiredRoles)[number]);
  const isClientViewRole = role === "ADVOCATE" || role === "CLOSE_PERSON";
  return (
    <section className="card" aria-labelledby="add-title">
      <h2 id="add-title">{t("team.add.title")}</h2>
      <p>{t("team.add.intro")}</p>
      <Form method="get" role="search" className="search-form">
        <TextField
          name="q"
          label={t("team.search.label")}
          hint={t("team.search.hint")}
          defaultValue={search?.query ?? ""}
          autoComplete="off"
        />
        <button type="submit" className="button">
          {t("team.search.submit")}
        </button>
      </Form>
      {search?.error ? (
        <p className="alert alert--error" role="alert">
          {translateDynamic(locale, search.error)}
        </p>
      ) : null}
      {search && !search.error && search.results.length === 0 ? (
        <p className="empty-state" role="status">
          {t("team.search.none")}
        </p>
      ) : null}
      {search && search.results.length > 0 ? (
        <Form method="post" noValidate>
          <CsrfField />
          <input type="hidden" name="intent" value="add" />
          <FormErrorSummary data={addErrors} />
          <fieldset className={`radio-group${getErrors(addErrors)?.fieldErrors.userId ? " field--error" : ""}`}>
            <legend>{t("team.add.person")}</legend>
            {search.results.map((p, i) => (
              <p key={p.id} className="radio">
                <input
                  id={`candidate-${p.id}`}
                  type="radio"
                  name="userId"
                  value={p.id}
                  defaultChecked={echoed ? echoed.userId === p.id : i === 0}
                />{" "}
                <label htmlFor={`candidate-${p.id}`}>
                  <strong>{p.name}</strong>
                  {[p.positionTitle, p.organisationName].filter(Boolean).length > 0
                    ? `, ${[p.positionTitle, p.organisationName].filter(Boolean).join(", ")}`
                    : ""}
                </label>
              </p>
            ))}
          </fieldset>
          <SelectField
            name="role"
            label={t("team.add.role")}
            value={role}
            onChange={setRole}
            options={options.addableRoles.map((r) => ({ value: r, label: t(`caseRole.${r}`) }))}
            data={addErrors}
          />
          {!isHydrated || needsConsent ? <ConsentFieldset forms={options.consentForms} data={addErrors} /> : null}
          {!isHydrated || isClientViewRole ? (
            <p>
              <input
                id="add-client-view"
                type="checkbox"
                name="hasClientViewPermission"
                defaultChecked={echoed?.hasClientViewPermission === "on"}
              />{" "}
              <label htmlFor="add-client-view">{t("team.add.clientView")}</label>
            </p>
          ) : null}
          <SubmitButton>{t("team.add.submit")}</SubmitButton>
        </Form>
      ) : null}
    </section>
  );
}

function InviteSection({ data }: { data: LoaderData }) {
  const t = useT();
  const locale = useLocale();
  const isHydrated = useIsHydrated();
  const actionData = useActionData<typeof action>();
  const inviteErrors = errorsFor(actionData, "invite");
  const created = actionData && "created" in actionData ? actionData.created : null;
  const [role, setRole] = useState(getErrors(inviteErrors)?.values.caseRole ?? "CLIENT");
  const { options } = data;
  const needsConsent = options.consentRequiredRoles.includes(role as (typeof options.consentRequiredRoles)[number]);
  return (
    <section className="card" aria-labelledby="invite-title">
      <h2 id="invite-title">{t("team.invite.title")}</h2>
      <p>{t("team.invite.intro")}</p>
      {created ? (
        <div className="alert alert--success" role="status">
          <p>
            <strong>{t("team.invite.created", { name: created.name })}</strong>
          </p>
          <CopyLink link={created.link} label={t("team.invite.linkLabel")} />
          <p>{t("team.invite.linkHint", { date: formatDate(locale, created.expiresAt) })}</p>
          <p>{t(`team.invite.mail.${created.mailStatus}`)}</p>
        </div>
      ) : null}
      <Form method="post" noValidate key={created?.link ?? "invite"}>
        <CsrfField />
        <input type="hidden" name="intent" value="invite" />
        <FormErrorSummary data={inviteErrors} />
        <SelectField
          name="caseRole"
          label={t("team.invite.role")}
          value={role}
          onChange={setRole}
          options={options.invitableRoles.map((r) => ({ value: r, label: t(`caseRole.${r}`) }))}
          data={inviteErrors}
        />
        <TextField name="name" label={t("team.invite.name")} autoComplete="off" required data={inviteErrors} />
        <TextField
          name="email"
          type="email"
          label={t("team.invite.email")}
          hint={t("team.invite.emailHint")}
          autoComplete="off"
          data={inviteErrors}
        />
        <TextField name="positionTitle" label={t("team.invite.position")} autoComplete="off" data={inviteErrors} />
        {!isHydrated || needsConsent ? (
          <>
            {!isHydrated ? <p className="field__hint">{t("team.invite.consentOnlyForSpecialist")}</p> : null}
            <ConsentFieldset forms={options.consentForms} data={inviteErrors} />
          </>
        ) : null}
        <SubmitButton>{t("team.invite.submit")}</SubmitButton>
      </Form>
    </section>
  );
}

export default function TeamPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const { team } = data;
  const { permissions } = team;
  const canChangeAnything = permissions.canRecordConsent || permissions.canRemoveMember;
  const done = actionData && "intent" in actionData && actionData.ok ? actionData.intent : null;
  const withdrawErrorsFor = (consentId: string) => errorsFor(actionData, "withdrawConsent", ["consentId", consentId]);
  const revokeErrors = errorsFor(actionData, "revokeInvitation");

  return (
    <>
      <p>
        <Link to={`/cases/${team.case.id}`}>{t("team.backToCase", { number: team.case.caseNumber })}</Link>
      </p>
      <h1>{t("team.title", { number: team.case.caseNumber })}</h1>
      <p className="lead">
        {t("team.stage", { stage: t(`stage.${team.case.stage}`) })}
        {team.case.isClosed ? ` ${t("team.closedNote")}` : ""}
      </p>
      {done && done !== "invite" ? (
        <p className="alert alert--success" role="status">
          {t(`team.done.${done}`)}
        </p>
      ) : null}
      {!canChangeAnything ? <p className="alert alert--info">{t("team.readOnly")}</p> : null}

      <section className="card" aria-labelledby="members-title">
        <h2 id="members-title">{t("team.members.title")}</h2>
        <div className="table-scroll">
          <table className="table" data-testid="team-members">
            <thead>
              <tr>
                <th scope="col">{t("team.members.name")}</th>
                <th scope="col">{t("team.members.role")}</th>
                <th scope="col">{t("team.members.organisation")}</th>
                <th scope="col">{t("team.members.consent")}</th>
                {canChangeAnything ? <th scope="col">{t("team.members.actions")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {team.members.map((m) => (
                <tr key={m.id}>
                  <th scope="row">
                    {m.name}
                    {m.email ? (
                      <>
                        <br />
                        <span className="field__hint">{m.email}</span>
                      </>
                    ) : null}
                  </th>
                  <td>
                    {t(`caseRole.${m.role}`)}
                    {m.hasClientViewPermission ? (
                      <>
                        <br />
                        <span className="field__hint">{t("team.members.seesClientView")}</span>
                      </>
                    ) : null}
                  </td>
                  <td>
                    {[m.organisationName, m.positionTitle].filter(Boolean).join(", ") ||
                      (m.kind === "EXTERNAL" ? t("team.members.external") : "—")}
                  </td>
                  <td>
                    <ConsentBadge member={m} />
                  </td>
                  {canChangeAnything ? (
                    <td>
                      <MemberActions member={m} data={data} />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card" aria-labelledby="consents-title">
        <h2 id="consents-title">{t("team.consents.title")}</h2>
        <p>{t("team.consents.intro")}</p>
        {team.consents.length === 0 ? (
          <p className="empty-state">{t("team.consents.none")}</p>
        ) : (
          <ul className="item-list" data-testid="team-consents">
            {team.consents.map((c) => {
              const withdrawErrors = withdrawErrorsFor(c.id);
              return (
                <li key={c.id} className="item">
                  <p className="item__title">
                    {c.recipient?.name ?? t("team.someone")}
                    {c.recipient && (c.recipient.positionTitle || c.recipient.organisationName)
                      ? `, ${[c.recipient.positionTitle, c.recipient.organisationName].filter(Boolean).join(", ")}`
                      : ""}
                  </p>
                  <dl className="meta">
                    <dt>{t("team.consents.scope")}</dt>
                    <dd>{c.scope}</dd>
                    <dt>{t("team.consents.form")}</dt>
                    <dd>{t(`team.consent.form.${c.form}`)}</dd>
                    <dt>{t("team.consents.givenAt")}</dt>
                    <dd>
                      <time dateTime={c.givenAt}>{formatDate(locale, c.givenAt)}</time>
                    </dd>
                    {c.recordedBy ? (
                      <>
                        <dt>{t("team.consents.recordedBy")}</dt>
                        <dd>{c.recordedBy.name}</dd>
                      </>
                    ) : null}
                    <dt>{t("team.consents.status")}</dt>
                    <dd>
                      {c.withdrawnAt ? (
                        <span className="badge badge--declined">
                          {t("team.consents.withdrawnOn", { date: formatDate(locale, c.withdrawnAt) })}
                        </span>
                      ) : c.isInForce ? (
                        <span className="badge badge--accepted">{t("team.consentStatus.ACTIVE")}</span>
                      ) : (
                        <span className="badge badge--pending">{t("team.consents.notYet")}</span>
                      )}
                    </dd>
                    {c.withdrawalNote ? (
                      <>
                        <dt>{t("team.consents.withdrawalNote")}</dt>
                        <dd>{c.withdrawalNote}</dd>
                      </>
                    ) : null}
                  </dl>
                  {permissions.canWithdrawConsent && !c.withdrawnAt ? (
                    <details open={Boolean(withdrawErrors)}>
                      <summary>{t("team.withdraw.open")}</summary>
                      <Form method="post" noValidate>
                        <CsrfField />
                        <input type="hidden" name="intent" value="withdrawConsent" />
                        <input type="hidden" name="consentId" value={c.id} />
                        <FormErrorSummary data={withdrawErrors} />
                        <p>{t("team.withdraw.confirm", { name: c.recipient?.name ?? t("team.someone") })}</p>
                        <TextAreaField name="note" label={t("team.withdraw.note")} data={withdrawErrors} rows={2} />
                        <button type="submit" className="button button--danger">
                          {t("team.withdraw.submit")}
                        </button>
                      </Form>
                    </details>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </section>

      {permissions.canAddMember ? <AddMemberSection data={data} /> : null}
      {permissions.canInvite ? <InviteSection data={data} /> : null}

      {permissions.canInvite ? (
        <section className="card" aria-labelledby="pending-title">
          <h2 id="pending-title">{t("team.pending.title")}</h2>
          <FormErrorSummary data={revokeErrors} />
          {team.pendingInvitations.length === 0 ? (
            <p className="empty-state">{t("team.pending.none")}</p>
          ) : (
            <ul className="item-list">
              {team.pendingInvitations.map((inv) => (
                <li key={inv.id} className="item">
                  <p className="item__title">{inv.name ?? inv.email ?? t("team.someone")}</p>
                  <dl className="meta">
                    {inv.caseRole ? (
                      <>
                        <dt>{t("team.members.role")}</dt>
                        <dd>{t(`caseRole.${inv.caseRole}`)}</dd>
                      </>
                    ) : null}
                    {inv.email ? (
                      <>
                        <dt>{t("team.invite.email")}</dt>
                        <dd>{inv.email}</dd>
                      </>
                    ) : null}
                    <dt>{t("team.pending.validUntil")}</dt>
                    <dd>
                      <time dateTime={inv.expiresAt}>{formatDate(locale, inv.expiresAt)}</time>
                    </dd>
                  </dl>
                  <Form method="post" className="inline-form">
                    <CsrfField />
                    <input type="hidden" name="intent" value="revokeInvitation" />
                    <input type="hidden" name="invitationId" value={inv.id} />
                    <button
                      type="submit"
                      className="button button--small"
                      aria-label={t("team.pending.revokeFor", { name: inv.name ?? inv.email ?? "" })}
                    >
                      {t("team.pending.revoke")}
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </>
  );
}
