// The parts of the room around the minutes: the connection and "saved" line, the view switch,
// the agenda with the item timer, the moderator's and timekeeper's controls, the queue of
// raised hands, the signals to the moderator and who is here.
import { Link } from "@remix-run/react";
import { useEffect, useId, useRef, useState } from "react";
import { useIsSaving } from "~/components/collab/use-is-saving";
import { AddAgendaItemForm, AgendaTimePlan } from "~/components/meeting/agenda-section";
import { translateDynamic, useLocale, useT } from "~/i18n";
import { LOCALE_TAGS, type Locale } from "~/i18n/locales";
import { timerElapsedMs, type RoomCommand, type RoomState } from "~/domain/room/room-protocol";
import { formatClock, useNow, useRoom, type RoomAgendaItem } from "./room-context";

export function formatTime(locale: Locale, iso: string): string {
  return new Intl.DateTimeFormat(LOCALE_TAGS[locale], { timeStyle: "short", timeZone: "Europe/Tallinn" }).format(
    new Date(iso),
  );
}

/** Sends a command and keeps its refusal (as text) until the next one. */
export function useCommand() {
  const { link } = useRoom();
  const locale = useLocale();
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const run = async (command: RoomCommand): Promise<boolean> => {
    setIsBusy(true);
    setError(null);
    const result = await link.send(command);
    setIsBusy(false);
    if (!result.ok) setError(translateDynamic(locale, result.messageKey));
    return result.ok;
  };
  return { run, error, isBusy };
}

export function CommandError({ error }: { error: string | null }) {
  // The live region is always there, so a refusal is announced when it appears.
  return (
    <div role="alert" className="room-command-error">
      {error ? <p className="alert alert--error">{error}</p> : null}
    </div>
  );
}

// ---- Connection and saving ------------------------------------------------------------------

export function RoomStatusBar() {
  const t = useT();
  const { link, docLink, isReadOnly, isEnded } = useRoom();
  const isOnline = link.status === "live" && docLink.connection === "connected";
  const isOffline = link.status === "offline" || docLink.connection === "disconnected";
  const isSaving = useIsSaving(docLink.saved);

  let connection: string;
  if (link.status === "refused") connection = t("room.status.refused");
  else if (docLink.connection === "closed" && !docLink.isRefused) connection = t("room.status.docClosed");
  else if (docLink.isFull) connection = t("room.status.full");
  else if (isOnline) connection = t("room.status.online");
  else if (isOffline) connection = t("room.status.offline");
  else connection = t("room.status.connecting");

  let saving: string;
  if (docLink.saved.hasOfflineChanges) saving = t("room.saved.offlineChanges");
  else if (isSaving) saving = t("room.saved.saving");
  else if (isReadOnly) saving = isEnded ? t("room.saved.ended") : t("room.saved.readOnly");
  else if (!docLink.isSynced && docLink.connection !== "connected") saving = t("room.saved.waiting");
  else saving = t("room.saved.saved");

  const tone = isOffline || link.status === "refused" ? "warn" : isOnline ? "ok" : "neutral";
  return (
    <div className={`room-status room-status--${tone}`} role="status" aria-live="polite" data-testid="room-status">
      <p className="room-status__line">
        <span className="room-status__dot" aria-hidden="true" />
        <span data-testid="room-connection">{connection}</span>
      </p>
      <p className="room-status__line" data-testid="room-saved">
        {saving}
      </p>
    </div>
  );
}

