// The three ways to see the room: the full working view; the client view (plain words, larger
// text, only what is being discussed now and what was decided, and two big buttons to tell the
// moderator "I don't understand" or "I disagree"); and the projection for the room's shared
// screen (read-only, large type).
import { Link } from "@remix-run/react";
import { useId, useState } from "react";
import { formatDate, useLocale, useT } from "~/i18n";
import type { RoomSignalKind, RoomState } from "~/domain/room/room-protocol";
import type * as Y from "yjs";
import { YTextDisplay } from "./decisions";
import { MinutesView } from "./minutes";
import { useRoom, type RoomAgendaItem } from "./room-context";
import { ClosingSummary, ItemPanel } from "./room-item";
import {
  CommandError,
  ControlsPanel,
  HandsPanel,
  ItemTimer,
  PresencePanel,
  RoomAgenda,
  SignalsPanel,
  useCommand,
} from "./room-panels";
import { useRoomLists } from "./room-y";

export function FullView({ state }: { state: RoomState | null }) {
  const t = useT();
  const { agendaItems, me } = useRoom();
  const [openItemIds, setOpenItemIds] = useState<string[]>([]);
  const current = agendaItems.find((i) => i.id === state?.currentItemId) ?? null;
  const opened = agendaItems.filter((i) => i.id !== current?.id && openItemIds.includes(i.id));
  const toggle = (id: string) =>
    setOpenItemIds((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]));

  return (
    <div className="room-layout">
      <div className="room-layout__side-a">
        {state ? <ControlsPanel state={state} /> : null}
        <RoomAgenda state={state} openItemIds={openItemIds} onToggle={toggle} />
      </div>
      <div className="room-layout__main">
        {!state ? (
          <p className="card muted">{t("room.loading")}</p>
        ) : current ? null : (
          <section className="card" aria-labelledby="room-no-item">
            <h2 id="room-no-item">{t("room.item.noneTitle")}</h2>
            <p>{state.agendaConfirmedAt ? t("room.item.noneConfirmed") : t("room.item.noneYet")}</p>
          </section>
        )}
        {current ? <ItemPanel item={current} isCurrent /> : null}
        {opened.map((item) => (
          <ItemPanel key={item.id} item={item} isCurrent={false} onClose={() => toggle(item.id)} />
        ))}
        {state ? <ClosingSummary /> : null}
      </div>
      <div className="room-layout__side-b">
        {state ? <HandsPanel state={state} /> : null}
        {state && me.canModerate ? <SignalsPanel /> : null}
        {state ? <PresencePanel /> : null}
      </div>
    </div>
  );
}

