// The plan draft, co-edited live (decision record 011): the short problem description and the
// client's goals, the activities in the four sections of 004 §3.4.1, and the interim
// evaluations. Every activity is checkable (004 §3.4): a named responsible person from the case
// team (shown by position and organisation), a schedule (start, deadline or recurrence),
// resources and a measurable description; a help measure names its provider. What still keeps
// the plan from being sent is said next to the field (once someone has tried to send it).
import { Link } from "@remix-run/react";
import { createContext, useContext, useId, useState } from "react";
import type * as Y from "yjs";
import { YTextDisplay } from "~/components/room/decisions";
import { YTextField } from "~/components/room/y-text-field";
import {
  addActivity,
  addEvaluation,
  planText,
  removeActivity,
  removeEvaluation,
  updateActivity,
  updateEvaluation,
} from "~/domain/plans/plan-doc";
import {
  PLAN_SECTIONS,
  PLAN_SHORT_TEXT_MAX,
  PLAN_TEXT_MAX,
  proposeFirstEvaluationDate,
  type PlanSection,
} from "~/domain/plans/plan-schemas";
import type { PersonRef } from "~/domain/records/record-schemas";
import { translateDynamic, useLocale, useT } from "~/i18n";
import type { ActivityView, EvaluationView, PlacedProblem } from "./plan-y";
import { dayLabel, personLabel, type PlanPerson } from "./plan-people";

export type PlanEditorContextValue = {
  doc: Y.Doc;
  isReadOnly: boolean;
  team: PlanPerson[];
  /** Today in Tallinn (YYYY-MM-DD): the first evaluation is proposed three months from it. */
  today: string;
  /** The problems shown next to their fields. */
  problems: PlacedProblem[];
};

const PlanEditorContext = createContext<PlanEditorContextValue | null>(null);

function usePlanEditor(): PlanEditorContextValue {
  const value = useContext(PlanEditorContext);
  if (!value) throw new Error("usePlanEditor outside PlanEditor");
  return value;
}

/** The id of a field's control: the summary of problems links to it. */
export function fieldDomId(list: PlacedProblem["list"], rowId: string | null, field: string): string {
  return list ? `plan-${list}-${rowId ?? "none"}-${field}` : `plan-${field}`;
}

function useProblemText(list: PlacedProblem["list"], rowId: string | null, field: string): string | null {
  const { problems } = usePlanEditor();
  const locale = useLocale();
  const found = problems.filter((p) => p.list === list && p.rowId === rowId && p.field === field);
  if (found.length === 0) return null;
  return found.map((p) => translateDynamic(locale, p.messageKey)).join(" ");
}

export function PlanEditor(
  props: PlanEditorContextValue & { activities: ActivityView[]; evaluations: EvaluationView[] },
) {
  const { activities, evaluations, ...context } = props;
  return (
    <PlanEditorContext.Provider value={context}>
      <div className="plan-editor" data-testid="plan-editor">
        <PlanTexts />
        {PLAN_SECTIONS.map((section) => (
          <SectionActivities
            key={section}
            section={section}
            activities={activities.filter((a) => a.section === section)}
          />
        ))}
        <Evaluations evaluations={evaluations} />
      </div>
    </PlanEditorContext.Provider>
  );
}

function PlanTexts() {
  const t = useT();
  const { doc, isReadOnly } = usePlanEditor();
  const problemError = useProblemText(null, null, "problem");
  const goalsError = useProblemText(null, null, "goals");
  return (
    <section className="card" aria-labelledby="plan-texts-title">
      <h2 id="plan-texts-title">{t("plans.editor.basics")}</h2>
      {isReadOnly ? (
        <>
          <h3>{t("plans.field.problem")}</h3>
          <YTextDisplay text={planText(doc, "problem")} emptyText={t("plans.empty")} />
          <h3>{t("plans.field.goals")}</h3>
          <YTextDisplay text={planText(doc, "goals")} emptyText={t("plans.empty")} />
        </>
      ) : (
        <>
          <YTextField
            id={fieldDomId(null, null, "problem")}
            text={planText(doc, "problem")}
            label={t("plans.field.problem")}
            hint={t("plans.field.problemHint")}
            readOnly={false}
            rows={4}
            maxLength={PLAN_TEXT_MAX}
            error={problemError}
          />
          <YTextField
            id={fieldDomId(null, null, "goals")}
            text={planText(doc, "goals")}
            label={t("plans.field.goals")}
            hint={t("plans.field.goalsHint")}
            readOnly={false}
            rows={3}
            maxLength={PLAN_TEXT_MAX}
            error={goalsError}
          />
        </>
      )}
    </section>
  );
}

