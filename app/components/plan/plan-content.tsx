// A plan version's fixed content (sent for signing, in force, superseded or withdrawn) as the page
// reads it: the problem and goals, the activities in the four sections of 004 §3.4.1, the interim
// evaluations and the attached plans of other providers. For the client ("client" wording) the
// same content is said in plain words: what you do, what your close people do, what help you get.
import { Link } from "@remix-run/react";
import type { PlanActivity, PlanAttachment, PlanContent, PlanSection } from "~/domain/plans/plan-schemas";
import { PLAN_SECTIONS } from "~/domain/plans/plan-schemas";
import { useLocale, useT } from "~/i18n";
import { PlanAttachmentList } from "./plan-attachments";
import { dayLabel, personLabel } from "./plan-people";

type Audience = "team" | "client";

function scheduleParts(activity: PlanActivity, t: ReturnType<typeof useT>, locale: ReturnType<typeof useLocale>) {
  const parts: string[] = [];
  if (activity.start) parts.push(t("plans.schedule.from", { date: dayLabel(locale, activity.start) }));
  if (activity.deadline) parts.push(t("plans.schedule.until", { date: dayLabel(locale, activity.deadline) }));
  if (activity.recurrence.trim()) parts.push(activity.recurrence.trim());
  return parts.length > 0 ? parts.join(", ") : t("plans.noSchedule");
}

export function PlanContentView({
  content,
  audience = "team",
  headingLevel = 2,
  fileHref,
}: {
  content: PlanContent;
  audience?: Audience;
  headingLevel?: 2 | 3 | 4;
  /** Where an attached file downloads from; without it the files are only named. */
  fileHref?: (attachment: PlanAttachment) => string;
}) {
  const t = useT();
  const locale = useLocale();
  const H = (["h2", "h3", "h4"] as const)[headingLevel - 2] ?? "h2";
  const sectionTitle = (section: PlanSection) =>
    audience === "client" ? t(`plans.client.section.${section}`) : t(`plans.section.${section}`);
  return (
    <div className="plan-content" data-testid="plan-content">
      <section className="plan-block" aria-labelledby="plan-problem-title">
        <H id="plan-problem-title">{audience === "client" ? t("plans.client.problem") : t("plans.field.problem")}</H>
        <p className="text-block">{content.problem || t("plans.empty")}</p>
      </section>
      <section className="plan-block" aria-labelledby="plan-goals-title">
        <H id="plan-goals-title">{audience === "client" ? t("plans.client.goals") : t("plans.field.goals")}</H>
        <p className="text-block">{content.goals || t("plans.empty")}</p>
      </section>
      {PLAN_SECTIONS.map((section) => {
        const activities = content.activities.filter((a) => a.section === section);
        const id = `plan-content-${section}`;
        return (
          <section key={section} className="plan-block" aria-labelledby={id} data-testid={`plan-content-${section}`}>
            <H id={id}>{sectionTitle(section)}</H>
            {activities.length === 0 ? (
              <p className="empty-state">{t("plans.editor.noActivities")}</p>
            ) : (
              <ol className="item-list">
                {activities.map((a) => (
                  <li key={a.id} className="item" data-testid="plan-content-activity">
                    <p className="item__title text-block">{a.description || t("plans.empty")}</p>
                    <dl className="meta">
                      <dt>{audience === "client" ? t("plans.client.who") : t("plans.field.responsible")}</dt>
                      <dd>{a.responsible ? personLabel(a.responsible) : t("plans.noResponsible")}</dd>
                      <dt>{audience === "client" ? t("plans.client.when") : t("plans.field.schedule")}</dt>
                      <dd>{scheduleParts(a, t, locale)}</dd>
                      <dt>{audience === "client" ? t("plans.client.with") : t("plans.field.resources")}</dt>
                      <dd className="text-block">{a.resources || t("plans.empty")}</dd>
                      {a.section === "HELP_MEASURE" ? (
                        <>
                          <dt>{t("plans.field.provider")}</dt>
                          <dd>{a.provider || t("plans.empty")}</dd>
                        </>
                      ) : null}
                    </dl>
                    {a.source && audience === "team" ? (
                      <p className="plan-source">
                        {t("plans.activity.fromDecision")}{" "}
                        <Link to={`/meetings/${a.source.meetingId}/record`}>{t("plans.activity.openMeeting")}</Link>
                      </p>
                    ) : null}
                  </li>
                ))}
              </ol>
            )}
          </section>
        );
      })}
      <section className="plan-block" aria-labelledby="plan-content-evaluations">
        <H id="plan-content-evaluations">
          {audience === "client" ? t("plans.client.evaluations") : t("plans.evaluations.title")}
        </H>
        {content.evaluations.length === 0 ? (
          <p className="empty-state">{t("plans.evaluations.none")}</p>
        ) : (
          <ol className="item-list">
            {content.evaluations.map((e) => (
              <li key={e.id} className="item">
                <p className="item__title">{e.dueDate ? dayLabel(locale, e.dueDate) : t("plans.noSchedule")}</p>
                <p className="text-block">{e.method || t("plans.empty")}</p>
                <p>
                  {audience === "client" ? t("plans.client.who") : t("plans.field.responsible")}:{" "}
                  {e.responsible ? personLabel(e.responsible) : t("plans.noResponsible")}
                </p>
              </li>
            ))}
          </ol>
        )}
      </section>
      {content.attachments.length > 0 ? (
        <section className="plan-block" aria-labelledby="plan-content-attachments">
          <H id="plan-content-attachments">{t("plans.attachments.title")}</H>
          {fileHref ? (
            <PlanAttachmentList attachments={content.attachments} fileHref={fileHref} />
          ) : (
            <ul className="plain-list">
              {content.attachments.map((a) => (
                <li key={a.id}>
                  {a.description ? `${a.description}: ` : ""}
                  {a.fileName}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </div>
  );
}
