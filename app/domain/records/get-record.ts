import type { DbOrTx } from "~/lib/db-types";
import { requireCaseAccess } from "../access/load-case-access";
import { canOnMeeting, requireMeetingAccess } from "../access/meeting-access";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { inSequence } from "../team/team-queries";
import { parseMeetingId } from "../agenda/agenda-schemas";
import { notStarted } from "./record-queries";
import { parseRecordContent } from "./record-schemas";

/**
 * The meeting record as the team sees it (anyone who may read the meeting): the content, its
 * status, who approved it and the seal, the comments and the addenda, and what the reader may
 * do with it. `purpose` names the audit entry: reading the page, or downloading the PDF.
 */
export async function getRecord(
  actor: Actor,
  meetingId: string,
  { db, now = new Date(), purpose = "page" }: { db: DbOrTx; now?: Date; purpose?: "page" | "pdf" },
) {
  const id = parseMeetingId(meetingId);
  const facts = await requireMeetingAccess(actor, "read", id, { db, now });
  const [meeting, record, participants] = await inSequence([
    db.meeting.findUniqueOrThrow({
      where: { id },
      select: {
        id: true,
        kind: true,
        status: true,
        purpose: true,
        startsAt: true,
        durationMinutes: true,
        location: true,
        isOnline: true,
        case: { select: { id: true, caseNumber: true } },
        network: { select: { id: true, name: true } },
      },
    }),
    db.meetingRecord.findUnique({
      where: { meetingId: id },
      include: {
        comments: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
        addenda: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
      },
    }),
    db.meetingParticipant.findMany({
      where: { meetingId: id },
      orderBy: [{ id: "asc" }],
      select: { userId: true, meetingRole: true, user: { select: { name: true, positionTitle: true } } },
    }),
  ]);

  const userIds = new Set<string>();
  if (record?.approvedById) userIds.add(record.approvedById);
  for (const c of record?.comments ?? []) userIds.add(c.authorId);
  for (const a of record?.addenda ?? []) userIds.add(a.authorId);
  const people = userIds.size
    ? await db.user.findMany({
        where: { id: { in: [...userIds] } },
        select: { id: true, name: true, positionTitle: true },
      })
    : [];
  const personOf = (userId: string | null) => {
    const p = userId ? people.find((x) => x.id === userId) : undefined;
    return p ? { name: p.name, positionTitle: p.positionTitle } : null;
  };

  await writeAudit(
    {
      actor,
      action: purpose === "pdf" ? "record.pdf" : "record.read",
      subjectType: record ? "meeting-record" : "meeting",
      subjectId: record?.id ?? id,
      caseId: facts.caseId,
      details: { meetingId: id },
    },
    { db },
  );

  const canManage = canOnMeeting(actor, "manage", facts);
  const isEditable = record !== null && record.status !== "APPROVED";
  const isCommentOpen =
    record?.status === "IN_COMMENT" && record.commentUntil !== null && now.getTime() <= record.commentUntil.getTime();
  return {
    meeting: {
      id: meeting.id,
      kind: meeting.kind,
      status: meeting.status,
      purpose: meeting.purpose,
      startsAt: meeting.startsAt,
      durationMinutes: meeting.durationMinutes,
      location: meeting.location,
      isOnline: meeting.isOnline,
      caseId: meeting.case?.id ?? null,
      caseNumber: meeting.case?.caseNumber ?? null,
      networkName: meeting.network?.name ?? null,
    },
    record: record
      ? {
          id: record.id,
          status: record.status,
          version: record.version,
          content: parseRecordContent(record.content),
          commentUntil: record.commentUntil,
          approvedAt: record.approvedAt,
          approvedBy: personOf(record.approvedById),
          contentHash: record.contentHash,
          createdAt: record.createdAt,
          updatedAt: record.updatedAt,
          comments: record.comments.map((c) => ({
            id: c.id,
            text: c.text,
            createdAt: c.createdAt,
            author: personOf(c.authorId),
            isYours: c.authorId === actor.userId,
          })),
          addenda: record.addenda.map((a) => ({
            id: a.id,
            text: a.text,
            createdAt: a.createdAt,
            author: personOf(a.authorId),
            contentHash: a.contentHash,
          })),
        }
      : null,
    /** The meeting's participants: whom a planned step or a dissent can name. */
    participants: participants.map((p) => ({
      userId: p.userId,
      name: p.user.name,
      positionTitle: p.user.positionTitle,
      meetingRole: p.meetingRole,
    })),
    permissions: {
      canManage,
      canStart: canManage && record === null && meeting.status !== "CANCELLED",
      /** Take over what the meeting room wrote (record-from-room.ts): once the meeting has begun, into a draft. */
      canTakeOverFromRoom:
        canManage &&
        (meeting.status === "IN_PROGRESS" || meeting.status === "HELD") &&
        (record === null || record.status === "DRAFT"),
      canEdit: canManage && isEditable,
      canOpenForComment: canManage && record?.status === "DRAFT",
      canApprove: canManage && isEditable,
      canComment: isCommentOpen && facts.participant !== null,
      canAddAddendum: canManage && record?.status === "APPROVED",
      canPlanNext: canManage && meeting.case !== null && meeting.status !== "CANCELLED",
    },
  };
}

