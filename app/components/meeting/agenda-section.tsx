// The agenda drafted together before a meeting (004 §2.1: agenda with a time plan): the items in
// order with who leads each and its time box, the total against the meeting's length, who
// changed each item last, and, for those invited, forms to add, change, move and remove items.
// The forms post with useFetcher to /meetings/:id/agenda; the page reloads its data afterwards,
// and the meeting page's live connection (useMeetingLive) brings in changes by others.
import type { SerializeFrom } from "@remix-run/node";
import { useFetcher } from "@remix-run/react";
import { useEffect, useId, useRef, useState } from "react";
import type { AgendaView } from "~/domain/agenda/list-agenda";
import { SelectField } from "~/components/ui/fields";
import { CsrfField, FormErrorSummary, TextField, getErrors } from "~/components/ui/form";
import { formatDateTime, useLocale, useT, type Translate } from "~/i18n";

type Agenda = SerializeFrom<AgendaView>;

/** Posted once the page runs JavaScript: the action then answers the fetcher with data. */
export const AGENDA_FETCH_FIELD = "_fetch";

function useIsHydrated() {
  const [isHydrated, setIsHydrated] = useState(false);
  useEffect(() => setIsHydrated(true), []);
  return isHydrated;
}

/** Hidden fields of every agenda form: the CSRF token, and the marker of a script-driven post. */
function AgendaFormFields({ intent }: { intent: string }) {
  const isHydrated = useIsHydrated();
  return (
    <>
      <CsrfField />
      <input type="hidden" name="intent" value={intent} />
      {isHydrated ? <input type="hidden" name={AGENDA_FETCH_FIELD} value="1" /> : null}
    </>
  );
}
type Item = Agenda["items"][number];
type ActionResult = { ok: true; intent: string } | { ok: false } | undefined;

/** Who may lead an item (the meeting's participants), as options of the owner select. */
export function agendaOwnerOptions(owners: Agenda["ownerOptions"], t: Translate) {
  return owners.map((o) => ({
    value: o.userId,
    label: [o.name, o.positionTitle, t(`meetingRole.${o.meetingRole}`)].filter(Boolean).join(", "),
  }));
}

