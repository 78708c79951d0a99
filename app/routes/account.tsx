import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { CsrfField } from "~/components/ui/form";
import { useLocale, useT } from "~/i18n";
import { LOCALE_NAMES } from "~/i18n/locales";
import { loadAccount } from "~/lib/account.server";

export async function loader(args: LoaderFunctionArgs) {
  return loadAccount(args);
}

export default function AccountPage() {
  const account = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h1>{t("account.title")}</h1>
      <div className="grid-2">
        <section className="card" aria-labelledby="account-details">
          <h2 id="account-details">{t("account.detailsTitle")}</h2>
          <dl className="meta">
            <dt>{t("account.name")}</dt>
            <dd>{account.name}</dd>
            <dt>{t("account.position")}</dt>
            <dd>{account.positionTitle ?? t("account.notSet")}</dd>
            <dt>{t("account.organisation")}</dt>
            <dd>{account.organisationName ?? t("account.notSet")}</dd>
            <dt>{t("account.email")}</dt>
            <dd>{account.email ?? t("account.notSet")}</dd>
            <dt>{t("account.kind")}</dt>
            <dd>{t(`account.kind.${account.kind}`)}</dd>
            <dt>{t("account.language")}</dt>
            <dd>
              {LOCALE_NAMES[locale]}
              <br />
              <span className="field__hint">{t("account.languageHint")}</span>
            </dd>
          </dl>
          {account.isOrgAdmin ? <p>{t("account.orgAdmin")}</p> : null}
        </section>
        <section className="card" aria-labelledby="sign-out-everywhere">
          <h2 id="sign-out-everywhere">{t("account.signOutEverywhere.title")}</h2>
          <p>{t("account.signOutEverywhere.intro")}</p>
          <Form method="post" action="/logout">
            <CsrfField />
            <input type="hidden" name="everywhere" value="1" />
            <button type="submit" className="button">
              {t("account.signOutEverywhere.button")}
            </button>
          </Form>
        </section>
      </div>
    </>
  );
}
