// Decisions of one agenda item, in the room document: 004 §2.2 ties every decision to
// responsible persons, a deadline and a next step, and gives everyone the right to a dissenting
// opinion. Anyone writing the room may add a decision and say they disagree with one; the
// minute-taker (or moderator) may write a dissent down for someone else, and it says so.
import { useEffect, useId, useRef, useState } from "react";
import type * as Y from "yjs";
import { formatDate, useLocale, useT } from "~/i18n";
import type { PersonRef } from "~/domain/records/record-schemas";
import { addDecision, addDissent, removeDecision, removeDissent, updateDecision } from "~/domain/room/room-doc";
import { useRoom, type RoomPerson } from "./room-context";
import { newRowId, useRoomLists, useYTextValue, type RoomDecisionView, type RoomDissentView } from "./room-y";
import { YTextField } from "./y-text-field";

/** A Y.Text shown as text (for whoever only reads), live. */
export function YTextDisplay({ text, emptyText }: { text: Y.Text | null; emptyText?: string }) {
  const value = useYTextValue(text);
  if (!value.trim()) return emptyText ? <p className="muted">{emptyText}</p> : null;
  return <p className="text-block">{value}</p>;
}

function personLabel(person: PersonRef): string {
  return person.position ? `${person.name} (${person.position})` : person.name;
}

export function ItemDecisions({
  doc,
  agendaItemId,
  itemTitle,
}: {
  doc: Y.Doc;
  agendaItemId: string;
  itemTitle: string;
}) {
  const t = useT();
  const { me, isReadOnly } = useRoom();
  const { decisions, dissents } = useRoomLists(doc);
  const mine = decisions.filter((d) => d.agendaItemId === agendaItemId);
  const headingId = useId();
  const [justAdded, setJustAdded] = useState<string | null>(null);

  const add = () => {
    const id = newRowId();
    addDecision(doc, { id, agendaItemId, createdByUserId: me.userId, now: new Date() });
    setJustAdded(id);
  };

  return (
    <section className="room-decisions" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {t("room.decisions.title")}
        <span className="visually-hidden"> – {itemTitle}</span>
      </h3>
      {mine.length === 0 ? (
        <p className="muted">{t("room.decisions.empty")}</p>
      ) : (
        <ol className="room-decision-list">
          {mine.map((decision, index) => (
            <DecisionCard
              key={decision.id}
              doc={doc}
              decision={decision}
              number={index + 1}
              itemTitle={itemTitle}
              dissents={dissents.filter((d) => d.decisionId === decision.id)}
              isNew={decision.id === justAdded}
            />
          ))}
        </ol>
      )}
      {!isReadOnly ? (
        <button type="button" className="button button--small" onClick={add}>
          {t("room.decisions.add")}
          <span className="visually-hidden"> – {itemTitle}</span>
        </button>
      ) : null}
    </section>
  );
}

function DecisionCard(props: {
  doc: Y.Doc;
  decision: RoomDecisionView;
  number: number;
  itemTitle: string;
  dissents: RoomDissentView[];
  isNew: boolean;
}) {
  const { doc, decision, number, dissents } = props;
  const t = useT();
  const locale = useLocale();
  const { me, isReadOnly } = useRoom();
  const headingId = useId();
  const name = t("room.decision.title", { n: number });
  const [removeRefused, setRemoveRefused] = useState(false);
  const canRemove = !isReadOnly && (decision.createdByUserId === me.userId || me.canRecordForOthers);

  return (
    <li className="room-decision">
      <h4 id={headingId}>{name}</h4>
      {isReadOnly ? (
        <>
          <YTextDisplay text={decision.text} emptyText={t("room.decision.noText")} />
          <dl className="meta">
            <dt>{t("room.decision.responsible")}</dt>
            <dd>
              {decision.responsible.length > 0
                ? decision.responsible.map(personLabel).join("; ")
                : t("room.decision.noResponsible")}
            </dd>
            <dt>{t("room.decision.deadline")}</dt>
            <dd>{decision.deadline ? formatDate(locale, decision.deadline) : t("room.decision.noDeadline")}</dd>
            <dt>{t("room.decision.nextStep")}</dt>
            <dd>
              <YTextDisplay text={decision.nextStep} emptyText={t("room.decision.noNextStep")} />
            </dd>
          </dl>
        </>
      ) : (
        <>
          {decision.text ? (
            <YTextField
              text={decision.text}
              label={t("room.decision.text")}
              labelSuffix={name}
              readOnly={false}
              rows={3}
              autoFocus={props.isNew}
            />
          ) : null}
          <ResponsibleField doc={doc} decision={decision} decisionName={name} />
          <DeadlineField doc={doc} decision={decision} decisionName={name} />
          {decision.nextStep ? (
            <YTextField
              text={decision.nextStep}
              label={t("room.decision.nextStep")}
              labelSuffix={name}
              readOnly={false}
              rows={2}
            />
          ) : null}
        </>
      )}
      <Dissents doc={doc} decision={decision} decisionName={name} dissents={dissents} />
      {canRemove && dissents.length === 0 ? (
        <p>
          <button
            type="button"
            className="button button--small button--plain"
            onClick={() => setRemoveRefused(!removeDecision(doc, decision.id))}
          >
            {t("room.decision.remove", { n: number })}
          </button>
        </p>
      ) : null}
      {removeRefused ? (
        <p className="field__error" role="alert">
          {t("room.decision.removeRefused")}
        </p>
      ) : null}
    </li>
  );
}

