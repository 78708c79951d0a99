import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "./session.server";

/** The signed-in person's own details (their own data: not audited as a read of others'). */
export async function loadAccount({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  return json({
    name: user.name,
    positionTitle: user.positionTitle,
    email: user.email,
    kind: user.kind,
    organisationName: user.organisation?.name ?? null,
    isOrgAdmin: user.isOrgAdmin,
  });
}
