// The demo data: a whole synthetic county network, seeded into a fresh database of each kind.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actorFromUser } from "../../app/domain/actor.ts";
import { signIn } from "../../app/domain/auth/sign-in.ts";
import { ACCESS_LOG_FALLBACK_KEY } from "../../app/domain/client-view/access-log.ts";
import { getClientView } from "../../app/domain/client-view/get-client-view.ts";
import { readStoredDoc } from "../../app/domain/collab/stored-document.ts";
import { diffPlanContent } from "../../app/domain/plans/diff-plan-content.ts";
import { listMyActions } from "../../app/domain/plans/list-my-actions.ts";
import { readPlanDoc } from "../../app/domain/plans/plan-doc.ts";
import { parsePlanContent } from "../../app/domain/plans/plan-schemas.ts";
import { verifyPlans } from "../../app/domain/plans/verify-plans.ts";
import { tallinnDay } from "../../app/domain/time/tallinn-time.ts";
import { DEMO_CASE_MANAGER_EMAIL, DEMO_PASSWORD } from "../../app/lib/demo.ts";
import {
  DEMO_ACCOUNTS,
  DEMO_CASE_NUMBERS,
  DEMO_PLAN_CASE_NUMBER,
  atTallinnTime,
  seedDemoData,
} from "../../prisma/demo-data.ts";
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

