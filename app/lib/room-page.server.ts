// Loader and action of the live meeting room (/meetings/:meetingId/room), 004 §2.2.
//
// The room itself runs in the browser (socket.io for how the meeting runs, one Yjs document for
// what it writes); this loader decides who gets in and hands the page what it shows before the
// live connections are up: the meeting, the agenda, the people a decision can be given to.
// Someone taking part who has not yet consented to take part or acknowledged confidentiality
// (004 §2.1, Social Welfare Act §36) gets the lobby instead, which lets them do both with the
// same service as the meeting page.
import { redirect, json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import type { Actor } from "~/domain/actor";
import { listAgenda } from "~/domain/agenda/list-agenda";
import { isDomainError } from "~/domain/errors";
import { getMeetingForPreparation } from "~/domain/meetings/get-meeting";
import { RespondToMeetingSchema } from "~/domain/meetings/meeting-schemas";
import { respondToMeeting } from "~/domain/meetings/respond-to-meeting";
import { requireRoomAccess, type RoomAccessFacts } from "~/domain/room/room-access";
import { listCaseTeam } from "~/domain/team/list-case-team";
import type { CaseRole, DbOrTx } from "./db-types";
import { orErrorPage, toLoaderError } from "./cases-http.server";
import { parseForm } from "./forms.server";
import { PRIVATE_HEADERS, requireMeetingIdParam } from "./meetings.server";
import { requireUser } from "./session.server";
import { actionErrorResponse } from "./team-http.server";

export { PRIVATE_HEADERS };

export const ROOM_VIEWS = ["full", "client", "projection"] as const;
export type RoomView = (typeof ROOM_VIEWS)[number];

/** People on the client's side see the plain-language client view first (they can switch). */
const CLIENT_VIEW_ROLES: readonly CaseRole[] = ["CLIENT", "ADVOCATE", "LEGAL_REPRESENTATIVE", "CLOSE_PERSON"];
const MINUTE_TAKER_ROLES = ["MINUTE_TAKER", "MODERATOR_AND_MINUTE_TAKER"];

const ViewParamSchema = z.enum(ROOM_VIEWS).nullable().catch(null);

function describePosition(positionTitle: string | null, organisationName: string | null): string {
  return [positionTitle, organisationName].filter((part): part is string => Boolean(part?.trim())).join(", ");
}

/** The room's access, or null when the only thing missing is the person's consent (the lobby asks for it). */
async function roomAccessOrLobby(actor: Actor, meetingId: string, db: DbOrTx): Promise<RoomAccessFacts | null> {
  try {
    return await requireRoomAccess(actor, meetingId, { db });
  } catch (error) {
    if (isDomainError(error) && error.messageKey === "roomErrors.consentRequired") return null;
    throw toLoaderError(error);
  }
}

/** The case team for choosing responsible persons; empty for someone who may not read the team (the client). */
async function teamFor(actor: Actor, caseId: string | null, db: DbOrTx) {
  if (!caseId) return [];
  try {
    const team = await listCaseTeam(actor, caseId, { db });
    return team.members;
  } catch (error) {
    if (isDomainError(error)) return [];
    throw error;
  }
}

export async function loadRoomPage({ request, params, context }: LoaderFunctionArgs) {
  const meetingId = requireMeetingIdParam(params);
  const { actor } = await requireUser(request, context);
  const { db } = context.services;
  const url = new URL(request.url);

  const access = await roomAccessOrLobby(actor, meetingId, db);
  const prep = await orErrorPage(() => getMeetingForPreparation(actor, meetingId, { db }));
  const agenda = await orErrorPage(() => listAgenda(actor, meetingId, { db }));
  const me = prep.me;
  // requireRoomAccess refuses anyone who is not taking part, so `me` exists from here on.
  if (!me) throw toLoaderError(new Error("room: participant missing"));
  const { meeting } = prep;
  const isOpen = meeting.status === "PLANNED" || meeting.status === "IN_PROGRESS";

  const heading = {
    id: meeting.id,
    kind: meeting.kind,
    purpose: meeting.purpose,
    status: meeting.status,
    startsAt: meeting.startsAt,
    durationMinutes: meeting.durationMinutes,
    location: meeting.location,
    isOnline: meeting.isOnline,
    onlineUrl: meeting.onlineUrl,
    caseNumber: prep.case?.caseNumber ?? null,
    clientName: prep.case?.clientName ?? null,
  };
  const myRole = {
    meetingRole: me.meetingRole,
    caseRole: me.caseRole,
    expectedContribution: me.expectedContribution,
  };
  const agendaItems = agenda.items.map((item) => ({
    id: item.id,
    number: item.number,
    title: item.title,
    durationMinutes: item.durationMinutes,
    ownerName: item.owner?.name ?? null,
  }));

  const showLobby = access === null || url.searchParams.get("lobby") === "1";
  if (showLobby) {
    return json(
      {
        mode: "lobby" as const,
        meeting: heading,
        me: {
          ...myRole,
          name: me.name,
          response: me.response,
          isRemote: me.isRemote,
          hasConsented: me.details?.hasConsented ?? false,
          hasAcknowledgedConfidentiality: me.details?.hasAcknowledgedConfidentiality ?? false,
        },
        canEnter: access !== null,
        canRespond: isOpen && prep.permissions.canRespond,
        agendaItems,
        justAccepted: url.searchParams.get("done") === "accepted",
        room: null,
      },
      { headers: PRIVATE_HEADERS },
    );
  }

  const participants = prep.participants.map((p) => ({
    userId: p.userId,
    name: p.name,
    position: describePosition(p.positionTitle, p.organisationName),
    meetingRole: p.meetingRole,
    caseRole: p.caseRole,
  }));
  const participantIds = new Set(participants.map((p) => p.userId));
  const team = access.canWrite ? await teamFor(actor, access.caseId, db) : [];
  const caseTeam = team
    .filter((m) => !participantIds.has(m.userId))
    .map((m) => ({
      userId: m.userId,
      name: m.name,
      position: describePosition(m.positionTitle, m.organisationName),
      caseRole: m.role,
    }));

  const isClientSide = access.participant.caseRole !== null && CLIENT_VIEW_ROLES.includes(access.participant.caseRole);
  const defaultView: RoomView = isClientSide ? "client" : "full";
  const view = ViewParamSchema.parse(url.searchParams.get("view")) ?? defaultView;

  return json(
    {
      mode: "room" as const,
      meeting: heading,
      me: { ...myRole, name: access.name, response: me.response, isRemote: access.participant.isRemote },
      canEnter: true,
      canRespond: false,
      agendaItems,
      justAccepted: false,
      room: {
        view,
        defaultView,
        me: {
          userId: actor.userId,
          name: access.name,
          position: access.position,
          canModerate: access.canModerate,
          canKeepTime: access.canKeepTime,
          canWrite: access.canWrite,
          // 004 §2.2: dissent is minuted; the minute-taker (or moderator) writes it down for whoever asks.
          canRecordForOthers: access.canModerate || MINUTE_TAKER_ROLES.includes(access.participant.meetingRole),
        },
        participants,
        caseTeam,
        canEditAgenda: agenda.canEdit,
        // Items are added in the room too, during the meeting (004 §2.2): who may lead one, and
        // the time plan, which may then run over (agenda-rules.ts).
        agendaOwners: agenda.canEdit ? agenda.ownerOptions : [],
        agendaPlan: {
          totalMinutes: agenda.totalMinutes,
          meetingMinutes: agenda.meetingMinutes,
          remainingMinutes: agenda.remainingMinutes,
          fit: agenda.fit,
        },
      },
    },
    { headers: PRIVATE_HEADERS },
  );
}

const LobbyActionSchema = RespondToMeetingSchema.omit({ meetingId: true }).extend({ intent: z.literal("respond") });

/** The lobby's answer: accepting with consent and the confidentiality acknowledgement. */
export async function roomPageAction({ request, params, context }: ActionFunctionArgs) {
  const meetingId = requireMeetingIdParam(params);
  const { actor } = await requireUser(request, context);
  const { db, realtime } = context.services;
  const form = await parseForm(request, context, LobbyActionSchema);
  if (!form.ok) return form.response;
  try {
    const { intent: _intent, ...answer } = form.data;
    await respondToMeeting(actor, { ...answer, meetingId }, { db });
    realtime.notifyMeeting(meetingId, "participants:changed");
  } catch (error) {
    return actionErrorResponse(form.formData, error);
  }
  return redirect(`/meetings/${meetingId}/room?lobby=1&done=accepted`);
}
