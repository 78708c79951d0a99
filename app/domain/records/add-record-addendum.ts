import type { DbOrTx } from "~/lib/db-types";
import { requireMeetingAccess } from "../access/meeting-access";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { DomainError } from "../errors";
import { parseInput } from "../parse-input";
import { withTransaction } from "../with-transaction";
import { lockMeetingForChange } from "../agenda/lock-meeting";
import { addendumHash } from "./addendum-hash";
import { findRecordRow, notStarted } from "./record-queries";
import { AddRecordAddendumSchema, type AddRecordAddendumInput } from "./record-schemas";

function requireApproved(record: { status: string; contentHash: string | null }): string {
  if (record.status !== "APPROVED" || !record.contentHash) {
    throw new DomainError("INVALID_STATE", "records.addendumNeedsApproval");
  }
  return record.contentHash;
}

/**
 * A correction or addition to an approved record (signed documents do not change: a change is
 * a new, sealed piece). Shown as an addendum with its date; never updated. Its hash chains to
 * the previous addendum, or to the record for the first; the meeting lock keeps the chain linear.
 */
export async function addRecordAddendum(
  actor: Actor,
  input: AddRecordAddendumInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<{ addendumId: string; contentHash: string }> {
  const data = parseInput(AddRecordAddendumSchema, input);
  await requireMeetingAccess(actor, "manage", data.meetingId, { db, now });
  const record = await findRecordRow(db, data.meetingId);
  if (!record) throw notStarted();
  requireApproved(record);

  return withTransaction(db, async (tx) => {
    await lockMeetingForChange(tx, data.meetingId);
    const facts = await requireMeetingAccess(actor, "manage", data.meetingId, { db: tx, now });
    const current = await findRecordRow(tx, data.meetingId);
    if (!current) throw notStarted();
    const recordHash = requireApproved(current);
    const previous = await tx.recordAddendum.findFirst({
      where: { recordId: current.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { contentHash: true, createdAt: true },
    });
    // Strictly after the previous one, so that the order of the chain is the order of time.
    const createdAt = previous && previous.createdAt >= now ? new Date(previous.createdAt.getTime() + 1) : now;
    const hash = addendumHash(
      { text: data.text, authorId: actor.userId, createdAt },
      recordHash,
      previous?.contentHash ?? recordHash,
    );
    const addendum = await tx.recordAddendum.create({
      data: { recordId: current.id, authorId: actor.userId, text: data.text, contentHash: hash, createdAt },
    });
    await writeAudit(
      {
        actor,
        action: "record.addendum",
        subjectType: "meeting-record",
        subjectId: current.id,
        caseId: facts.caseId,
        details: { meetingId: data.meetingId, addendumId: addendum.id, contentHash: hash },
      },
      { db: tx },
    );
    return { addendumId: addendum.id, contentHash: hash };
  });
}
