// Loader and action of /admin/users: an organisation administrator's users and staff invitations.
import { json, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { createStaffInvitation } from "~/domain/auth/create-staff-invitation";
import { CreateStaffInvitationSchema, RevokeInvitationSchema } from "~/domain/auth/invitation-schemas";
import { listOrganisationUsers } from "~/domain/auth/list-organisation-users";
import { revokeInvitation } from "~/domain/auth/revoke-invitation";
import { formatDate, translate } from "~/i18n";
import { domainErrorResponse, parseForm } from "./forms.server";
import { requireUser } from "./session.server";

/** Signed in, and an administrator of an organisation; anyone else gets 403. */
async function requireOrgAdmin(request: Request, context: AppLoadContext) {
  const { user, actor } = await requireUser(request, context);
  if (!actor.isOrgAdmin || !actor.organisationId) throw new Response("Forbidden", { status: 403 });
  return { user, actor };
}

export async function loadAdminUsers({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireOrgAdmin(request, context);
  const { organisation, users, pendingInvitations } = await listOrganisationUsers(actor, { db: context.services.db });
  return json(
    {
      organisationName: organisation.name,
      users: users.map(({ disabledAt, ...u }) => ({ ...u, isDisabled: disabledAt !== null })),
      pendingInvitations,
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

const AdminUsersActionSchema = z.discriminatedUnion("intent", [
  CreateStaffInvitationSchema.extend({ intent: z.literal("invite") }),
  RevokeInvitationSchema.extend({ intent: z.literal("revoke") }),
]);

export type MailStatus = "sent" | "failed" | "notConfigured";

export async function adminUsersAction({ request, context }: ActionFunctionArgs) {
  const { user, actor } = await requireOrgAdmin(request, context);
  const { db, config, mailer, logger } = context.services;
  const form = await parseForm(request, context, AdminUsersActionSchema);
  if (!form.ok) return form.response;
  try {
    if (form.data.intent === "revoke") {
      await revokeInvitation(actor, form.data, { db });
      return json({ ok: true as const, intent: "revoke" as const, created: null });
    }
    const { token, invitationId, expiresAt } = await createStaffInvitation(actor, form.data, { db });
    const link = `${config.publicUrl}/invite/${token}`;
    let mailStatus: MailStatus = "notConfigured";
    if (mailer.isConfigured) {
      // The invited person's language is not known yet: Estonian, the working language.
      const params = {
        inviter: user.name,
        organisation: user.organisation?.name ?? "",
        link,
        date: formatDate("et", expiresAt),
      };
      try {
        await mailer.send({
          to: form.data.email,
          subject: translate("et", "admin.mail.subject", params),
          text: translate("et", "admin.mail.body", params),
        });
        mailStatus = "sent";
      } catch (error) {
        // The link on screen still works; log only identifiers, never the address.
        logger.warn({ event: "mail.failed", invitationId, err: (error as Error).message }, "invitation e-mail not sent");
        mailStatus = "failed";
      }
    }
    return json({
      ok: true as const,
      intent: "invite" as const,
      created: { email: form.data.email, link, expiresAt: expiresAt.toISOString(), mailStatus },
    });
  } catch (error) {
    return domainErrorResponse(form.formData, error);
  }
}
