import type { Db, DbOrTx } from "~/lib/db-types";
import { createToken, hashToken } from "./tokens";

const DAY_MS = 24 * 60 * 60 * 1000;

export async function createSession(
  input: { userId: string },
  { db, sessionDays, now = new Date() }: { db: DbOrTx; sessionDays: number; now?: Date },
): Promise<{ token: string; expiresAt: Date }> {
  const token = createToken();
  const expiresAt = new Date(now.getTime() + sessionDays * DAY_MS);
  await db.session.create({ data: { id: hashToken(token), userId: input.userId, expiresAt } });
  return { token, expiresAt };
}

export type SessionUser = NonNullable<Awaited<ReturnType<typeof findSessionUser>>>;

/** The signed-in user for a session cookie value, or null (unknown, expired or disabled). */
export async function findSessionUser(token: string | undefined, { db, now = new Date() }: { db: Db; now?: Date }) {
  if (!token || token.length > 200) return null;
  const session = await db.session.findUnique({
    where: { id: hashToken(token) },
    include: { user: { include: { organisation: true } } },
  });
  if (!session) return null;
  if (session.expiresAt <= now || session.user.disabledAt) {
    await db.session.deleteMany({ where: { id: session.id } });
    return null;
  }
  return session.user;
}

export async function revokeSession(token: string, { db }: { db: DbOrTx }): Promise<void> {
  await db.session.deleteMany({ where: { id: hashToken(token) } });
}

/** "Sign out everywhere": every session of the user, on every device and process, ends. */
export async function revokeAllSessions(userId: string, { db }: { db: DbOrTx }): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { userId } });
  return count;
}
