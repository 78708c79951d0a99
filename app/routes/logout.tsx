import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { signOutAction } from "~/lib/auth-routes.server";

export async function loader() {
  return redirect("/");
}

export async function action(args: ActionFunctionArgs) {
  return signOutAction(args);
}
