import { randomUUID } from "node:crypto";
import type { DbOrTx, MeetingStatus } from "~/lib/db-types";
import type { Actor } from "../actor";
import { lockMeetingForChange } from "../agenda/lock-meeting";
import { writeAudit } from "../audit/write-audit";
import { parseInput } from "../parse-input";
import { withTransaction } from "../with-transaction";
import { loadRoomSnapshot } from "./get-room-state";
import { RoomCommandEnvelopeSchema, type RoomCommand, type RoomSignal, type RoomState } from "./room-protocol";
import { requireRoomAccess, type RoomAccessFacts } from "./room-access";
import { applyRoomCommand, type RoomStatusChange } from "./room-rules";

export type RunRoomCommandInput = { meetingId: string; command: RoomCommand };

export type RoomCommandResult = {
  /** The person's facts as checked before the command ran. */
  access: RoomAccessFacts;
  state: RoomState;
  /** All signals (the caller sends them to moderators only). */
  signals: RoomSignal[];
  statusChange: RoomStatusChange;
  /** False for a repeat that changed nothing: nothing was written, nothing needs broadcasting. */
  isChanged: boolean;
  isSignalsChanged: boolean;
};

/** Which statuses a status change may come from: a held or cancelled meeting never reopens. */
const STATUS_CHANGE_FROM: Record<Exclude<RoomStatusChange, null>, MeetingStatus[]> = {
  IN_PROGRESS: ["PLANNED"],
  HELD: ["PLANNED", "IN_PROGRESS"],
};

/**
 * Runs one command of the meeting room (decision record 009): the rule (room-rules.ts) decides,
 * and the new state, the meeting's status and the audit row are written in one transaction.
 * The meeting row is locked first, so two commands at the same moment apply one after the
 * other to the state the first one left (PostgreSQL at READ COMMITTED would otherwise let both
 * start from the same version). Access is checked before and again inside the transaction.
 */
export async function runRoomCommand(
  actor: Actor,
  input: RunRoomCommandInput,
  { db, now = new Date(), newId = randomUUID }: { db: DbOrTx; now?: Date; newId?: () => string },
): Promise<RoomCommandResult> {
  const { meetingId, command } = parseInput(RoomCommandEnvelopeSchema, input);
  await requireRoomAccess(actor, meetingId, { db, now });

  return withTransaction(db, async (tx) => {
    await lockMeetingForChange(tx, meetingId);
    const access = await requireRoomAccess(actor, meetingId, { db: tx, now });
    const items = await tx.agendaItem.findMany({
      where: { meetingId },
      orderBy: [{ position: "asc" }, { createdAt: "asc" }],
      select: { id: true },
    });
    const current = await loadRoomSnapshot(tx, meetingId);
    const outcome = applyRoomCommand(current, command, {
      actor: { userId: actor.userId, name: access.name },
      canModerate: access.canModerate,
      canKeepTime: access.canKeepTime,
      agendaItemIds: items.map((i) => i.id),
      meetingStatus: access.status,
      now,
      newId,
    });
    if (!outcome.isChanged) return { access, ...outcome };

    const row = {
      state: JSON.stringify(outcome.state),
      signals: JSON.stringify(outcome.signals),
      version: outcome.state.version,
    };
    await tx.meetingRoom.upsert({ where: { meetingId }, create: { meetingId, ...row }, update: row });
    if (outcome.statusChange) {
      await tx.meeting.updateMany({
        where: { id: meetingId, status: { in: STATUS_CHANGE_FROM[outcome.statusChange] } },
        data: { status: outcome.statusChange },
      });
    }
    // Ids and codes only: what a signal or a hand is about stays out of the audit details.
    await writeAudit(
      {
        actor,
        action: `room.${command.type}`,
        subjectType: "meeting",
        subjectId: meetingId,
        caseId: access.caseId,
        details: {
          version: outcome.state.version,
          ...(command.type === "setCurrentItem" ? { agendaItemId: command.agendaItemId } : {}),
          ...(command.type === "lowerHand" && command.userId ? { userId: command.userId } : {}),
          ...(command.type === "signal" ? { kind: command.kind } : {}),
          ...(command.type === "handleSignal" ? { signalId: command.signalId } : {}),
          ...(outcome.statusChange ? { statusChange: outcome.statusChange } : {}),
        },
      },
      { db: tx },
    );
    return { access, ...outcome };
  });
}