function ResponsibleField({
  doc,
  decision,
  decisionName,
}: {
  doc: Y.Doc;
  decision: RoomDecisionView;
  decisionName: string;
}) {
  const t = useT();
  const { participants, caseTeam } = useRoom();
  const id = useId();
  const [choice, setChoice] = useState("");
  const chosen = new Set(decision.responsible.map((p) => p.userId));
  const available = (people: RoomPerson[]) => people.filter((p) => !chosen.has(p.userId));
  const everyone = [...participants, ...caseTeam];

  const addPerson = () => {
    const person = everyone.find((p) => p.userId === choice);
    if (!person) return;
    const ref: PersonRef = { userId: person.userId, name: person.name, position: person.position };
    updateDecision(doc, decision.id, { responsible: [...decision.responsible, ref] });
    setChoice("");
  };
  const removePerson = (userId: string | null, name: string) => {
    updateDecision(doc, decision.id, {
      responsible: decision.responsible.filter((p) => !(p.userId === userId && p.name === name)),
    });
  };

  return (
    <fieldset className="room-fieldset">
      <legend>
        {t("room.decision.responsible")}
        <span className="visually-hidden"> – {decisionName}</span>
      </legend>
      {decision.responsible.length === 0 ? (
        <p className="muted">{t("room.decision.noResponsible")}</p>
      ) : (
        <ul className="room-chosen">
          {decision.responsible.map((person) => (
            <li key={`${person.userId ?? ""}-${person.name}`}>
              <span>{personLabel(person)}</span>{" "}
              <button
                type="button"
                className="button button--small button--plain"
                onClick={() => removePerson(person.userId, person.name)}
              >
                {t("room.decision.removeResponsible")}
                <span className="visually-hidden"> – {person.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="room-add-row">
        <div className="field">
          <label htmlFor={id}>{t("room.decision.chooseResponsible")}</label>
          <select id={id} value={choice} onChange={(e) => setChoice(e.currentTarget.value)}>
            <option value="">{t("room.decision.choosePerson")}</option>
            {available(participants).length > 0 ? (
              <optgroup label={t("room.people.participants")}>
                {available(participants).map((p) => (
                  <option key={p.userId} value={p.userId}>
                    {personLabel(p)}
                  </option>
                ))}
              </optgroup>
            ) : null}
            {available(caseTeam).length > 0 ? (
              <optgroup label={t("room.people.caseTeam")}>
                {available(caseTeam).map((p) => (
                  <option key={p.userId} value={p.userId}>
                    {personLabel(p)}
                  </option>
                ))}
              </optgroup>
            ) : null}
          </select>
        </div>
        <button type="button" className="button button--small" onClick={addPerson} disabled={!choice}>
          {t("room.decision.addResponsible")}
          <span className="visually-hidden"> – {decisionName}</span>
        </button>
      </div>
    </fieldset>
  );
}

function DeadlineField({
  doc,
  decision,
  decisionName,
}: {
  doc: Y.Doc;
  decision: RoomDecisionView;
  decisionName: string;
}) {
  const t = useT();
  const id = useId();
  return (
    <div className="field room-deadline">
      <label htmlFor={id}>
        {t("room.decision.deadline")}
        <span className="visually-hidden"> – {decisionName}</span>
      </label>
      <input
        id={id}
        type="date"
        value={decision.deadline ?? ""}
        onChange={(e) => updateDecision(doc, decision.id, { deadline: e.currentTarget.value || null })}
      />
    </div>
  );
}

function Dissents(props: {
  doc: Y.Doc;
  decision: RoomDecisionView;
  decisionName: string;
  dissents: RoomDissentView[];
}) {
  const { doc, decision, decisionName, dissents } = props;
  const t = useT();
  const { me, isReadOnly, participants } = useRoom();
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const selectId = useId();
  const [forUserId, setForUserId] = useState("");
  const [justAdded, setJustAdded] = useState<string | null>(null);
  const hasMine = dissents.some((d) => d.authorUserId === me.userId);
  const others = participants.filter(
    (p) => p.userId !== me.userId && !dissents.some((d) => d.authorUserId === p.userId),
  );

  const disagree = () => {
    const id = newRowId();
    addDissent(doc, {
      id,
      decisionId: decision.id,
      authorUserId: me.userId,
      authorName: me.name,
      recordedBy: null,
      now: new Date(),
    });
    setJustAdded(id);
  };
  const recordFor = () => {
    const person = participants.find((p) => p.userId === forUserId);
    if (!person) return;
    const id = newRowId();
    addDissent(doc, {
      id,
      decisionId: decision.id,
      authorUserId: person.userId,
      authorName: person.name,
      recordedBy: { userId: me.userId, name: me.name },
      now: new Date(),
    });
    setForUserId("");
    setJustAdded(id);
  };

  if (isReadOnly && dissents.length === 0) return null;
  return (
    <section className="room-dissents" aria-labelledby={headingId}>
      {/* Focus comes here when a dissent is withdrawn: its button is gone. */}
      <h5 id={headingId} ref={headingRef} tabIndex={-1}>
        {t("room.dissent.title")}
        <span className="visually-hidden"> – {decisionName}</span>
      </h5>
      {dissents.length > 0 ? (
        <ul className="room-dissent-list">
          {dissents.map((dissent) => (
            <DissentItem
              key={dissent.id}
              doc={doc}
              dissent={dissent}
              isNew={dissent.id === justAdded}
              onWithdrawn={() => headingRef.current?.focus()}
            />
          ))}
        </ul>
      ) : (
        <p className="muted">{t("room.dissent.none")}</p>
      )}
      {!isReadOnly ? (
        <div className="room-dissent-actions">
          {!hasMine ? (
            <button type="button" className="button button--small button--plain" onClick={disagree}>
              {t("room.dissent.iDisagree")}
              <span className="visually-hidden"> – {decisionName}</span>
            </button>
          ) : null}
          {me.canRecordForOthers && others.length > 0 ? (
            <div className="room-add-row">
              <div className="field">
                <label htmlFor={selectId}>
                  {t("room.dissent.recordFor")}
                  <span className="visually-hidden"> – {decisionName}</span>
                </label>
                <select id={selectId} value={forUserId} onChange={(e) => setForUserId(e.currentTarget.value)}>
                  <option value="">{t("room.decision.choosePerson")}</option>
                  {others.map((p) => (
                    <option key={p.userId} value={p.userId}>
                      {personLabel(p)}
                    </option>
                  ))}
                </select>
              </div>
              <button type="button" className="button button--small" onClick={recordFor} disabled={!forUserId}>
                {t("room.dissent.record")}
                <span className="visually-hidden"> – {decisionName}</span>
              </button>
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function DissentItem({
  doc,
  dissent,
  isNew,
  onWithdrawn,
}: {
  doc: Y.Doc;
  dissent: RoomDissentView;
  isNew: boolean;
  onWithdrawn(): void;
}) {
  const t = useT();
  const { me, isReadOnly } = useRoom();
  const isMine = dissent.authorUserId === me.userId;
  // Its author, or the minute-taker who wrote it down for them, may change or withdraw it while
  // the meeting runs (a dissent added by mistake); nobody else may take someone's dissent away.
  const mayEdit = !isReadOnly && (isMine || dissent.recordedByUserId === me.userId);
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (isNew) ref.current?.scrollIntoView({ block: "nearest" });
  }, [isNew]);
  const author = isMine ? t("room.dissent.yours") : t("room.dissent.by", { name: dissent.authorName });
  return (
    <li className="room-dissent" ref={ref}>
      <p className="room-dissent__author">
        <strong>{author}</strong>
        {dissent.recordedByName && dissent.recordedByUserId !== dissent.authorUserId
          ? ` ${t("room.dissent.recordedBy", { name: dissent.recordedByName })}`
          : ""}
      </p>
      {mayEdit && dissent.text ? (
        <YTextField
          text={dissent.text}
          label={t("room.dissent.text")}
          labelSuffix={dissent.authorName}
          readOnly={false}
          rows={2}
          autoFocus={isNew}
        />
      ) : (
        <YTextDisplay text={dissent.text} emptyText={t("room.dissent.noText")} />
      )}
      {mayEdit ? (
        <p>
          <button
            type="button"
            className="button button--small button--plain"
            onClick={() => {
              if (removeDissent(doc, dissent.id)) onWithdrawn();
            }}
          >
            {t("room.dissent.withdraw")}
            <span className="visually-hidden"> – {author}</span>
          </button>
        </p>
      ) : null}
    </li>
  );
}
