// The agenda forms of the meeting page post here (useFetcher): add, update, move, remove.
// Action only: the meeting page shows the agenda (loadAgenda) and reloads it after a change.
import type { ActionFunctionArgs } from "@remix-run/node";
import { agendaAction } from "~/lib/agenda.server";

export async function action(args: ActionFunctionArgs) {
  return agendaAction(args);
}
