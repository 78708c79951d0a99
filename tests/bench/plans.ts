// Issue 6's figures, on SQLite and on PostgreSQL (BENCH_ONLY=plans runs this phase alone):
//
//   freezing a plan    a plan of 50 activities with 8 signatories: sending it for signing (flush
//                      the live document, read and check it, hash it chained to the version in
//                      force, freeze the document) and the eight signatures until it is in force;
//                      each signature re-authenticates with a password (scrypt), as people do;
//   a case's history   two years of it: 50 meetings with approved records and 10 plan versions
//                      (each built, sent and signed as above); then the case page and the plan page
//                      over HTTP from the real server, and verifyPlans over the case.
//
// The services are the real ones (app/domain/plans), in this process, against a fresh database;
// the pages come from the real server (createServer) started in this process on that database.
import * as Y from "yjs";
import { createSession } from "../../app/domain/auth/sessions.ts";
import { canonicalJson, contentHash, type JsonValue } from "../../app/domain/freezing/content-hash.ts";
import { addActivity, addEvaluation, setPlanText } from "../../app/domain/plans/plan-doc.ts";
import { addMonthsToDate, PLAN_SECTIONS } from "../../app/domain/plans/plan-schemas.ts";
import { sendPlanForSigning } from "../../app/domain/plans/send-plan-for-signing.ts";
import { signPlan } from "../../app/domain/plans/sign-plan.ts";
import { startAmendment } from "../../app/domain/plans/start-amendment.ts";
import { startPlan } from "../../app/domain/plans/start-plan.ts";
import { verifyPlans } from "../../app/domain/plans/verify-plans.ts";
import { tallinnDay } from "../../app/domain/time/tallinn-time.ts";
import type { Db } from "../../app/lib/db-types.ts";
import { PLAN_PASSWORD, createPlanTeam, openLivePlan } from "../factories/plans.ts";
import { createMeetingWithParticipants, fullRecord } from "../factories/records.ts";
import { addMember, giveConsent, type Person, type TeamCase } from "../factories/team.ts";
import { createStaffUser } from "../factories/people.ts";
import { hashPassword } from "../../app/domain/auth/password.ts";
import { startServerOn } from "../support/test-server.ts";
import { createTestDatabase } from "../support/test-db.ts";
import { summarize, type FigureSet } from "./stats.ts";

const ACTIVITIES = 50;
const PLAN_VERSIONS = 10;
const MEETINGS = 50;
const PAGE_REQUESTS = 30;
const DAY_MS = 24 * 3600 * 1000;

type Signer = Person;

/** The team of createPlanTeam plus four more specialists with consent: eight parties sign. */
async function eightSignatories(db: Db, team: TeamCase): Promise<{ signers: Signer[]; responsible: Signer[] }> {
  const { caseManager, specialistWithConsent, client, legalRepresentative } = team.people;
  const passwordHash = await hashPassword(PLAN_PASSWORD);
  const specialists: Signer[] = [specialistWithConsent];
  for (let i = 1; i <= 4; i++) {
    const person = await createStaffUser(db, {
      organisationId: team.otherOrganisation.id,
      name: `${team.label} Spetsialist ${i}`,
      positionTitle: "spetsialist",
    });
    await addMember(db, { caseId: team.caseId, userId: person.user.id, role: "SPECIALIST" });
    await giveConsent(db, { caseId: team.caseId, recipientUserId: person.user.id, recordedById: caseManager.user.id });
    person.user = await db.user.update({ where: { id: person.user.id }, data: { passwordHash } });
    specialists.push(person);
  }
  // The client signs with a password here too (an invited client without one gets a mailed code).
  client.user = await db.user.update({ where: { id: client.user.id }, data: { passwordHash } });
  return { signers: [caseManager, client, legalRepresentative, ...specialists], responsible: [caseManager, ...specialists] };
}

const ref = (p: Signer) => ({ userId: p.user.id, name: p.user.name, position: p.user.positionTitle ?? "" });

