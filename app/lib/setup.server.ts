import { json, redirect, type LoaderFunctionArgs } from "@remix-run/node";

/** The explanation page for an empty production deployment; everywhere else it leads home. */
export async function loadSetupPage({ context }: LoaderFunctionArgs) {
  const { db, config } = context.services;
  if (config.isDemoMode || (await db.user.count()) > 0) throw redirect("/");
  return json({});
}
