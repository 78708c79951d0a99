// Loader and action of the team and consent page (/cases/:caseId/team), kept out of the route
// module so that server code never reaches the browser bundle.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { CONSENT_REQUIRED_ROLES } from "~/domain/access/policy";
import { createExternalInvitation } from "~/domain/auth/create-external-invitation";
import {
  CreateExternalInvitationSchema,
  INVITABLE_CASE_ROLES,
  RevokeInvitationSchema,
} from "~/domain/auth/invitation-schemas";
import { revokeInvitation } from "~/domain/auth/revoke-invitation";
import { DomainError } from "~/domain/errors";
import { addCaseMember } from "~/domain/team/add-case-member";
import { requiresConsent } from "~/domain/team/consent-rules";
import { findStaffForTeam, type StaffCandidate } from "~/domain/team/find-staff-for-team";
import { listCaseTeam } from "~/domain/team/list-case-team";
import { recordConsent } from "~/domain/team/record-consent";
import { removeCaseMember } from "~/domain/team/remove-case-member";
import { setClientViewPermission } from "~/domain/team/set-client-view-permission";
import {
  ADDABLE_MEMBER_ROLES,
  AddCaseMemberFormSchema,
  CONSENT_FORMS,
  FindStaffSchema,
  RecordConsentFormSchema,
  RemoveCaseMemberSchema,
  SetClientViewPermissionSchema,
  WithdrawConsentSchema,
  consentFromFields,
} from "~/domain/team/team-schemas";
import { withdrawConsent } from "~/domain/team/withdraw-consent";
import { formatDate, translate } from "~/i18n";
import { parseForm } from "./forms.server";
import { requireUser } from "./session.server";
import { actionErrorResponse, endLiveConnections, requireCaseIdParam, toLoaderResponse } from "./team-http.server";

const PRIVATE_HEADERS = { "Cache-Control": "no-store" };

export async function loadTeamPage({ request, params, context }: LoaderFunctionArgs) {
  const caseId = requireCaseIdParam(params);
  const { actor } = await requireUser(request, context);
  const { db } = context.services;
  let team;
  try {
    team = await listCaseTeam(actor, caseId, { db });
  } catch (error) {
    throw toLoaderResponse(error);
  }

  // The staff search is a GET (?q=), so its results can be linked and reloaded.
  const query = new URL(request.url).searchParams.get("q");
  let search: { query: string; results: StaffCandidate[]; error: string | null } | null = null;
  if (query !== null && team.permissions.canAddMember) {
    const parsed = FindStaffSchema.safeParse({ query });
    search = parsed.success
      ? { query, results: await findStaffForTeam(actor, parsed.data, { db }), error: null }
      : { query, results: [], error: parsed.error.issues[0]?.message ?? "form.required" };
  }

  return json(
    {
      team,
      search,
      options: {
        addableRoles: [...ADDABLE_MEMBER_ROLES],
        invitableRoles: [...INVITABLE_CASE_ROLES],
        consentForms: [...CONSENT_FORMS],
        consentRequiredRoles: [...CONSENT_REQUIRED_ROLES],
      },
    },
    { headers: PRIVATE_HEADERS },
  );
}

const TeamActionSchema = z.discriminatedUnion("intent", [
  AddCaseMemberFormSchema.extend({ intent: z.literal("add") }),
  CreateExternalInvitationSchema.omit({ caseId: true }).extend({ intent: z.literal("invite") }),
  RecordConsentFormSchema.extend({ intent: z.literal("recordConsent") }),
  WithdrawConsentSchema.extend({ intent: z.literal("withdrawConsent") }),
  RemoveCaseMemberSchema.omit({ caseId: true }).extend({ intent: z.literal("removeMember") }),
  SetClientViewPermissionSchema.omit({ caseId: true }).extend({ intent: z.literal("setClientViewPermission") }),
  RevokeInvitationSchema.extend({ intent: z.literal("revokeInvitation") }),
]);

export type MailStatus = "sent" | "failed" | "notConfigured" | "noAddress";

export async function teamAction({ request, params, context }: ActionFunctionArgs) {
  const caseId = requireCaseIdParam(params);
  const { user, actor } = await requireUser(request, context);
  const { db, config, mailer, logger } = context.services;
  const form = await parseForm(request, context, TeamActionSchema);
  if (!form.ok) return form.response;
  const data = form.data;
  try {
    switch (data.intent) {
      case "add": {
        // The consent fieldset counts only for a role that needs consent; a role switched after
        // filling it in must not carry a consent nobody meant to record.
        const consent = requiresConsent(data.role) ? consentFromFields(data) : null;
        await addCaseMember(
          actor,
          {
            caseId,
            userId: data.userId,
            role: data.role,
            hasClientViewPermission: data.hasClientViewPermission,
            consent,
          },
          { db },
        );
        return json({ ok: true as const, intent: data.intent, created: null });
      }
      case "invite": {
        const { token, invitationId, expiresAt } = await createExternalInvitation(actor, { ...data, caseId }, { db });
        const link = `${config.publicUrl}/invite/${token}`;
        let mailStatus: MailStatus = data.email ? "notConfigured" : "noAddress";
        if (data.email && mailer.isConfigured) {
          // The invited person's language is not known yet: Estonian, the working language.
          const params = {
            inviter: user.name,
            organisation: user.organisation?.name ?? "",
            link,
            date: formatDate("et", expiresAt),
          };
          try {
            await mailer.send({
              to: data.email,
              subject: translate("et", "team.mail.subject", params),
              text: translate("et", "team.mail.body", params),
            });
            mailStatus = "sent";
          } catch (error) {
            // The link on screen still works; log only identifiers, never the address.
            logger.warn(
              { event: "mail.failed", invitationId, err: (error as Error).message },
              "invitation e-mail not sent",
            );
            mailStatus = "failed";
          }
        }
        return json({
          ok: true as const,
          intent: data.intent,
          created: { name: data.name, link, expiresAt: expiresAt.toISOString(), mailStatus },
        });
      }
      case "recordConsent": {
        const consent = consentFromFields(data);
        if (!consent) {
          const missing = new DomainError("VALIDATION", "team.consentRequired", {
            fieldErrors: {
              consentForm: "form.required",
              consentScope: "form.required",
              consentGivenAt: "form.required",
            },
          });
          return actionErrorResponse(form.formData, missing);
        }
        await recordConsent(actor, { caseId, recipientUserId: data.recipientUserId, ...consent }, { db });
        return json({ ok: true as const, intent: data.intent, created: null });
      }
      case "withdrawConsent": {
        const { affectedUserId } = await withdrawConsent(actor, data, { db });
        endLiveConnections(context, affectedUserId);
        return json({ ok: true as const, intent: data.intent, created: null });
      }
      case "removeMember": {
        const { affectedUserId } = await removeCaseMember(actor, { ...data, caseId }, { db });
        endLiveConnections(context, affectedUserId);
        return json({ ok: true as const, intent: data.intent, created: null });
      }
      case "setClientViewPermission": {
        const { affectedUserId, isChanged } = await setClientViewPermission(actor, { ...data, caseId }, { db });
        if (isChanged && !data.hasClientViewPermission) endLiveConnections(context, affectedUserId);
        return json({ ok: true as const, intent: data.intent, created: null });
      }
      case "revokeInvitation": {
        await revokeInvitation(actor, data, { db });
        return json({ ok: true as const, intent: data.intent, created: null });
      }
    }
  } catch (error) {
    return actionErrorResponse(form.formData, error);
  }
}
