import { json, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { listMyCases } from "~/domain/cases/list-my-cases";
import { listMyClientViews } from "~/domain/client-view/list-my-client-views";
import { listMyUpcomingMeetings } from "~/domain/meetings/list-my-upcoming-meetings";
import { getSessionUser, requireUser } from "./session.server";

export async function loadHome({ request, context }: LoaderFunctionArgs) {
  const { db } = context.services;
  if (!(await getSessionUser(request, context)) && (await db.user.count()) === 0 && !context.services.config.isDemoMode) {
    throw redirect("/setup");
  }
  const { user, actor } = await requireUser(request, context);
  const [cases, meetings] = await Promise.all([listMyCases(actor, { db }), listMyUpcomingMeetings(actor, { db })]);
  // People outside the system (the client and those they chose) read their case in the client's
  // own view (/my/:caseId), never on the team's pages.
  const clientViews = actor.kind === "EXTERNAL" ? await listMyClientViews(actor, { db }) : [];
  return json({ user: { name: user.name, kind: user.kind }, cases, meetings, clientViews });
}
