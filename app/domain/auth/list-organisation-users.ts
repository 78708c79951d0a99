import type { DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { DomainError } from "../errors";

/**
 * An organisation administrator's view of their organisation: its accounts and the staff
 * invitations still waiting. Names and e-mail addresses are personal data, so the read is audited.
 */
export async function listOrganisationUsers(actor: Actor, { db, now = new Date() }: { db: DbOrTx; now?: Date }) {
  const organisationId = actor.isOrgAdmin ? actor.organisationId : null;
  if (!organisationId) throw new DomainError("FORBIDDEN", "error.forbidden");
  const [organisation, users, pendingInvitations] = await Promise.all([
    db.organisation.findUniqueOrThrow({ where: { id: organisationId }, select: { id: true, name: true } }),
    db.user.findMany({
      where: { organisationId },
      orderBy: [{ name: "asc" }, { id: "asc" }],
      select: {
        id: true,
        name: true,
        positionTitle: true,
        email: true,
        isOrgAdmin: true,
        disabledAt: true,
      },
    }),
    db.invitation.findMany({
      where: { kind: "STAFF", organisationId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      orderBy: { createdAt: "desc" },
      select: { id: true, email: true, name: true, positionTitle: true, isOrgAdmin: true, expiresAt: true },
    }),
  ]);
  await writeAudit(
    {
      actor,
      action: "user.list",
      subjectType: "organisation",
      subjectId: organisationId,
      details: { users: users.length, pendingInvitations: pendingInvitations.length },
    },
    { db },
  );
  return { organisation, users, pendingInvitations };
}