/** Decisions of an item in plain words: what, who does it, by when, what happens next. */
function PlainDecisions({ doc, item, large = false }: { doc: Y.Doc; item: RoomAgendaItem; large?: boolean }) {
  const t = useT();
  const locale = useLocale();
  const { decisions } = useRoomLists(doc);
  const headingId = useId();
  const mine = decisions.filter((d) => d.agendaItemId === item.id);
  return (
    <section className={large ? "room-projection__section" : "card"} aria-labelledby={headingId}>
      <h2 id={headingId}>{t("room.plain.decisionsTitle")}</h2>
      {mine.length === 0 ? (
        <p className="muted">{t("room.plain.noDecisions")}</p>
      ) : (
        <ol className="room-plain-decisions">
          {mine.map((decision) => (
            <li key={decision.id}>
              <YTextDisplay text={decision.text} emptyText={t("room.plain.decisionBeingWritten")} />
              <dl className="room-plain-dl">
                <dt>{t("room.plain.who")}</dt>
                <dd>
                  {decision.responsible.length > 0
                    ? decision.responsible.map((p) => p.name).join(", ")
                    : t("room.plain.notAgreedYet")}
                </dd>
                <dt>{t("room.plain.byWhen")}</dt>
                <dd>{decision.deadline ? formatDate(locale, decision.deadline) : t("room.plain.notAgreedYet")}</dd>
                <dt>{t("room.plain.next")}</dt>
                <dd>
                  <YTextDisplay text={decision.nextStep} emptyText={t("room.plain.notAgreedYet")} />
                </dd>
              </dl>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function ClientView({ state }: { state: RoomState | null }) {
  const t = useT();
  const { agendaItems, room, isEnded, meetingId, me } = useRoom();
  const { run, error, isBusy } = useCommand();
  const [sent, setSent] = useState<RoomSignalKind | null>(null);
  const [handNote, setHandNote] = useState(false);
  const current = agendaItems.find((i) => i.id === state?.currentItemId) ?? null;
  const isMineUp = state?.hands.some((h) => h.userId === me.userId) ?? false;

  const signal = async (kind: RoomSignalKind) => {
    setSent(null);
    if (await run({ type: "signal", kind })) setSent(kind);
  };

  return (
    <div className="room-client">
      <section className="card" aria-labelledby="client-now">
        <h2 id="client-now">{t("room.client.nowTitle")}</h2>
        {!state ? (
          <p>{t("room.loading")}</p>
        ) : isEnded ? (
          <p>{t("room.client.ended")}</p>
        ) : current ? (
          <p className="room-client__current" data-testid="client-current-item">
            {current.title}
          </p>
        ) : (
          <p>{t("room.client.notStarted")}</p>
        )}
      </section>

      {state && !isEnded ? (
        <section className="card room-client__help" aria-labelledby="client-help">
          <h2 id="client-help">{t("room.client.helpTitle")}</h2>
          <p>{t("room.client.helpText")}</p>
          <div className="room-client__buttons">
            <button
              type="button"
              className="button room-big-button"
              disabled={isBusy}
              onClick={() => void signal("dontUnderstand")}
            >
              {t("room.client.dontUnderstand")}
            </button>
            <button
              type="button"
              className="button room-big-button"
              disabled={isBusy}
              onClick={() => void signal("disagree")}
            >
              {t("room.client.disagree")}
            </button>
            <button
              type="button"
              className="button button--plain room-big-button"
              disabled={isBusy}
              onClick={() =>
                void run(isMineUp ? { type: "lowerHand" } : { type: "raiseHand" }).then((ok) =>
                  setHandNote(ok && !isMineUp),
                )
              }
            >
              {isMineUp ? t("room.client.lowerHand") : t("room.client.raiseHand")}
            </button>
          </div>
          <div role="status" aria-live="polite" data-testid="client-signal-sent">
            {sent ? (
              <p className="alert alert--success">
                {t(sent === "dontUnderstand" ? "room.client.sentDontUnderstand" : "room.client.sentDisagree")}{" "}
                {t("room.client.moderatorSees")}
              </p>
            ) : null}
            {handNote && isMineUp ? <p className="alert alert--success">{t("room.client.handUp")}</p> : null}
          </div>
          <CommandError error={error} />
        </section>
      ) : null}

      {current && room ? (
        <>
          <section className="card" aria-labelledby="client-minutes">
            <h2 id="client-minutes">{t("room.client.minutesTitle")}</h2>
            <MinutesView doc={room.doc} agendaItemId={current.id} emptyText={t("room.client.noMinutes")} />
          </section>
          <PlainDecisions doc={room.doc} item={current} />
        </>
      ) : null}
      {isEnded ? (
        <p>
          <Link to={`/meetings/${meetingId}/record`}>{t("room.client.toRecord")}</Link>
        </p>
      ) : null}
    </div>
  );
}

export function ProjectionView({ state }: { state: RoomState | null }) {
  const t = useT();
  const { agendaItems, room } = useRoom();
  const current = agendaItems.find((i) => i.id === state?.currentItemId) ?? null;
  // Once the meeting has ended, the shared screen says so rather than showing the last item's paused timer.
  return (
    <div className="room-projection">
      {current && state && !state.endedAt ? (
        <>
          <p className="room-projection__kicker">
            {t("room.projection.item", { n: current.number, total: agendaItems.length })}
          </p>
          <h2 className="room-projection__title">{current.title}</h2>
          <ItemTimer item={current} state={state} large />
          {room ? (
            <>
              <section className="room-projection__section" aria-labelledby="projection-minutes">
                <h2 id="projection-minutes">{t("room.minutes.title")}</h2>
                <MinutesView doc={room.doc} agendaItemId={current.id} emptyText={t("room.minutes.empty")} />
              </section>
              <PlainDecisions doc={room.doc} item={current} large />
            </>
          ) : null}
        </>
      ) : (
        <p className="room-projection__title">
          {!state ? t("room.loading") : state.endedAt ? t("room.projection.ended") : t("room.projection.notStarted")}
        </p>
      )}
      <p className="muted">{t("room.projection.readOnly")}</p>
    </div>
  );
}
