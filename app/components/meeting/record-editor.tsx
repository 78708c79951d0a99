// The case manager's form for the meeting record while it is a draft or out for comments: every
// section of 004 §2.3 as fieldsets, rows that can be added and removed (goals, planned steps,
// dissenting opinions, participants who were not invited), the minutes per agenda item taken
// over from the meeting room (read-only), and the three ways to submit: save the draft, send it
// for comments, or approve it (with a confirmation that it can never be changed afterwards).
// Field names are the content's paths (app/domain/records/record-form.ts), so an error on
// "plannedSteps.0.deadline" shows on that field. Without JavaScript, each list still offers one
// empty row to fill in.
import { Form } from "@remix-run/react";
import { useEffect, useId, useState } from "react";
import { CheckboxField } from "~/components/meeting/meeting-parts";
import { SelectField, TextAreaField, type Option } from "~/components/ui/fields";
import { CsrfField, TextField, getErrors } from "~/components/ui/form";
import {
  ATTENDANCE_KINDS,
  CLIENT_PARTICIPATION_MODES,
  CLOSING_QUESTIONS,
  GOAL_REACHED,
  RECORD_MEETING_ROLES,
} from "~/domain/records/record-schemas";
import { SOMEONE_ELSE, formRows, type RecordFormList } from "~/domain/records/record-form";
import { translateDynamic, useLocale, useT } from "~/i18n";

type Values = Record<string, string>;
type Row = { key: string; values: Values };
export type RecordEditorProps = {
  /** The fields as stored, or as they came back with an error. */
  values: Values;
  /** The refused submission (field errors), if any. */
  errors?: unknown;
  version: number;
  status: "DRAFT" | "IN_COMMENT";
  participants: { userId: string; name: string; positionTitle: string | null }[];
  commentDays: { min: string; max: string; suggested: string };
  /** The minutes per agenda item taken over from the meeting room: shown, not edited. */
  itemMinutes?: readonly { agendaItemId: string; title: string; text: string }[];
};

function useIsHydrated() {
  const [isHydrated, setIsHydrated] = useState(false);
  useEffect(() => setIsHydrated(true), []);
  return isHydrated;
}

let rowCounter = 0;
const newRowKey = () => `row-${++rowCounter}`;

/** The rows of a list, with an empty one at the end to fill in (except for participants). */
function useRows(values: Values, list: RecordFormList, withEmptyRow: boolean) {
  const [rows, setRows] = useState<Row[]>(() => [
    ...formRows(values, list).map((v) => ({ key: newRowKey(), values: v })),
    ...(withEmptyRow ? [{ key: newRowKey(), values: {} }] : []),
  ]);
  return {
    rows,
    add: () => setRows((r) => [...r, { key: newRowKey(), values: {} }]),
    remove: (key: string) => setRows((r) => r.filter((row) => row.key !== key)),
  };
}