export type RecordView = Awaited<ReturnType<typeof getRecord>>;

/**
 * The approved records of a case in the shape the client's own view shows them, in plain
 * language (Social Welfare Act §35): what was agreed, who does what by when, the dissenting
 * opinions, the next meeting, and any addenda. Only approved records: a draft is not yet what
 * was agreed. No access check and no audit: for callers that have done both (getClientView).
 */
export async function listApprovedRecordsForClient(
  caseId: string,
  { db, viewerUserId }: { db: DbOrTx; viewerUserId: string | null },
) {
  const rows = await db.meetingRecord.findMany({
    where: { status: "APPROVED", meeting: { caseId, kind: "CASE" } },
    orderBy: [{ approvedAt: "desc" }, { id: "asc" }],
    select: {
      id: true,
      approvedAt: true,
      meeting: { select: { id: true, purpose: true, startsAt: true } },
      content: true,
      addenda: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, text: true, createdAt: true } },
    },
  });
  return rows.map((row) => {
    const content = parseRecordContent(row.content);
    return {
      recordId: row.id,
      meetingId: row.meeting.id,
      meetingPurpose: row.meeting.purpose,
      meetingStartsAt: row.meeting.startsAt,
      approvedAt: row.approvedAt as Date,
      goals: content.goals.map((g) => ({
        id: g.id,
        text: g.text,
        agreedByClient: g.agreedByClient,
        reached: g.reached,
      })),
      plannedSteps: content.plannedSteps.map((s) => ({
        id: s.id,
        text: s.text,
        responsibleName: s.responsible?.name ?? null,
        responsiblePosition: s.responsible?.position || null,
        isYours: viewerUserId !== null && s.responsible?.userId === viewerUserId,
        deadline: s.deadline,
        nextStep: s.nextStep || null,
      })),
      dissentingOpinions: content.dissentingOpinions.map((d) => ({
        id: d.id,
        authorName: d.authorName,
        isYours: viewerUserId !== null && d.authorUserId === viewerUserId,
        about: d.about || null,
        text: d.text,
      })),
      nextMeeting: content.nextMeeting,
      closingSummary: content.closingSummary,
      addenda: row.addenda,
    };
  });
}

export type ClientRecord = Awaited<ReturnType<typeof listApprovedRecordsForClient>>[number];

/** The approved records of a case for the client's own view, on its own (checked and audited). */
export async function getRecordForClient(
  actor: Actor,
  caseId: string,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
) {
  await requireCaseAccess(actor, "case.readClientView", caseId, { db, now });
  const records = await listApprovedRecordsForClient(caseId, { db, viewerUserId: actor.userId });
  await writeAudit(
    {
      actor,
      action: "record.readClientView",
      subjectType: "case",
      subjectId: caseId,
      caseId,
      details: { records: records.length },
    },
    { db },
  );
  return records;
}

/**
 * The stored content, for a change the case manager is about to make (the form's fields are
 * read against it). Not audited as a read: the change that follows is.
 */
export async function getRecordContentForChange(
  actor: Actor,
  meetingId: string,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
) {
  const id = parseMeetingId(meetingId);
  await requireMeetingAccess(actor, "manage", id, { db, now });
  const record = await db.meetingRecord.findUnique({ where: { meetingId: id }, select: { content: true } });
  if (!record) throw notStarted();
  return parseRecordContent(record.content);
}
