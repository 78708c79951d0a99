// Synthetic data for the bench, written straight into the database with bulk inserts: one
// organisation, and per meeting a client, a case (managed by the meeting's first user, the
// others on its team as specialists with the client's consent) and the meeting with its users
// as participants, each user with a live session. Every name is made up ("Bench User 17").
import { randomBytes } from "node:crypto";
import { formatDocName } from "../../app/domain/collab/doc-name.ts";
import { hashPassword } from "../../app/domain/auth/password.ts";
import { createToken, hashToken } from "../../app/domain/auth/tokens.ts";
import type { Db } from "../../app/lib/db-types.ts";

export type FixturePlan = Record<string, { meetings: number; usersPerMeeting: number }>;

export type BenchMeeting = {
  meetingId: string;
  /** The meeting room document, `meeting.<id>.room`. */
  docName: string;
  /** One `sid=…` cookie per participant, in participant order. */
  cookies: string[];
};

export type Fixture = {
  meetings: Record<string, BenchMeeting[]>;
  /** A participant with a password, for sign-in over HTTP. */
  signIn: { email: string; password: string };
};

const SESSION_MS = 24 * 60 * 60 * 1000;

/** Ids shaped like our cuid primary keys (lowercase alphanumeric), as document names require. */
function newId(): string {
  return `b${randomBytes(12).toString("hex")}`;
}

export async function seedFixture(db: Db, plan: FixturePlan): Promise<Fixture> {
  const organisationId = newId();
  await db.organisation.create({ data: { id: organisationId, name: "Bench Organisation", type: "MUNICIPALITY" } });

  let userNumber = 0;
  const users: Array<{ id: string; kind: "STAFF"; organisationId: string; name: string; email: string; positionTitle: string }> = [];
  const sessions: Array<{ id: string; userId: string; expiresAt: Date }> = [];
  const clients: Array<{ id: string; organisationId: string; firstName: string; lastName: string }> = [];
  const cases: Array<{ id: string; organisationId: string; caseNumber: string; clientId: string; caseManagerId: string }> = [];
  const caseMembers: Array<{ caseId: string; userId: string; role: "CASE_MANAGER" | "SPECIALIST" }> = [];
  const consents: Array<{ caseId: string; recipientUserId: string; scope: string; form: "WRITTEN"; givenAt: Date; recordedById: string }> = [];
  const meetingRows: Array<{
    id: string;
    kind: "CASE";
    caseId: string;
    purpose: string;
    startsAt: Date;
    durationMinutes: number;
    status: "IN_PROGRESS";
    createdById: string;
  }> = [];
  const participants: Array<{ meetingId: string; userId: string; meetingRole: "MODERATOR" | "PARTICIPANT"; response: "ACCEPTED"; consentedAt: Date; confidentialityAt: Date }> = [];

  const meetings: Record<string, BenchMeeting[]> = {};
  const expiresAt = new Date(Date.now() + SESSION_MS);
  // Started a few minutes ago, so it is "upcoming" on the home page for the whole run.
  const startsAt = new Date(Date.now() - 5 * 60 * 1000);
  const now = new Date();
  for (const [group, { meetings: meetingCount, usersPerMeeting }] of Object.entries(plan)) {
    meetings[group] = [];
    for (let m = 0; m < meetingCount; m += 1) {
      const meetingId = newId();
      const caseId = newId();
      const clientId = newId();
      const userIds: string[] = [];
      const cookies: string[] = [];
      for (let u = 0; u < usersPerMeeting; u += 1) {
        userNumber += 1;
        const id = newId();
        userIds.push(id);
        users.push({
          id,
          kind: "STAFF",
          organisationId,
          name: `Bench User ${userNumber}`,
          email: `bench.user${userNumber}@bench.example`,
          positionTitle: "sotsiaaltöötaja",
        });
        const token = createToken();
        sessions.push({ id: hashToken(token), userId: id, expiresAt });
        cookies.push(`sid=${token}`);
      }
      const managerId = userIds[0] as string;
      clients.push({ id: clientId, organisationId, firstName: "Bench", lastName: `Client ${cases.length + 1}` });
      cases.push({ id: caseId, organisationId, caseNumber: `BENCH-${cases.length + 1}`, clientId, caseManagerId: managerId });
      // The others are specialists on the case team, with the client's consent to share: the
      // document server asks the case policy, as for a real meeting.
      userIds.forEach((userId, index) => {
        caseMembers.push({ caseId, userId, role: index === 0 ? "CASE_MANAGER" : "SPECIALIST" });
        if (index > 0) {
          consents.push({ caseId, recipientUserId: userId, scope: "case meeting", form: "WRITTEN", givenAt: startsAt, recordedById: managerId });
        }
      });
      meetingRows.push({
        id: meetingId,
        kind: "CASE",
        caseId,
        purpose: `Bench meeting ${meetingRows.length + 1}`,
        startsAt,
        durationMinutes: 180,
        status: "IN_PROGRESS",
        createdById: managerId,
      });
      userIds.forEach((userId, index) =>
        participants.push({ meetingId, userId, meetingRole: index === 0 ? "MODERATOR" : "PARTICIPANT", response: "ACCEPTED", consentedAt: now, confidentialityAt: now }),
      );
      meetings[group].push({ meetingId, docName: formatDocName({ kind: "room", meetingId }), cookies });
    }
  }

  await db.user.createMany({ data: users });
  await db.session.createMany({ data: sessions });
  await db.client.createMany({ data: clients });
  await db.case.createMany({ data: cases });
  await db.caseMember.createMany({ data: caseMembers });
  await db.sharingConsent.createMany({ data: consents });
  await db.meeting.createMany({ data: meetingRows });
  await db.meetingParticipant.createMany({ data: participants });

  // The first participant of the first meeting also gets a password, for the sign-in figures.
  const password = "bench-parool-123";
  const firstUser = users[0];
  if (!firstUser) throw new Error("the bench plan creates no users");
  await db.user.update({ where: { id: firstUser.id }, data: { passwordHash: await hashPassword(password) } });
  return { meetings, signIn: { email: firstUser.email, password } };
}
