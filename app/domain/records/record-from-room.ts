// The meeting record produced from the meeting room (decision record 009): what the meeting wrote
// in its live document (decisions, dissenting opinions, minutes per agenda item, the closing
// summary) is merged into the record draft as plain data, by id, so producing it again updates
// the same rows instead of adding new ones.
//
// Merge rules (the record is the case manager's; the room is where the meeting wrote):
// - a room decision becomes the planned step with the same id, a dissent the dissenting opinion
//   with the same id; rows the record has that the room does not (added in the record editor, or
//   removed in the room after an earlier take-over) are kept where they are, new ones appended;
// - a field the room has filled replaces the record's; a field the room left empty (no deadline,
//   no responsible person, no answer to a closing question) keeps what the record has, so an
//   answer the case manager wrote in the record editor survives until the room writes one;
// - decisions and dissent without any text are left out (a record row needs its text);
// - the minutes come from the room only (the editor shows them read-only), in agenda order,
//   under the item's current title; minutes of an item no longer on the agenda are not carried;
// - a person named in the room is linked to an account only if that account takes part in the
//   meeting, and then with the name and position the system knows (browsers write the document).
import { z } from "zod";
import type { DbOrTx, MeetingStatus, RecordStatus } from "~/lib/db-types";
import { requireMeetingAccess } from "../access/meeting-access";
import type { Actor } from "../actor";
import { MeetingIdSchema } from "../agenda/agenda-schemas";
import { lockMeetingForChange } from "../agenda/lock-meeting";
import { writeAudit } from "../audit/write-audit";
import { formatDocName } from "../collab/doc-name";
import { readStoredDoc } from "../collab/stored-document";
import { DomainError } from "../errors";
import { parseInput } from "../parse-input";
import { readRoomContent, type RoomContent, type RoomDecision } from "../room/room-doc";
import { isUniqueViolation, withTransaction } from "../with-transaction";
import { findRecordRow, frozen, refusalAfterMissedUpdate, storedContent } from "./record-queries";
import {
  CLOSING_QUESTIONS,
  RECORD_SHORT_TEXT_MAX,
  RECORD_TEXT_MAX,
  parseDraftContent,
  parseRecordContent,
  type DissentingOpinion,
  type ItemMinutes,
  type PersonRef,
  type PlannedStep,
  type RecordContent,
} from "./record-schemas";
import { alreadyStarted, insertStartedRecord, personFacts, personSelect, positionOf } from "./start-record";

/** A meeting participant as the system knows them. */
export type RoomParticipant = { userId: string; name: string; position: string };
export type RoomAgendaItem = { id: string; title: string };

/**
 * The line added to a planned step's text when the room named more than one responsible person:
 * the record's step has one responsible person, the others are kept in its text. In Estonian, the
 * language the record is written in (004 §2.3).
 */
export const CO_RESPONSIBLE_LABEL = "Vastutavad ka";

