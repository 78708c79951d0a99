import type { DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { INITIAL_ROOM_STATE, RoomSignalSchema, RoomStateSchema, type RoomSignal } from "./room-protocol";
import { requireRoomAccess, type RoomAccessFacts } from "./room-access";
import type { RoomSnapshot } from "./room-rules";

/**
 * The stored run-state of a meeting's room; the initial state while nobody has changed it yet.
 * Both columns are JSON and parsed here (style rule 7). A state that does not parse is a fault
 * of ours and throws, rather than silently restarting a meeting; a signal that does not parse is
 * left out.
 */
export async function loadRoomSnapshot(db: DbOrTx, meetingId: string): Promise<RoomSnapshot> {
  const row = await db.meetingRoom.findUnique({ where: { meetingId }, select: { state: true, signals: true } });
  if (!row) return { state: INITIAL_ROOM_STATE, signals: [] };
  const state = RoomStateSchema.parse(JSON.parse(row.state));
  const stored: unknown = JSON.parse(row.signals);
  const signals = (Array.isArray(stored) ? stored : []).flatMap((entry: unknown) => {
    const parsed = RoomSignalSchema.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
  return { state, signals };
}

export type RoomView = {
  access: RoomAccessFacts;
  state: RoomSnapshot["state"];
  /** The participants' signals: for moderators only, empty for everyone else. */
  signals: RoomSignal[];
};

/** Entering the room: the person's facts in it and the current run-state. The look is audited. */
export async function getRoomState(
  actor: Actor,
  meetingId: string,
  { db, now }: { db: DbOrTx; now?: Date },
): Promise<RoomView> {
  const access = await requireRoomAccess(actor, meetingId, { db, now });
  const { state, signals } = await loadRoomSnapshot(db, meetingId);
  await writeAudit(
    { actor, action: "room.enter", subjectType: "meeting", subjectId: meetingId, caseId: access.caseId },
    { db },
  );
  return { access, state, signals: access.canModerate ? signals : [] };
}
