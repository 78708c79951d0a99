import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CaseActionHeading, CaseErrorBoundary } from "~/components/cases/case-parts";
import { RadioGroupField, TextAreaField } from "~/components/ui/fields";
import { CsrfField, FormErrorSummary, SubmitButton } from "~/components/ui/form";
import { useT } from "~/i18n";
import { changeStageAction, loadChangeStage } from "~/lib/case-actions.server";
import casesStyles from "~/styles/cases.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: casesStyles }];

export async function loader(args: LoaderFunctionArgs) {
  return loadChangeStage(args);
}

export async function action(args: ActionFunctionArgs) {
  return changeStageAction(args);
}

export default function ChangeStagePage() {
  const { heading, nextStages } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <CaseActionHeading title={t("cases.stage.title")} heading={heading} />
      <section className="card">
        <p>{t("cases.stage.intro")}</p>
        {nextStages.length === 0 ? (
          <p className="empty-state">{t("cases.stage.none")}</p>
        ) : (
          <Form method="post" noValidate>
            <CsrfField />
            <FormErrorSummary data={actionData} />
            <RadioGroupField
              name="to"
              legend={t("cases.stage.legend")}
              options={nextStages.map((stage) => ({
                value: stage,
                label: t(`stage.${stage}`),
                hint: t(`cases.stageHint.${stage}`),
              }))}
              defaultValue={nextStages.length === 1 ? nextStages[0] : null}
              data={actionData}
            />
            <TextAreaField
              name="reason"
              label={t("cases.stage.reason")}
              hint={t("cases.stage.reasonHint")}
              rows={3}
              data={actionData}
            />
            <div className="form-buttons">
              <SubmitButton>{t("cases.stage.submit")}</SubmitButton>
              <Link to={`/cases/${heading.id}`}>{t("form.cancel")}</Link>
            </div>
          </Form>
        )}
        <p className="field__hint">{t("cases.stage.closeOrHandOver")}</p>
      </section>
    </>
  );
}

export const ErrorBoundary = CaseErrorBoundary;