describe("the demo case plan", () => {
  const DAY_MS = 24 * 60 * 60 * 1000;
  const emailOf = (name: string) => DEMO_ACCOUNTS.find((a) => a.name === name)!.email;
  const userNamed = (name: string) => t.db.user.findUniqueOrThrow({ where: { email: emailOf(name) } });
  const actorNamed = async (name: string) => actorFromUser(await userNamed(name));
  const planCase = () => t.db.case.findFirstOrThrow({ where: { caseNumber: DEMO_PLAN_CASE_NUMBER } });

  it("is on Galina's case only: version 1 in force, signed by every party long ago, version 2 in draft", async () => {
    const theCase = await planCase();
    const versions = await t.db.planVersion.findMany({
      where: { caseId: theCase.id },
      orderBy: { number: "asc" },
      include: { signatories: { include: { signature: true } } },
    });
    expect(versions.map((v) => [v.number, v.status])).toEqual([
      [1, "IN_FORCE"],
      [2, "DRAFT"],
    ]);
    expect(await t.db.planVersion.count({ where: { caseId: { not: theCase.id } } })).toBe(0);

    const [v1, v2] = versions as [(typeof versions)[number], (typeof versions)[number]];
    expect(v1.previousHash).toBeNull();
    expect(v2.basedOnId).toBe(v1.id);
    expect(v2.contentHash).toBeNull();
    expect(v1.inForceAt!.getTime()).toBeLessThan(now.getTime() - 60 * DAY_MS);
    const names = await t.db.user.findMany({ where: { id: { in: v1.signatories.map((s) => s.userId) } } });
    expect(v1.signatories.map((s) => [names.find((u) => u.id === s.userId)!.name, s.capacity]).sort()).toEqual([
      ["Eve Mägi", "RESPONSIBLE"],
      ["Galina Petrova", "CLIENT"],
      ["Kadri Kask", "CASE_MANAGER"],
      ["Natalja Petrova", "RESPONSIBLE"],
    ]);
    for (const s of v1.signatories) {
      expect(s.signature).toMatchObject({ decision: "SIGNED", contentHash: v1.contentHash, method: "PASSWORD" });
    }
    // Galina signed the statement in Russian, her language.
    const galina = await userNamed("Galina Petrova");
    expect(v1.signatories.find((s) => s.userId === galina.id)!.signature!.statement).toMatch(/[А-Яа-я]/);

    // The services' audit entries are on the demo's timeline, not at the moment of seeding.
    const audit = await t.db.auditEvent.findMany({ where: { caseId: theCase.id, action: { startsWith: "plan." } } });
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(["plan.start", "plan.send", "plan.sign", "plan.in-force", "plan.amend"]),
    );
    for (const e of audit) expect(e.at.getTime()).toBeLessThanOrEqual(now.getTime() - 3 * DAY_MS + 1000);
    expect(audit.find((e) => e.action === "plan.in-force")!.at).toEqual(v1.inForceAt);
  });

  it("verifies intact, as npm run verify-plans reports it", async () => {
    const result = await verifyPlans({ db: t.db });
    expect(result).toMatchObject({ isIntact: true, problemCount: 0 });
    expect(result.cases.map((c) => [c.caseNumber, c.isIntact, c.problems])).toEqual([
      [DEMO_PLAN_CASE_NUMBER, true, []],
    ]);
    expect(result.cases[0]!.versions.map((v) => [v.number, v.status, v.problems])).toEqual([
      [1, "IN_FORCE", []],
      [2, "DRAFT", []],
    ]);
  });

  it("feeds the responsible people's my actions, with the due dates and what is overdue", async () => {
    const eve = await listMyActions(await actorNamed("Eve Mägi"), { db: t.db, now });
    expect(eve.map((a) => [a.caseNumber, a.versionNumber, a.kind, a.section])).toEqual([
      [DEMO_PLAN_CASE_NUMBER, 1, "activity", "HELP_MEASURE"],
      [DEMO_PLAN_CASE_NUMBER, 1, "activity", "HELP_MEASURE"],
    ]);
    // Soonest deadline first: the memory test was due five days ago; the monthly visit has none.
    expect(eve[0]).toMatchObject({ deadline: tallinnDay(new Date(now.getTime() - 5 * DAY_MS)), isOverdue: true });
    expect(eve[1]).toMatchObject({ deadline: null, recurrence: "Kord kuus", isOverdue: false });

    const kadri = await listMyActions(await actorNamed("Kadri Kask"), { db: t.db, now });
    const evaluation = kadri.find((a) => a.kind === "evaluation");
    // The first interim evaluation is at the monitoring meeting planned in twelve days.
    expect(evaluation).toMatchObject({ caseNumber: DEMO_PLAN_CASE_NUMBER, isOverdue: false });
    expect(evaluation!.deadline).toBe(tallinnDay(atTallinnTime(now, 12, 11)));
    expect(
      kadri
        .filter((a) => a.kind === "activity")
        .map((a) => a.section)
        .sort(),
    ).toEqual(["CASE_MANAGER", "HELP_MEASURE", "HELP_MEASURE"]);
    const galina = await listMyActions(await actorNamed("Galina Petrova"), { db: t.db, now });
    expect(galina.map((a) => [a.section, a.recurrence])).toEqual([
      ["CLIENT", "Esmaspäeval, kolmapäeval ja reedel kell 9–15"],
      ["CLIENT", "Iga päev"],
    ]);
    // A close person who may not see Galina's view, but signed the plan and has her part in it.
    const natalja = await listMyActions(await actorNamed("Natalja Petrova"), { db: t.db, now });
    expect(natalja.map((a) => a.section)).toEqual(["CLOSE_PERSONS"]);
    // Named only in the draft amendment: nothing to do until it is in force.
    expect(await listMyActions(await actorNamed("Helen Pärn"), { db: t.db, now })).toEqual([]);
    // Jaan's team has no plan yet.
    expect(await listMyActions(await actorNamed("Liina Saar"), { db: t.db, now })).toEqual([]);
  });

  it("has an amendment in draft that shows what changed: a new help measure and a fourth day-centre day", async () => {
    const theCase = await planCase();
    const [v1, v2] = await t.db.planVersion.findMany({ where: { caseId: theCase.id }, orderBy: { number: "asc" } });
    const doc = await readStoredDoc(t.db, `plan.${v2!.id}`);
    const draft = readPlanDoc(doc);
    doc.destroy();
    expect(draft.skipped).toBe(0);
    const changes = diffPlanContent(parsePlanContent(v1!.content!), draft);
    expect(changes.map((c) => c.kind).sort()).toEqual(["activityAdded", "activityChanged", "activityChanged", "text"]);
    const added = changes.find((c) => c.kind === "activityAdded");
    const helen = await userNamed("Helen Pärn");
    expect(added?.kind === "activityAdded" && added.activity.responsible?.userId).toBe(helen.id);
  });

  it("tells Galina in her access log, in plain words, who drafted and signed her plan", async () => {
    const theCase = await planCase();
    const view = await getClientView(await actorNamed("Galina Petrova"), theCase.id, { db: t.db, now });
    const keys = view.accessLog.entries.map((e) => e.messageKey);
    expect(keys).toEqual(expect.arrayContaining(["clientView.log.plan.sign", "clientView.log.plan.inForce"]));
    expect(keys).not.toContain(ACCESS_LOG_FALLBACK_KEY);
    expect(view.plan).toBeTruthy();
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
