import type { AttendanceResponse, CaseRole, ClientParticipation, DbOrTx, MeetingRole, Tx } from "~/lib/db-types";
import { requireMeetingAccess } from "../access/meeting-access";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { DomainError } from "../errors";
import { parseInput } from "../parse-input";
import { isUniqueViolation, withTransaction } from "../with-transaction";
import { lockMeetingForChange } from "../agenda/lock-meeting";
import { storedContent } from "./record-queries";
import { RECORD_SCHEMA_VERSION, StartRecordSchema, type RecordContent, type StartRecordInput } from "./record-schemas";

export type PersonFacts = { id: string; name: string; positionTitle: string | null; organisationName: string | null };

/** What the record is prefilled from: the meeting as prepared. */
export type MeetingForRecord = {
  purpose: string;
  startsAt: Date;
  durationMinutes: number;
  location: string | null;
  isOnline: boolean;
  clientParticipation: ClientParticipation | null;
  caseNumber: string | null;
  clientName: string | null;
  preparer: PersonFacts;
  participants: (PersonFacts & {
    meetingRole: MeetingRole;
    response: AttendanceResponse;
    isRemote: boolean;
    caseRole: CaseRole | null;
  })[];
  agendaTitles: string[];
};

/** "Position, Organisation", as the record shows a person. */
export function positionOf(p: PersonFacts): string {
  return [p.positionTitle, p.organisationName].filter(Boolean).join(", ");
}

/**
 * The first draft of the record (004 §2.3), from the meeting as it was prepared: case number and
 * client, preparer, moderator, participants with their roles and how they take part, time and
 * place, how the client takes part, and the agenda's items as the topics raised. Whoever declined
 * is listed as absent. Everything else is for the case manager to write.
 */
export function initialRecordContent(m: MeetingForRecord): RecordContent {
  const moderator = m.participants.find(
    (p) => p.meetingRole === "MODERATOR" || p.meetingRole === "MODERATOR_AND_MINUTE_TAKER",
  );
  return {
    schemaVersion: RECORD_SCHEMA_VERSION,
    caseNumber: m.caseNumber,
    clientName: m.clientName,
    purpose: m.purpose,
    preparer: { userId: m.preparer.id, name: m.preparer.name, position: positionOf(m.preparer) },
    moderator: moderator ? { userId: moderator.id, name: moderator.name, position: positionOf(moderator) } : null,
    participants: m.participants.map((p) => ({
      userId: p.id,
      name: p.name,
      position: positionOf(p),
      caseRole: p.caseRole,
      meetingRole: p.meetingRole,
      attendance: p.response === "DECLINED" ? "ABSENT" : p.isRemote ? "REMOTE" : "IN_PERSON",
    })),
    time: { startsAt: m.startsAt.toISOString(), durationMinutes: m.durationMinutes },
    place: { location: m.location ?? "", isOnline: m.isOnline },
    goals: [],
    clientParticipationMode: m.clientParticipation,
    clientParticipation: "",
    clientResources: "",
    problemsAgreed: "",
    servicesReceived: "",
    plannedSteps: [],
    dissentingOpinions: [],
    nextMeeting: { startsAt: null, topics: "" },
    topicsRaised: m.agendaTitles.join("\n"),
    closingSummary: { whatBecameClear: "", whatStillNeedsDiscussing: "", beforeNextMeeting: "", firstStep: "" },
  };
}

export const personSelect = {
  id: true,
  name: true,
  positionTitle: true,
  organisation: { select: { name: true } },
} as const;

export function personFacts(u: {
  id: string;
  name: string;
  positionTitle: string | null;
  organisation: { name: string } | null;
}): PersonFacts {
  return { id: u.id, name: u.name, positionTitle: u.positionTitle, organisationName: u.organisation?.name ?? null };
}

/**
 * One query after another, each following at most one relation: inside a transaction on
 * PostgreSQL, sibling relations would be fetched in parallel on the one connection.
 */
