// Why the plan cannot be sent for signing yet, as one list at the top: which activity (by its
// section and number), which field, what is missing, in plain words; each line links to the
// field, where the same message stands next to it (plan-editor.tsx).
import { PLAN_SECTIONS, type PlanSection } from "~/domain/plans/plan-schemas";
import { translateDynamic, useLocale, useT } from "~/i18n";
import { fieldDomId } from "./plan-editor";
import type { ActivityView, EvaluationView, PlacedProblem } from "./plan-y";

const FIELD_KEYS = {
  description: "plans.field.description",
  responsible: "plans.field.responsible",
  schedule: "plans.field.schedule",
  deadline: "plans.field.deadline",
  resources: "plans.field.resources",
  provider: "plans.field.provider",
  dueDate: "plans.field.dueDate",
  method: "plans.field.method",
  problem: "plans.field.problem",
  goals: "plans.field.goals",
  attachments: "plans.attachments.title",
} as const;

export function PlanProblemsSummary({
  problems,
  activities,
  evaluations,
}: {
  problems: PlacedProblem[];
  activities: ActivityView[];
  evaluations: EvaluationView[];
}) {
  const t = useT();
  const locale = useLocale();
  if (problems.length === 0) return null;

  /** "Abimeetmed (teenused ja toetused), tegevus 2" – numbered within its section, as on the page. */
  const whereActivity = (rowId: string | null) => {
    const activity = activities.find((a) => a.id === rowId);
    if (!activity) return t("plans.problems.someActivity");
    const section: PlanSection = activity.section;
    const n = activities.filter((a) => a.section === section).findIndex((a) => a.id === rowId) + 1;
    return t("plans.activity.title", { section: t(`plans.section.${section}`), n });
  };
  const whereEvaluation = (rowId: string | null) => {
    const n = evaluations.findIndex((e) => e.id === rowId) + 1;
    return n > 0 ? t("plans.evaluation.title", { n }) : t("plans.evaluations.title");
  };
  const fieldName = (field: string) => (field in FIELD_KEYS ? t(FIELD_KEYS[field as keyof typeof FIELD_KEYS]) : null);

  // The order of the page: texts, then the sections' activities, then evaluations.
  const rank = (p: PlacedProblem) => {
    if (p.list === null) return p.field === "evaluations" ? 1000 : p.field === "activities" ? 2 : 0;
    if (p.list === "evaluations") return 1000 + evaluations.findIndex((e) => e.id === p.rowId);
    const activity = activities.find((a) => a.id === p.rowId);
    return 10 + (activity ? PLAN_SECTIONS.indexOf(activity.section) * 200 + activities.indexOf(activity) : 0);
  };
  const sorted = [...problems].sort((a, b) => rank(a) - rank(b));

  return (
    <section
      className="alert alert--error plan-problems"
      aria-labelledby="plan-problems-title"
      data-testid="plan-problems"
      tabIndex={-1}
      id="plan-problems"
    >
      <h2 id="plan-problems-title">{t("plans.problems.title", { count: problems.length })}</h2>
      <ul>
        {sorted.map((p, i) => {
          const where =
            p.list === "activities"
              ? whereActivity(p.rowId)
              : p.list === "evaluations"
                ? whereEvaluation(p.rowId)
                : (fieldName(p.field) ??
                  (p.field === "evaluations" ? t("plans.evaluations.title") : t("plans.problems.plan")));
          const field = p.list ? fieldName(p.field) : null;
          const target = fieldDomId(p.list, p.rowId, p.field);
          return (
            <li key={`${p.list ?? ""}-${p.rowId ?? ""}-${p.field}-${p.messageKey}-${i}`}>
              <a href={`#${target}`}>{field ? t("plans.problems.whereField", { where, field }) : where}</a>
              {": "}
              {translateDynamic(locale, p.messageKey)}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
