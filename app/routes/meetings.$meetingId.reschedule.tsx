import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { MeetingErrorBoundary, TimeAndPlaceFields } from "~/components/meeting/meeting-parts";
import { CsrfField, FormErrorSummary, SubmitButton } from "~/components/ui/form";
import { formatDateTime, useLocale, useT } from "~/i18n";
import { loadReschedule, rescheduleAction } from "~/lib/meetings.server";
import casesStyles from "~/styles/cases.css";
import meetingsStyles from "~/styles/meetings.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: casesStyles },
  { rel: "stylesheet", href: meetingsStyles },
];

export const meta: MetaFunction = () => [{ name: "robots", content: "noindex" }];

export async function loader(args: LoaderFunctionArgs) {
  return loadReschedule(args);
}

export async function action(args: ActionFunctionArgs) {
  return rescheduleAction(args);
}

export default function RescheduleMeetingPage() {
  const { heading, values } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/meetings/${heading.id}`}>{t("meeting.backToMeeting")}</Link>
      </p>
      <h1>{t("meeting.reschedule.title")}</h1>
      <p className="lead">
        {heading.caseNumber && heading.clientName
          ? `${t("meeting.caseOf", { number: heading.caseNumber, client: heading.clientName })} · `
          : ""}
        {t("meeting.reschedule.now", { when: formatDateTime(locale, heading.startsAt) })}
      </p>
      <p className="text-block">{heading.purpose}</p>
      <p className="alert alert--info">{t("meeting.reschedule.intro")}</p>
      <Form method="post" noValidate className="card case-form">
        <CsrfField />
        <FormErrorSummary data={actionData} />
        <TimeAndPlaceFields values={values} data={actionData} />
        <div className="form-buttons">
          <SubmitButton>{t("meeting.reschedule.submit")}</SubmitButton>
          <Link to={`/meetings/${heading.id}`}>{t("form.cancel")}</Link>
        </div>
      </Form>
    </>
  );
}

export const ErrorBoundary = MeetingErrorBoundary;
