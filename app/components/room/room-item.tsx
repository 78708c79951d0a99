// One agenda item in the room: its minutes (editor, or the live text for whoever only reads)
// and its decisions; and the closing summary's four questions (004 §2.2).
import { useId } from "react";
import { useT } from "~/i18n";
import { CLOSING_QUESTIONS } from "~/domain/records/record-schemas";
import { summaryText } from "~/domain/room/room-doc";
import { ItemDecisions, YTextDisplay } from "./decisions";
import { MinutesEditor, MinutesView } from "./minutes";
import { useRoom, type RoomAgendaItem } from "./room-context";
import { YTextField } from "./y-text-field";

export function ItemPanel({
  item,
  isCurrent,
  onClose,
}: {
  item: RoomAgendaItem;
  isCurrent: boolean;
  onClose?: () => void;
}) {
  const t = useT();
  const { room, isReadOnly, user } = useRoom();
  const headingId = useId();
  const minutesLabelId = useId();
  const hintId = useId();
  return (
    <section
      className={`card room-item${isCurrent ? " room-item--current" : ""}`}
      aria-labelledby={headingId}
      data-testid="room-item"
      data-item-id={item.id}
    >
      <h2 id={headingId}>
        {isCurrent ? <span className="room-item__badge">{t("room.item.currentBadge")}</span> : null}
        {item.number}. {item.title}
      </h2>
      {onClose ? (
        <p>
          <button type="button" className="button button--small button--plain" onClick={onClose}>
            {t("room.item.close")}
            <span className="visually-hidden"> – {item.title}</span>
          </button>
        </p>
      ) : null}
      <h3 id={minutesLabelId}>
        {t("room.minutes.title")}
        <span className="visually-hidden"> – {item.title}</span>
      </h3>
      {!room ? (
        <p className="muted">{t("room.minutes.loading")}</p>
      ) : isReadOnly ? (
        <MinutesView doc={room.doc} agendaItemId={item.id} emptyText={t("room.minutes.empty")} />
      ) : (
        <>
          <p id={hintId} className="field__hint">
            {t("room.minutes.hint")}
          </p>
          <MinutesEditor
            key={room.generation}
            doc={room.doc}
            provider={room.provider}
            agendaItemId={item.id}
            user={user}
            labelId={minutesLabelId}
            describedById={hintId}
          />
        </>
      )}
      {room ? <ItemDecisions doc={room.doc} agendaItemId={item.id} itemTitle={item.title} /> : null}
    </section>
  );
}

export function ClosingSummary() {
  const t = useT();
  const { room, isReadOnly } = useRoom();
  const headingId = useId();
  return (
    <section className="card room-summary" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("room.summary.title")}</h2>
      <p>{t("room.summary.intro")}</p>
      {!room ? (
        <p className="muted">{t("room.minutes.loading")}</p>
      ) : isReadOnly ? (
        <dl className="room-summary__answers">
          {CLOSING_QUESTIONS.map((q) => (
            <div key={q}>
              <dt>{t(`room.summary.${q}`)}</dt>
              <dd>
                <YTextDisplay text={summaryText(room.doc, q)} emptyText={t("room.summary.noAnswer")} />
              </dd>
            </div>
          ))}
        </dl>
      ) : (
        CLOSING_QUESTIONS.map((q) => (
          <YTextField
            key={`${room.generation}-${q}`}
            text={summaryText(room.doc, q)}
            label={t(`room.summary.${q}`)}
            readOnly={false}
            rows={3}
          />
        ))
      )}
    </section>
  );
}
