import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { MeetingErrorBoundary } from "~/components/meeting/meeting-parts";
import { TextAreaField } from "~/components/ui/fields";
import { CsrfField, FormErrorSummary } from "~/components/ui/form";
import { formatDateTime, useLocale, useT } from "~/i18n";
import { cancelAction, loadCancel } from "~/lib/meetings.server";
import casesStyles from "~/styles/cases.css";
import meetingsStyles from "~/styles/meetings.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: casesStyles },
  { rel: "stylesheet", href: meetingsStyles },
];

export const meta: MetaFunction = () => [{ name: "robots", content: "noindex" }];

export async function loader(args: LoaderFunctionArgs) {
  return loadCancel(args);
}

export async function action(args: ActionFunctionArgs) {
  return cancelAction(args);
}

export default function CancelMeetingPage() {
  const { heading } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/meetings/${heading.id}`}>{t("meeting.backToMeeting")}</Link>
      </p>
      <h1>{t("meeting.cancel.title")}</h1>
      <p className="lead">
        {heading.caseNumber && heading.clientName
          ? `${t("meeting.caseOf", { number: heading.caseNumber, client: heading.clientName })} · `
          : ""}
        {formatDateTime(locale, heading.startsAt)}
      </p>
      <p className="text-block">{heading.purpose}</p>
      <p>{t("meeting.cancel.intro")}</p>
      <Form method="post" noValidate className="card case-form">
        <CsrfField />
        <FormErrorSummary data={actionData} />
        <TextAreaField
          name="reason"
          label={t("meeting.cancel.reason")}
          hint={t("meeting.cancel.reasonHint")}
          required
          rows={3}
          data={actionData}
        />
        <div className="form-buttons">
          <button type="submit" className="button button--danger">
            {t("meeting.cancel.submit")}
          </button>
          <Link to={`/meetings/${heading.id}`}>{t("meeting.cancel.keep")}</Link>
        </div>
      </Form>
    </>
  );
}

export const ErrorBoundary = MeetingErrorBoundary;
