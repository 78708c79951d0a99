import type { DbOrTx } from "~/lib/db-types";

/** Meeting statuses that still lie ahead of the team. */
export const OPEN_MEETING_STATUSES = ["PLANNED", "IN_PROGRESS"] as const;

export type OpenItem = {
  kind: "meeting";
  id: string;
  title: string;
  at: Date;
  status: (typeof OPEN_MEETING_STATUSES)[number];
};

/**
 * What is still open on a case: a case should not close with work in flight unless the reason is
 * recorded (issue 3). Today these are meetings planned or under way.
 */
export async function findOpenItems(caseId: string, { db }: { db: DbOrTx }): Promise<OpenItem[]> {
  const meetings = await db.meeting.findMany({
    where: { caseId, status: { in: [...OPEN_MEETING_STATUSES] } },
    orderBy: { startsAt: "asc" },
    select: { id: true, purpose: true, startsAt: true, status: true },
  });
  // Case plan activities not yet done join here when the case plan exists (004 §3.4).
  return meetings.map((m) => ({
    kind: "meeting" as const,
    id: m.id,
    title: m.purpose,
    at: m.startsAt,
    status: m.status as OpenItem["status"],
  }));
}
