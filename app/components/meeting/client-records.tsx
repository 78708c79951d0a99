// What was agreed at the client's meetings, for the client's own view (/my/:caseId), in plain
// words (Social Welfare Act §35: the client may see the documents about them): from approved
// meeting records only, who does what by when, who disagreed, the next meeting, and any later
// corrections. "You" is the client.
import type { SerializeFrom } from "@remix-run/node";
import type { ClientRecord } from "~/domain/records/get-record";
import { formatDate, formatDateTime, useLocale, useT } from "~/i18n";
import { formatDay } from "./record-document";

export function ClientRecordDecisions({ records }: { records: SerializeFrom<ClientRecord>[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <div className="client-records" data-testid="client-records">
      {records.map((r) => (
        <article key={r.recordId} className="item">
          <h4>{t("records.client.meeting", { date: formatDate(locale, r.meetingStartsAt) })}</h4>
          <p className="field__hint">{t("records.client.approvedOn", { date: formatDate(locale, r.approvedAt) })}</p>

          {r.plannedSteps.length > 0 ? (
            <>
              <h5>{t("records.client.stepsTitle")}</h5>
              <ul className="item-list">
                {r.plannedSteps.map((s) => (
                  <li key={s.id} className="item">
                    <p className="item__title">{s.text}</p>
                    <p>
                      {s.isYours
                        ? t("records.client.stepYours", { date: s.deadline ? formatDay(locale, s.deadline) : "—" })
                        : t("records.client.stepBy", {
                            name: [s.responsibleName, s.responsiblePosition].filter(Boolean).join(", ") || "—",
                            date: s.deadline ? formatDay(locale, s.deadline) : "—",
                          })}
                    </p>
                    {s.nextStep ? <p>{t("records.client.stepNext", { text: s.nextStep })}</p> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}

          {r.goals.length > 0 ? (
            <>
              <h5>{t("records.client.goalsTitle")}</h5>
              <ul className="item-list">
                {r.goals.map((g) => (
                  <li key={g.id} className="item">
                    <p>
                      {g.text} ({t(`records.reached.${g.reached}`)})
                    </p>
                  </li>
                ))}
              </ul>
            </>
          ) : null}

          {r.dissentingOpinions.length > 0 ? (
            <>
              <h5>{t("records.client.dissentTitle")}</h5>
              <ul className="item-list">
                {r.dissentingOpinions.map((d) => (
                  <li key={d.id} className="item">
                    <p className="item__title">
                      {d.isYours
                        ? t("records.client.dissentYours")
                        : t("records.client.dissentBy", { name: d.authorName })}
                    </p>
                    <p className="text-block">{d.text}</p>
                  </li>
                ))}
              </ul>
            </>
          ) : null}

          <h5>{t("records.client.nextMeetingTitle")}</h5>
          <p>
            {r.nextMeeting.startsAt
              ? formatDateTime(locale, r.nextMeeting.startsAt)
              : t("records.client.nextMeetingNotSet")}
          </p>
          {r.nextMeeting.topics ? <p className="text-block">{r.nextMeeting.topics}</p> : null}

          {r.addenda.length > 0 ? (
            <>
              <h5>{t("records.client.addendaTitle")}</h5>
              <ul className="item-list">
                {r.addenda.map((a) => (
                  <li key={a.id} className="item">
                    <p className="field__hint">{formatDate(locale, a.createdAt)}</p>
                    <p className="text-block">{a.text}</p>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </article>
      ))}
    </div>
  );
}
