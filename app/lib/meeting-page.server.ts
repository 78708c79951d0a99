// Loader and action of a meeting's preparation page (/meetings/:meetingId): the meeting, the
// participants and their answers, the invitations, and each participant's own response.
//
// The loader returns a plain object (loadMeetingPage); the route wraps it in json(), so other
// parts of the page (the agenda) can add their own data next to it without touching this one.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { CONSENT_REQUIRED_ROLES } from "~/domain/access/policy";
import { CreateExternalInvitationSchema, INVITABLE_CASE_ROLES } from "~/domain/auth/invitation-schemas";
import { getMeetingForPreparation } from "~/domain/meetings/get-meeting";
import { inviteToMeetingByLink } from "~/domain/meetings/invite-to-meeting";
import { meetingPageUrl } from "~/domain/meetings/meeting-calendar";
import { RespondToMeetingSchema } from "~/domain/meetings/meeting-schemas";
import { respondToMeeting } from "~/domain/meetings/respond-to-meeting";
import { sendMeetingInvitations } from "~/domain/meetings/send-invitations";
import { CONSENT_FORMS } from "~/domain/team/team-schemas";
import { orErrorPage } from "./cases-http.server";
import { parseForm } from "./forms.server";
import { logMailFailures, requireMeetingIdParam } from "./meetings.server";
import { requireUser } from "./session.server";
import { actionErrorResponse } from "./team-http.server";

export const MEETING_DONE_MESSAGES = ["created", "rescheduled", "cancelled"] as const;

const CountSchema = z.coerce.number().int().min(0).max(1000).catch(0);

/** ?done=…&sent=…&failed=… after a redirect: what the page confirms. */
function doneFrom(url: URL) {
  const done = MEETING_DONE_MESSAGES.find((d) => d === url.searchParams.get("done")) ?? null;
  if (!done) return null;
  const hasMail = url.searchParams.has("sent") || url.searchParams.get("mail") === "off";
  return {
    message: done,
    mail: hasMail
      ? {
          isConfigured: url.searchParams.get("mail") !== "off",
          sent: CountSchema.parse(url.searchParams.get("sent")),
          failed: CountSchema.parse(url.searchParams.get("failed")),
          notMailed: CountSchema.parse(url.searchParams.get("notMailed")),
        }
      : null,
  };
}

export async function loadMeetingPage({ request, params, context }: LoaderFunctionArgs) {
  const meetingId = requireMeetingIdParam(params);
  const { actor } = await requireUser(request, context);
  const { db, mailer, config } = context.services;
  const view = await orErrorPage(() => getMeetingForPreparation(actor, meetingId, { db }));
  return {
    view,
    meetingUrl: meetingPageUrl(meetingId, config.publicUrl),
    isMailConfigured: mailer.isConfigured,
    done: doneFrom(new URL(request.url)),
    inviteOptions: view.permissions.canManage
      ? {
          invitableRoles: [...INVITABLE_CASE_ROLES],
          consentForms: [...CONSENT_FORMS],
          consentRequiredRoles: [...CONSENT_REQUIRED_ROLES],
        }
      : null,
  };
}

const MeetingPageActionSchema = z.discriminatedUnion("intent", [
  RespondToMeetingSchema.omit({ meetingId: true }).extend({ intent: z.literal("respond") }),
  z.object({ intent: z.literal("sendInvitations"), scope: z.enum(["missing", "all"]).catch("missing") }),
  CreateExternalInvitationSchema.omit({ caseId: true, meetingId: true }).extend({ intent: z.literal("invite") }),
]);

export async function meetingPageAction({ request, params, context }: ActionFunctionArgs) {
  const meetingId = requireMeetingIdParam(params);
  const { actor } = await requireUser(request, context);
  const { db, mailer, config, realtime } = context.services;
  const form = await parseForm(request, context, MeetingPageActionSchema);
  if (!form.ok) return form.response;
  const data = form.data;
  try {
    switch (data.intent) {
      case "respond": {
        const { response } = await respondToMeeting(actor, { ...data, meetingId }, { db });
        realtime.notifyMeeting(meetingId, "participants:changed");
        return json({ ok: true as const, intent: data.intent, response, mail: null, invited: null });
      }
      case "sendInvitations": {
        const mail = await sendMeetingInvitations(
          actor,
          { meetingId, onlyNotInvited: data.scope === "missing" },
          { db, mailer, publicUrl: config.publicUrl },
        );
        logMailFailures(context, meetingId, mail);
        if (mail.sent.length > 0) realtime.notifyMeeting(meetingId, "participants:changed");
        const names = (people: { name: string }[]) => people.map((p) => p.name);
        return json({
          ok: true as const,
          intent: data.intent,
          response: null,
          mail: {
            isConfigured: mail.isMailConfigured,
            sent: names(mail.sent),
            failed: names(mail.failed),
            notMailed: names(mail.notMailed),
          },
          invited: null,
        });
      }
      case "invite": {
        const { intent: _intent, ...invitation } = data;
        const created = await inviteToMeetingByLink(
          actor,
          { ...invitation, meetingId },
          { db, mailer, publicUrl: config.publicUrl },
        );
        if (created.mailStatus === "failed") {
          context.services.logger.warn(
            { event: "mail.failed", meetingId, invitationId: created.invitationId },
            "meeting invitation e-mail not sent",
          );
        }
        return json({
          ok: true as const,
          intent: data.intent,
          response: null,
          mail: null,
          invited: {
            name: data.name,
            link: created.link,
            expiresAt: created.expiresAt.toISOString(),
            mailStatus: created.mailStatus,
          },
        });
      }
    }
  } catch (error) {
    return actionErrorResponse(form.formData, error);
  }
}
