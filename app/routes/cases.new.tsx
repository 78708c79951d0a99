import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ClientFields } from "~/components/cases/client-fields";
import { CaseErrorBoundary } from "~/components/cases/case-parts";
import { TextAreaField } from "~/components/ui/fields";
import { CsrfField, FormErrorSummary, SubmitButton, TextField } from "~/components/ui/form";
import { useT } from "~/i18n";
import { loadNewCase, newCaseAction } from "~/lib/cases.server";
import casesStyles from "~/styles/cases.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: casesStyles }];

export async function loader(args: LoaderFunctionArgs) {
  return loadNewCase(args);
}

export async function action(args: ActionFunctionArgs) {
  return newCaseAction(args);
}

export default function NewCasePage() {
  const { suggestedCaseNumber, communicationNeeds, languages } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <p className="breadcrumb">
        <Link to="/cases">{t("cases.backToList")}</Link>
      </p>
      <h1>{t("cases.new.title")}</h1>
      <p className="lead">{t("cases.new.intro")}</p>
      <Form method="post" noValidate className="card case-form">
        <CsrfField />
        <FormErrorSummary data={actionData} />
        <ClientFields languages={languages} communicationNeeds={communicationNeeds} data={actionData} />
        <fieldset className="form-section">
          <legend>{t("cases.new.caseSection")}</legend>
          <TextField
            name="caseNumber"
            label={t("cases.field.caseNumber")}
            hint={t("cases.new.caseNumberHint")}
            autoComplete="off"
            required
            defaultValue={suggestedCaseNumber}
            data={actionData}
          />
          <TextAreaField
            name="summary"
            label={t("cases.field.summary")}
            hint={t("cases.new.summaryHint")}
            rows={5}
            data={actionData}
          />
        </fieldset>
        <p>{t("cases.new.afterwards")}</p>
        <div className="form-buttons">
          <SubmitButton>{t("cases.new.submit")}</SubmitButton>
          <Link to="/cases">{t("form.cancel")}</Link>
        </div>
      </Form>
    </>
  );
}

export const ErrorBoundary = CaseErrorBoundary;
