// The person behind a request, as every service and the policy function see them.
import type { AccountKind } from "~/lib/db-types";

export type Actor = {
  userId: string;
  kind: AccountKind;
  organisationId: string | null;
  isOrgAdmin: boolean;
  isSystemAdmin: boolean;
  isCaseSupervisor: boolean;
};

export function actorFromUser(user: {
  id: string;
  kind: AccountKind;
  organisationId: string | null;
  isOrgAdmin: boolean;
  isSystemAdmin: boolean;
  isCaseSupervisor: boolean;
}): Actor {
  return {
    userId: user.id,
    kind: user.kind,
    organisationId: user.organisationId,
    isOrgAdmin: user.isOrgAdmin,
    isSystemAdmin: user.isSystemAdmin,
    isCaseSupervisor: user.isCaseSupervisor,
  };
}

/** The role written into audit entries. */
export function actorRole(actor: Actor | null): string {
  if (!actor) return "anonymous";
  if (actor.isSystemAdmin) return "system-admin";
  if (actor.isOrgAdmin) return "org-admin";
  return actor.kind === "EXTERNAL" ? "external" : "staff";
}