export function ViewSwitch({ current }: { current: "full" | "client" | "projection" }) {
  const t = useT();
  const views = [
    { view: "full", label: t("room.view.full") },
    { view: "client", label: t("room.view.client") },
    { view: "projection", label: t("room.view.projection") },
  ] as const;
  return (
    <nav className="room-views" aria-label={t("room.view.label")}>
      <ul>
        {views.map((v) => (
          <li key={v.view}>
            <Link to={`?view=${v.view}`} aria-current={current === v.view ? "page" : undefined} preventScrollReset>
              {v.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

// ---- Agenda and timer -----------------------------------------------------------------------

/** The item timer against its time box; over time is said in words, not only in colour. */
export function ItemTimer({ item, state, large = false }: { item: RoomAgendaItem; state: RoomState; large?: boolean }) {
  const t = useT();
  const isThisItem = state.timer.itemId === item.id;
  const isRunning = isThisItem && state.timer.runningSince !== null;
  const now = useNow(isRunning);
  if (!isThisItem) return null;
  const elapsed = timerElapsedMs(state.timer, now);
  const limit = item.durationMinutes * 60_000;
  const isOver = elapsed > limit;
  return (
    <p
      className={`room-timer${isOver ? " room-timer--over" : ""}${large ? " room-timer--large" : ""}`}
      data-testid="room-timer"
    >
      <span className="room-timer__clock">
        {formatClock(elapsed)} / {formatClock(limit)}
      </span>{" "}
      <span className="room-timer__state">{isRunning ? t("room.timer.running") : t("room.timer.paused")}</span>
      {isOver ? (
        <>
          {" "}
          <strong className="room-timer__over">{t("room.timer.over", { time: formatClock(elapsed - limit) })}</strong>
        </>
      ) : null}
    </p>
  );
}

export function RoomAgenda(props: {
  state: RoomState | null;
  openItemIds: readonly string[];
  onToggle(itemId: string): void;
}) {
  const t = useT();
  const locale = useLocale();
  const { agendaItems, me, isEnded, meetingId, canEditAgenda, agendaOwners, agendaPlan } = useRoom();
  const { state } = props;
  const { run, error, isBusy } = useCommand();
  const headingId = useId();
  return (
    <section className="card room-agenda" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("room.agenda.title")}</h2>
      <AgendaTimePlan agenda={agendaPlan} />
      {state ? (
        <p className="muted" data-testid="agenda-confirmed">
          {state.agendaConfirmedAt
            ? t("room.agenda.confirmedAt", { time: formatTime(locale, state.agendaConfirmedAt) })
            : t("room.agenda.notConfirmed")}
        </p>
      ) : null}
      {agendaItems.length === 0 ? (
        <p className="empty-state">{t("room.agenda.empty")}</p>
      ) : (
        <ol className="room-agenda__list" data-testid="room-agenda">
          {agendaItems.map((item) => {
            const isCurrent = state?.currentItemId === item.id;
            const isOpen = props.openItemIds.includes(item.id);
            return (
              <li
                key={item.id}
                className={`room-agenda__item${isCurrent ? " room-agenda__item--current" : ""}`}
                aria-current={isCurrent ? "step" : undefined}
              >
                <p className="room-agenda__title">
                  {item.number}. {item.title}
                </p>
                <p className="room-agenda__meta">
                  {isCurrent ? <span className="room-item__badge">{t("room.item.currentBadge")}</span> : null}
                  {t("room.agenda.timeBox", { minutes: item.durationMinutes })}
                  {item.ownerName ? ` · ${t("room.agenda.owner", { name: item.ownerName })}` : ""}
                </p>
                {state ? <ItemTimer item={item} state={state} /> : null}
                <div className="room-agenda__actions">
                  {!isCurrent ? (
                    <button
                      type="button"
                      className="button button--small button--plain"
                      aria-expanded={isOpen}
                      onClick={() => props.onToggle(item.id)}
                    >
                      {isOpen ? t("room.agenda.hideItem") : t("room.agenda.showItem")}
                      <span className="visually-hidden"> – {item.title}</span>
                    </button>
                  ) : null}
                  {me.canModerate && state && !isCurrent && !isEnded ? (
                    <button
                      type="button"
                      className="button button--small"
                      disabled={isBusy}
                      onClick={() => void run({ type: "setCurrentItem", agendaItemId: item.id })}
                    >
                      {t("room.agenda.makeCurrent")}
                      <span className="visually-hidden"> – {item.title}</span>
                    </button>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ol>
      )}
      <CommandError error={error} />
      {canEditAgenda ? (
        <AddAgendaItemForm meetingId={meetingId} owners={agendaOwners} className="agenda-add room-agenda__add" />
      ) : null}
    </section>
  );
}

// ---- Moderator and timekeeper -----------------------------------------------------------------

export function ControlsPanel({ state }: { state: RoomState }) {
  const t = useT();
  const { me, meetingId, isEnded, room, agendaItems } = useRoom();
  const { run, error, isBusy } = useCommand();
  const headingId = useId();
  const [isConfirmingEnd, setIsConfirmingEnd] = useState(false);
  const [isEnding, setIsEnding] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (isConfirmingEnd) confirmRef.current?.focus();
  }, [isConfirmingEnd]);
  const current = agendaItems.find((i) => i.id === state.currentItemId) ?? null;
  const isRunning = state.timer.runningSince !== null;

  const endMeeting = async () => {
    setIsEnding(true);
    // What was typed last must reach the server before the document turns read-only.
    if (room) await Promise.race([room.tracker.whenSaved(), new Promise((r) => setTimeout(r, 5000))]);
    const ok = await run({ type: "endMeeting" });
    setIsEnding(false);
    if (ok) setIsConfirmingEnd(false);
  };

  if (isEnded) {
    return (
      <section className="card room-controls" aria-labelledby={headingId}>
        <h2 id={headingId}>{t("room.ended.title")}</h2>
        <p>{t("room.ended.text")}</p>
        <p>
          <Link className="button" to={`/meetings/${meetingId}/record`}>
            {me.canModerate ? t("room.ended.toRecordModerator") : t("room.ended.toRecord")}
          </Link>
        </p>
      </section>
    );
  }
  if (!me.canModerate && !me.canKeepTime) return null;

  return (
    <section className="card room-controls" aria-labelledby={headingId}>
      <h2 id={headingId}>{me.canModerate ? t("room.controls.title") : t("room.controls.timeTitle")}</h2>
      {me.canModerate && !state.agendaConfirmedAt ? (
        <div className="room-controls__group">
          <p>{t("room.controls.confirmIntro")}</p>
          <button
            type="button"
            className="button"
            disabled={isBusy}
            onClick={() => void run({ type: "confirmAgenda" })}
          >
            {t("room.controls.confirmAgenda")}
          </button>
        </div>
      ) : null}
      <p>
        {current
          ? t("room.controls.currentItem", { title: `${current.number}. ${current.title}` })
          : t("room.controls.noCurrentItem")}
      </p>
      {me.canKeepTime ? (
        <div className="room-controls__group" role="group" aria-label={t("room.controls.timer")}>
          {current ? <ItemTimer item={current} state={state} /> : null}
          <div className="room-controls__buttons">
            {isRunning ? (
              <button
                type="button"
                className="button button--small"
                disabled={isBusy}
                onClick={() => void run({ type: "pauseTimer" })}
              >
                {t("room.controls.pauseTimer")}
              </button>
            ) : (
              <button
                type="button"
                className="button button--small"
                disabled={isBusy || !current}
                onClick={() => void run({ type: "startTimer" })}
              >
                {t("room.controls.startTimer")}
              </button>
            )}
            <button
              type="button"
              className="button button--small button--plain"
              disabled={isBusy || !current}
              onClick={() => void run({ type: "resetTimer" })}
            >
              {t("room.controls.resetTimer")}
            </button>
          </div>
        </div>
      ) : null}
      {me.canModerate ? (
        <div className="room-controls__group">
          {!isConfirmingEnd ? (
            <button
              type="button"
              className="button button--small button--danger"
              onClick={() => setIsConfirmingEnd(true)}
            >
              {t("room.controls.endMeeting")}
            </button>
          ) : (
            <div className="room-confirm" role="group" aria-labelledby={`${headingId}-end`}>
              <p id={`${headingId}-end`}>
                <strong>{t("room.controls.endConfirmQuestion")}</strong> {t("room.controls.endConfirmText")}
              </p>
              <div className="room-controls__buttons">
                <button
                  ref={confirmRef}
                  type="button"
                  className="button button--danger"
                  disabled={isBusy || isEnding}
                  onClick={() => void endMeeting()}
                >
                  {isEnding ? t("room.controls.ending") : t("room.controls.endConfirm")}
                </button>
                <button type="button" className="button button--plain" onClick={() => setIsConfirmingEnd(false)}>
                  {t("room.controls.endCancel")}
                </button>
              </div>
            </div>
          )}
        </div>
      ) : null}
      <CommandError error={error} />
    </section>
  );
}

// ---- Hands, signals, presence -------------------------------------------------------------------

export function HandsPanel({ state }: { state: RoomState }) {
  const t = useT();
  const locale = useLocale();
  const { me, isEnded } = useRoom();
  const { run, error, isBusy } = useCommand();
  const headingId = useId();
  const isMineUp = state.hands.some((h) => h.userId === me.userId);
  return (
    <section className="card room-hands" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("room.hands.title")}</h2>
      {state.hands.length === 0 ? (
        <p className="muted">{t("room.hands.empty")}</p>
      ) : (
        <ol className="room-people" data-testid="room-hands">
          {state.hands.map((hand) => (
            <li key={hand.userId}>
              <span>
                {hand.userId === me.userId ? t("room.hands.you", { name: hand.name }) : hand.name}{" "}
                <span className="muted">{t("room.hands.since", { time: formatTime(locale, hand.raisedAt) })}</span>
              </span>
              {me.canModerate && !isEnded ? (
                <button
                  type="button"
                  className="button button--small"
                  disabled={isBusy}
                  onClick={() => void run({ type: "lowerHand", userId: hand.userId })}
                >
                  {t("room.hands.giveFloor")}
                  <span className="visually-hidden"> – {hand.name}</span>
                </button>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {!isEnded ? (
        <p>
          {isMineUp ? (
            <button
              type="button"
              className="button button--plain"
              disabled={isBusy}
              onClick={() => void run({ type: "lowerHand" })}
            >
              {t("room.hands.lower")}
            </button>
          ) : (
            <button type="button" className="button" disabled={isBusy} onClick={() => void run({ type: "raiseHand" })}>
              {t("room.hands.raise")}
            </button>
          )}
        </p>
      ) : null}
      <CommandError error={error} />
    </section>
  );
}

export function SignalsPanel() {
  const t = useT();
  const locale = useLocale();
  const { link, agendaItems, isEnded } = useRoom();
  const { run, error, isBusy } = useCommand();
  const headingId = useId();
  const open = link.signals.filter((s) => s.handledAt === null);
  const handled = link.signals.filter((s) => s.handledAt !== null);
  const itemTitle = (id: string | null) => agendaItems.find((i) => i.id === id)?.title ?? null;
  return (
    <section className="card room-signals" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("room.signals.title")}</h2>
      <p className="muted">{t("room.signals.intro")}</p>
      <p role="status" aria-live="polite" data-testid="room-signals-count">
        {open.length === 0 ? t("room.signals.none") : t("room.signals.open", { count: open.length })}
      </p>
      {open.length > 0 ? (
        <ul className="room-people" data-testid="room-signals">
          {open.map((signal) => {
            const title = itemTitle(signal.agendaItemId);
            return (
              <li key={signal.id} className={`room-signal room-signal--${signal.kind}`}>
                <span>
                  <strong>{t(`room.signals.kind.${signal.kind}`, { name: signal.name })}</strong>{" "}
                  <span className="muted">
                    {formatTime(locale, signal.at)}
                    {title ? ` · ${title}` : ""}
                  </span>
                </span>
                {!isEnded ? (
                  <button
                    type="button"
                    className="button button--small"
                    disabled={isBusy}
                    onClick={() => void run({ type: "handleSignal", signalId: signal.id })}
                  >
                    {t("room.signals.handle")}
                    <span className="visually-hidden">
                      {" "}
                      – {t(`room.signals.kind.${signal.kind}`, { name: signal.name })}
                    </span>
                  </button>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      {handled.length > 0 ? (
        <details>
          <summary>{t("room.signals.handled", { count: handled.length })}</summary>
          <ul className="plain-list">
            {handled.map((signal) => (
              <li key={signal.id}>
                {t(`room.signals.kind.${signal.kind}`, { name: signal.name })} ({formatTime(locale, signal.at)})
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <CommandError error={error} />
    </section>
  );
}

export function PresencePanel() {
  const t = useT();
  const locale = useLocale();
  const { link, me } = useRoom();
  const headingId = useId();
  return (
    <section className="card room-presence" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("room.presence.title", { count: link.presence.length })}</h2>
      {link.presence.length === 0 ? (
        <p className="muted">{t("room.presence.empty")}</p>
      ) : (
        <ul className="item-list" data-testid="room-presence">
          {link.presence.map((person) => (
            <li key={person.userId} className="item">
              <p className="item__title">
                {person.name}
                {person.userId === me.userId ? ` ${t("room.presence.you")}` : ""}
              </p>
              <p className="room-presence__meta">
                {translateDynamic(locale, `meetingRole.${person.meetingRole}`)}
                {person.caseRole ? ` · ${translateDynamic(locale, `caseRole.${person.caseRole}`)}` : ""}
                {" · "}
                {person.isRemote ? t("room.presence.remote") : t("room.presence.inRoom")}
              </p>
              {person.position ? <p className="room-presence__meta muted">{person.position}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
