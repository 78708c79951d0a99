// Web glue for sessions: reading the cookie, requiring a user, writing Set-Cookie headers.
import { redirect, type AppLoadContext } from "@remix-run/node";
import { type Actor, actorFromUser } from "~/domain/actor";
import { findSessionUser, type SessionUser } from "~/domain/auth/sessions";
import { parseCookieHeader, serializeCookie, sessionCookieName } from "./cookies";

export function readSessionToken(request: Request, context: AppLoadContext): string | undefined {
  return parseCookieHeader(request.headers.get("Cookie"))[sessionCookieName(context.services.config.isSecureCookie)];
}

export async function getSessionUser(request: Request, context: AppLoadContext): Promise<SessionUser | null> {
  return findSessionUser(readSessionToken(request, context), { db: context.services.db });
}

export async function requireUser(
  request: Request,
  context: AppLoadContext,
): Promise<{ user: SessionUser; actor: Actor }> {
  const user = await getSessionUser(request, context);
  if (!user) throw redirectToSignIn(request);
  return { user, actor: actorFromUser(user) };
}

/** To the sign-in page, coming back to this page afterwards. */
export function redirectToSignIn(request: Request) {
  const url = new URL(request.url);
  return redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
}

export function sessionCookieHeader(context: AppLoadContext, token: string, expiresAt: Date): string {
  const { isSecureCookie } = context.services.config;
  const maxAgeSeconds = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  return serializeCookie(sessionCookieName(isSecureCookie), token, { maxAgeSeconds, isSecure: isSecureCookie });
}

export function clearSessionCookieHeader(context: AppLoadContext): string {
  const { isSecureCookie } = context.services.config;
  return serializeCookie(sessionCookieName(isSecureCookie), "", { maxAgeSeconds: 0, isSecure: isSecureCookie });
}

/** Only same-site relative paths, so a crafted ?next= cannot send the user elsewhere. */
export function safeRedirectPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) {
    return fallback;
  }
  return value;
}
