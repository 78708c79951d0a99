// The record form posts flat fields ("plannedSteps.0.deadline"); the record is one nested
// document. These two functions translate between them, so that the form's field names are the
// content's paths and a validation error on "plannedSteps.0.deadline" lands on that field.
// Browser-safe and pure (ids for new rows come from the caller).
import type { FieldErrors } from "../errors";
import { CLOSING_QUESTIONS, type PersonRef, type RecordContent, type RecordParticipant } from "./record-schemas";
import { dateToTallinnLocal, tallinnLocalToDate } from "../time/tallinn-time";

/** The value of the responsible/author select for a person who is not among the participants. */
export const SOMEONE_ELSE = "other";

type Values = Record<string, string>;
export type RecordFormList = "participants" | "goals" | "plannedSteps" | "dissentingOpinions";

const ROW = /^(participants|goals|plannedSteps|dissentingOpinions)\.(\d{1,3})\.(\w+)$/;

/** The rows of one list in the order of their index in the form ("goals.0.text", "goals.1.text"...). */
export function formRows(values: Values, list: RecordFormList): Values[] {
  const rows = new Map<number, Values>();
  for (const [key, value] of Object.entries(values)) {
    const m = ROW.exec(key);
    if (!m || m[1] !== list) continue;
    const index = Number(m[2]);
    const row = rows.get(index) ?? {};
    row[m[3] as string] = value;
    rows.set(index, row);
  }
  return [...rows.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
}

const isBlank = (v: string | undefined) => v === undefined || v.trim() === "";
const str = (v: string | undefined) => (v ?? "").trim();
const orNull = (v: string | undefined) => (isBlank(v) ? null : str(v));
const isChecked = (v: string | undefined) => v === "on" || v === "true";

/** A datetime-local value in Tallinn time as the content's instant; the text itself when it is not one (the schema then refuses it). */
function instantFromLocal(v: string | undefined): string | null {
  if (isBlank(v)) return null;
  return tallinnLocalToDate(str(v))?.toISOString() ?? str(v);
}

function personFromSelect(
  selected: string | undefined,
  name: string | undefined,
  position: string | undefined,
  participants: readonly RecordParticipant[],
): PersonRef | null {
  const chosen = str(selected);
  if (chosen && chosen !== SOMEONE_ELSE) {
    const p = participants.find((x) => x.userId === chosen);
    if (p) return { userId: p.userId, name: p.name, position: p.position };
  }
  if (chosen === SOMEONE_ELSE || !chosen) {
    if (!isBlank(name)) return { userId: null, name: str(name), position: str(position) };
  }
  return null;
}

/**
 * The posted form as record content, for the schema to check. Rows left entirely empty are
 * dropped (the form always offers an empty row to fill in); a new row gets an id from `newId`.
 * Snapshot fields (case number, client, preparer, purpose) and the minutes taken over from the
 * meeting room come from `base`, never from the form.
 */
export function recordContentFromForm(values: Values, base: RecordContent, newId: () => string): RecordContent {
  const participants: RecordParticipant[] = formRows(values, "participants")
    .filter((r) => !(isBlank(r.name) && isBlank(r.userId)))
    .map((r) => {
      const known = base.participants.find((p) => p.userId !== null && p.userId === str(r.userId));
      return {
        userId: known?.userId ?? null,
        name: known ? known.name : str(r.name),
        position: known ? known.position : str(r.position),
        caseRole: known?.caseRole ?? null,
        meetingRole: str(r.meetingRole) as RecordParticipant["meetingRole"],
        attendance: str(r.attendance) as RecordParticipant["attendance"],
      };
    });

  const moderatorId = str(values.moderatorUserId);
  const moderatorRow = participants.find((p) => p.userId !== null && p.userId === moderatorId);

  const goals = formRows(values, "goals")
    .filter((r) => !isBlank(r.text))
    .map((r) => ({
      id: str(r.id) || newId(),
      text: str(r.text),
      agreedByClient: isChecked(r.agreedByClient),
      reached: (str(r.reached) || "notAssessed") as RecordContent["goals"][number]["reached"],
    }));

  const plannedSteps = formRows(values, "plannedSteps")
    .filter(
      (r) =>
        !(
          isBlank(r.text) &&
          isBlank(r.nextStep) &&
          isBlank(r.deadline) &&
          isBlank(r.responsibleName) &&
          (isBlank(r.responsible) || r.responsible === SOMEONE_ELSE)
        ),
    )
    .map((r) => ({
      id: str(r.id) || newId(),
      text: str(r.text),
      responsible: personFromSelect(r.responsible, r.responsibleName, r.responsiblePosition, participants),
      deadline: orNull(r.deadline),
      nextStep: str(r.nextStep),
    }));

  const dissentingOpinions = formRows(values, "dissentingOpinions")
    .filter(
      (r) =>
        !(
          isBlank(r.text) &&
          isBlank(r.about) &&
          isBlank(r.authorName) &&
          (isBlank(r.author) || r.author === SOMEONE_ELSE)
        ),
    )
    .map((r) => {
      const author = personFromSelect(r.author, r.authorName, undefined, participants);
      return {
        id: str(r.id) || newId(),
        authorName: author?.name ?? "",
        authorUserId: author?.userId ?? null,
        about: str(r.about),
        text: str(r.text),
        recordedBy: orNull(r.recordedBy),
      };
    });

  const durationText = str(values["time.durationMinutes"]);
  return {
    schemaVersion: base.schemaVersion,
    caseNumber: base.caseNumber,
    clientName: base.clientName,
    purpose: base.purpose,
    preparer: base.preparer,
    moderator: moderatorRow
      ? { userId: moderatorRow.userId, name: moderatorRow.name, position: moderatorRow.position }
      : null,
    participants,
    time: {
      startsAt: instantFromLocal(values["time.startsAt"]) ?? base.time.startsAt,
      durationMinutes: durationText === "" ? base.time.durationMinutes : Number(durationText),
    },
    place: { location: str(values["place.location"]), isOnline: isChecked(values["place.isOnline"]) },
    goals,
    clientParticipationMode: (orNull(values.clientParticipationMode) ??
      null) as RecordContent["clientParticipationMode"],
    clientParticipation: str(values.clientParticipation),
    clientResources: str(values.clientResources),
    problemsAgreed: str(values.problemsAgreed),
    servicesReceived: str(values.servicesReceived),
    plannedSteps,
    dissentingOpinions,
    nextMeeting: {
      startsAt: instantFromLocal(values["nextMeeting.startsAt"]),
      topics: str(values["nextMeeting.topics"]),
    },
    topicsRaised: str(values.topicsRaised),
    closingSummary: Object.fromEntries(
      CLOSING_QUESTIONS.map((q) => [q, str(values[`closingSummary.${q}`])]),
    ) as RecordContent["closingSummary"],
    // Not a form field: taken over from the meeting room and shown read-only.
    ...(base.itemMinutes ? { itemMinutes: base.itemMinutes } : {}),
  };
}

function selectValueFor(person: { userId: string | null; name: string } | null): string {
  if (!person) return "";
  return person.userId ?? SOMEONE_ELSE;
}

/** The record content as the form's field values (the form shows these; an error echoes them). */
export function formValuesFromContent(content: RecordContent): Values {
  const v: Values = {
    moderatorUserId: content.moderator?.userId ?? "",
    "time.startsAt": isInstant(content.time.startsAt)
      ? dateToTallinnLocal(content.time.startsAt)
      : content.time.startsAt,
    "time.durationMinutes": String(content.time.durationMinutes),
    "place.location": content.place.location,
    "place.isOnline": content.place.isOnline ? "on" : "",
    clientParticipationMode: content.clientParticipationMode ?? "",
    clientParticipation: content.clientParticipation,
    clientResources: content.clientResources,
    problemsAgreed: content.problemsAgreed,
    servicesReceived: content.servicesReceived,
    "nextMeeting.startsAt":
      content.nextMeeting.startsAt && isInstant(content.nextMeeting.startsAt)
        ? dateToTallinnLocal(content.nextMeeting.startsAt)
        : (content.nextMeeting.startsAt ?? ""),
    "nextMeeting.topics": content.nextMeeting.topics,
    topicsRaised: content.topicsRaised,
  };
  for (const q of CLOSING_QUESTIONS) v[`closingSummary.${q}`] = content.closingSummary[q];
  content.participants.forEach((p, i) => {
    v[`participants.${i}.userId`] = p.userId ?? "";
    v[`participants.${i}.name`] = p.name;
    v[`participants.${i}.position`] = p.position;
    v[`participants.${i}.meetingRole`] = p.meetingRole;
    v[`participants.${i}.attendance`] = p.attendance;
  });
  content.goals.forEach((g, i) => {
    v[`goals.${i}.id`] = g.id;
    v[`goals.${i}.text`] = g.text;
    v[`goals.${i}.agreedByClient`] = g.agreedByClient ? "on" : "";
    v[`goals.${i}.reached`] = g.reached;
  });
  content.plannedSteps.forEach((s, i) => {
    v[`plannedSteps.${i}.id`] = s.id;
    v[`plannedSteps.${i}.text`] = s.text;
    v[`plannedSteps.${i}.responsible`] = selectValueFor(s.responsible);
    v[`plannedSteps.${i}.responsibleName`] = s.responsible && !s.responsible.userId ? s.responsible.name : "";
    v[`plannedSteps.${i}.responsiblePosition`] = s.responsible && !s.responsible.userId ? s.responsible.position : "";
    v[`plannedSteps.${i}.deadline`] = s.deadline ?? "";
    v[`plannedSteps.${i}.nextStep`] = s.nextStep;
  });
  content.dissentingOpinions.forEach((d, i) => {
    v[`dissentingOpinions.${i}.id`] = d.id;
    v[`dissentingOpinions.${i}.author`] = selectValueFor(
      d.authorName ? { userId: d.authorUserId, name: d.authorName } : null,
    );
    v[`dissentingOpinions.${i}.authorName`] = d.authorUserId ? "" : d.authorName;
    v[`dissentingOpinions.${i}.about`] = d.about;
    v[`dissentingOpinions.${i}.text`] = d.text;
    v[`dissentingOpinions.${i}.recordedBy`] = d.recordedBy ?? "";
  });
  return v;
}

function isInstant(value: string): boolean {
  return !Number.isNaN(Date.parse(value)) && value.endsWith("Z");
}

/**
 * Errors of the content's schema on the form's fields: a problem inside a person ("responsible.name")
 * is shown on the field where that person is chosen or named.
 */
export function formFieldErrors(contentErrors: FieldErrors): FieldErrors {
  const result: FieldErrors = {};
  for (const [path, key] of Object.entries(contentErrors)) {
    let field = path;
    const step = /^plannedSteps\.(\d+)\.responsible\.(name|position|userId)$/.exec(path);
    if (step) field = `plannedSteps.${step[1]}.${step[2] === "position" ? "responsiblePosition" : "responsibleName"}`;
    const dissent = /^dissentingOpinions\.(\d+)\.authorName$/.exec(path);
    if (dissent) field = `dissentingOpinions.${dissent[1]}.author`;
    if (path === "moderator" || path.startsWith("moderator.")) field = "moderatorUserId";
    result[field] ??= key;
  }
  return result;
}
