// Pieces the meeting pages share: the time-and-place fieldset (new meeting, reschedule), a
// labelled checkbox with its error, the response badge, the copyable link and the error page.
import { RouteErrorPage } from "~/components/ui/route-error-page";
import { useId } from "react";
import type { AttendanceResponse } from "~/lib/db-types";
import { TextField, getErrors } from "~/components/ui/form";
import { formatDateTime, translateDynamic, useLocale, useT } from "~/i18n";
import { MAX_DURATION_MINUTES, MIN_DURATION_MINUTES } from "~/domain/meetings/meeting-schemas";

/** A checkbox with a visible label, an optional hint, its error, and the echoed value after an error. */
export function CheckboxField(props: {
  name: string;
  label: string;
  hint?: string;
  defaultChecked?: boolean;
  data?: unknown;
}) {
  const id = useId();
  const locale = useLocale();
  const errors = getErrors(props.data);
  const errorKey = errors?.fieldErrors[props.name];
  const isChecked = errors ? errors.values[props.name] === "on" : (props.defaultChecked ?? false);
  const describedBy = [props.hint ? `${id}-hint` : null, errorKey ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className={`field${errorKey ? " field--error" : ""}`}>
      {errorKey ? (
        <p id={`${id}-error`} className="field__error">
          {translateDynamic(locale, errorKey)}
        </p>
      ) : null}
      <div className="choice">
        <input
          id={id}
          type="checkbox"
          name={props.name}
          defaultChecked={isChecked}
          aria-invalid={errorKey ? true : undefined}
          aria-describedby={describedBy || undefined}
        />
        <label htmlFor={id}>{props.label}</label>
        {props.hint ? (
          <p id={`${id}-hint`} className="field__hint choice__hint">
            {props.hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}

export function ResponseBadge({ response }: { response: AttendanceResponse }) {
  const t = useT();
  return <span className={`badge badge--${response.toLowerCase()}`}>{t(`meeting.response.${response}`)}</span>;
}

/** Start, length and place: the same fields when planning and when rescheduling. */
export function TimeAndPlaceFields({
  values,
  data,
}: {
  values: {
    startsAt: string;
    durationMinutes: number | string;
    location: string | null;
    isOnline: boolean;
    onlineUrl: string | null;
  };
  data?: unknown;
}) {
  const t = useT();
  return (
    <fieldset className="form-section">
      <legend>{t("meeting.section.time")}</legend>
      <TextField
        name="startsAt"
        type="datetime-local"
        label={t("meeting.field.startsAt")}
        hint={t("meeting.field.startsAtHint")}
        defaultValue={values.startsAt}
        required
        data={data}
      />
      <TextField
        name="durationMinutes"
        type="number"
        label={t("meeting.field.duration")}
        hint={t("meeting.field.durationHint", { min: MIN_DURATION_MINUTES, max: MAX_DURATION_MINUTES })}
        defaultValue={String(values.durationMinutes)}
        required
        data={data}
      />
      <TextField
        name="location"
        label={t("meeting.field.location")}
        hint={t("meeting.field.locationHint")}
        defaultValue={values.location ?? ""}
        data={data}
      />
      <CheckboxField name="isOnline" label={t("meeting.field.isOnline")} defaultChecked={values.isOnline} data={data} />
      <TextField
        name="onlineUrl"
        label={t("meeting.field.onlineUrl")}
        hint={t("meeting.field.onlineUrlHint")}
        defaultValue={values.onlineUrl ?? ""}
        autoComplete="off"
        data={data}
      />
    </fieldset>
  );
}

/** The error page of a meeting route, with the way back home. */
/** When and where a meeting is, as entries of a <dl className="meta">: the meeting page and the room's lobby. */
export function MeetingWhenWhere({
  meeting,
}: {
  meeting: {
    startsAt: string;
    durationMinutes: number;
    location: string | null;
    isOnline: boolean;
    onlineUrl: string | null;
  };
}) {
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <dt>{t("meeting.field.when")}</dt>
      <dd>
        <time dateTime={meeting.startsAt}>{formatDateTime(locale, meeting.startsAt)}</time>
        {" · "}
        {t("meeting.field.durationValue", { minutes: meeting.durationMinutes })}
      </dd>
      <dt>{t("meeting.field.where")}</dt>
      <dd>
        {meeting.location ?? t("meeting.onlineOnly")}
        {meeting.isOnline && meeting.location ? ` (${t("meeting.alsoOnline")})` : null}
      </dd>
      {meeting.isOnline && meeting.onlineUrl ? (
        <>
          <dt>{t("meeting.field.onlineLink")}</dt>
          <dd>
            <a href={meeting.onlineUrl} rel="noreferrer noopener" target="_blank">
              {meeting.onlineUrl}
            </a>
          </dd>
        </>
      ) : null}
    </>
  );
}

export function MeetingErrorBoundary() {
  const t = useT();
  return <RouteErrorPage back={{ to: "/", label: t("error.backHome") }} />;
}

export { CopyLink } from "~/components/ui/copy-link";
