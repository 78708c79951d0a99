import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useId } from "react";
import { CsrfField, FormErrorSummary, SubmitButton, TextField, getErrors } from "~/components/ui/form";
import { formatDate, translateDynamic, useLocale, useT } from "~/i18n";
import { acceptInviteAction, loadInvitePage } from "~/lib/invite.server";

export const meta: MetaFunction = () => [{ name: "robots", content: "noindex" }];

export async function loader(args: LoaderFunctionArgs) {
  return loadInvitePage(args);
}

export async function action(args: ActionFunctionArgs) {
  return acceptInviteAction(args);
}

function SelectField(props: {
  name: string;
  label: string;
  placeholder: string;
  options: { value: string; label: string }[];
  data?: unknown;
}) {
  const id = useId();
  const locale = useLocale();
  const errors = getErrors(props.data);
  const error = errors?.fieldErrors[props.name];
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
        required
        defaultValue={errors?.values[props.name] ?? ""}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        <option value="" disabled>
          {props.placeholder}
        </option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export default function InvitePage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();

  if (data.status === "unavailable") {
    return (
      <section className="card card--narrow" aria-labelledby="invite-title">
        <h1 id="invite-title">{t("invite.unavailableTitle")}</h1>
        <p>{translateDynamic(locale, data.messageKey)}</p>
        <p>{t("invite.askNewLink")}</p>
        <p>
          <Link to="/login">{t("invite.goToSignIn")}</Link>
        </p>
      </section>
    );
  }

  const { invitation, organisationTypes, passwordMinLength, signedInAs } = data;
  const inviter = invitation.inviter
    ? [invitation.inviter.name, invitation.inviter.positionTitle, invitation.inviter.organisationName]
        .filter(Boolean)
        .join(", ")
    : "";
  const accountFields = (
    <>
      <TextField
        name="name"
        label={t("invite.name")}
        autoComplete="name"
        defaultValue={invitation.name ?? undefined}
        required
        data={actionData}
      />
      <TextField
        name="positionTitle"
        label={t("invite.positionTitle")}
        autoComplete="organization-title"
        hint={t("invite.positionHint")}
        defaultValue={invitation.positionTitle ?? undefined}
        data={actionData}
      />
      {invitation.kind === "STAFF" ? (
        <dl className="meta">
          <dt>{t("invite.emailFixed")}</dt>
          <dd>{invitation.email}</dd>
        </dl>
      ) : (
        <TextField
          name="email"
          type="email"
          label={t("invite.email")}
          autoComplete="email"
          hint={t("invite.emailHint")}
          required
          data={actionData}
        />
      )}
      <TextField
        name="password"
        type="password"
        label={t("invite.password")}
        autoComplete="new-password"
        hint={t("invite.passwordHint", { min: passwordMinLength })}
        required
        data={actionData}
      />
      <TextField
        name="passwordConfirm"
        type="password"
        label={t("invite.passwordConfirm")}
        autoComplete="new-password"
        required
        data={actionData}
      />
    </>
  );

  return (
    <section className="card card--narrow" aria-labelledby="invite-title">
      <h1 id="invite-title">{t(`invite.title.${invitation.kind}`)}</h1>
      {invitation.kind === "SETUP" ? <p>{t("invite.intro.SETUP")}</p> : null}
      {invitation.kind === "STAFF" ? (
        <>
          <p>{t("invite.intro.STAFF", { organisation: invitation.organisationName ?? "" })}</p>
          {invitation.isOrgAdmin ? <p>{t("invite.intro.STAFF.admin")}</p> : null}
        </>
      ) : null}
      {invitation.kind === "EXTERNAL" ? (
        <>
          <p>{t("invite.intro.EXTERNAL", { inviter })}</p>
          <p>{t("invite.intro.EXTERNAL.more")}</p>
        </>
      ) : null}
      <p className="field__hint">{t("invite.validUntil", { date: formatDate(locale, invitation.expiresAt) })}</p>
      {signedInAs ? <p className="alert alert--info">{t("invite.signedInNote", { name: signedInAs })}</p> : null}
      <Form method="post" noValidate>
        <CsrfField />
        <FormErrorSummary data={actionData} />
        {invitation.kind === "SETUP" ? (
          <>
            <fieldset>
              <legend>{t("invite.organisationLegend")}</legend>
              <TextField
                name="organisationName"
                label={t("invite.organisationName")}
                autoComplete="organization"
                required
                data={actionData}
              />
              <SelectField
                name="organisationType"
                label={t("invite.organisationType")}
                placeholder={t("invite.chooseType")}
                options={organisationTypes.map((type) => ({ value: type, label: t(`orgType.${type}`) }))}
                data={actionData}
              />
            </fieldset>
            <fieldset>
              <legend>{t("invite.accountLegend")}</legend>
              {accountFields}
            </fieldset>
          </>
        ) : (
          accountFields
        )}
        <SubmitButton>{t(`invite.submit.${invitation.kind}`)}</SubmitButton>
      </Form>
    </section>
  );
}