function SectionActivities({ section, activities }: { section: PlanSection; activities: ActivityView[] }) {
  const t = useT();
  const { doc, isReadOnly } = usePlanEditor();
  const headingId = `plan-section-${section}`;
  const [justAdded, setJustAdded] = useState<string | null>(null);
  const listError = useProblemText(null, null, "activities");
  const sectionName = t(`plans.section.${section}`);
  return (
    <section className="card plan-section" aria-labelledby={headingId} data-testid={`plan-section-${section}`}>
      <h2 id={headingId} tabIndex={-1}>
        {sectionName}
      </h2>
      <p className="field__hint">{t(`plans.sectionHint.${section}`)}</p>
      {section === "CLIENT" && listError ? (
        <p className="field__error" id={fieldDomId(null, null, "activities")} tabIndex={-1}>
          {listError}
        </p>
      ) : null}
      {activities.length === 0 ? (
        <p className="empty-state">{t("plans.editor.noActivities")}</p>
      ) : (
        <ol className="plan-activity-list">
          {activities.map((activity, index) => (
            <ActivityCard
              key={activity.id}
              activity={activity}
              name={t("plans.activity.title", { section: sectionName, n: index + 1 })}
              isNew={activity.id === justAdded}
            />
          ))}
        </ol>
      )}
      {!isReadOnly ? (
        <button
          type="button"
          className="button button--small"
          onClick={() => setJustAdded(addActivity(doc, { section }))}
        >
          {t("plans.editor.addActivity")}
          <span className="visually-hidden"> – {sectionName}</span>
        </button>
      ) : null}
    </section>
  );
}