/** Has the fetcher just finished this time with success? Runs `then` once per success. */
function useOnSuccess(fetcher: { state: string; data: unknown }, then: () => void) {
  const wasBusy = useRef(false);
  useEffect(() => {
    if (fetcher.state !== "idle") {
      wasBusy.current = true;
      return;
    }
    if (wasBusy.current && (fetcher.data as ActionResult)?.ok) then();
    wasBusy.current = false;
    // `then` changes on every render; only the fetcher's state matters here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, fetcher.data]);
}

export function AgendaSection({ agenda }: { agenda: Agenda }) {
  const t = useT();
  return (
    <section id="agenda" className="card agenda" aria-labelledby="agenda-title">
      <h2 id="agenda-title">{t("agenda.title")}</h2>
      <p>{t("agenda.intro")}</p>
      <AgendaTimePlan agenda={agenda} />
      {agenda.items.length === 0 ? (
        <p className="empty-state">{t("agenda.empty")}</p>
      ) : (
        <ol className="item-list agenda-list" aria-label={t("agenda.list")} data-testid="agenda-items">
          {agenda.items.map((item) => (
            <AgendaItemRow key={item.id} item={item} agenda={agenda} />
          ))}
        </ol>
      )}
      {agenda.canEdit ? (
        <AddAgendaItemForm meetingId={agenda.meetingId} owners={agenda.ownerOptions} />
      ) : (
        <p className="muted">{agenda.isOpen ? t("agenda.readOnly") : t("agenda.closed")}</p>
      )}
    </section>
  );
}

/** The time boxes together against the meeting's length, with a warning when little or no time is left. */
export function AgendaTimePlan({
  agenda,
}: {
  agenda: Pick<Agenda, "totalMinutes" | "meetingMinutes" | "remainingMinutes" | "fit">;
}) {
  const t = useT();
  const { totalMinutes: total, meetingMinutes: length, remainingMinutes: remaining, fit } = agenda;
  let warning: string | null = null;
  if (fit === "nearlyFull") warning = t("agenda.fit.nearlyFull", { minutes: remaining });
  if (fit === "full") warning = t("agenda.fit.full");
  if (fit === "over") warning = t("agenda.fit.over", { minutes: -remaining });
  return (
    <div className="agenda-total">
      <p>
        <strong>{t("agenda.totalLabel")}:</strong>{" "}
        <span data-testid="agenda-total">{t("agenda.total", { total, length })}</span>
        {fit === "fits" ? ` · ${t("agenda.remaining", { minutes: remaining })}` : null}
      </p>
      <meter
        aria-hidden="true"
        style={{ width: "100%", maxWidth: "24rem" }}
        min={0}
        max={length}
        low={length * 0.9}
        high={length}
        optimum={0}
        value={Math.min(total, length)}
      />
      {/* A live region that exists before its text changes, so a screen reader announces the warning. */}
      <div role={fit === "over" ? "alert" : "status"}>
        {warning ? <p className={`alert ${fit === "over" ? "alert--error" : "alert--info"}`}>{warning}</p> : null}
      </div>
    </div>
  );
}

function AgendaItemRow({ item, agenda }: { item: Item; agenda: Agenda }) {
  const t = useT();
  const locale = useLocale();
  const action = `/meetings/${agenda.meetingId}/agenda`;
  const move = useFetcher<ActionResult>();
  const remove = useFetcher<ActionResult>();
  const moveErrors = getErrors(move.data) ? move.data : undefined;
  const removeErrors = getErrors(remove.data) ? remove.data : undefined;
  return (
    <li className="item agenda-item" data-testid="agenda-item">
      <p className="item__title">
        {item.number}. {item.title}{" "}
        <span className="badge">{t("agenda.item.minutes", { minutes: item.durationMinutes })}</span>
      </p>
      <dl className="meta">
        <dt>{t("agenda.item.owner")}</dt>
        <dd>{item.owner ? item.owner.name : t("agenda.item.noOwner")}</dd>
      </dl>
      {item.updatedBy ? (
        <p className="field__hint">
          {t("agenda.item.changedBy", { name: item.updatedBy.name, date: formatDateTime(locale, item.updatedAt) })}
        </p>
      ) : null}
      {agenda.canEdit ? (
        <>
          <FormErrorSummary data={moveErrors ?? removeErrors} />
          <div className="action-list agenda-item__actions">
            {!item.isFirst ? (
              <move.Form method="post" action={action} className="inline-form">
                <AgendaFormFields intent="move" />
                <input type="hidden" name="itemId" value={item.id} />
                <input type="hidden" name="direction" value="up" />
                <button type="submit" className="button button--small button--plain">
                  {t("agenda.action.up")}
                  <span className="visually-hidden"> – {item.title}</span>
                </button>
              </move.Form>
            ) : null}
            {!item.isLast ? (
              <move.Form method="post" action={action} className="inline-form">
                <AgendaFormFields intent="move" />
                <input type="hidden" name="itemId" value={item.id} />
                <input type="hidden" name="direction" value="down" />
                <button type="submit" className="button button--small button--plain">
                  {t("agenda.action.down")}
                  <span className="visually-hidden"> – {item.title}</span>
                </button>
              </move.Form>
            ) : null}
            <remove.Form method="post" action={action} className="inline-form">
              <AgendaFormFields intent="remove" />
              <input type="hidden" name="itemId" value={item.id} />
              <input type="hidden" name="version" value={item.version} />
              <button type="submit" className="button button--small button--plain">
                {t("agenda.action.remove")}
                <span className="visually-hidden"> – {item.title}</span>
              </button>
            </remove.Form>
          </div>
          <EditItemForm item={item} agenda={agenda} />
        </>
      ) : null}
    </li>
  );
}

function EditItemForm({ item, agenda }: { item: Item; agenda: Agenda }) {
  const t = useT();
  const fetcher = useFetcher<ActionResult>();
  const [isOpen, setIsOpen] = useState(false);
  useOnSuccess(fetcher, () => setIsOpen(false));
  const errors = getErrors(fetcher.data) ? fetcher.data : undefined;
  return (
    <details open={isOpen || Boolean(errors)} onToggle={(e) => setIsOpen(e.currentTarget.open)}>
      <summary>
        {t("agenda.action.edit")}
        <span className="visually-hidden"> – {item.title}</span>
      </summary>
      <fetcher.Form method="post" action={`/meetings/${agenda.meetingId}/agenda`} noValidate>
        <AgendaFormFields intent="update" />
        <input type="hidden" name="itemId" value={item.id} />
        <input type="hidden" name="version" value={item.version} />
        <FormErrorSummary data={errors} />
        <TextField name="title" label={t("agenda.field.title")} defaultValue={item.title} data={errors} />
        <TextField
          name="durationMinutes"
          type="number"
          label={t("agenda.field.duration")}
          hint={t("agenda.field.durationHint")}
          defaultValue={String(item.durationMinutes)}
          data={errors}
        />
        <SelectField
          name="ownerUserId"
          label={t("agenda.field.owner")}
          placeholder={t("agenda.field.ownerNone")}
          options={agendaOwnerOptions(agenda.ownerOptions, t)}
          defaultValue={item.owner?.userId ?? ""}
          data={errors}
        />
        <button type="submit" className="button button--small">
          {t("agenda.edit.submit")}
        </button>
      </fetcher.Form>
    </details>
  );
}

/**
 * Adds an item at the end of the agenda; on the meeting page, and in the meeting room during the
 * meeting (004 §2.2). Everyone else sees it through the meeting's live connection.
 */
export function AddAgendaItemForm({
  meetingId,
  owners,
  className = "agenda-add",
}: {
  meetingId: string;
  owners: Agenda["ownerOptions"];
  className?: string;
}) {
  const t = useT();
  const titleId = useId();
  const fetcher = useFetcher<ActionResult>();
  const formRef = useRef<HTMLFormElement>(null);
  const [isAdded, setIsAdded] = useState(false);
  useOnSuccess(fetcher, () => {
    formRef.current?.reset();
    setIsAdded(true);
  });
  const errors = getErrors(fetcher.data) ? fetcher.data : undefined;
  return (
    <fetcher.Form
      ref={formRef}
      method="post"
      action={`/meetings/${meetingId}/agenda`}
      noValidate
      className={className}
      aria-labelledby={titleId}
      onChange={() => setIsAdded(false)}
    >
      <h3 id={titleId}>{t("agenda.add.title")}</h3>
      <AgendaFormFields intent="add" />
      <FormErrorSummary data={errors} />
      <TextField name="title" label={t("agenda.field.title")} data={errors} />
      <TextField
        name="durationMinutes"
        type="number"
        label={t("agenda.field.duration")}
        hint={t("agenda.field.durationHint")}
        data={errors}
      />
      <SelectField
        name="ownerUserId"
        label={t("agenda.field.owner")}
        placeholder={t("agenda.field.ownerNone")}
        options={agendaOwnerOptions(owners, t)}
        data={errors}
      />
      <div className="form-buttons">
        <button type="submit" className="button">
          {t("agenda.add.submit")}
        </button>
        <span role="status">{isAdded && !errors ? t("agenda.done.add") : ""}</span>
      </div>
    </fetcher.Form>
  );
}
