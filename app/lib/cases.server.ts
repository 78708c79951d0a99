// Loaders and actions of the case list (/cases), opening a case (/cases/new) and the team's case
// page (/cases/:caseId), kept out of the route modules so that server code never reaches the
// browser bundle.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { can, type CaseAction } from "~/domain/access/policy";
import { CASE_LIST_SCOPES, OpenCaseFormSchema } from "~/domain/cases/case-schemas";
import { CASE_STAGES, allowedNextStages } from "~/domain/cases/case-stage";
import {
  CLIENT_FIELD_NAMES,
  COMMON_CLIENT_LANGUAGES,
  COMMUNICATION_NEEDS,
  type ClientData,
} from "~/domain/cases/client-schemas";
import { getCaseForTeam } from "~/domain/cases/get-case";
import { CASE_LIST_LIMIT, listCases } from "~/domain/cases/list-cases";
import { openCase } from "~/domain/cases/open-case";
import { suggestCaseNumber } from "~/domain/cases/suggest-case-number";
import {
  DONE_MESSAGES,
  PRIVATE_HEADERS,
  orErrorPage,
  requireCaseIdParam,
  requireStaffWithOrganisation,
} from "./cases-http.server";
import { domainErrorResponse, parseForm } from "./forms.server";
import { loadCasePlanSummary } from "./plans.server";
import { requireUser } from "./session.server";

/** Splits a flat case form into the client record and the rest. */
export function splitClientFields<T extends ClientData>(
  data: T,
): { client: ClientData; rest: Omit<T, keyof ClientData> } {
  const client = {} as Record<string, unknown>;
  const rest = { ...data } as Record<string, unknown>;
  for (const name of CLIENT_FIELD_NAMES) {
    client[name] = data[name];
    delete rest[name];
  }
  return { client: client as ClientData, rest: rest as Omit<T, keyof ClientData> };
}

export async function loadCaseList({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, context);
  const url = new URL(request.url);
  const canSeeOrganisation = actor.kind === "STAFF" && actor.isCaseSupervisor && !!actor.organisationId;
  const requestedScope = url.searchParams.get("scope");
  const scope = canSeeOrganisation && requestedScope === "organisation" ? "organisation" : "mine";
  const result = await orErrorPage(() =>
    listCases(
      actor,
      { scope, stage: url.searchParams.get("stage") ?? undefined, q: url.searchParams.get("q") ?? undefined },
      { db: context.services.db },
    ),
  );
  return json(
    {
      ...result,
      limit: CASE_LIST_LIMIT,
      scopes: canSeeOrganisation ? [...CASE_LIST_SCOPES] : (["mine"] as const),
      stages: [...CASE_STAGES],
      canOpenCase: actor.kind === "STAFF" && !!actor.organisationId,
      handedOver: url.searchParams.get("handedOver") === "1",
    },
    { headers: PRIVATE_HEADERS },
  );
}

export async function loadNewCase({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireStaffWithOrganisation(request, context);
  const suggestedCaseNumber = await suggestCaseNumber(actor.organisationId, { db: context.services.db });
  return json(
    { suggestedCaseNumber, communicationNeeds: [...COMMUNICATION_NEEDS], languages: [...COMMON_CLIENT_LANGUAGES] },
    { headers: PRIVATE_HEADERS },
  );
}

export async function newCaseAction({ request, context }: ActionFunctionArgs) {
  const { actor } = await requireStaffWithOrganisation(request, context);
  const form = await parseForm(request, context, OpenCaseFormSchema);
  if (!form.ok) return form.response;
  const { client, rest } = splitClientFields(form.data);
  try {
    const { caseId } = await openCase(actor, { ...rest, client }, { db: context.services.db });
    return redirect(`/cases/${caseId}?done=created`);
  } catch (error) {
    return domainErrorResponse(form.formData, error);
  }
}

const PAGE_ACTIONS = [
  "case.update",
  "case.changeStage",
  "case.handover",
  "case.close",
  "case.addMember",
  "case.removeMember",
  "meeting.create",
] as const satisfies readonly CaseAction[];

export async function loadCasePage({ request, params, context }: LoaderFunctionArgs) {
  const caseId = requireCaseIdParam(params);
  const { actor } = await requireUser(request, context);
  const { access, ...view } = await orErrorPage(() => getCaseForTeam(actor, caseId, { db: context.services.db }));
  const plan = await loadCasePlanSummary(actor, caseId, { db: context.services.db });
  // What the page offers follows the one policy function; the services check again on submit.
  const permissions = Object.fromEntries(PAGE_ACTIONS.map((a) => [a, can(actor, a, access)])) as Record<
    (typeof PAGE_ACTIONS)[number],
    boolean
  >;
  const done = new URL(request.url).searchParams.get("done");
  const now = Date.now();
  return json(
    {
      ...view,
      // Split here, not in the browser, so that server and browser render the same lists.
      meetings: view.meetings.map((m) => ({
        ...m,
        isUpcoming:
          m.status === "IN_PROGRESS" ||
          (m.status === "PLANNED" && m.startsAt.getTime() + m.durationMinutes * 60_000 > now),
      })),
      permissions: {
        canEdit: permissions["case.update"],
        canChangeStage: permissions["case.changeStage"] && allowedNextStages(view.case.stage).length > 0,
        canHandOver: permissions["case.handover"],
        canClose: permissions["case.close"],
        canManageTeam: permissions["case.addMember"] || permissions["case.removeMember"],
        canPlanMeeting: permissions["meeting.create"],
      },
      done: DONE_MESSAGES.find((d) => d === done) ?? null,
      plan,
    },
    { headers: PRIVATE_HEADERS },
  );
}