function ActivityCard({ activity, name, isNew }: { activity: ActivityView; name: string; isNew: boolean }) {
  const t = useT();
  const { doc, isReadOnly } = usePlanEditor();
  const headingId = useId();
  const errors = {
    description: useProblemText("activities", activity.id, "description"),
    responsible: useProblemText("activities", activity.id, "responsible"),
    schedule: useProblemText("activities", activity.id, "schedule"),
    deadline: useProblemText("activities", activity.id, "deadline"),
    resources: useProblemText("activities", activity.id, "resources"),
    provider: useProblemText("activities", activity.id, "provider"),
  };
  const domId = (field: string) => fieldDomId("activities", activity.id, field);
  const hasProblems = Object.values(errors).some(Boolean);

  return (
    <li
      className={`plan-activity${hasProblems ? " plan-activity--problem" : ""}`}
      aria-labelledby={headingId}
      data-testid="plan-activity"
      data-activity-id={activity.id}
    >
      <h3 id={headingId}>{name}</h3>
      {activity.source ? <SourceLine source={activity.source} /> : null}
      {isReadOnly ? (
        <>
          <YTextDisplay text={activity.description} emptyText={t("plans.empty")} />
          <dl className="meta">
            <dt>{t("plans.field.responsible")}</dt>
            <dd>{activity.responsible ? personLabel(activity.responsible) : t("plans.noResponsible")}</dd>
            <dt>{t("plans.field.schedule")}</dt>
            <dd>
              <ScheduleText activity={activity} />
            </dd>
            <dt>{t("plans.field.resources")}</dt>
            <dd>
              <YTextDisplay text={activity.resources} emptyText={t("plans.empty")} />
            </dd>
            {activity.section === "HELP_MEASURE" ? (
              <>
                <dt>{t("plans.field.provider")}</dt>
                <dd>
                  <YTextDisplay text={activity.provider} emptyText={t("plans.empty")} />
                </dd>
              </>
            ) : null}
          </dl>
        </>
      ) : (
        <>
          {activity.description ? (
            <YTextField
              id={domId("description")}
              text={activity.description}
              label={t("plans.field.description")}
              hint={t("plans.field.descriptionHint")}
              labelSuffix={name}
              readOnly={false}
              rows={3}
              maxLength={PLAN_TEXT_MAX}
              autoFocus={isNew}
              error={errors.description}
            />
          ) : null}
          <ResponsibleSelect
            id={domId("responsible")}
            value={activity.responsible}
            rowName={name}
            error={errors.responsible}
            onChange={(responsible) => updateActivity(doc, activity.id, { responsible })}
          />
          <fieldset
            className={`plan-fieldset${errors.schedule ? " field--error" : ""}`}
            aria-describedby={errors.schedule ? `${domId("schedule")}-error` : undefined}
          >
            <legend>
              {t("plans.field.schedule")}
              <span className="visually-hidden"> – {name}</span>
            </legend>
            <p className="field__hint">{t("plans.field.scheduleHint")}</p>
            {errors.schedule ? (
              <p className="field__error" id={`${domId("schedule")}-error`}>
                {errors.schedule}
              </p>
            ) : null}
            <div className="plan-schedule">
              <DateInput
                id={domId("schedule")}
                label={t("plans.field.start")}
                rowName={name}
                value={activity.start}
                onChange={(start) => updateActivity(doc, activity.id, { start })}
              />
              <DateInput
                id={domId("deadline")}
                label={t("plans.field.deadline")}
                rowName={name}
                value={activity.deadline}
                error={errors.deadline}
                onChange={(deadline) => updateActivity(doc, activity.id, { deadline })}
              />
            </div>
            {activity.recurrence ? (
              <YTextField
                id={domId("recurrence")}
                text={activity.recurrence}
                label={t("plans.field.recurrence")}
                hint={t("plans.field.recurrenceHint")}
                labelSuffix={name}
                readOnly={false}
                rows={1}
                maxLength={PLAN_SHORT_TEXT_MAX}
              />
            ) : null}
          </fieldset>
          {activity.resources ? (
            <YTextField
              id={domId("resources")}
              text={activity.resources}
              label={t("plans.field.resources")}
              hint={t("plans.field.resourcesHint")}
              labelSuffix={name}
              readOnly={false}
              rows={2}
              maxLength={PLAN_TEXT_MAX}
              error={errors.resources}
            />
          ) : null}
          {activity.section === "HELP_MEASURE" && activity.provider ? (
            <YTextField
              id={domId("provider")}
              text={activity.provider}
              label={t("plans.field.provider")}
              hint={t("plans.field.providerHint")}
              labelSuffix={name}
              readOnly={false}
              rows={1}
              maxLength={PLAN_SHORT_TEXT_MAX}
              error={errors.provider}
            />
          ) : null}
          <div className="plan-row-actions">
            <SectionSelect activity={activity} rowName={name} />
            <button
              type="button"
              className="button button--small button--plain"
              onClick={() => {
                removeActivity(doc, activity.id);
                document.getElementById(`plan-section-${activity.section}`)?.focus();
              }}
            >
              {t("plans.editor.removeActivity")}
              <span className="visually-hidden"> – {name}</span>
            </button>
          </div>
        </>
      )}
    </li>
  );
}

function SourceLine({ source }: { source: NonNullable<ActivityView["source"]> }) {
  const t = useT();
  return (
    <p className="plan-source" data-testid="plan-activity-source">
      {t("plans.activity.fromDecision")}{" "}
      <Link to={`/meetings/${source.meetingId}/record`}>{t("plans.activity.openMeeting")}</Link>
      {source.decisionText ? <span className="muted"> – „{source.decisionText}“</span> : null}
    </p>
  );
}

function ScheduleText({ activity }: { activity: ActivityView }) {
  const t = useT();
  const locale = useLocale();
  const parts: string[] = [];
  if (activity.start) parts.push(t("plans.schedule.from", { date: dayLabel(locale, activity.start) }));
  if (activity.deadline) parts.push(t("plans.schedule.until", { date: dayLabel(locale, activity.deadline) }));
  const recurrence = activity.recurrence?.toString().trim();
  if (recurrence) parts.push(recurrence);
  return <>{parts.length > 0 ? parts.join(", ") : t("plans.noSchedule")}</>;
}

