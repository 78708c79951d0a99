// The meeting record as a page to read (004 §2.3, every section in order): for an approved
// record, and for readers who do not edit it. The PDF (app/lib/pdf/record-pdf.server.ts) follows
// the same order.
import type { SerializeFrom } from "@remix-run/node";
import type { RecordView } from "~/domain/records/get-record";
import { CLOSING_QUESTIONS } from "~/domain/records/record-schemas";
import { formatDate, formatDateTime, isMessageKey, useLocale, useT } from "~/i18n";

type Content = SerializeFrom<NonNullable<RecordView["record"]>>["content"];

function Text({ value }: { value: string }) {
  const t = useT();
  return value ? <p className="text-block">{value}</p> : <p className="empty-state">{t("records.none")}</p>;
}

function personLine(p: { name: string; position: string } | null): string {
  return p ? [p.name, p.position].filter(Boolean).join(", ") : "";
}

/** A deadline is a calendar day ("2026-12-15"): shown as a date in the reader's language. */
export function formatDay(locale: ReturnType<typeof useLocale>, day: string): string {
  return formatDate(locale, `${day}T12:00:00Z`);
}

export function RecordDocument({ content }: { content: Content }) {
  const t = useT();
  const locale = useLocale();
  const label = (key: string) => (isMessageKey(key) ? t(key) : key);
  return (
    <div className="record-document" data-testid="record-document">
      <section className="card" aria-labelledby="record-basics">
        <h2 id="record-basics">{t("records.section.basics")}</h2>
        <dl className="meta">
          {content.caseNumber !== null ? (
            <>
              <dt>{t("records.field.caseNumber")}</dt>
              <dd>{content.caseNumber}</dd>
            </>
          ) : null}
          {content.clientName !== null ? (
            <>
              <dt>{t("records.field.clientName")}</dt>
              <dd>{content.clientName}</dd>
            </>
          ) : null}
          <dt>{t("records.field.purpose")}</dt>
          <dd>{content.purpose}</dd>
          <dt>{t("records.field.preparer")}</dt>
          <dd>{personLine(content.preparer)}</dd>
          <dt>{t("records.field.moderator")}</dt>
          <dd>{personLine(content.moderator) || t("records.field.moderatorNone")}</dd>
          <dt>{t("records.field.startsAt")}</dt>
          <dd>
            {t("records.time.line", {
              date: formatDateTime(locale, content.time.startsAt),
              minutes: content.time.durationMinutes,
            })}
          </dd>
          <dt>{t("records.field.place")}</dt>
          <dd>
            {[content.place.location, content.place.isOnline ? t("records.place.online") : ""]
              .filter(Boolean)
              .join(", ") || t("records.none")}
          </dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="record-participants">
        <h2 id="record-participants">{t("records.section.participants")}</h2>
        <ul className="item-list">
          {content.participants.map((p, i) => (
            <li key={`${p.userId ?? "guest"}-${i}`} className="item">
              <p className="item__title">{personLine(p)}</p>
              <p>
                {[
                  p.caseRole ? label(`caseRole.${p.caseRole}`) : null,
                  label(`meetingRole.${p.meetingRole}`),
                  label(`records.attendance.${p.attendance}`),
                ]
                  .filter(Boolean)
                  .join(" · ")}
              </p>
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="record-goals">
        <h2 id="record-goals">{t("records.section.goals")}</h2>
        {content.goals.length === 0 ? <p className="empty-state">{t("records.none")}</p> : null}
        <ol className="item-list">
          {content.goals.map((g) => (
            <li key={g.id} className="item">
              <p className="item__title text-block">{g.text}</p>
              <p>
                {g.agreedByClient ? t("records.goal.agreed") : t("records.goal.notAgreed")} {t("records.goal.reached")}{" "}
                <strong>{label(`records.reached.${g.reached}`)}</strong>
              </p>
            </li>
          ))}
        </ol>
      </section>

      <section className="card" aria-labelledby="record-client">
        <h2 id="record-client">{t("records.section.client")}</h2>
        <h3>{t("records.field.clientParticipationMode")}</h3>
        <p>
          {content.clientParticipationMode
            ? label(`records.clientMode.${content.clientParticipationMode}`)
            : t("records.clientMode.none")}
        </p>
        <h3>{t("records.field.clientParticipation")}</h3>
        <Text value={content.clientParticipation} />
        <h3>{t("records.field.clientResources")}</h3>
        <Text value={content.clientResources} />
        <h3>{t("records.field.problemsAgreed")}</h3>
        <Text value={content.problemsAgreed} />
        <h3>{t("records.field.servicesReceived")}</h3>
        <Text value={content.servicesReceived} />
      </section>

      <section className="card" aria-labelledby="record-steps">
        <h2 id="record-steps">{t("records.section.plannedSteps")}</h2>
        {content.plannedSteps.length === 0 ? <p className="empty-state">{t("records.none")}</p> : null}
        <ol className="item-list" data-testid="record-planned-steps">
          {content.plannedSteps.map((s) => (
            <li key={s.id} className="item">
              <p className="item__title text-block">{s.text}</p>
              <p>
                {t("records.step.line", {
                  name: s.responsible ? personLine(s.responsible) : t("records.step.noResponsible"),
                  date: s.deadline ? formatDay(locale, s.deadline) : t("records.step.noDeadline"),
                })}
              </p>
              {s.nextStep ? <p className="text-block">{t("records.step.next", { text: s.nextStep })}</p> : null}
            </li>
          ))}
        </ol>
      </section>

      <section className="card" aria-labelledby="record-dissent">
        <h2 id="record-dissent">{t("records.section.dissent")}</h2>
        {content.dissentingOpinions.length === 0 ? <p className="empty-state">{t("records.none")}</p> : null}
        <ul className="item-list">
          {content.dissentingOpinions.map((d) => (
            <li key={d.id} className="item">
              <p className="item__title">{t("records.dissent.by", { name: d.authorName })}</p>
              {d.about ? <p>{t("records.dissent.aboutLine", { about: d.about })}</p> : null}
              <p className="text-block">{d.text}</p>
              {d.recordedBy ? (
                <p className="field__hint">{t("records.dissent.recordedByLine", { name: d.recordedBy })}</p>
              ) : null}
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="record-next">
        <h2 id="record-next">{t("records.section.nextMeeting")}</h2>
        <p>
          {content.nextMeeting.startsAt
            ? formatDateTime(locale, content.nextMeeting.startsAt)
            : t("records.nextMeeting.notSet")}
        </p>
        <h3>{t("records.field.nextTopics")}</h3>
        <Text value={content.nextMeeting.topics} />
      </section>

      <section className="card" aria-labelledby="record-topics">
        <h2 id="record-topics">{t("records.section.topics")}</h2>
        <Text value={content.topicsRaised} />
      </section>

      {content.itemMinutes && content.itemMinutes.length > 0 ? (
        <ItemMinutesSection minutes={content.itemMinutes} />
      ) : null}

      <section className="card" aria-labelledby="record-closing">
        <h2 id="record-closing">{t("records.section.closing")}</h2>
        {CLOSING_QUESTIONS.map((q) => (
          <div key={q}>
            <h3>{t(`records.closing.${q}`)}</h3>
            <Text value={content.closingSummary[q]} />
          </div>
        ))}
      </section>
    </div>
  );
}

/** The minutes under each agenda item, as taken over from the meeting room. */
export function ItemMinutesSection({
  minutes,
}: {
  minutes: readonly { agendaItemId: string; title: string; text: string }[];
}) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="record-item-minutes" data-testid="record-item-minutes">
      <h2 id="record-item-minutes">{t("records.section.itemMinutes")}</h2>
      {minutes.map((m) => (
        <div key={m.agendaItemId}>
          <h3>{m.title}</h3>
          <p className="text-block">{m.text}</p>
        </div>
      ))}
    </section>
  );
}
