// An attached plan of another provider, downloaded (/cases/:caseId/plan/files/:fileId, optionally
// ?version=<versionId> from the version page). Loader only: app/lib/plans.server.ts.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadPlanFile } from "~/lib/plans.server";

export async function loader(args: LoaderFunctionArgs) {
  return loadPlanFile(args);
}
