// Uploads a plan of another provider into the case's draft plan (/cases/:caseId/plan/attach,
// multipart, posted by the draft's attach form). Action only: app/lib/plans.server.ts.
import { json, type ActionFunctionArgs } from "@remix-run/node";
import { attachFileAction } from "~/lib/plans.server";

export async function loader() {
  return json({ messageKey: "error.notFound" }, { status: 404, headers: { "Cache-Control": "no-store" } });
}

export async function action(args: ActionFunctionArgs) {
  return attachFileAction(args);
}
