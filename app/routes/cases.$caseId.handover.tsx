import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CaseActionHeading, CaseErrorBoundary } from "~/components/cases/case-parts";
import { SelectField, TextAreaField } from "~/components/ui/fields";
import { CsrfField, FormErrorSummary, SubmitButton, TextField } from "~/components/ui/form";
import { useT } from "~/i18n";
import { handOverAction, loadHandOver } from "~/lib/case-actions.server";
import casesStyles from "~/styles/cases.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: casesStyles }];

export async function loader(args: LoaderFunctionArgs) {
  return loadHandOver(args);
}

export async function action(args: ActionFunctionArgs) {
  return handOverAction(args);
}

export default function HandOverPage() {
  const { heading, organisationName, isCaseManager, candidates } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const option = (c: (typeof candidates)[number]) => ({
    value: c.id,
    label: [c.name, c.positionTitle, c.organisationName].filter(Boolean).join(", "),
  });
  return (
    <>
      <CaseActionHeading title={t("cases.handover.title")} heading={heading} />
      <p>{t("cases.handover.intro")}</p>
      <Form method="post" noValidate className="card case-form">
        <CsrfField />
        <FormErrorSummary data={actionData} />
        <fieldset className="form-section">
          <legend>{t("cases.handover.inSystemLegend")}</legend>
          <p className="field__hint">
            {isCaseManager ? t("cases.handover.inSystemExplainManager") : t("cases.handover.inSystemExplain")}
          </p>
          <SelectField
            name="toCaseManagerId"
            label={t("cases.handover.receiver")}
            placeholder={t("cases.handover.receiverPlaceholder")}
            options={[]}
            groups={[
              { label: organisationName, options: candidates.filter((c) => c.isSameOrganisation).map(option) },
              {
                label: t("cases.handover.teamOtherOrganisations"),
                options: candidates.filter((c) => !c.isSameOrganisation).map(option),
              },
            ]}
            data={actionData}
          />
          <TextField
            name="newCaseNumber"
            label={t("cases.handover.newCaseNumber")}
            hint={t("cases.handover.newCaseNumberHint", { number: heading.caseNumber })}
            autoComplete="off"
            data={actionData}
          />
        </fieldset>
        <fieldset className="form-section">
          <legend>{t("cases.handover.outsideLegend")}</legend>
          <p className="field__hint">{t("cases.handover.outsideExplain")}</p>
          <TextField
            name="toOrganisationName"
            label={t("cases.handover.outsideOrganisation")}
            autoComplete="off"
            data={actionData}
          />
        </fieldset>
        <TextAreaField
          name="reason"
          label={t("cases.field.reason")}
          hint={t("cases.handover.reasonHint")}
          required
          rows={4}
          data={actionData}
        />
        <p className="alert alert--info">{t("cases.handover.confirm")}</p>
        <div className="form-buttons">
          <SubmitButton>{t("cases.handover.submit")}</SubmitButton>
          <Link to={`/cases/${heading.id}`}>{t("form.cancel")}</Link>
        </div>
      </Form>
    </>
  );
}

export const ErrorBoundary = CaseErrorBoundary;
