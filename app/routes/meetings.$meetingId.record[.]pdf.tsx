// The meeting record as a PDF download (/meetings/:meetingId/record.pdf). Loader only.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadRecordPdf } from "~/lib/records.server";

export async function loader(args: LoaderFunctionArgs) {
  return loadRecordPdf(args);
}