export function RecordEditor(props: RecordEditorProps) {
  const t = useT();
  const { values, errors } = props;
  const isHydrated = useIsHydrated();
  const participantOptions: Option[] = props.participants.map((p) => ({
    value: p.userId,
    label: [p.name, p.positionTitle].filter(Boolean).join(", "),
  }));
  const v = (name: string) => values[name] ?? "";
  const participants = useRows(values, "participants", false);
  const goals = useRows(values, "goals", true);
  const steps = useRows(values, "plannedSteps", true);
  const dissent = useRows(values, "dissentingOpinions", true);

  const removeButton = (label: string, onClick: () => void) =>
    isHydrated ? (
      <button type="button" className="button button--small button--plain" onClick={onClick}>
        {label}
      </button>
    ) : null;
  const addButton = (label: string, onClick: () => void) =>
    isHydrated ? (
      <p>
        <button type="button" className="button button--small button--outline" onClick={onClick}>
          {label}
        </button>
      </p>
    ) : null;

  return (
    <Form method="post" noValidate className="case-form record-form" aria-labelledby="record-form-title">
      <h2 id="record-form-title">{t("records.form.title")}</h2>
      <CsrfField />
      <input type="hidden" name="version" value={props.version} />

      <fieldset className="form-section">
        <legend>{t("records.section.basics")}</legend>
        <SelectField
          name="moderatorUserId"
          label={t("records.field.moderator")}
          placeholder={t("records.field.moderatorNone")}
          options={participantOptions}
          defaultValue={v("moderatorUserId")}
          data={errors}
        />
        <div className="grid-2">
          <TextField
            name="time.startsAt"
            type="datetime-local"
            label={t("records.field.startsAt")}
            defaultValue={v("time.startsAt")}
            data={errors}
          />
          <TextField
            name="time.durationMinutes"
            type="number"
            label={t("records.field.duration")}
            defaultValue={v("time.durationMinutes")}
            data={errors}
          />
        </div>
        <TextField
          name="place.location"
          label={t("records.field.place")}
          defaultValue={v("place.location")}
          data={errors}
        />
        <CheckboxField
          name="place.isOnline"
          label={t("records.field.isOnline")}
          defaultChecked={v("place.isOnline") === "on"}
          data={errors}
        />
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("records.section.participants")}</legend>
        <p className="field__hint">{t("records.participants.hint")}</p>
        {participants.rows.map((row, i) => {
          const isKnown = Boolean(row.values.userId);
          const name = (field: string) => `participants.${i}.${field}`;
          return (
            <fieldset key={row.key} className="participant-row">
              <legend>{isKnown ? row.values.name : t("records.participant.legend", { n: i + 1 })}</legend>
              <input type="hidden" name={name("userId")} defaultValue={row.values.userId ?? ""} />
              {isKnown ? (
                <>
                  <input type="hidden" name={name("name")} defaultValue={row.values.name ?? ""} />
                  {row.values.position ? <p className="participant-row__name">{row.values.position}</p> : null}
                </>
              ) : (
                <>
                  <TextField
                    name={name("name")}
                    label={t("records.participant.name")}
                    defaultValue={row.values.name}
                    data={errors}
                  />
                  <TextField
                    name={name("position")}
                    label={t("records.participant.position")}
                    defaultValue={row.values.position}
                    data={errors}
                  />
                </>
              )}
              <div className="grid-2">
                <SelectField
                  name={name("meetingRole")}
                  label={t("records.participant.meetingRole")}
                  options={RECORD_MEETING_ROLES.map((r) => ({ value: r, label: t(`meetingRole.${r}`) }))}
                  defaultValue={row.values.meetingRole ?? "PARTICIPANT"}
                  data={errors}
                />
                <SelectField
                  name={name("attendance")}
                  label={t("records.participant.attendance")}
                  options={ATTENDANCE_KINDS.map((a) => ({ value: a, label: t(`records.attendance.${a}`) }))}
                  defaultValue={row.values.attendance ?? "IN_PERSON"}
                  data={errors}
                />
              </div>
              {isKnown
                ? null
                : removeButton(t("records.participant.remove", { n: i + 1 }), () => participants.remove(row.key))}
            </fieldset>
          );
        })}
        {addButton(t("records.participant.add"), participants.add)}
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("records.section.goals")}</legend>
        <p className="field__hint">{t("records.goals.hint")}</p>
        {goals.rows.map((row, i) => {
          const name = (field: string) => `goals.${i}.${field}`;
          return (
            <fieldset key={row.key} className="participant-row">
              <legend>{t("records.goal.legend", { n: i + 1 })}</legend>
              <input type="hidden" name={name("id")} defaultValue={row.values.id ?? ""} />
              <TextAreaField
                name={name("text")}
                label={t("records.goal.text")}
                rows={2}
                defaultValue={row.values.text}
                data={errors}
              />
              <CheckboxField
                name={name("agreedByClient")}
                label={t("records.goal.agreedByClient")}
                defaultChecked={row.values.agreedByClient === "on"}
                data={errors}
              />
              <SelectField
                name={name("reached")}
                label={t("records.goal.reached")}
                options={GOAL_REACHED.map((r) => ({ value: r, label: t(`records.reached.${r}`) }))}
                defaultValue={row.values.reached ?? "notAssessed"}
                data={errors}
              />
              {removeButton(t("records.goal.remove", { n: i + 1 }), () => goals.remove(row.key))}
            </fieldset>
          );
        })}
        {addButton(t("records.goal.add"), goals.add)}
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("records.section.client")}</legend>
        <SelectField
          name="clientParticipationMode"
          label={t("records.field.clientParticipationMode")}
          placeholder={t("records.clientMode.none")}
          options={CLIENT_PARTICIPATION_MODES.map((m) => ({ value: m, label: t(`records.clientMode.${m}`) }))}
          defaultValue={v("clientParticipationMode")}
          data={errors}
        />
        <TextAreaField
          name="clientParticipation"
          label={t("records.field.clientParticipation")}
          rows={3}
          defaultValue={v("clientParticipation")}
          data={errors}
        />
        <TextAreaField
          name="clientResources"
          label={t("records.field.clientResources")}
          rows={3}
          defaultValue={v("clientResources")}
          data={errors}
        />
        <TextAreaField
          name="problemsAgreed"
          label={t("records.field.problemsAgreed")}
          rows={3}
          defaultValue={v("problemsAgreed")}
          data={errors}
        />
        <TextAreaField
          name="servicesReceived"
          label={t("records.field.servicesReceived")}
          rows={3}
          defaultValue={v("servicesReceived")}
          data={errors}
        />
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("records.section.plannedSteps")}</legend>
        <p className="field__hint">{t("records.steps.hint")}</p>
        {steps.rows.map((row, i) => {
          const name = (field: string) => `plannedSteps.${i}.${field}`;
          return (
            <fieldset key={row.key} className="participant-row" data-testid="planned-step">
              <legend>{t("records.step.legend", { n: i + 1 })}</legend>
              <input type="hidden" name={name("id")} defaultValue={row.values.id ?? ""} />
              <TextAreaField
                name={name("text")}
                label={t("records.step.text")}
                rows={2}
                defaultValue={row.values.text}
                data={errors}
              />
              <PersonChooser
                selectName={name("responsible")}
                nameName={name("responsibleName")}
                positionName={name("responsiblePosition")}
                label={t("records.step.responsible")}
                chooseLabel={t("records.step.responsibleChoose")}
                nameLabel={t("records.step.responsibleName")}
                positionLabel={t("records.step.responsiblePosition")}
                options={participantOptions}
                values={row.values}
                valueKeys={["responsible", "responsibleName", "responsiblePosition"]}
                errors={errors}
              />
              <TextField
                name={name("deadline")}
                type="date"
                label={t("records.step.deadline")}
                defaultValue={row.values.deadline}
                data={errors}
              />
              <TextAreaField
                name={name("nextStep")}
                label={t("records.step.nextStep")}
                rows={2}
                defaultValue={row.values.nextStep}
                data={errors}
              />
              {removeButton(t("records.step.remove", { n: i + 1 }), () => steps.remove(row.key))}
            </fieldset>
          );
        })}
        {addButton(t("records.step.add"), steps.add)}
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("records.section.dissent")}</legend>
        <p className="field__hint">{t("records.dissent.hint")}</p>
        {dissent.rows.map((row, i) => {
          const name = (field: string) => `dissentingOpinions.${i}.${field}`;
          return (
            <fieldset key={row.key} className="participant-row">
              <legend>{t("records.dissent.legend", { n: i + 1 })}</legend>
              <input type="hidden" name={name("id")} defaultValue={row.values.id ?? ""} />
              <PersonChooser
                selectName={name("author")}
                nameName={name("authorName")}
                label={t("records.dissent.author")}
                chooseLabel={t("records.dissent.authorChoose")}
                nameLabel={t("records.dissent.authorName")}
                options={participantOptions}
                values={row.values}
                valueKeys={["author", "authorName"]}
                errors={errors}
              />
              <TextField
                name={name("about")}
                label={t("records.dissent.about")}
                defaultValue={row.values.about}
                data={errors}
              />
              <TextAreaField
                name={name("text")}
                label={t("records.dissent.text")}
                rows={3}
                defaultValue={row.values.text}
                data={errors}
              />
              <TextField
                name={name("recordedBy")}
                label={t("records.dissent.recordedBy")}
                defaultValue={row.values.recordedBy}
                data={errors}
              />
              {removeButton(t("records.dissent.remove", { n: i + 1 }), () => dissent.remove(row.key))}
            </fieldset>
          );
        })}
        {addButton(t("records.dissent.add"), dissent.add)}
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("records.section.nextMeeting")}</legend>
        <TextField
          name="nextMeeting.startsAt"
          type="datetime-local"
          label={t("records.field.nextStartsAt")}
          defaultValue={v("nextMeeting.startsAt")}
          data={errors}
        />
        <TextAreaField
          name="nextMeeting.topics"
          label={t("records.field.nextTopics")}
          rows={3}
          defaultValue={v("nextMeeting.topics")}
          data={errors}
        />
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("records.section.topics")}</legend>
        <TextAreaField
          name="topicsRaised"
          label={t("records.section.topics")}
          rows={4}
          defaultValue={v("topicsRaised")}
          data={errors}
        />
      </fieldset>

      {props.itemMinutes && props.itemMinutes.length > 0 ? (
        <fieldset className="form-section" data-testid="record-item-minutes">
          <legend>{t("records.section.itemMinutes")}</legend>
          <p className="field__hint">{t("records.itemMinutes.fromRoom")}</p>
          {props.itemMinutes.map((m) => (
            <div key={m.agendaItemId}>
              <h3>{m.title}</h3>
              <p className="text-block">{m.text}</p>
            </div>
          ))}
        </fieldset>
      ) : null}

      <fieldset className="form-section">
        <legend>{t("records.section.closing")}</legend>
        {CLOSING_QUESTIONS.map((q) => (
          <TextAreaField
            key={q}
            name={`closingSummary.${q}`}
            label={t(`records.closing.${q}`)}
            rows={3}
            defaultValue={v(`closingSummary.${q}`)}
            data={errors}
          />
        ))}
      </fieldset>

      <div className="form-buttons">
        <button type="submit" name="intent" value="save" className="button">
          {t("records.save")}
        </button>
      </div>

      {props.status === "DRAFT" ? (
        <fieldset className="form-section consent-fieldset record-submit">
          <legend>{t("records.openForComment.title")}</legend>
          <p>{t("records.openForComment.explain")}</p>
          <TextField
            name="commentUntil"
            type="date"
            label={t("records.field.commentUntil")}
            defaultValue={props.commentDays.suggested}
            data={errors}
          />
          <button type="submit" name="intent" value="openForComment" className="button button--outline">
            {t("records.openForComment.submit")}
          </button>
        </fieldset>
      ) : null}

      <fieldset className="form-section consent-fieldset record-submit">
        <legend>{t("records.approve.title")}</legend>
        <p className="alert alert--info">{t("records.approve.explain")}</p>
        <CheckboxField name="confirmApproval" label={t("records.approve.confirm")} data={errors} />
        <button type="submit" name="intent" value="approve" className="button">
          {t("records.approve.submit")}
        </button>
      </fieldset>
    </Form>
  );
}

