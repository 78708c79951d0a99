// Loaders and actions of meeting preparation: planning a meeting (/cases/:caseId/meetings/new),
// rescheduling and cancelling it, and its calendar file. The preparation page itself is in
// meeting-page.server.ts. Kept out of the route modules so that server code never reaches the
// browser bundle.
import { json, redirect, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import type { Actor } from "~/domain/actor";
import { requireMeetingAccess } from "~/domain/access/meeting-access";
import { cancelMeeting } from "~/domain/meetings/cancel-meeting";
import { describeClientNeeds } from "~/domain/meetings/client-needs";
import { createMeeting } from "~/domain/meetings/create-meeting";
import { getMeetingForPreparation } from "~/domain/meetings/get-meeting";
import { getMeetingPlanning } from "~/domain/meetings/get-meeting-planning";
import { icsForParticipant } from "~/domain/meetings/ics-for-participant";
import type { MailOutcome } from "~/domain/meetings/mail-meeting-participants";
import {
  CLIENT_PARTICIPATION_MODES,
  CancelMeetingSchema,
  CreateMeetingFormSchema,
  DEFAULT_DURATION_MINUTES,
  MEETING_ROLES,
  MeetingIdSchema,
  RescheduleMeetingSchema,
} from "~/domain/meetings/meeting-schemas";
import { rescheduleMeeting } from "~/domain/meetings/reschedule-meeting";
import { getNextMeetingProposal } from "~/domain/records/get-next-meeting-proposal";
import { isDomainError } from "~/domain/errors";
import { toTallinnLocalInput } from "~/domain/time/tallinn-time";
import { parseLocale, type Locale } from "~/i18n/locales";
import { LOCALE_COOKIE, parseCookieHeader } from "./cookies";
import { PRIVATE_HEADERS, orErrorPage, requireCaseIdParam } from "./cases-http.server";
import { parseForm } from "./forms.server";
import { requireUser } from "./session.server";
import { actionErrorResponse } from "./team-http.server";

export { PRIVATE_HEADERS };

/** A malformed meeting id in the URL is a page that does not exist. */
export function requireMeetingIdParam(params: LoaderFunctionArgs["params"]): string {
  const parsed = MeetingIdSchema.safeParse(params.meetingId);
  if (!parsed.success) throw json({ messageKey: "error.notFound" }, { status: 404, headers: PRIVATE_HEADERS });
  return parsed.data;
}

/** The page's language, as the root decides it: the language cookie, else the account's. */
export function pageLocale(request: Request, user: { locale: string }): Locale {
  return parseLocale(parseCookieHeader(request.headers.get("Cookie"))[LOCALE_COOKIE] ?? user.locale);
}

/** The id in the URL is the one acted on, whatever a form field might say. */
export function withParam<S extends z.ZodType>(schema: S, extra: Record<string, string>) {
  return z.preprocess((input) => ({ ...(input as Record<string, unknown>), ...extra }), schema);
}

/** What a page says after mail went out: counts only (names stay off URLs). */
export function mailSearchParams(mail: MailOutcome): string {
  if (!mail.isMailConfigured) return "mail=off";
  return `sent=${mail.sent.length}&failed=${mail.failed.length}&notMailed=${mail.notMailed.length}`;
}

export function logMailFailures(context: AppLoadContext, meetingId: string, mail: MailOutcome) {
  if (mail.failed.length === 0) return;
  context.services.logger.warn(
    { event: "mail.failed", meetingId, participantIds: mail.failed.map((p) => p.participantId) },
    "meeting e-mail not sent",
  );
}

// ---- Planning a meeting ------------------------------------------------------------------------

export async function loadNewMeeting({ request, params, context }: LoaderFunctionArgs) {
  const caseId = requireCaseIdParam(params);
  const { user, actor } = await requireUser(request, context);
  const fromParam = new URL(request.url).searchParams.get("from");
  const fromMeetingId = fromParam && MeetingIdSchema.safeParse(fromParam).success ? fromParam : null;
  const planning = await orErrorPage(() =>
    getMeetingPlanning(actor, caseId, { db: context.services.db, fromMeetingId }),
  );
  const locale = pageLocale(request, user);
  const previous = planning.previousMeeting;
  const chosen = previous
    ? previous.participants
    : [{ userId: planning.caseManagerId, meetingRole: "MODERATOR" as const, isRemote: false }];
  // "Plan the next meeting" (004 §2.3): the earlier meeting's record proposes the topics, the
  // time and the open steps; without a record (or a usable one) the earlier meeting itself does.
  const proposal = previous ? await proposeFrom(actor, previous.id, context) : null;
  const proposedStart =
    proposal?.startsAt && proposal.startsAt.getTime() > Date.now() ? toTallinnLocalInput(proposal.startsAt) : "";
  return json(
    {
      case: planning.case,
      team: planning.team,
      previousMeeting: previous ? { id: previous.id, startsAt: previous.startsAt } : null,
      openSteps: proposal?.openSteps ?? [],
      options: { roles: [...MEETING_ROLES], clientParticipationModes: [...CLIENT_PARTICIPATION_MODES] },
      values: {
        purpose: proposal?.purpose || previous?.purpose || "",
        startsAt: proposedStart,
        durationMinutes: proposal?.durationMinutes ?? DEFAULT_DURATION_MINUTES,
        location: null as string | null,
        isOnline: false,
        onlineUrl: null as string | null,
        clientParticipation: previous?.clientParticipation ?? null,
        accessibilityNotes: describeClientNeeds(planning.clientNeeds, locale) ?? "",
        participants: chosen.map((p) => ({ userId: p.userId, meetingRole: p.meetingRole, isRemote: p.isRemote })),
      },
    },
    { headers: PRIVATE_HEADERS },
  );
}

/** The earlier meeting's proposal for the next one; null when it cannot make one (then the form starts from the meeting). */
async function proposeFrom(actor: Actor, meetingId: string, context: AppLoadContext) {
  try {
    return await getNextMeetingProposal(actor, meetingId, { db: context.services.db });
  } catch (error) {
    if (isDomainError(error)) return null;
    throw error;
  }
}

export async function newMeetingAction({ request, params, context }: ActionFunctionArgs) {
  const caseId = requireCaseIdParam(params);
  const { actor } = await requireUser(request, context);
  const form = await parseForm(request, context, withParam(CreateMeetingFormSchema, { caseId }));
  if (!form.ok) return form.response;
  try {
    const { meetingId } = await createMeeting(actor, form.data, { db: context.services.db });
    return redirect(`/meetings/${meetingId}?done=created`);
  } catch (error) {
    return actionErrorResponse(form.formData, error);
  }
}

// ---- Rescheduling and cancelling ---------------------------------------------------------------

async function loadForManager(actor: Actor, meetingId: string, context: AppLoadContext) {
  const { db } = context.services;
  return orErrorPage(async () => {
    await requireMeetingAccess(actor, "manage", meetingId, { db });
    return getMeetingForPreparation(actor, meetingId, { db });
  });
}

function headingOf(view: Awaited<ReturnType<typeof getMeetingForPreparation>>) {
  return {
    id: view.meeting.id,
    purpose: view.meeting.purpose,
    status: view.meeting.status,
    startsAt: view.meeting.startsAt,
    caseNumber: view.case?.caseNumber ?? null,
    clientName: view.case?.clientName ?? null,
  };
}

export async function loadReschedule({ request, params, context }: LoaderFunctionArgs) {
  const meetingId = requireMeetingIdParam(params);
  const { actor } = await requireUser(request, context);
  const view = await loadForManager(actor, meetingId, context);
  return json(
    {
      heading: headingOf(view),
      values: {
        startsAt: toTallinnLocalInput(view.meeting.startsAt),
        durationMinutes: view.meeting.durationMinutes,
        location: view.meeting.location,
        isOnline: view.meeting.isOnline,
        onlineUrl: view.meeting.onlineUrl,
      },
    },
    { headers: PRIVATE_HEADERS },
  );
}

export async function rescheduleAction({ request, params, context }: ActionFunctionArgs) {
  const meetingId = requireMeetingIdParam(params);
  const { actor } = await requireUser(request, context);
  const { db, mailer, config, realtime } = context.services;
  const form = await parseForm(request, context, withParam(RescheduleMeetingSchema, { meetingId }));
  if (!form.ok) return form.response;
  try {
    const { mail } = await rescheduleMeeting(actor, form.data, { db, mailer, publicUrl: config.publicUrl });
    logMailFailures(context, meetingId, mail);
    realtime.notifyMeeting(meetingId, "meeting:changed");
    realtime.notifyMeeting(meetingId, "participants:changed");
    return redirect(`/meetings/${meetingId}?done=rescheduled&${mailSearchParams(mail)}`);
  } catch (error) {
    return actionErrorResponse(form.formData, error);
  }
}

export async function loadCancel({ request, params, context }: LoaderFunctionArgs) {
  const meetingId = requireMeetingIdParam(params);
  const { actor } = await requireUser(request, context);
  const view = await loadForManager(actor, meetingId, context);
  return json({ heading: headingOf(view) }, { headers: PRIVATE_HEADERS });
}

export async function cancelAction({ request, params, context }: ActionFunctionArgs) {
  const meetingId = requireMeetingIdParam(params);
  const { actor } = await requireUser(request, context);
  const { db, mailer, config, realtime } = context.services;
  const form = await parseForm(request, context, withParam(CancelMeetingSchema, { meetingId }));
  if (!form.ok) return form.response;
  try {
    const { mail } = await cancelMeeting(actor, form.data, { db, mailer, publicUrl: config.publicUrl });
    logMailFailures(context, meetingId, mail);
    realtime.notifyMeeting(meetingId, "meeting:changed");
    return redirect(`/meetings/${meetingId}?done=cancelled&${mailSearchParams(mail)}`);
  } catch (error) {
    return actionErrorResponse(form.formData, error);
  }
}

// ---- Calendar file -------------------------------------------------------------------------------

export async function loadMeetingIcs({ request, params, context }: LoaderFunctionArgs) {
  const meetingId = requireMeetingIdParam(params);
  const { actor } = await requireUser(request, context);
  const { db, config } = context.services;
  const ics = await orErrorPage(() => icsForParticipant(actor, meetingId, { db, publicUrl: config.publicUrl }));
  return new Response(ics.content, {
    status: 200,
    headers: {
      "Content-Type": ics.contentType,
      "Content-Disposition": `attachment; filename="${ics.filename}"`,
      ...PRIVATE_HEADERS,
    },
  });
}
