import type { DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { requireCaseAccess } from "../access/load-case-access";
import { writeAudit } from "../audit/write-audit";
import { DomainError } from "../errors";
import { parseInput } from "../parse-input";
import { withTransaction } from "../with-transaction";
import { requireConsentAuthorityEvenIfClosed } from "./team-queries";
import {
  CLIENT_VIEW_PERMISSION_ROLES,
  SetClientViewPermissionSchema,
  type SetClientViewPermissionInput,
} from "./team-schemas";

/**
 * The client lets their advocate or a close person see the client's own view, or takes that back
 * (Social Welfare Act §35: the client's documents are the client's to show). Their legal
 * representative may do it for them, and the case manager may record the client's wish. Granting
 * needs an open case; taking back works on a closed one too.
 *
 * Returns the member's user, so the caller can end their open connections after a revocation.
 */
export async function setClientViewPermission(
  actor: Actor,
  input: SetClientViewPermissionInput,
  { db, now = new Date() }: { db: DbOrTx; now?: Date },
): Promise<{ affectedUserId: string; isChanged: boolean }> {
  const data = parseInput(SetClientViewPermissionSchema, input);

  return withTransaction(db, async (tx) => {
    if (data.hasClientViewPermission) {
      await requireCaseAccess(actor, "case.recordConsent", data.caseId, { db: tx, now });
    } else {
      await requireConsentAuthorityEvenIfClosed(actor, data.caseId, { db: tx, now });
    }
    const member = await tx.caseMember.findFirst({
      where: { id: data.memberId, caseId: data.caseId, removedAt: null },
      select: { id: true, userId: true, role: true, hasClientViewPermission: true },
    });
    if (!member) throw new DomainError("NOT_FOUND", "team.memberNotFound");
    if (!(CLIENT_VIEW_PERMISSION_ROLES as readonly string[]).includes(member.role)) {
      throw new DomainError("VALIDATION", "team.clientViewOnlyForAdvocate");
    }
    if (member.hasClientViewPermission === data.hasClientViewPermission) {
      return { affectedUserId: member.userId, isChanged: false };
    }
    await tx.caseMember.update({
      where: { id: member.id },
      data: { hasClientViewPermission: data.hasClientViewPermission },
    });
    await writeAudit(
      {
        actor,
        action: "case.member.clientViewPermission",
        subjectType: "case-member",
        subjectId: member.id,
        caseId: data.caseId,
        details: { userId: member.userId, hasClientViewPermission: data.hasClientViewPermission },
      },
      { db: tx },
    );
    return { affectedUserId: member.userId, isChanged: true };
  });
}