async function loadMeetingForRecord(tx: DbOrTx, meetingId: string): Promise<MeetingForRecord> {
  const meeting = await tx.meeting.findUniqueOrThrow({
    where: { id: meetingId },
    select: {
      purpose: true,
      startsAt: true,
      durationMinutes: true,
      location: true,
      isOnline: true,
      clientParticipation: true,
      caseId: true,
      createdById: true,
    },
  });
  const participants = await tx.meetingParticipant.findMany({
    where: { meetingId },
    orderBy: [{ id: "asc" }],
    select: { meetingRole: true, response: true, isRemote: true, user: { select: personSelect } },
  });
  const agendaItems = await tx.agendaItem.findMany({
    where: { meetingId },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    select: { title: true },
  });
  const theCase = meeting.caseId
    ? await tx.case.findUniqueOrThrow({
        where: { id: meeting.caseId },
        select: { caseNumber: true, clientId: true, caseManagerId: true },
      })
    : null;
  const client = theCase
    ? await tx.client.findUniqueOrThrow({
        where: { id: theCase.clientId },
        select: { firstName: true, lastName: true },
      })
    : null;
  const members = meeting.caseId
    ? await tx.caseMember.findMany({
        where: { caseId: meeting.caseId, removedAt: null },
        select: { userId: true, role: true },
      })
    : [];
  // The preparer: the case manager of the case; for a network meeting, whoever prepared it.
  const preparer = await tx.user.findUniqueOrThrow({
    where: { id: theCase?.caseManagerId ?? meeting.createdById },
    select: personSelect,
  });

  const roleOf = new Map(members.map((m) => [m.userId, m.role]));
  // The moderator first, then the other roles, then everyone else (a stable sort keeps the rest in order).
  const roleOrder: MeetingRole[] = [
    "MODERATOR_AND_MINUTE_TAKER",
    "MODERATOR",
    "MINUTE_TAKER",
    "TIMEKEEPER",
    "PARTICIPANT",
  ];
  const ordered = [...participants].sort((a, b) => roleOrder.indexOf(a.meetingRole) - roleOrder.indexOf(b.meetingRole));
  return {
    purpose: meeting.purpose,
    startsAt: meeting.startsAt,
    durationMinutes: meeting.durationMinutes,
    location: meeting.location,
    isOnline: meeting.isOnline,
    clientParticipation: meeting.clientParticipation,
    caseNumber: theCase?.caseNumber ?? null,
    clientName: client ? `${client.firstName} ${client.lastName}` : null,
    preparer: personFacts(preparer),
    participants: ordered.map((p) => ({
      ...personFacts(p.user),
      meetingRole: p.meetingRole,
      response: p.response,
      isRemote: p.isRemote,
      caseRole: roleOf.get(p.user.id) ?? null,
    })),
    agendaTitles: agendaItems.map((i) => i.title),
  };
}

export const alreadyStarted = () => new DomainError("CONFLICT", "records.alreadyStarted");

/**
 * Inside the caller's transaction, after its access and state checks (and with the meeting
 * locked): the record's first draft, prefilled from the meeting, and its audit row. Shared by
 * starting the record and producing it from the meeting room.
 */
export async function insertStartedRecord(
  tx: Tx,
  actor: Actor,
  { meetingId, caseId, now }: { meetingId: string; caseId: string | null; now: Date },
): Promise<{ id: string; version: number; content: RecordContent }> {
  const content = initialRecordContent(await loadMeetingForRecord(tx, meetingId));
  const record = await tx.meetingRecord.create({
    data: { meetingId, content: storedContent(content), createdAt: now },
  });
  await writeAudit(
    {
      actor,
      action: "record.start",
      subjectType: "meeting-record",
      subjectId: record.id,
      caseId,
      details: { meetingId },
    },
    { db: tx },
  );
  return { id: record.id, version: record.version, content };
}

/**
 * The case manager starts the meeting's record: one per meeting, prefilled from the meeting.
 * A cancelled meeting has nothing to record.
 */
export async function startRecord(
  actor: Actor,
  input: StartRecordInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<{ recordId: string; version: number }> {
  const { meetingId } = parseInput(StartRecordSchema, input);
  const facts = await requireMeetingAccess(actor, "manage", meetingId, { db, now });
  if (facts.status === "CANCELLED") throw new DomainError("INVALID_STATE", "records.meetingCancelled");
  if (await db.meetingRecord.findUnique({ where: { meetingId }, select: { id: true } })) throw alreadyStarted();

  try {
    return await withTransaction(db, async (tx) => {
      await lockMeetingForChange(tx, meetingId);
      const inside = await requireMeetingAccess(actor, "manage", meetingId, { db: tx, now });
      if (inside.status === "CANCELLED") throw new DomainError("INVALID_STATE", "records.meetingCancelled");
      if (await tx.meetingRecord.findUnique({ where: { meetingId }, select: { id: true } })) throw alreadyStarted();
      const record = await insertStartedRecord(tx, actor, { meetingId, caseId: inside.caseId, now });
      return { recordId: record.id, version: record.version };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw alreadyStarted();
    throw error;
  }
}