/**
 * Who is responsible for a step, or whose dissent it is: a participant from the list, or someone
 * else by name. The name fields appear when "someone else" is chosen (always, without JavaScript).
 */
function PersonChooser(props: {
  selectName: string;
  nameName: string;
  positionName?: string;
  label: string;
  chooseLabel: string;
  nameLabel: string;
  positionLabel?: string;
  options: Option[];
  values: Values;
  /** The row's keys for the select, the name and the position. */
  valueKeys: [string, string, string?];
  errors?: unknown;
}) {
  const t = useT();
  const id = useId();
  const locale = useLocale();
  const isHydrated = useIsHydrated();
  const [selectKey, nameKey, positionKey] = props.valueKeys;
  const initial = props.values[selectKey] ?? "";
  const [choice, setChoice] = useState(initial);
  const errorKey = getErrors(props.errors)?.fieldErrors[props.selectName];
  const error = errorKey ? translateDynamic(locale, errorKey) : null;
  const isSomeoneElse = choice === SOMEONE_ELSE;
  return (
    <>
      <div className={`field${error ? " field--error" : ""}`}>
        <label htmlFor={id}>{props.label}</label>
        {error ? (
          <p id={`${id}-error`} className="field__error">
            {error}
          </p>
        ) : null}
        <select
          id={id}
          name={props.selectName}
          defaultValue={initial}
          onChange={(e) => setChoice(e.currentTarget.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        >
          <option value="">{props.chooseLabel}</option>
          {props.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
          <option value={SOMEONE_ELSE}>{t("records.step.someoneElse")}</option>
        </select>
      </div>
      {!isHydrated || isSomeoneElse ? (
        <div className="grid-2">
          <TextField
            name={props.nameName}
            label={props.nameLabel}
            defaultValue={props.values[nameKey] ?? ""}
            data={props.errors}
          />
          {props.positionName && props.positionLabel && positionKey ? (
            <TextField
              name={props.positionName}
              label={props.positionLabel}
              defaultValue={props.values[positionKey] ?? ""}
              data={props.errors}
            />
          ) : null}
        </div>
      ) : null}
    </>
  );
}
