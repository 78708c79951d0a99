import { json, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { listMyCases } from "~/domain/cases/list-my-cases";
import { listMyClientViews } from "~/domain/client-view/list-my-client-views";
import { listMyUpcomingMeetings } from "~/domain/meetings/list-my-upcoming-meetings";
import { actorFromUser } from "~/domain/actor";
import { listMyActions } from "~/domain/plans/list-my-actions";
import { getSessionUser, redirectToSignIn } from "./session.server";

const HOME_ACTIONS_SHOWN = 5;

export async function loadHome({ request, context }: LoaderFunctionArgs) {
  const { db } = context.services;
  const user = await getSessionUser(request, context);
  if (!user) {
    // A production deployment with no accounts yet starts at the first-administrator set-up.
    const isUnset = !context.services.config.isDemoMode && (await db.user.count()) === 0;
    throw isUnset ? redirect("/setup") : redirectToSignIn(request);
  }
  const actor = actorFromUser(user);
  const [cases, meetings] = await Promise.all([listMyCases(actor, { db }), listMyUpcomingMeetings(actor, { db })]);
  // The soonest of "my actions" from the plans in force (the whole list is /my/actions).
  const actions = await listMyActions(actor, { db });
  // People outside the system (the client and those they chose) read their case in the client's
  // own view (/my/:caseId), never on the team's pages.
  const clientViews = actor.kind === "EXTERNAL" ? await listMyClientViews(actor, { db }) : [];
  return json({
    user: { name: user.name, kind: user.kind },
    cases,
    meetings,
    clientViews,
    actions: actions.slice(0, HOME_ACTIONS_SHOWN),
    actionCount: actions.length,
    overdueCount: actions.filter((a) => a.isOverdue).length,
  });
}
