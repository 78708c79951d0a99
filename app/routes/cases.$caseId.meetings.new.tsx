import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useId } from "react";
import { CaseErrorBoundary } from "~/components/cases/case-parts";
import { CheckboxField, TimeAndPlaceFields } from "~/components/meeting/meeting-parts";
import { RadioGroupField, SelectField, TextAreaField } from "~/components/ui/fields";
import { CsrfField, FormErrorSummary, SubmitButton, TextField, getErrors } from "~/components/ui/form";
import { PARTICIPANT_FIELDS, participantField } from "~/domain/meetings/meeting-schemas";
import { ROLES_FIELD } from "~/domain/meetings/participant-rules";
import { formatDate, translateDynamic, useLocale, useT } from "~/i18n";
import { loadNewMeeting, newMeetingAction } from "~/lib/meetings.server";
import casesStyles from "~/styles/cases.css";
import meetingsStyles from "~/styles/meetings.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: casesStyles },
  { rel: "stylesheet", href: meetingsStyles },
];

export const meta: MetaFunction = () => [{ name: "robots", content: "noindex" }];

export async function loader(args: LoaderFunctionArgs) {
  return loadNewMeeting(args);
}

export async function action(args: ActionFunctionArgs) {
  return newMeetingAction(args);
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;
type Member = PageData["team"][number];

export default function NewMeetingPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const { case: theCase, values, previousMeeting } = data;

  return (
    <>
      <p className="breadcrumb">
        <Link to={`/cases/${theCase.id}`}>{t("cases.backToCase", { number: theCase.caseNumber })}</Link>
      </p>
      <h1>{t("meeting.new.title")}</h1>
      <p className="lead">{t("meeting.caseOf", { number: theCase.caseNumber, client: theCase.clientName })}</p>
      <p>{t("meeting.new.intro")}</p>
      {previousMeeting ? (
        <p className="alert alert--info">
          {t("meeting.new.fromPrevious", { date: formatDate(locale, previousMeeting.startsAt) })}
        </p>
      ) : null}
      {data.openSteps.length > 0 ? (
        <section className="card" aria-labelledby="open-steps-title">
          <h2 id="open-steps-title">{t("meeting.new.openSteps")}</h2>
          <p className="field__hint">{t("meeting.new.openStepsHint")}</p>
          <ul className="plain-list" data-testid="open-steps">
            {data.openSteps.map((step) => (
              <li key={step.id}>
                {step.text}
                {step.responsibleName ? ` · ${step.responsibleName}` : ""}
                {step.deadline ? ` · ${t("meeting.new.deadline", { date: formatDate(locale, step.deadline) })}` : ""}
                {step.isOverdue ? (
                  <>
                    {" "}
                    <span className="badge badge--declined">{t("meeting.new.overdue")}</span>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <Form method="post" noValidate className="card case-form meeting-form">
        <CsrfField />
        {previousMeeting ? <input type="hidden" name="previousMeetingId" value={previousMeeting.id} /> : null}
        <FormErrorSummary data={actionData} />

        <fieldset className="form-section">
          <legend>{t("meeting.section.purpose")}</legend>
          <TextAreaField
            name="purpose"
            label={t("meeting.field.purpose")}
            hint={t("meeting.field.purposeHint")}
            defaultValue={values.purpose}
            required
            rows={3}
            data={actionData}
          />
        </fieldset>

        <TimeAndPlaceFields values={values} data={actionData} />

        <ParticipantsFieldset data={data} actionData={actionData} />

        <fieldset className="form-section">
          <legend>{t("meeting.section.client")}</legend>
          <p className="field__hint">{t("meeting.section.clientHint")}</p>
          <RadioGroupField
            name="clientParticipation"
            legend={t("meeting.field.clientParticipation")}
            defaultValue={values.clientParticipation}
            options={data.options.clientParticipationModes.map((mode) => ({
              value: mode,
              label: t(`meeting.clientParticipation.${mode}`),
              hint: t(`meeting.clientParticipation.${mode}.hint`),
            }))}
            data={actionData}
          />
          <TextAreaField
            name="clientExpectations"
            label={t("meeting.field.clientExpectations")}
            hint={t("meeting.field.clientExpectationsHint")}
            rows={3}
            data={actionData}
          />
          <TextAreaField
            name="clientWorries"
            label={t("meeting.field.clientWorries")}
            hint={t("meeting.field.clientWorriesHint")}
            rows={3}
            data={actionData}
          />
          <TextAreaField
            name="accessibilityNotes"
            label={t("meeting.field.accessibilityNotes")}
            hint={t("meeting.field.accessibilityNotesHint")}
            defaultValue={values.accessibilityNotes}
            rows={4}
            data={actionData}
          />
        </fieldset>

        <div className="form-buttons">
          <SubmitButton>{t("meeting.new.submit")}</SubmitButton>
          <Link to={`/cases/${theCase.id}`}>{t("form.cancel")}</Link>
        </div>
      </Form>
    </>
  );
}

function ParticipantsFieldset({ data, actionData }: { data: PageData; actionData: unknown }) {
  const t = useT();
  const locale = useLocale();
  const id = useId();
  const errors = getErrors(actionData);
  const rolesError = errors?.fieldErrors[ROLES_FIELD];
  return (
    <fieldset className="form-section" aria-describedby={`${id}-intro${rolesError ? ` ${id}-error` : ""}`}>
      <legend>{t("meeting.section.participants")}</legend>
      <p id={`${id}-intro`} className="field__hint">
        {t("meeting.participants.intro")}
      </p>
      {rolesError ? (
        <p id={`${id}-error`} className="field__error">
          {translateDynamic(locale, rolesError)}
        </p>
      ) : null}
      <ul className="plain-list participant-rows">
        {data.team.map((member) => (
          <li key={member.userId}>
            <ParticipantRow member={member} data={data} actionData={actionData} />
          </li>
        ))}
      </ul>
      <p className="field__hint">
        {t("meeting.participants.someoneElse")}{" "}
        <Link to={`/cases/${data.case.id}/team`}>{t("meeting.participants.teamLink")}</Link>
      </p>
    </fieldset>
  );
}

function ParticipantRow({ member, data, actionData }: { member: Member; data: PageData; actionData: unknown }) {
  const t = useT();
  const locale = useLocale();
  const id = useId();
  const errors = getErrors(actionData);
  const chosen = data.values.participants.find((p) => p.userId === member.userId);
  const rowError = errors?.fieldErrors[participantField(member.userId)];
  const who = [t(`caseRole.${member.caseRole}`), member.positionTitle, member.organisationName].filter(Boolean).join(", ");
  const field = (prefix: string) => `${prefix}.${member.userId}`;

  if (member.eligibility !== "ELIGIBLE") {
    return (
      <div className="participant-row participant-row--unavailable">
        <p className="participant-row__name">
          <strong>{member.name}</strong> <span className="muted">({who})</span>
        </p>
        <p className="field__hint">
          {member.eligibility === "NEEDS_CONSENT"
            ? t("meeting.participants.needsConsent")
            : t("meeting.participants.notEligible")}
        </p>
      </div>
    );
  }
  return (
    <fieldset
      className={`participant-row${rowError ? " field--error" : ""}`}
      aria-describedby={rowError ? `${id}-error` : undefined}
    >
      <legend>
        <strong>{member.name}</strong> <span className="muted">({who})</span>
      </legend>
      {rowError ? (
        <p id={`${id}-error`} className="field__error">
          {translateDynamic(locale, rowError)}
        </p>
      ) : null}
      <CheckboxField
        name={field(PARTICIPANT_FIELDS.selected)}
        label={t("meeting.participants.takesPart")}
        defaultChecked={Boolean(chosen)}
        data={actionData}
      />
      <div className="participant-row__details">
        <SelectField
          name={field(PARTICIPANT_FIELDS.role)}
          label={t("meeting.field.meetingRole")}
          defaultValue={chosen?.meetingRole ?? "PARTICIPANT"}
          options={data.options.roles.map((r) => ({ value: r, label: t(`meetingRole.${r}`) }))}
          data={actionData}
        />
        <TextField
          name={field(PARTICIPANT_FIELDS.contribution)}
          label={t("meeting.field.expectedContribution")}
          data={actionData}
        />
        <CheckboxField
          name={field(PARTICIPANT_FIELDS.remote)}
          label={t("meeting.field.isRemote")}
          defaultChecked={chosen?.isRemote ?? false}
          data={actionData}
        />
      </div>
    </fieldset>
  );
}

export const ErrorBoundary = CaseErrorBoundary;
