// Authorisation of a Yjs websocket upgrade: the session cookie names the person, the same
// domain rule as the rest of the app decides what they may open.
import type http from "node:http";
import { actorFromUser } from "../../app/domain/actor.ts";
import { findSessionUser } from "../../app/domain/auth/sessions.ts";
import { authorizeDocument } from "../../app/domain/collab/authorize-document.ts";
import { parseDocName } from "../../app/domain/collab/doc-name.ts";
import { DomainError } from "../../app/domain/errors.ts";
import type { Db } from "../../app/lib/db-types.ts";
import { parseCookieHeader, sessionCookieName } from "../../app/lib/cookies.ts";

export async function authorizeCollabRequest(
  req: http.IncomingMessage,
  docName: string,
  { db, isSecureCookie }: { db: Db; isSecureCookie: boolean },
): Promise<{ userId: string; readOnly: boolean }> {
  const ref = parseDocName(docName);
  if (!ref) throw new DomainError("VALIDATION", "error.notFound");
  const token = parseCookieHeader(req.headers.cookie)[sessionCookieName(isSecureCookie)];
  const user = await findSessionUser(token, { db });
  if (!user) throw new DomainError("UNAUTHENTICATED", "error.forbidden");
  const access = await authorizeDocument(actorFromUser(user), ref, { db });
  return { userId: user.id, readOnly: access.readOnly };
}
