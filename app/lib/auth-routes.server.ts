// Loaders and actions of the sign-in pages, kept out of the route modules so that server code
// never reaches the browser bundle.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { SignInSchema, signIn } from "~/domain/auth/sign-in";
import { revokeAllSessions, revokeSession } from "~/domain/auth/sessions";
import { writeAudit } from "~/domain/audit/write-audit";
import { LocaleSchema } from "~/i18n/locales";
import { LOCALE_COOKIE, serializeCookie } from "./cookies";
import { DEMO_CASE_MANAGER_EMAIL, DEMO_PASSWORD } from "./demo";
import { domainErrorResponse, parseForm } from "./forms.server";
import {
  clearSessionCookieHeader,
  getSessionUser,
  readSessionToken,
  requireUser,
  safeRedirectPath,
  sessionCookieHeader,
} from "./session.server";

export async function signInLoader({ request, context }: LoaderFunctionArgs) {
  if (await getSessionUser(request, context)) throw redirect("/");
  const userCount = await context.services.db.user.count();
  if (userCount === 0 && !context.services.config.isDemoMode) throw redirect("/setup");
  return json({
    demo: context.services.config.isDemoMode ? { email: DEMO_CASE_MANAGER_EMAIL, password: DEMO_PASSWORD } : null,
  });
}

export async function signInAction({ request, context }: ActionFunctionArgs) {
  const form = await parseForm(request, context, SignInSchema.extend({ next: z.string().optional() }));
  if (!form.ok) return form.response;
  try {
    const { session } = await signIn(
      { ...form.data, clientIp: context.request.clientIp },
      { db: context.services.db, sessionDays: context.services.config.sessionDays },
    );
    return redirect(safeRedirectPath(form.data.next), {
      headers: { "Set-Cookie": sessionCookieHeader(context, session.token, session.expiresAt) },
    });
  } catch (error) {
    return domainErrorResponse(form.formData, error);
  }
}

const SignOutSchema = z.object({ everywhere: z.enum(["1"]).optional() });

export async function signOutAction({ request, context }: ActionFunctionArgs) {
  const form = await parseForm(request, context, SignOutSchema);
  if (!form.ok) return form.response;
  const token = readSessionToken(request, context);
  const user = await getSessionUser(request, context);
  const { db } = context.services;
  if (user && form.data.everywhere) {
    const { actor } = await requireUser(request, context);
    await db.$transaction(async (tx) => {
      await revokeAllSessions(user.id, { db: tx });
      await writeAudit(
        { actor, action: "auth.sign-out-everywhere", subjectType: "user", subjectId: user.id },
        { db: tx },
      );
    });
    // Open websocket connections were authorised by a session that no longer exists.
    context.services.realtime.disconnectUser(user.id);
  } else if (token) {
    await revokeSession(token, { db });
  }
  return redirect("/login?signedOut=1", { headers: { "Set-Cookie": clearSessionCookieHeader(context) } });
}

const LanguageSchema = z.object({ locale: LocaleSchema, redirectTo: z.string().optional() });

export async function languageAction({ request, context }: ActionFunctionArgs) {
  const form = await parseForm(request, context, LanguageSchema);
  if (!form.ok) return form.response;
  const user = await getSessionUser(request, context);
  if (user) await context.services.db.user.update({ where: { id: user.id }, data: { locale: form.data.locale } });
  return redirect(safeRedirectPath(form.data.redirectTo), {
    headers: {
      "Set-Cookie": serializeCookie(LOCALE_COOKIE, form.data.locale, {
        maxAgeSeconds: 365 * 24 * 3600,
        isSecure: context.services.config.isSecureCookie,
      }),
    },
  });
}