/** A complete plan of `ACTIVITIES` activities, responsibility spread over the team, into the document. */
function writeLargePlan(doc: Y.Doc, responsible: Signer[], round: number, now: Date): void {
  const today = tallinnDay(now);
  setPlanText(doc, "problem", `Versioon ${round + 1}: klient elab üksi ega saa igapäevaste toimetustega hakkama.`);
  setPlanText(doc, "goals", "Klient saab kodus iseseisvalt hakkama ja naaseb osalise koormusega tööle.");
  doc.transact(() => {
    for (let i = 0; i < ACTIVITIES; i++) {
      const section = PLAN_SECTIONS[i % PLAN_SECTIONS.length]!;
      const person = section === "CASE_MANAGER" ? responsible[0]! : responsible[1 + (i % (responsible.length - 1))]!;
      addActivity(doc, {
        section,
        description: `Tegevus ${i + 1}: kohtumine kord nädalas kümne nädala jooksul, tulemus kirjas`,
        responsible: ref(person),
        start: today,
        deadline: addMonthsToDate(today, 2),
        resources: "Valla eelarve, kaks tundi nädalas",
        provider: section === "HELP_MEASURE" ? "Testi Teenusepakkuja OÜ" : "",
      });
    }
    addEvaluation(doc, { dueDate: addMonthsToDate(today, 2), method: "Vahehindamise kohtumine", responsible: ref(responsible[0]!) });
  });
}

type PlanTimings = { sendMs: number[]; signatureMs: number[]; toInForceMs: number[] };

/** Builds, sends and signs one version (a new plan or an amendment of the one in force). */
async function freezeOneVersion(db: Db, team: TeamCase, who: { signers: Signer[]; responsible: Signer[] }, round: number, timings: PlanTimings) {
  const manager = team.people.caseManager;
  const now = new Date();
  const started =
    round === 0
      ? await startPlan(manager.actor, { caseId: team.caseId }, { db })
      : await startAmendment(manager.actor, { caseId: team.caseId }, { db });
  const live = await openLivePlan(db, started.versionId);
  try {
    // An amendment starts from the version in force: empty the rows, then write the large plan.
    live.doc.transact(() => {
      for (const name of ["activities", "evaluations"]) {
        const rows = live.doc.getArray(name);
        rows.delete(0, rows.length);
      }
    });
    writeLargePlan(live.doc, who.responsible, round, now);
    const sendStarted = performance.now();
    const sent = await sendPlanForSigning(
      manager.actor,
      { versionId: started.versionId },
      { db, flushDocument: (n) => live.flushDocument(n), disconnectDocument: (n) => live.disconnectDocument(n) },
    );
    const sendMs = performance.now() - sendStarted;
    if (sent.signatories.length !== who.signers.length) {
      throw new Error(`expected ${who.signers.length} signatories, the plan has ${sent.signatories.length}`);
    }
    let status = "SIGNING";
    let signaturesMs = 0;
    for (const signer of who.signers) {
      const signStarted = performance.now();
      const result = await signPlan(
        signer.actor,
        { versionId: started.versionId, expectedHash: sent.contentHash, statementAccepted: true, password: PLAN_PASSWORD },
        { db },
      );
      const ms = performance.now() - signStarted;
      timings.signatureMs.push(ms);
      signaturesMs += ms;
      status = result.versionStatus;
    }
    if (status !== "IN_FORCE") throw new Error(`version ${round + 1} is ${status} after every signature`);
    timings.sendMs.push(sendMs);
    timings.toInForceMs.push(sendMs + signaturesMs);
  } finally {
    live.destroy();
  }
}

