// Sign-in, throttling and sessions against a real database (SQLite and PostgreSQL).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession, findSessionUser, revokeAllSessions } from "../../app/domain/auth/sessions.ts";
import { THROTTLE_RULES, signIn } from "../../app/domain/auth/sign-in.ts";
import { createStaffUser } from "../factories/people.ts";
import { expectDomainError } from "../support/expect-domain-error.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-db.ts";

const PASSWORD = "õige-parool-123";
const SESSION_DAYS = 14;
let t: TestDatabase;
let ipCounter = 0;
/** Each test signs in from its own address, so the per-address throttle of one test does not leak into another. */
const nextIp = () => `192.0.2.${++ipCounter}`;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe("signIn", () => {
  it("refuses a wrong password with VALIDATION, writes an audit row and changes nothing else", async () => {
    const { user } = await createStaffUser(t.db, { password: PASSWORD });
    const before = await t.db.user.findUniqueOrThrow({ where: { id: user.id } });

    await expectDomainError(
      signIn({ email: user.email!, password: "vale-parool-123", clientIp: nextIp() }, { db: t.db, sessionDays: SESSION_DAYS }),
      "VALIDATION",
      "auth.invalidCredentials",
    );

    const audit = await t.db.auditEvent.findMany({ where: { subjectId: user.id } });
    expect(audit.map((a) => a.action)).toEqual(["auth.sign-in-failed"]);
    expect(audit[0]!.actorId).toBeNull();
    expect(await t.db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await t.db.user.findUniqueOrThrow({ where: { id: user.id } })).toEqual(before);
  });

  it("gives the same answer for an unknown address as for a wrong password", async () => {
    await expectDomainError(
      signIn({ email: "keegi@test.example", password: PASSWORD, clientIp: nextIp() }, { db: t.db, sessionDays: SESSION_DAYS }),
      "VALIDATION",
      "auth.invalidCredentials",
    );
  });

  it(`locks the account after ${THROTTLE_RULES.account.maxFailures} failures, even for the right password`, async () => {
    const { user } = await createStaffUser(t.db, { password: PASSWORD });
    const now = new Date();
    for (let i = 0; i < THROTTLE_RULES.account.maxFailures; i++) {
      await expectDomainError(
        // A new address each time: it is the account that gets locked, not the address.
        signIn({ email: user.email!, password: `vale-parool-${i}`, clientIp: nextIp() }, { db: t.db, sessionDays: SESSION_DAYS, now }),
        "VALIDATION",
      );
    }
    const locked = await expectDomainError(
      signIn({ email: user.email!, password: PASSWORD, clientIp: nextIp() }, { db: t.db, sessionDays: SESSION_DAYS, now }),
      "RATE_LIMITED",
      "auth.tooManyAttempts",
    );
    expect(locked.params.minutes).toBe(THROTTLE_RULES.account.lockMs / 60_000);
    expect(await t.db.session.count({ where: { userId: user.id } })).toBe(0);

    // Once the lock has passed, the right password works again.
    const later = new Date(now.getTime() + THROTTLE_RULES.account.lockMs + 1000);
    const { session } = await signIn(
      { email: user.email!, password: PASSWORD, clientIp: nextIp() },
      { db: t.db, sessionDays: SESSION_DAYS, now: later },
    );
    expect(session.token).toBeTruthy();
  });

  it("creates a session that finds its user, and audits the sign-in", async () => {
    const { user } = await createStaffUser(t.db, { password: PASSWORD });
    const { user: signedIn, session } = await signIn(
      { email: user.email!, password: PASSWORD, clientIp: nextIp() },
      { db: t.db, sessionDays: SESSION_DAYS },
    );
    expect(signedIn.id).toBe(user.id);
    expect(await t.db.session.count({ where: { userId: user.id } })).toBe(1);
    // Only the hash of the token is stored.
    expect(await t.db.session.findUnique({ where: { id: session.token } })).toBeNull();
    expect((await findSessionUser(session.token, { db: t.db }))?.id).toBe(user.id);
    const audit = await t.db.auditEvent.findMany({ where: { subjectId: user.id, action: "auth.sign-in" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorId).toBe(user.id);
  });

  it("does not sign in a disabled account", async () => {
    const { user } = await createStaffUser(t.db, { password: PASSWORD });
    await t.db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    await expectDomainError(
      signIn({ email: user.email!, password: PASSWORD, clientIp: nextIp() }, { db: t.db, sessionDays: SESSION_DAYS }),
      "VALIDATION",
      "auth.invalidCredentials",
    );
  });
});

describe("sessions", () => {
  it("revokeAllSessions ends every session of the user and no one else's", async () => {
    const { user } = await createStaffUser(t.db, { password: PASSWORD });
    const { user: other } = await createStaffUser(t.db);
    const phone = await createSession({ userId: user.id }, { db: t.db, sessionDays: SESSION_DAYS });
    const laptop = await createSession({ userId: user.id }, { db: t.db, sessionDays: SESSION_DAYS });
    const others = await createSession({ userId: other.id }, { db: t.db, sessionDays: SESSION_DAYS });

    expect(await revokeAllSessions(user.id, { db: t.db })).toBe(2);

    expect(await findSessionUser(phone.token, { db: t.db })).toBeNull();
    expect(await findSessionUser(laptop.token, { db: t.db })).toBeNull();
    expect((await findSessionUser(others.token, { db: t.db }))?.id).toBe(other.id);
  });

  it("an expired session finds no one and is removed", async () => {
    const { user } = await createStaffUser(t.db);
    const past = new Date(Date.now() - 30 * 24 * 3600 * 1000);
    const session = await createSession({ userId: user.id }, { db: t.db, sessionDays: 1, now: past });
    expect(await findSessionUser(session.token, { db: t.db })).toBeNull();
    expect(await t.db.session.count({ where: { userId: user.id } })).toBe(0);
  });
});
