// The meeting's calendar file for the signed-in participant (a resource route: no page).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadMeetingIcs } from "~/lib/meetings.server";

export async function loader(args: LoaderFunctionArgs) {
  return loadMeetingIcs(args);
}
