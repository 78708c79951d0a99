import type { Db } from "~/lib/db-types";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";

/** Meetings the actor takes part in that have not ended yet (case and network meetings alike). */
export async function listMyUpcomingMeetings(actor: Actor, { db, now = new Date() }: { db: Db; now?: Date }) {
  // A meeting still counts as upcoming during its first hours; the exact end is checked below.
  const since = new Date(now.getTime() - 12 * 60 * 60 * 1000);
  const rows = await db.meeting.findMany({
    where: {
      startsAt: { gte: since },
      status: { in: ["PLANNED", "IN_PROGRESS"] },
      participants: { some: { userId: actor.userId } },
    },
    orderBy: { startsAt: "asc" },
    take: 50,
    select: {
      id: true,
      kind: true,
      purpose: true,
      startsAt: true,
      durationMinutes: true,
      location: true,
      isOnline: true,
      status: true,
      case: { select: { id: true, caseNumber: true } },
      network: { select: { id: true, name: true } },
      participants: { where: { userId: actor.userId }, select: { meetingRole: true, response: true } },
    },
  });
  const upcoming = rows.filter((m) => m.startsAt.getTime() + m.durationMinutes * 60_000 > now.getTime());
  const caseIds = [...new Set(upcoming.flatMap((m) => (m.case ? [m.case.id] : [])))];
  if (caseIds.length > 0) {
    await writeAudit(
      { actor, action: "meeting.list", subjectType: "meeting", subjectId: "*", details: { count: upcoming.length } },
      { db },
    );
  }
  return upcoming.map(({ participants, ...m }) => ({
    ...m,
    myRole: participants[0]?.meetingRole ?? null,
    myResponse: participants[0]?.response ?? null,
  }));
}
