import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CaseActionHeading, CaseErrorBoundary } from "~/components/cases/case-parts";
import { TextAreaField } from "~/components/ui/fields";
import { CsrfField, FormErrorSummary, SubmitButton } from "~/components/ui/form";
import { formatDateTime, useLocale, useT } from "~/i18n";
import { closeCaseAction, loadCloseCase } from "~/lib/case-actions.server";
import casesStyles from "~/styles/cases.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: casesStyles }];

export async function loader(args: LoaderFunctionArgs) {
  return loadCloseCase(args);
}

export async function action(args: ActionFunctionArgs) {
  return closeCaseAction(args);
}

export default function CloseCasePage() {
  const { heading, openItems } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <CaseActionHeading title={t("cases.close.title")} heading={heading} />
      <p>{t("cases.close.intro")}</p>
      <Form method="post" noValidate className="card case-form">
        <CsrfField />
        <FormErrorSummary data={actionData} />
        <TextAreaField
          name="reason"
          label={t("cases.close.reason")}
          hint={t("cases.close.reasonHint")}
          required
          rows={3}
          data={actionData}
        />

        <fieldset className="form-section">
          <legend>{t("cases.close.summaryLegend")}</legend>
          <p className="field__hint">{t("cases.close.summaryIntro")}</p>
          <TextAreaField
            name="clientFeedback"
            label={t("cases.field.clientFeedback")}
            hint={t("cases.close.clientFeedbackHint")}
            rows={5}
            data={actionData}
          />
        </fieldset>

        <section className="form-section" aria-labelledby="open-items-title">
          <h2 id="open-items-title">{t("cases.close.openItems")}</h2>
          {openItems.length === 0 ? (
            <p>{t("cases.close.noOpenItems")}</p>
          ) : (
            <>
              <p>{t("cases.close.openItemsIntro", { count: openItems.length })}</p>
              <ul className="item-list" data-testid="open-items">
                {openItems.map((item) => (
                  <li key={item.id} className="item">
                    <p className="item__title">{item.title}</p>
                    <p>
                      <time dateTime={item.at}>{formatDateTime(locale, item.at)}</time> ·{" "}
                      {t(`cases.meetingStatus.${item.status}`)}
                    </p>
                  </li>
                ))}
              </ul>
              <TextAreaField
                name="openItemsReason"
                label={t("cases.field.openItemsReason")}
                hint={t("cases.close.openItemsReasonHint")}
                required
                rows={3}
                data={actionData}
              />
            </>
          )}
        </section>

        <p className="alert alert--info">{t("cases.close.confirm")}</p>
        <div className="form-buttons">
          <SubmitButton>{t("cases.close.submit")}</SubmitButton>
          <Link to={`/cases/${heading.id}`}>{t("form.cancel")}</Link>
        </div>
      </Form>
    </>
  );
}

export const ErrorBoundary = CaseErrorBoundary;
