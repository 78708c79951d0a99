// Loader and action of the invitation page (/invite/:token), kept out of the route module so
// that server code never reaches the browser bundle.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { acceptInvitation } from "~/domain/auth/accept-invitation";
import { findInvitationByToken, type InvitationForAcceptPage } from "~/domain/auth/find-invitation";
import {
  InviteTokenSchema,
  NEW_PASSWORD_MIN_LENGTH,
  ORGANISATION_TYPES,
  acceptSchemaFor,
} from "~/domain/auth/invitation-schemas";
import { createSession, revokeSession } from "~/domain/auth/sessions";
import { isDomainError } from "~/domain/errors";
import { parseLocale } from "~/i18n/locales";
import { LOCALE_COOKIE, parseCookieHeader } from "./cookies";
import { domainErrorResponse, formErrorResponse, parseForm } from "./forms.server";
import { getSessionUser, readSessionToken, sessionCookieHeader } from "./session.server";

// The token is a credential: the page is never cached (the server's Referrer-Policy
// same-origin already keeps the URL from other sites).
const PRIVATE_HEADERS = { "Cache-Control": "no-store" };

/**
 * What the page shows about a pending invitation. Only the invitation's own fields and the
 * inviter; for an external invitation not even the name the case manager typed, because the
 * link may have reached someone else and that name together with "case meeting" is sensitive.
 */
function toView(invitation: InvitationForAcceptPage) {
  const inviter = invitation.invitedBy
    ? {
        name: invitation.invitedBy.name,
        positionTitle: invitation.invitedBy.positionTitle,
        organisationName: invitation.invitedBy.organisation?.name ?? null,
      }
    : null;
  const base = { kind: invitation.kind, expiresAt: invitation.expiresAt.toISOString() };
  switch (invitation.kind) {
    case "SETUP":
      return {
        ...base,
        email: null,
        name: null,
        positionTitle: null,
        organisationName: null,
        isOrgAdmin: true,
        inviter: null,
      };
    case "STAFF":
      return {
        ...base,
        email: invitation.email,
        name: invitation.name,
        positionTitle: invitation.positionTitle,
        organisationName: invitation.organisation?.name ?? null,
        isOrgAdmin: invitation.isOrgAdmin,
        inviter,
      };
    case "EXTERNAL":
      return {
        ...base,
        email: null,
        name: null,
        positionTitle: null,
        organisationName: null,
        isOrgAdmin: false,
        inviter,
      };
  }
}

function unavailable(messageKey: string, code: "NOT_FOUND" | "INVALID_STATE") {
  // 404 for a link that never existed, 410 Gone for one that did and has ended.
  return json(
    { status: "unavailable" as const, messageKey },
    { status: code === "NOT_FOUND" ? 404 : 410, headers: PRIVATE_HEADERS },
  );
}

export async function loadInvitePage({ request, params, context }: LoaderFunctionArgs) {
  const token = InviteTokenSchema.safeParse(params.token);
  if (!token.success) return unavailable("invite.notFound", "NOT_FOUND");
  try {
    const invitation = await findInvitationByToken(token.data, { db: context.services.db });
    const user = await getSessionUser(request, context);
    return json(
      {
        status: "pending" as const,
        invitation: toView(invitation),
        organisationTypes: invitation.kind === "SETUP" ? [...ORGANISATION_TYPES] : [],
        passwordMinLength: NEW_PASSWORD_MIN_LENGTH,
        signedInAs: user?.name ?? null,
      },
      { headers: PRIVATE_HEADERS },
    );
  } catch (error) {
    if (isDomainError(error) && (error.code === "NOT_FOUND" || error.code === "INVALID_STATE")) {
      return unavailable(error.messageKey, error.code);
    }
    throw error;
  }
}

export async function acceptInviteAction({ request, params, context }: ActionFunctionArgs) {
  const { db, config } = context.services;
  const token = InviteTokenSchema.safeParse(params.token);
  if (!token.success) return formErrorResponse(await request.formData(), { formError: "invite.notFound" }, 404);
  let kind;
  let meetingId: string | null = null;
  try {
    const invitation = await findInvitationByToken(token.data, { db });
    kind = invitation.kind;
    meetingId = invitation.meetingId ?? null;
  } catch (error) {
    return domainErrorResponse(await request.formData(), error);
  }
  const form = await parseForm(request, context, acceptSchemaFor(kind));
  if (!form.ok) return form.response;
  const locale = parseLocale(parseCookieHeader(request.headers.get("Cookie"))[LOCALE_COOKIE]);
  try {
    const user = await acceptInvitation(token.data, form.data, { db, locale });
    // Whoever was signed in on this browser before is signed out: the browser now belongs to
    // the new account.
    const previous = readSessionToken(request, context);
    if (previous) await revokeSession(previous, { db });
    const session = await createSession({ userId: user.id }, { db, sessionDays: config.sessionDays });
    // The new participant appears on the open meeting pages of the others at once.
    if (meetingId) context.services.realtime.notifyMeeting(meetingId, "participants:changed");
    return redirect(meetingId ? `/meetings/${meetingId}` : "/", {
      headers: { "Set-Cookie": sessionCookieHeader(context, session.token, session.expiresAt) },
    });
  } catch (error) {
    return domainErrorResponse(form.formData, error);
  }
}
