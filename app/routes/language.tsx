import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { languageAction } from "~/lib/auth-routes.server";

export async function loader() {
  return redirect("/");
}

export async function action(args: ActionFunctionArgs) {
  return languageAction(args);
}
