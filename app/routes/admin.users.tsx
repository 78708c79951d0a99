import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { CopyLink } from "~/components/ui/copy-link";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useId } from "react";
import { CsrfField, FormErrorSummary, SubmitButton, TextField, getErrors } from "~/components/ui/form";
import { formatDate, useLocale, useT } from "~/i18n";
import { adminUsersAction, loadAdminUsers } from "~/lib/admin-users.server";

export async function loader(args: LoaderFunctionArgs) {
  return loadAdminUsers(args);
}

export async function action(args: ActionFunctionArgs) {
  return adminUsersAction(args);
}

/** Not wrapped in .field: that class stretches inputs to full width, which suits text, not a checkbox. */
function CheckboxField(props: { name: string; label: string; hint?: string; data?: unknown }) {
  const id = useId();
  const errors = getErrors(props.data);
  const isChecked = errors ? errors.values[props.name] === "on" : false;
  return (
    <div>
      <p>
        <input
          id={id}
          name={props.name}
          type="checkbox"
          defaultChecked={isChecked}
          aria-describedby={props.hint ? `${id}-hint` : undefined}
        />{" "}
        <label htmlFor={id}>{props.label}</label>
      </p>
      {props.hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}

export default function AdminUsersPage() {
  const { organisationName, users, pendingInvitations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const errors = getErrors(actionData);
  // Both forms post here; an error belongs to the form whose intent it echoes.
  const inviteErrors = errors?.values.intent === "invite" ? actionData : undefined;
  const revokeErrors = errors?.values.intent === "revoke" ? actionData : undefined;
  const success = actionData && "intent" in actionData ? actionData : null;
  const created = success?.created ?? null;

  return (
    <>
      <h1>{t("admin.users.title")}</h1>
      <p className="lead">{t("admin.users.intro", { organisation: organisationName })}</p>

      <section className="card" aria-labelledby="accounts-title">
        <h2 id="accounts-title">{t("admin.users.listTitle")}</h2>
        <div style={{ overflowX: "auto" }}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("admin.users.name")}</th>
                <th scope="col">{t("admin.users.position")}</th>
                <th scope="col">{t("admin.users.email")}</th>
                <th scope="col">{t("admin.users.role")}</th>
                <th scope="col">{t("admin.users.status")}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <th scope="row">{u.name}</th>
                  <td>{u.positionTitle ?? t("admin.users.none")}</td>
                  <td>{u.email ?? t("admin.users.none")}</td>
                  <td>{u.isOrgAdmin ? t("admin.users.roleAdmin") : t("admin.users.roleMember")}</td>
                  <td>{u.isDisabled ? t("admin.users.disabled") : t("admin.users.active")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <div className="grid-2">
        <section className="card" aria-labelledby="invite-title">
          <h2 id="invite-title">{t("admin.invite.title")}</h2>
          <p>{t("admin.invite.intro")}</p>
          {created ? (
            <div className="alert alert--success" role="status">
              <p>
                <strong>{t("admin.invite.created", { email: created.email })}</strong>
              </p>
              <CopyLink link={created.link} label={t("admin.invite.linkLabel")} />
              <p>{t("admin.invite.linkHint", { date: formatDate(locale, created.expiresAt) })}</p>
              <p>
                {created.mailStatus === "sent"
                  ? t("admin.invite.mailSent")
                  : created.mailStatus === "failed"
                    ? t("admin.invite.mailFailed")
                    : t("admin.invite.mailNotConfigured")}
              </p>
            </div>
          ) : null}
          {/* A new key after each invitation empties the form for the next one. */}
          <Form method="post" noValidate key={created?.link ?? "invite"}>
            <CsrfField />
            <input type="hidden" name="intent" value="invite" />
            <FormErrorSummary data={inviteErrors} />
            <TextField
              name="email"
              type="email"
              autoComplete="off"
              label={t("admin.invite.email")}
              required
              data={inviteErrors}
            />
            <TextField name="name" autoComplete="off" label={t("admin.invite.name")} data={inviteErrors} />
            <TextField name="positionTitle" autoComplete="off" label={t("admin.invite.position")} data={inviteErrors} />
            <CheckboxField
              name="isOrgAdmin"
              label={t("admin.invite.isOrgAdmin")}
              hint={t("admin.invite.isOrgAdminHint")}
              data={inviteErrors}
            />
            <SubmitButton>{t("admin.invite.submit")}</SubmitButton>
          </Form>
        </section>

        <section className="card" aria-labelledby="pending-title">
          <h2 id="pending-title">{t("admin.pending.title")}</h2>
          <FormErrorSummary data={revokeErrors} />
          {success?.intent === "revoke" ? (
            <p className="alert alert--success" role="status">
              {t("admin.pending.revoked")}
            </p>
          ) : null}
          {pendingInvitations.length === 0 ? (
            <p className="empty-state">{t("admin.pending.none")}</p>
          ) : (
            <ul className="item-list" data-testid="pending-invitations">
              {pendingInvitations.map((inv) => (
                <li key={inv.id} className="item">
                  <p className="item__title">{inv.name ?? inv.email}</p>
                  <dl className="meta">
                    <dt>{t("admin.users.email")}</dt>
                    <dd>{inv.email}</dd>
                    {inv.positionTitle ? (
                      <>
                        <dt>{t("admin.users.position")}</dt>
                        <dd>{inv.positionTitle}</dd>
                      </>
                    ) : null}
                    <dt>{t("admin.users.role")}</dt>
                    <dd>{inv.isOrgAdmin ? t("admin.users.roleAdmin") : t("admin.users.roleMember")}</dd>
                    <dt>{t("admin.pending.validUntil")}</dt>
                    <dd>
                      <time dateTime={inv.expiresAt}>{formatDate(locale, inv.expiresAt)}</time>
                    </dd>
                  </dl>
                  <Form method="post" className="inline-form">
                    <CsrfField />
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="invitationId" value={inv.id} />
                    <button
                      type="submit"
                      className="button button--small"
                      aria-label={t("admin.pending.revokeFor", { email: inv.email ?? "" })}
                    >
                      {t("admin.pending.revoke")}
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}
