// A case plan version as a PDF download (/cases/:caseId/plan/:versionId.pdf). Loader only.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadPlanPdf } from "~/lib/plans.server";

export async function loader(args: LoaderFunctionArgs) {
  return loadPlanPdf(args);
}
