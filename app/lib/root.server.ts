import type { AppLoadContext } from "@remix-run/node";
import { parseLocale } from "~/i18n/locales";
import { LOCALE_COOKIE, parseCookieHeader } from "./cookies";
import { getSessionUser } from "./session.server";

/** What every page needs: language, the signed-in person (name and role only), demo flag, CSRF token. */
export async function loadRootData(request: Request, context: AppLoadContext) {
  const user = await getSessionUser(request, context);
  const cookieLocale = parseCookieHeader(request.headers.get("Cookie"))[LOCALE_COOKIE];
  const locale = parseLocale(cookieLocale ?? user?.locale);
  return {
    locale,
    isDemoMode: context.services.config.isDemoMode,
    csrfToken: context.request.csrfToken,
    user: user
      ? {
          id: user.id,
          name: user.name,
          kind: user.kind,
          positionTitle: user.positionTitle,
          organisationName: user.organisation?.name ?? null,
          isOrgAdmin: user.isOrgAdmin,
        }
      : null,
  };
}