/** 50 meetings over two years, each with an approved record sealed by its hash. */
async function meetingHistory(db: Db, team: TeamCase): Promise<void> {
  const twoYears = 730 * DAY_MS;
  const record = fullRecord() as unknown as JsonValue;
  for (let i = 0; i < MEETINGS; i++) {
    const startsAt = new Date(Date.now() - twoYears + i * (twoYears / MEETINGS));
    const meeting = await createMeetingWithParticipants(db, team, { status: "HELD", startsAt });
    await db.meetingRecord.create({
      data: {
        meetingId: meeting.id,
        status: "APPROVED",
        content: canonicalJson(record),
        contentHash: contentHash(record),
        approvedAt: new Date(startsAt.getTime() + DAY_MS),
        approvedById: team.people.caseManager.user.id,
        version: 3,
      },
    });
  }
}

async function timePage(url: string, cookie: string): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < PAGE_REQUESTS + 3; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers: { cookie } });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`GET ${new URL(url).pathname}: ${response.status} ${body.slice(0, 200)}`);
    if (i >= 3) samples.push(performance.now() - started); // three warm-up requests
  }
  return samples;
}

export async function runPlanBench(figures: FigureSet, kinds: Array<"sqlite" | "postgresql">): Promise<void> {
  for (const kind of kinds) {
    const prefix = `plans.${kind === "sqlite" ? "sqlite" : "postgres"}`;
    console.log(`bench: case plans on ${kind}…`);
    const testDb = await createTestDatabase({ kind });
    const { db } = testDb;
    try {
      const team = await createPlanTeam(db, { label: "Mõõt" });
      const who = await eightSignatories(db, team);
      await meetingHistory(db, team);
      const timings: PlanTimings = { sendMs: [], signatureMs: [], toInForceMs: [] };
      for (let round = 0; round < PLAN_VERSIONS; round++) await freezeOneVersion(db, team, who, round, timings);

      const send = summarize(timings.sendMs);
      const signature = summarize(timings.signatureMs);
      const total = summarize(timings.toInForceMs);
      const plan = `${ACTIVITIES} activities, ${who.signers.length} signatories, ${PLAN_VERSIONS} versions`;
      figures.add(`${prefix}.freeze.send_for_signing.p50`, send.p50, "ms", { note: `${plan}: flush, check, hash, freeze` });
      figures.add(`${prefix}.freeze.send_for_signing.max`, send.max, "ms");
      figures.add(`${prefix}.freeze.signature.p50`, signature.p50, "ms", { note: "one signature incl. password check (scrypt)" });
      figures.add(`${prefix}.freeze.signature.p95`, signature.p95, "ms");
      figures.add(`${prefix}.freeze.to_in_force.p50`, total.p50, "ms", { note: "send + 8 signatures, one after another" });
      figures.add(`${prefix}.freeze.to_in_force.max`, total.max, "ms");

      const verifyStarted = performance.now();
      const verification = await verifyPlans({ db, caseId: team.caseId });
      figures.add(`${prefix}.history.verify_plans`, performance.now() - verifyStarted, "ms", {
        note: `${PLAN_VERSIONS} versions × ${who.signers.length} signatures; intact: ${verification.isIntact}`,
      });
      if (!verification.isIntact) throw new Error("the bench's own plans do not verify");

      const { server, url } = await startServerOn(testDb);
      try {
        const cookie = `sid=${(await createSession({ userId: team.people.caseManager.user.id }, { db, sessionDays: 1 })).token}`;
        const casePage = summarize(await timePage(`${url}/cases/${team.caseId}`, cookie));
        const planPage = summarize(await timePage(`${url}/cases/${team.caseId}/plan`, cookie));
        const history = `${MEETINGS} meetings with records over two years, ${PLAN_VERSIONS} plan versions`;
        figures.add(`${prefix}.history.case_page.p50`, casePage.p50, "ms", { note: `GET /cases/:id, ${history}` });
        figures.add(`${prefix}.history.case_page.p95`, casePage.p95, "ms");
        figures.add(`${prefix}.history.plan_page.p50`, planPage.p50, "ms", { note: "GET /cases/:id/plan, same case" });
        figures.add(`${prefix}.history.plan_page.p95`, planPage.p95, "ms");
      } finally {
        await server.close();
      }
    } finally {
      await testDb.drop();
    }
  }
}
