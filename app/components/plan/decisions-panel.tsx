// "Decisions from meetings": every decision recorded in a meeting of the case, taken into the plan
// as an activity in one step (issue 6). The activity keeps a link to the meeting and the decision
// (addActivityFromDecision writes its source); a decision already taken in says so instead of
// offering the button again. The section is chosen from who is responsible: the client's own
// activity, a close person's, the case manager's, otherwise a help measure; it can be moved after.
import { Link } from "@remix-run/react";
import { useState } from "react";
import type * as Y from "yjs";
import { addActivityFromDecision } from "~/domain/plans/plan-doc";
import { hasActivityFromDecision, type DecisionCandidate, type PlanSection } from "~/domain/plans/plan-schemas";
import { formatDate, useLocale, useT } from "~/i18n";
import { dayLabel, personLabel, type PlanPerson } from "./plan-people";
import type { ActivityView } from "./plan-y";

type Candidate = Omit<DecisionCandidate, "isInPlan">;

function sectionFor(candidate: Candidate, team: readonly PlanPerson[]): PlanSection {
  const first = candidate.responsible[0];
  const member = first?.userId ? team.find((p) => p.userId === first.userId) : undefined;
  switch (member?.role) {
    case "CLIENT":
      return "CLIENT";
    case "CLOSE_PERSON":
    case "LEGAL_REPRESENTATIVE":
    case "ADVOCATE":
      return "CLOSE_PERSONS";
    case "CASE_MANAGER":
      return "CASE_MANAGER";
    default:
      return "HELP_MEASURE";
  }
}

export function DecisionsPanel(props: {
  candidates: Candidate[];
  doc: Y.Doc | null;
  activities: ActivityView[];
  team: PlanPerson[];
  isReadOnly: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  const [taken, setTaken] = useState<{ decisionId: string; section: PlanSection } | null>(null);
  const { doc, activities, team, isReadOnly } = props;

  const take = (candidate: Candidate) => {
    if (!doc) return;
    const section = sectionFor(candidate, team);
    const id = addActivityFromDecision(doc, candidate, { section });
    if (id) setTaken({ decisionId: candidate.decisionId, section });
  };

  return (
    <section className="card plan-decisions" aria-labelledby="plan-decisions-title" data-testid="plan-decisions">
      <h2 id="plan-decisions-title">{t("plans.decisions.title")}</h2>
      <p className="field__hint">{t("plans.decisions.hint")}</p>
      <div role="status" aria-live="polite">
        {taken ? (
          <p className="alert alert--success">
            {t("plans.decisions.taken", { section: t(`plans.section.${taken.section}`) })}
          </p>
        ) : null}
      </div>
      {props.candidates.length === 0 ? (
        <p className="empty-state">{t("plans.decisions.none")}</p>
      ) : (
        <ul className="item-list">
          {props.candidates.map((c) => {
            const isInPlan = hasActivityFromDecision(activities, c);
            return (
              <li key={`${c.meetingId}-${c.decisionId}`} className="item" data-testid="plan-decision-candidate">
                <p className="item__title text-block">{c.text}</p>
                <p className="field__hint">
                  <Link to={`/meetings/${c.meetingId}`}>{c.meetingTitle}</Link>
                  {", "}
                  <time dateTime={c.meetingStartsAt}>{formatDate(locale, c.meetingStartsAt)}</time>
                </p>
                <dl className="meta">
                  <dt>{t("plans.field.responsible")}</dt>
                  <dd>
                    {c.responsible.length > 0 ? c.responsible.map(personLabel).join("; ") : t("plans.noResponsible")}
                  </dd>
                  <dt>{t("plans.field.deadline")}</dt>
                  <dd>{c.deadline ? dayLabel(locale, c.deadline) : t("plans.noSchedule")}</dd>
                  {c.nextStep ? (
                    <>
                      <dt>{t("plans.decisions.nextStep")}</dt>
                      <dd className="text-block">{c.nextStep}</dd>
                    </>
                  ) : null}
                </dl>
                {isInPlan ? (
                  <p>
                    <span className="badge badge--accepted">{t("plans.decisions.inPlan")}</span>
                  </p>
                ) : !isReadOnly && doc ? (
                  <button type="button" className="button button--small" onClick={() => take(c)}>
                    {t("plans.decisions.take")}
                    <span className="visually-hidden"> – {c.text}</span>
                  </button>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
