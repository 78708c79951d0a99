// Web glue of the agenda drafted before a meeting: the data the meeting page shows
// (loadAgenda) and the action its forms post to (/meetings/:meetingId/agenda). Kept out of the
// route modules so that server code never reaches the browser bundle.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { addAgendaItem } from "~/domain/agenda/add-agenda-item";
import {
  AddAgendaItemSchema,
  MoveAgendaItemSchema,
  RemoveAgendaItemSchema,
  UpdateAgendaItemSchema,
} from "~/domain/agenda/agenda-schemas";
import { listAgenda } from "~/domain/agenda/list-agenda";
import { moveAgendaItem } from "~/domain/agenda/move-agenda-item";
import { removeAgendaItem } from "~/domain/agenda/remove-agenda-item";
import { updateAgendaItem } from "~/domain/agenda/update-agenda-item";
import { AGENDA_FETCH_FIELD } from "~/components/meeting/agenda-section";
import { orErrorPage } from "./cases-http.server";
import { parseForm } from "./forms.server";
import { requireMeetingIdParam } from "./meetings.server";
import { requireUser } from "./session.server";
import { actionErrorResponse } from "./team-http.server";

/** The agenda for the meeting page's loader: `{ ...page, agenda: await loadAgenda(args) }`. */
export async function loadAgenda({ request, params, context }: LoaderFunctionArgs) {
  const meetingId = requireMeetingIdParam(params);
  const { actor } = await requireUser(request, context);
  return orErrorPage(() => listAgenda(actor, meetingId, { db: context.services.db }));
}

export const AgendaActionSchema = z.discriminatedUnion("intent", [
  AddAgendaItemSchema.omit({ meetingId: true }).extend({ intent: z.literal("add") }),
  UpdateAgendaItemSchema.extend({ intent: z.literal("update") }),
  MoveAgendaItemSchema.extend({ intent: z.literal("move") }),
  RemoveAgendaItemSchema.extend({ intent: z.literal("remove") }),
]);
export type AgendaIntent = z.infer<typeof AgendaActionSchema>["intent"];

/**
 * The agenda forms post here with useFetcher, and the meeting page reloads its data afterwards.
 * Everyone else watching the meeting is told (ids only) and reloads too. A form posted without
 * JavaScript (no Remix data request) goes back to the meeting page.
 */
export async function agendaAction({ request, params, context }: ActionFunctionArgs) {
  const meetingId = requireMeetingIdParam(params);
  const { actor } = await requireUser(request, context);
  const { db, realtime } = context.services;
  const form = await parseForm(request, context, AgendaActionSchema);
  if (!form.ok) return form.response;
  // The forms add this field once the page runs JavaScript (Remix hides its own `_data` marker
  // from actions): then the answer is data for the form, else a redirect back to the page.
  const isFetch = form.formData.get(AGENDA_FETCH_FIELD) === "1";
  const data = form.data;
  let changedMeetingId: string;
  try {
    switch (data.intent) {
      case "add":
        await addAgendaItem(actor, { ...data, meetingId }, { db });
        changedMeetingId = meetingId;
        break;
      case "update":
        changedMeetingId = (await updateAgendaItem(actor, data, { db })).meetingId;
        break;
      case "move":
        changedMeetingId = (await moveAgendaItem(actor, data, { db })).meetingId;
        break;
      case "remove":
        changedMeetingId = (await removeAgendaItem(actor, data, { db })).meetingId;
        break;
    }
  } catch (error) {
    if (!isFetch) return redirect(`/meetings/${meetingId}#agenda`);
    return actionErrorResponse(form.formData, error);
  }
  // The item's own meeting: the form names an item, and the services check access on its meeting.
  realtime.notifyMeeting(changedMeetingId, "agenda:changed");
  if (!isFetch) return redirect(`/meetings/${meetingId}#agenda`);
  return json({ ok: true as const, intent: data.intent });
}
