import type { DbOrTx } from "~/lib/db-types";
import { writeAudit } from "../audit/write-audit";
import { withTransaction } from "../with-transaction";
import { invitationExpiresAt } from "./invitation-rules";
import { createToken, hashToken } from "./tokens";

/**
 * The one-time link printed at the first start of a production deployment with no users. Each
 * start prints a fresh link and revokes the earlier unused ones, so only the newest works.
 */
export async function createSetupInvitation({ db, now = new Date() }: { db: DbOrTx; now?: Date }): Promise<{
  token: string;
}> {
  const token = createToken();
  await withTransaction(db, async (tx) => {
    const revoked = await tx.invitation.updateMany({
      where: { kind: "SETUP", acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    const invitation = await tx.invitation.create({
      data: {
        kind: "SETUP",
        tokenHash: hashToken(token),
        isOrgAdmin: true,
        expiresAt: invitationExpiresAt("SETUP", now),
      },
    });
    await writeAudit(
      {
        actor: null,
        action: "invitation.create",
        subjectType: "invitation",
        subjectId: invitation.id,
        details: { kind: "SETUP", revokedEarlier: revoked.count },
      },
      { db: tx },
    );
  });
  return { token };
}
