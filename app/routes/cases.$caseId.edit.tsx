import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ClientFields } from "~/components/cases/client-fields";
import { CaseActionHeading, CaseErrorBoundary } from "~/components/cases/case-parts";
import { TextAreaField } from "~/components/ui/fields";
import { CsrfField, FormErrorSummary, SubmitButton } from "~/components/ui/form";
import { useT } from "~/i18n";
import { editCaseAction, loadEditCase } from "~/lib/case-actions.server";
import casesStyles from "~/styles/cases.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: casesStyles }];

export async function loader(args: LoaderFunctionArgs) {
  return loadEditCase(args);
}

export async function action(args: ActionFunctionArgs) {
  return editCaseAction(args);
}

export default function EditCasePage() {
  const { heading, version, values, communicationNeeds, languages } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <CaseActionHeading title={t("cases.edit.title")} heading={heading} />
      <p>{t("cases.edit.intro")}</p>
      <Form method="post" noValidate className="card case-form">
        <CsrfField />
        {/* The version this form started from: a save over someone else's newer one is refused. */}
        <input type="hidden" name="version" value={version} />
        <FormErrorSummary data={actionData} />
        <fieldset className="form-section">
          <legend>{t("cases.page.situation")}</legend>
          <TextAreaField
            name="summary"
            label={t("cases.field.summary")}
            rows={5}
            defaultValue={values.summary}
            data={actionData}
          />
          <TextAreaField
            name="riskFactors"
            label={t("cases.field.riskFactors")}
            hint={t("cases.edit.riskFactorsHint")}
            defaultValue={values.riskFactors}
            data={actionData}
          />
          <TextAreaField
            name="protectiveFactors"
            label={t("cases.field.protectiveFactors")}
            hint={t("cases.edit.protectiveFactorsHint")}
            defaultValue={values.protectiveFactors}
            data={actionData}
          />
          <TextAreaField
            name="clientView"
            label={t("cases.field.clientView")}
            hint={t("cases.edit.clientViewHint")}
            defaultValue={values.clientView}
            data={actionData}
          />
        </fieldset>
        <ClientFields
          values={{ ...values, dateOfBirth: values.dateOfBirth ? values.dateOfBirth.slice(0, 10) : null }}
          languages={languages}
          communicationNeeds={communicationNeeds}
          data={actionData}
        />
        <div className="form-buttons">
          <SubmitButton>{t("form.save")}</SubmitButton>
          <Link to={`/cases/${heading.id}`}>{t("form.cancel")}</Link>
        </div>
      </Form>
    </>
  );
}

export const ErrorBoundary = CaseErrorBoundary;