/** Cut to `max` UTF-16 units with an ellipsis, never leaving half a surrogate pair. */
function shorten(text: string, max: number): string {
  const trimmed = text.trim();
  if (trimmed.length <= max) return trimmed;
  let end = max - 1;
  const code = trimmed.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${trimmed.slice(0, end).trimEnd()}…`;
}

function personLine(p: PersonRef): string {
  return [p.name, p.position].filter(Boolean).join(", ");
}

/** Rows by id: the existing ones in their place (combined with the room's), then the new ones. */
function mergeRows<T extends { id: string }>(
  existing: readonly T[],
  incoming: readonly T[],
  combine: (old: T, room: T) => T,
): T[] {
  const byId = new Map(incoming.map((row) => [row.id, row]));
  const merged = existing.map((row) => {
    const room = byId.get(row.id);
    return room ? combine(row, room) : row;
  });
  const existingIds = new Set(existing.map((row) => row.id));
  return [...merged, ...incoming.filter((row) => !existingIds.has(row.id))];
}

/**
 * The record content with what the room wrote merged in (see the rules at the top of this file).
 * Pure; the result is validated as a draft (VALIDATION if it would not hold, for example more than
 * 100 planned steps).
 */
export function mergeRoomIntoRecord(
  content: RecordContent,
  room: RoomContent,
  agenda: readonly RoomAgendaItem[],
  participants: readonly RoomParticipant[],
): RecordContent {
  const participantById = new Map(participants.map((p) => [p.userId, p]));
  const person = (ref: PersonRef): PersonRef => {
    const known = ref.userId ? participantById.get(ref.userId) : undefined;
    return known
      ? { userId: known.userId, name: known.name, position: known.position }
      : { userId: null, name: ref.name, position: ref.position };
  };

  const stepFrom = (d: RoomDecision): PlannedStep => {
    const [first, ...others] = d.responsible.map(person);
    const text = others.length
      ? `${d.text.trim()}\n${CO_RESPONSIBLE_LABEL}: ${others.map(personLine).join("; ")}`
      : d.text.trim();
    return {
      id: d.id,
      text: shorten(text, RECORD_TEXT_MAX),
      responsible: first ?? null,
      deadline: d.deadline,
      nextStep: d.nextStep.trim(),
    };
  };
  const plannedSteps = mergeRows(
    content.plannedSteps,
    room.decisions.filter((d) => d.text.trim() !== "").map(stepFrom),
    (old, fromRoom) => ({
      id: old.id,
      text: fromRoom.text,
      responsible: fromRoom.responsible ?? old.responsible,
      deadline: fromRoom.deadline ?? old.deadline,
      nextStep: fromRoom.nextStep || old.nextStep,
    }),
  );

  const decisionText = new Map(room.decisions.map((d) => [d.id, d.text]));
  const dissentingOpinions = mergeRows(
    content.dissentingOpinions,
    room.dissents
      .filter((d) => d.text.trim() !== "")
      .map((d): DissentingOpinion => {
        const author = d.authorUserId ? participantById.get(d.authorUserId) : undefined;
        return {
          id: d.id,
          authorName: author?.name ?? d.authorName,
          authorUserId: author?.userId ?? null,
          about: shorten(decisionText.get(d.decisionId) ?? "", RECORD_SHORT_TEXT_MAX),
          text: d.text.trim(),
          recordedBy: d.recordedByName?.trim() ? shorten(d.recordedByName, RECORD_SHORT_TEXT_MAX) : null,
        };
      }),
    (old, fromRoom) => ({
      id: old.id,
      authorName: fromRoom.authorName,
      authorUserId: fromRoom.authorUserId ?? old.authorUserId,
      about: fromRoom.about || old.about,
      text: fromRoom.text,
      recordedBy: fromRoom.recordedBy ?? old.recordedBy,
    }),
  );

  const closingSummary = Object.fromEntries(
    CLOSING_QUESTIONS.map((q) => [q, room.summary[q].trim() || content.closingSummary[q]]),
  ) as RecordContent["closingSummary"];

  const earlierMinutes = new Map((content.itemMinutes ?? []).map((m) => [m.agendaItemId, m.text]));
  const roomMinutes = new Map(room.minutes.map((m) => [m.agendaItemId, m.text.trim()]));
  const itemMinutes: ItemMinutes[] = agenda.flatMap((item) => {
    const text = roomMinutes.get(item.id) || earlierMinutes.get(item.id) || "";
    return text ? [{ agendaItemId: item.id, title: shorten(item.title, RECORD_SHORT_TEXT_MAX), text }] : [];
  });

  return parseDraftContent({
    ...content,
    plannedSteps,
    dissentingOpinions,
    closingSummary,
    // No key until the room has minutes: the content stays as it was for a meeting without them.
    ...(itemMinutes.length > 0 || content.itemMinutes !== undefined ? { itemMinutes } : {}),
  });
}

// ---- The service ---------------------------------------------------------------------------------

export const ProduceRecordFromRoomSchema = z.object({ meetingId: MeetingIdSchema });
export type ProduceRecordFromRoomInput = z.input<typeof ProduceRecordFromRoomSchema>;

export type ProduceRecordFromRoomResult = {
  recordId: string;
  version: number;
  /** The record did not exist and was started first. */
  isStarted: boolean;
  /** False when the record already held everything the room wrote (nothing was written). */
  isChanged: boolean;
  /** Entries of the room document that did not parse and were left out. */
  skipped: number;
};

/** Only a meeting that has begun has a room to take over from; a cancelled one has no record. */
function requireRoomMeeting(status: MeetingStatus): void {
  if (status === "CANCELLED") throw new DomainError("INVALID_STATE", "records.meetingCancelled");
  if (status === "PLANNED") throw new DomainError("INVALID_STATE", "records.fromRoom.meetingNotStarted");
}

/** A draft takes the room's content; a record out for comments or approved does not. */
function requireDraftOrNone(status: RecordStatus | undefined): void {
  if (status === undefined || status === "DRAFT") return;
  if (status === "APPROVED") throw frozen();
  throw new DomainError("INVALID_STATE", `records.notAllowedWhen.${status}`);
}

/**
 * Whoever manages the meeting (the case manager) produces the record from the meeting room, while
 * the meeting is in progress or after it has ended (HELD). The room's live document is flushed
 * first (`flushDocument`: every process holding it stores what it holds in memory; CONFLICT
 * "records.fromRoom.notStored" if one cannot), then read from the database. A meeting without a
 * record gets one started (as startRecord would); a draft takes the room's content merged in
 * (mergeRoomIntoRecord); a record out for comments or approved is refused.
 * One transaction, conditional on the draft's version, with its audit row.
 */
export async function produceRecordFromRoom(
  actor: Actor,
  input: ProduceRecordFromRoomInput,
  {
    db,
    flushDocument,
    now = new Date(),
  }: { db: DbOrTx; flushDocument: (docName: string) => Promise<void>; now?: Date },
): Promise<ProduceRecordFromRoomResult> {
  const { meetingId } = parseInput(ProduceRecordFromRoomSchema, input);
  const facts = await requireMeetingAccess(actor, "manage", meetingId, { db, now });
  requireRoomMeeting(facts.status);
  requireDraftOrNone((await findRecordRow(db, meetingId))?.status);

  const docName = formatDocName({ kind: "room", meetingId });
  try {
    await flushDocument(docName);
  } catch {
    // Some process holding the room could not store what it holds (or did not answer): the
    // database would be missing part of the room, so nothing is produced from it. The server
    // logs why; the person is told to try again.
    throw new DomainError("CONFLICT", "records.fromRoom.notStored");
  }
  const doc = await readStoredDoc(db, docName);
  try {
    return await withTransaction(db, async (tx) => {
      await lockMeetingForChange(tx, meetingId);
      const inside = await requireMeetingAccess(actor, "manage", meetingId, { db: tx, now });
      requireRoomMeeting(inside.status);
      const row = await findRecordRow(tx, meetingId);
      requireDraftOrNone(row?.status);
      const record = row
        ? { id: row.id, version: row.version, content: parseRecordContent(row.content), isStarted: false }
        : { ...(await insertStartedRecord(tx, actor, { meetingId, caseId: inside.caseId, now })), isStarted: true };

      // One query after another (see loadMeetingForRecord): sibling reads in a PostgreSQL
      // transaction would share its one connection.
      const agenda = await tx.agendaItem.findMany({
        where: { meetingId },
        orderBy: [{ position: "asc" }, { createdAt: "asc" }, { id: "asc" }],
        select: { id: true, title: true },
      });
      const participantRows = await tx.meetingParticipant.findMany({
        where: { meetingId },
        orderBy: [{ id: "asc" }],
        select: { user: { select: personSelect } },
      });
      const participants = participantRows.map(({ user }) => {
        const person = personFacts(user);
        return { userId: person.id, name: person.name, position: positionOf(person) };
      });
      const room = readRoomContent(
        doc,
        agenda.map((item) => item.id),
      );
      const merged = mergeRoomIntoRecord(record.content, room, agenda, participants);
      const isChanged = storedContent(merged) !== storedContent(record.content);
      let version = record.version;
      if (isChanged) {
        const { count } = await tx.meetingRecord.updateMany({
          where: { id: record.id, version, status: "DRAFT" },
          data: { content: storedContent(merged), version: { increment: 1 } },
        });
        if (count !== 1) throw await refusalAfterMissedUpdate(tx, record.id);
        version += 1;
      }
      // Also when nothing changed: the room's content (personal data) was read into the record.
      await writeAudit(
        {
          actor,
          action: "record.fromRoom",
          subjectType: "meeting-record",
          subjectId: record.id,
          caseId: inside.caseId,
          details: {
            meetingId,
            version,
            isChanged,
            decisions: room.decisions.length,
            dissents: room.dissents.length,
            skipped: room.skipped,
          },
        },
        { db: tx },
      );
      return { recordId: record.id, version, isStarted: record.isStarted, isChanged, skipped: room.skipped };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw alreadyStarted();
    throw error;
  } finally {
    doc.destroy();
  }
}
