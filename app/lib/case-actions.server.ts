// Loaders and actions of the case's change pages: edit (/cases/:caseId/edit), stage, handover and
// closure. Each loader checks the action with the policy first (403 / 404 before any data), then
// reads the case through getCaseForTeam (an audited read).
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireCaseAccess } from "~/domain/access/load-case-access";
import type { CaseAction } from "~/domain/access/policy";
import type { Actor } from "~/domain/actor";
import { changeCaseStage } from "~/domain/cases/change-case-stage";
import {
  ChangeCaseStageSchema,
  CloseCaseSchema,
  HandOverCaseSchema,
  UpdateCaseFormSchema,
} from "~/domain/cases/case-schemas";
import { allowedNextStages } from "~/domain/cases/case-stage";
import { COMMON_CLIENT_LANGUAGES, COMMUNICATION_NEEDS } from "~/domain/cases/client-schemas";
import { closeCase } from "~/domain/cases/close-case";
import { getCaseForTeam } from "~/domain/cases/get-case";
import { handOverCase } from "~/domain/cases/hand-over-case";
import { listHandoverCandidates } from "~/domain/cases/list-handover-candidates";
import { findOpenItems } from "~/domain/cases/open-items";
import { updateCase } from "~/domain/cases/update-case";
import { splitClientFields } from "./cases.server";
import { PRIVATE_HEADERS, orErrorPage, requireCaseIdParam } from "./cases-http.server";
import { domainErrorResponse, parseForm } from "./forms.server";
import { requireUser } from "./session.server";

/** The parts of the case every change page shows in its heading. */
function headingOf(view: Awaited<ReturnType<typeof getCaseForTeam>>) {
  return {
    id: view.case.id,
    caseNumber: view.case.caseNumber,
    stage: view.case.stage,
    clientName: `${view.client.firstName} ${view.client.lastName}`,
    caseManagerName: view.caseManager.name,
  };
}

async function loadFor(action: CaseAction, { request, params, context }: LoaderFunctionArgs) {
  const caseId = requireCaseIdParam(params);
  const { actor } = await requireUser(request, context);
  const { db } = context.services;
  const view = await orErrorPage(async () => {
    await requireCaseAccess(actor, action, caseId, { db });
    return getCaseForTeam(actor, caseId, { db });
  });
  return { caseId, actor, db, view };
}

async function actionFor({ request, params, context }: ActionFunctionArgs) {
  const caseId = requireCaseIdParam(params);
  const { actor } = await requireUser(request, context);
  return { caseId, actor, db: context.services.db };
}

/** The case in the URL is the one changed, whatever a form field might say. */
function forCase<S extends z.ZodType>(schema: S, caseId: string) {
  return z.preprocess((input) => ({ ...(input as Record<string, unknown>), caseId }), schema);
}

// ---- Edit -------------------------------------------------------------------------------------

export async function loadEditCase(args: LoaderFunctionArgs) {
  const { view } = await loadFor("case.update", args);
  return json(
    {
      heading: headingOf(view),
      version: view.case.version,
      values: {
        summary: view.case.summary,
        riskFactors: view.case.riskFactors,
        protectiveFactors: view.case.protectiveFactors,
        clientView: view.case.clientView,
        ...view.client,
      },
      communicationNeeds: [...COMMUNICATION_NEEDS],
      languages: [...COMMON_CLIENT_LANGUAGES],
    },
    { headers: PRIVATE_HEADERS },
  );
}

export async function editCaseAction(args: ActionFunctionArgs) {
  const { caseId, actor, db } = await actionFor(args);
  const form = await parseForm(args.request, args.context, forCase(UpdateCaseFormSchema, caseId));
  if (!form.ok) return form.response;
  const { client, rest } = splitClientFields(form.data);
  try {
    await updateCase(actor, { ...rest, client }, { db });
    return redirect(`/cases/${caseId}?done=saved`);
  } catch (error) {
    return domainErrorResponse(form.formData, error);
  }
}

// ---- Stage ------------------------------------------------------------------------------------

export async function loadChangeStage(args: LoaderFunctionArgs) {
  const { view } = await loadFor("case.changeStage", args);
  return json(
    { heading: headingOf(view), nextStages: [...allowedNextStages(view.case.stage)] },
    { headers: PRIVATE_HEADERS },
  );
}

export async function changeStageAction(args: ActionFunctionArgs) {
  const { caseId, actor, db } = await actionFor(args);
  const form = await parseForm(args.request, args.context, forCase(ChangeCaseStageSchema, caseId));
  if (!form.ok) return form.response;
  try {
    await changeCaseStage(actor, form.data, { db });
    return redirect(`/cases/${caseId}?done=stage`);
  } catch (error) {
    return domainErrorResponse(form.formData, error);
  }
}

// ---- Handover ---------------------------------------------------------------------------------

export async function loadHandOver(args: LoaderFunctionArgs) {
  const { caseId, actor, db, view } = await loadFor("case.handover", args);
  const candidates = await orErrorPage(() => listHandoverCandidates(actor, caseId, { db }));
  return json(
    {
      heading: headingOf(view),
      organisationName: view.case.organisation.name,
      isCaseManager: view.caseManager.id === actor.userId,
      candidates,
    },
    { headers: PRIVATE_HEADERS },
  );
}

export async function handOverAction(args: ActionFunctionArgs) {
  const { caseId, actor, db } = await actionFor(args);
  const form = await parseForm(args.request, args.context, forCase(HandOverCaseSchema, caseId));
  if (!form.ok) return form.response;
  try {
    const result = await handOverCase(actor, form.data, { db });
    // Access was checked when live connections opened; close those of whoever lost it.
    for (const userId of result.endedAccessUserIds) args.context.services.realtime.disconnectUser(userId);
    // A case manager who handed the case to someone else no longer sees it.
    if (lostAccess(actor, result.endedAccessUserIds)) return redirect("/cases?handedOver=1");
    return redirect(`/cases/${caseId}?done=handedOver`);
  } catch (error) {
    return domainErrorResponse(form.formData, error);
  }
}

function lostAccess(actor: Actor, endedAccessUserIds: string[]) {
  return endedAccessUserIds.includes(actor.userId);
}

// ---- Close ------------------------------------------------------------------------------------

export async function loadCloseCase(args: LoaderFunctionArgs) {
  const { caseId, db, view } = await loadFor("case.close", args);
  const openItems = await findOpenItems(caseId, { db });
  return json({ heading: headingOf(view), openItems }, { headers: PRIVATE_HEADERS });
}

export async function closeCaseAction(args: ActionFunctionArgs) {
  const { caseId, actor, db } = await actionFor(args);
  const form = await parseForm(args.request, args.context, forCase(CloseCaseSchema, caseId));
  if (!form.ok) return form.response;
  try {
    await closeCase(actor, form.data, { db });
    return redirect(`/cases/${caseId}?done=closed`);
  } catch (error) {
    return domainErrorResponse(form.formData, error);
  }
}