function SectionSelect({ activity, rowName }: { activity: ActivityView; rowName: string }) {
  const t = useT();
  const { doc } = usePlanEditor();
  const id = useId();
  return (
    <div className="field plan-section-select">
      <label htmlFor={id}>
        {t("plans.editor.section")}
        <span className="visually-hidden"> – {rowName}</span>
      </label>
      <select
        id={id}
        value={activity.section}
        onChange={(e) => updateActivity(doc, activity.id, { section: e.currentTarget.value as PlanSection })}
      >
        {PLAN_SECTIONS.map((s) => (
          <option key={s} value={s}>
            {t(`plans.section.${s}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

function DateInput(props: {
  id: string;
  label: string;
  rowName: string;
  value: string | null;
  error?: string | null;
  onChange(value: string | null): void;
}) {
  return (
    <div className={`field plan-date${props.error ? " field--error" : ""}`}>
      <label htmlFor={props.id}>
        {props.label}
        <span className="visually-hidden"> – {props.rowName}</span>
      </label>
      {props.error ? (
        <p id={`${props.id}-error`} className="field__error">
          {props.error}
        </p>
      ) : null}
      <input
        id={props.id}
        type="date"
        value={props.value ?? ""}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${props.id}-error` : undefined}
        onChange={(e) => props.onChange(e.currentTarget.value || null)}
      />
    </div>
  );
}

/** The responsible person: one of the case team, shown by name, position and organisation. */
function ResponsibleSelect(props: {
  id: string;
  value: PersonRef | null;
  rowName: string;
  error: string | null;
  onChange(person: PersonRef | null): void;
}) {
  const t = useT();
  const { team } = usePlanEditor();
  const current = props.value;
  // Someone named earlier who has since left the team still shows, so nobody is changed silently.
  const isOutsideTeam = current?.userId ? !team.some((p) => p.userId === current.userId) : Boolean(current);
  const groups = [
    { label: t("plans.team.clientSide"), people: team.filter((p) => p.isClientSide) },
    { label: t("plans.team.professionals"), people: team.filter((p) => !p.isClientSide) },
  ];
  return (
    <div className={`field${props.error ? " field--error" : ""}`}>
      <label htmlFor={props.id}>
        {t("plans.field.responsible")}
        <span className="visually-hidden"> – {props.rowName}</span>
      </label>
      <p className="field__hint" id={`${props.id}-hint`}>
        {t("plans.field.responsibleHint")}
      </p>
      {props.error ? (
        <p id={`${props.id}-error`} className="field__error">
          {props.error}
        </p>
      ) : null}
      <select
        id={props.id}
        value={current?.userId ?? (current ? "outside" : "")}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={`${props.id}-hint${props.error ? ` ${props.id}-error` : ""}`}
        onChange={(e) => {
          const person = team.find((p) => p.userId === e.currentTarget.value);
          if (e.currentTarget.value === "outside") return;
          props.onChange(person ? person.ref : null);
        }}
      >
        <option value="">{t("plans.field.chooseResponsible")}</option>
        {isOutsideTeam && current ? <option value={current.userId ?? "outside"}>{personLabel(current)}</option> : null}
        {groups.map((g) =>
          g.people.length > 0 ? (
            <optgroup key={g.label} label={g.label}>
              {g.people.map((p) => (
                <option key={p.userId} value={p.userId}>
                  {p.label}
                </option>
              ))}
            </optgroup>
          ) : null,
        )}
      </select>
    </div>
  );
}

function Evaluations({ evaluations }: { evaluations: EvaluationView[] }) {
  const t = useT();
  const locale = useLocale();
  const { doc, isReadOnly, today } = usePlanEditor();
  const listError = useProblemText(null, null, "evaluations");
  const latestFirst = proposeFirstEvaluationDate(today);
  const [justAdded, setJustAdded] = useState<string | null>(null);
  const add = () => {
    // 004 §3.4: the first interim evaluation at the latest three months after the plan.
    const dueDate = evaluations.length === 0 ? latestFirst : null;
    setJustAdded(addEvaluation(doc, { dueDate }));
  };
  return (
    <section className="card plan-section" aria-labelledby="plan-evaluations-title" data-testid="plan-evaluations">
      <h2 id="plan-evaluations-title" tabIndex={-1}>
        {t("plans.evaluations.title")}
      </h2>
      <p className="field__hint">{t("plans.evaluations.hint", { date: dayLabel(locale, latestFirst) })}</p>
      {listError ? (
        <p className="field__error" id={fieldDomId(null, null, "evaluations")} tabIndex={-1}>
          {listError}
        </p>
      ) : null}
      {evaluations.length === 0 ? (
        <p className="empty-state">{t("plans.evaluations.none")}</p>
      ) : (
        <ol className="plan-activity-list">
          {evaluations.map((evaluation, index) => (
            <EvaluationCard
              key={evaluation.id}
              evaluation={evaluation}
              name={t("plans.evaluation.title", { n: index + 1 })}
              isNew={evaluation.id === justAdded}
            />
          ))}
        </ol>
      )}
      {!isReadOnly ? (
        <button type="button" className="button button--small" onClick={add}>
          {t("plans.evaluations.add")}
        </button>
      ) : null}
    </section>
  );
}

function EvaluationCard({ evaluation, name, isNew }: { evaluation: EvaluationView; name: string; isNew: boolean }) {
  const t = useT();
  const locale = useLocale();
  const { doc, isReadOnly } = usePlanEditor();
  const headingId = useId();
  const domId = (field: string) => fieldDomId("evaluations", evaluation.id, field);
  const errors = {
    dueDate: useProblemText("evaluations", evaluation.id, "dueDate"),
    method: useProblemText("evaluations", evaluation.id, "method"),
    responsible: useProblemText("evaluations", evaluation.id, "responsible"),
  };
  return (
    <li className="plan-activity" aria-labelledby={headingId} data-testid="plan-evaluation">
      <h3 id={headingId}>{name}</h3>
      {isReadOnly ? (
        <dl className="meta">
          <dt>{t("plans.field.dueDate")}</dt>
          <dd>{evaluation.dueDate ? dayLabel(locale, evaluation.dueDate) : t("plans.noSchedule")}</dd>
          <dt>{t("plans.field.method")}</dt>
          <dd>
            <YTextDisplay text={evaluation.method} emptyText={t("plans.empty")} />
          </dd>
          <dt>{t("plans.field.responsible")}</dt>
          <dd>{evaluation.responsible ? personLabel(evaluation.responsible) : t("plans.noResponsible")}</dd>
        </dl>
      ) : (
        <>
          <DateInput
            id={domId("dueDate")}
            label={t("plans.field.dueDate")}
            rowName={name}
            value={evaluation.dueDate}
            error={errors.dueDate}
            onChange={(dueDate) => updateEvaluation(doc, evaluation.id, { dueDate })}
          />
          {evaluation.method ? (
            <YTextField
              id={domId("method")}
              text={evaluation.method}
              label={t("plans.field.method")}
              hint={t("plans.field.methodHint")}
              labelSuffix={name}
              readOnly={false}
              rows={2}
              maxLength={PLAN_TEXT_MAX}
              autoFocus={isNew}
              error={errors.method}
            />
          ) : null}
          <ResponsibleSelect
            id={domId("responsible")}
            value={evaluation.responsible}
            rowName={name}
            error={errors.responsible}
            onChange={(responsible) => updateEvaluation(doc, evaluation.id, { responsible })}
          />
          <div className="plan-row-actions">
            <button
              type="button"
              className="button button--small button--plain"
              onClick={() => {
                removeEvaluation(doc, evaluation.id);
                document.getElementById("plan-evaluations-title")?.focus();
              }}
            >
              {t("plans.evaluations.remove")}
              <span className="visually-hidden"> – {name}</span>
            </button>
          </div>
        </>
      )}
    </li>
  );
}
