// The demo data: a whole synthetic county network, seeded into a fresh database of each kind.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn } from "../../app/domain/auth/sign-in.ts";
import { DEMO_CASE_MANAGER_EMAIL, DEMO_PASSWORD } from "../../app/lib/demo.ts";
import { DEMO_ACCOUNTS, DEMO_CASE_NUMBERS, atTallinnTime, seedDemoData } from "../../prisma/demo-data.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-db.ts";

const now = new Date();
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoData(t.db, { now });
});
afterAll(async () => {
  await t?.drop();
});

describe("demo data", () => {
  it("has every kind of organisation the quick start promises", async () => {
    const types = new Set((await t.db.organisation.findMany({ select: { type: true } })).map((o) => o.type));
    for (const type of [
      "MUNICIPALITY",
      "FAMILY_DOCTOR",
      "HOSPITAL",
      "UNEMPLOYMENT_INSURANCE_FUND",
      "SOCIAL_INSURANCE_BOARD",
      "SERVICE_PROVIDER",
    ] as const) {
      expect(types).toContain(type);
    }
    expect(await t.db.organisation.count({ where: { type: "SERVICE_PROVIDER" } })).toBe(2);
  });

  it("puts every organisation in the network, the municipality and the hospital in its steering group", async () => {
    const network = await t.db.network.findFirstOrThrow({
      include: { members: { include: { organisation: true } } },
    });
    expect(network.members).toHaveLength(await t.db.organisation.count());
    const steering = network.members.filter((m) => m.isSteeringGroup).map((m) => m.organisation.type);
    expect(steering.sort()).toEqual(["HOSPITAL", "MUNICIPALITY"]);
  });

  it("gives every case a past HELD meeting and a future PLANNED one", async () => {
    const cases = await t.db.case.findMany({ include: { meetings: true } });
    expect(cases.map((c) => c.caseNumber).sort()).toEqual([...DEMO_CASE_NUMBERS].sort());
    for (const c of cases) {
      expect(c.meetings.some((m) => m.status === "HELD" && m.startsAt < now)).toBe(true);
      expect(c.meetings.some((m) => m.status === "PLANNED" && m.startsAt > now)).toBe(true);
      expect(c.meetings.every((m) => m.kind === "CASE" && m.networkId === null)).toBe(true);
    }
  });

  it("gives every meeting a moderator, a minute-taker and a timekeeper, consent with every acceptance", async () => {
    const meetings = await t.db.meeting.findMany({ include: { participants: true } });
    expect(meetings.filter((m) => m.kind === "NETWORK" && m.networkId && !m.caseId)).toHaveLength(1);
    for (const m of meetings) {
      const roles = m.participants.map((p) => p.meetingRole);
      expect(roles).toEqual(expect.arrayContaining(["MODERATOR", "MINUTE_TAKER", "TIMEKEEPER", "PARTICIPANT"]));
      for (const p of m.participants) {
        expect(p.consentedAt !== null).toBe(p.response === "ACCEPTED");
        expect(p.confidentialityAt !== null).toBe(p.response === "ACCEPTED");
      }
    }
  });

  it("makes the demo case manager the case manager and a team member of both cases", async () => {
    const user = await t.db.user.findUniqueOrThrow({ where: { email: DEMO_CASE_MANAGER_EMAIL } });
    const cases = await t.db.case.findMany({ include: { members: true } });
    for (const c of cases) {
      expect(c.caseManagerId).toBe(user.id);
      expect(c.members).toContainEqual(expect.objectContaining({ userId: user.id, role: "CASE_MANAGER" }));
      expect(c.members.filter((m) => m.role === "CLIENT")).toHaveLength(1);
    }
  });

  it("lets the demo case manager sign in with the demo password", async () => {
    const { user, session } = await signIn(
      { email: DEMO_CASE_MANAGER_EMAIL, password: DEMO_PASSWORD, clientIp: "127.0.0.1" },
      { db: t.db, sessionDays: 1 },
    );
    expect(user.email).toBe(DEMO_CASE_MANAGER_EMAIL);
    expect(session.token).toBeTruthy();
  });

  it("uses only .example e-mail addresses and no personal codes", async () => {
    const users = await t.db.user.findMany({ select: { email: true } });
    const clients = await t.db.client.findMany({ select: { email: true, personalCode: true } });
    const emails = [...users, ...clients].map((r) => r.email).concat(DEMO_ACCOUNTS.map((a) => a.email));
    for (const email of emails) expect(email).toMatch(/^[a-z.]+@[a-z0-9.-]+\.example$/);
    expect(clients.every((c) => c.personalCode === null)).toBe(true);
  });

  it("matches DEMO_ACCOUNTS, and the README lists every demo account", async () => {
    const users = await t.db.user.findMany({ select: { email: true, kind: true } });
    expect(users.map((u) => u.email).sort()).toEqual(DEMO_ACCOUNTS.map((a) => a.email).sort());
    expect(users.filter((u) => u.kind === "EXTERNAL")).toHaveLength(4);
    const readme = readFileSync(path.resolve(import.meta.dirname, "../../README.md"), "utf8");
    for (const account of DEMO_ACCOUNTS) expect(readme).toContain(account.email);
    expect(readme).toContain(DEMO_PASSWORD);
  });
});

describe("atTallinnTime", () => {
  it("gives the wall-clock hour in Tallinn, summer and winter", () => {
    const hourIn = (d: Date) =>
      new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Tallinn", hour: "2-digit", hourCycle: "h23" }).format(d);
    expect(hourIn(atTallinnTime(new Date("2026-01-15T12:00:00Z"), 0, 10))).toBe("10");
    expect(hourIn(atTallinnTime(new Date("2026-07-15T12:00:00Z"), 0, 10))).toBe("10");
  });
});
