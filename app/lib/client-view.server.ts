// Loader and action of the client's own view (/my/:caseId), kept out of the route module so
// that server code never reaches the browser bundle.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getClientView } from "~/domain/client-view/get-client-view";
import { recordConsent } from "~/domain/team/record-consent";
import { setClientViewPermission } from "~/domain/team/set-client-view-permission";
import {
  AccessLogPageSchema,
  GiveConsentFormSchema,
  SetClientViewPermissionSchema,
  WithdrawConsentSchema,
} from "~/domain/team/team-schemas";
import { withdrawConsent } from "~/domain/team/withdraw-consent";
import { parseForm } from "./forms.server";
import { requireUser } from "./session.server";
import { actionErrorResponse, endLiveConnections, requireCaseIdParam, toLoaderResponse } from "./team-http.server";

export async function loadClientView({ request, params, context }: LoaderFunctionArgs) {
  const caseId = requireCaseIdParam(params);
  const { actor } = await requireUser(request, context);
  const page = AccessLogPageSchema.parse(new URL(request.url).searchParams.get("page") ?? undefined);
  try {
    const view = await getClientView(actor, caseId, { db: context.services.db, page });
    return json({ view }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    throw toLoaderResponse(error);
  }
}

const ClientViewActionSchema = z.discriminatedUnion("intent", [
  WithdrawConsentSchema.extend({ intent: z.literal("withdrawConsent") }),
  GiveConsentFormSchema.extend({ intent: z.literal("giveConsent") }),
  SetClientViewPermissionSchema.omit({ caseId: true }).extend({ intent: z.literal("setClientViewPermission") }),
]);

export async function clientViewAction({ request, params, context }: ActionFunctionArgs) {
  const caseId = requireCaseIdParam(params);
  const { actor } = await requireUser(request, context);
  const { db } = context.services;
  const form = await parseForm(request, context, ClientViewActionSchema);
  if (!form.ok) return form.response;
  const data = form.data;
  try {
    switch (data.intent) {
      case "withdrawConsent": {
        const { affectedUserId } = await withdrawConsent(actor, data, { db });
        endLiveConnections(context, affectedUserId);
        return json({ ok: true as const, intent: data.intent });
      }
      case "giveConsent": {
        // Given by the client in the system, now: the service fixes form and moment.
        await recordConsent(
          actor,
          { caseId, recipientUserId: data.recipientUserId, form: "IN_SYSTEM", scope: data.scope },
          { db },
        );
        return json({ ok: true as const, intent: data.intent });
      }
      case "setClientViewPermission": {
        const { affectedUserId, isChanged } = await setClientViewPermission(actor, { ...data, caseId }, { db });
        if (isChanged && !data.hasClientViewPermission) endLiveConnections(context, affectedUserId);
        return json({ ok: true as const, intent: data.intent });
      }
    }
  } catch (error) {
    return actionErrorResponse(form.formData, error);
  }
}
