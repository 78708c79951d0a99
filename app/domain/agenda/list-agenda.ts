import type { DbOrTx } from "~/lib/db-types";
import { canOnMeeting, requireMeetingAccess } from "../access/meeting-access";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { inSequence } from "../team/team-queries";
import { isAgendaOpen } from "./agenda-access";
import { agendaFit, agendaTotal } from "./agenda-rules";
import { parseMeetingId } from "./agenda-schemas";

type PersonRow = { id: string; name: string; positionTitle: string | null };

/**
 * The agenda as everyone who may read the meeting sees it: items in order with their owner and
 * who changed them last, the total of the time boxes against the meeting's length, and whether
 * the reader may change it. The read is audited (titles are case data).
 */
export async function listAgenda(
  actor: Actor,
  meetingId: string,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
) {
  const id = parseMeetingId(meetingId);
  const facts = await requireMeetingAccess(actor, "read", id, { db, now });
  const [meeting, items, participants] = await inSequence([
    db.meeting.findUniqueOrThrow({ where: { id }, select: { id: true, status: true, durationMinutes: true } }),
    db.agendaItem.findMany({
      where: { meetingId: id },
      orderBy: [{ position: "asc" }, { createdAt: "asc" }, { id: "asc" }],
      select: {
        id: true,
        position: true,
        title: true,
        durationMinutes: true,
        ownerUserId: true,
        updatedById: true,
        updatedAt: true,
        version: true,
      },
    }),
    db.meetingParticipant.findMany({
      where: { meetingId: id },
      orderBy: [{ id: "asc" }],
      select: { userId: true, meetingRole: true, user: { select: { id: true, name: true, positionTitle: true } } },
    }),
  ]);
  // Owners are participants; an editor may be someone who has since left the meeting.
  const people = new Map<string, PersonRow>(participants.map((p) => [p.user.id, p.user]));
  const missing = [...new Set(items.map((i) => i.updatedById))].filter((u) => !people.has(u));
  if (missing.length > 0) {
    const rows = await db.user.findMany({
      where: { id: { in: missing } },
      select: { id: true, name: true, positionTitle: true },
    });
    for (const row of rows) people.set(row.id, row);
  }
  const person = (userId: string | null) => {
    const p = userId ? people.get(userId) : undefined;
    return p ? { userId: p.id, name: p.name, positionTitle: p.positionTitle } : null;
  };

  await writeAudit(
    { actor, action: "agenda.read", subjectType: "meeting", subjectId: id, caseId: facts.caseId },
    { db },
  );

  const totalMinutes = agendaTotal(items);
  const isOpen = isAgendaOpen(meeting.status);
  const canEdit = canOnMeeting(actor, "agenda", facts) && isOpen;
  return {
    meetingId: id,
    meetingMinutes: meeting.durationMinutes,
    totalMinutes,
    remainingMinutes: meeting.durationMinutes - totalMinutes,
    fit: agendaFit(totalMinutes, meeting.durationMinutes),
    /** Planned or under way: the agenda can still change (by those invited). */
    isOpen,
    canEdit,
    items: items.map((item, index) => ({
      id: item.id,
      number: index + 1,
      title: item.title,
      durationMinutes: item.durationMinutes,
      version: item.version,
      owner: person(item.ownerUserId),
      updatedBy: person(item.updatedById),
      updatedAt: item.updatedAt,
      isFirst: index === 0,
      isLast: index === items.length - 1,
    })),
    /** Who may own an item: the meeting's participants. */
    ownerOptions: participants.map((p) => ({
      userId: p.user.id,
      name: p.user.name,
      positionTitle: p.user.positionTitle,
      meetingRole: p.meetingRole,
    })),
  };
}

export type AgendaView = Awaited<ReturnType<typeof listAgenda>>;
