// The case plan (issue 6, 004 §3.4, decision record 011) through the real services on SQLite and
// PostgreSQL: started and co-edited in its live document, refused for sending while incomplete
// (each problem at its place), sent (content fixed, hashed and chained, document frozen),
// signed with a password and with a mailed one-time code, refused with a reason, withdrawn,
// amended, signed by everyone at once (exactly one transition), in force with the previous
// version superseded; stale signatures and edits of fixed versions refused; tampering found by
// verifyPlans and by `npm run verify-plans`; decisions of the case's meetings offered as
// activities; "my actions" from the plan in force; access by the plan policy.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizeDocument } from "../../app/domain/collab/authorize-document.ts";
import { readStoredDoc } from "../../app/domain/collab/stored-document.ts";
import { contentHash, type JsonValue } from "../../app/domain/freezing/content-hash.ts";
import { discardDraft } from "../../app/domain/plans/discard-draft.ts";
import { getCasePlan } from "../../app/domain/plans/get-case-plan.ts";
import { getPlanVersion } from "../../app/domain/plans/get-plan-version.ts";
import { listDecisionCandidates } from "../../app/domain/plans/list-decision-candidates.ts";
import { listMyActions } from "../../app/domain/plans/list-my-actions.ts";
import { listPlanPeople } from "../../app/domain/plans/list-plan-people.ts";
import { addActivityFromDecision, readPlanDoc, updateActivity } from "../../app/domain/plans/plan-doc.ts";
import { planDocName } from "../../app/domain/plans/plan-queries.ts";
import { addMonthsToDate, parsePlanContent } from "../../app/domain/plans/plan-schemas.ts";
import { signingStatement } from "../../app/domain/plans/plan-statement.ts";
import { refuseToSign } from "../../app/domain/plans/refuse-to-sign.ts";
import { requestSigningCode } from "../../app/domain/plans/request-signing-code.ts";
import { sendPlanForSigning } from "../../app/domain/plans/send-plan-for-signing.ts";
import { signPlan } from "../../app/domain/plans/sign-plan.ts";
import { startAmendment } from "../../app/domain/plans/start-amendment.ts";
import { startPlan } from "../../app/domain/plans/start-plan.ts";
import { verifyPlans } from "../../app/domain/plans/verify-plans.ts";
import { withdrawFromSigning } from "../../app/domain/plans/withdraw-from-signing.ts";
import { addDecision, updateDecision } from "../../app/domain/room/room-doc.ts";
import { formatDocName } from "../../app/domain/collab/doc-name.ts";
import { tallinnDay } from "../../app/domain/time/tallinn-time.ts";
import type { Db } from "../../app/lib/db-types.ts";
import type { Mailer } from "../../app/lib/mailer-types.ts";
import { appendDocumentUpdates } from "../../server/collab/document-store.ts";
import { createLogger } from "../../server/logger.ts";
import { createMailer } from "../../server/mail/create-mailer.ts";
import { PLAN_PASSWORD, createPlanTeam, openLivePlan, writeCompletePlan, type LivePlan } from "../factories/plans.ts";
import { fullRecord, createMeetingWithParticipants } from "../factories/records.ts";
import type { Person, TeamCase } from "../factories/team.ts";
import { expectDomainError } from "../support/expect-domain-error.ts";
import { parseMail, startSmtpSink, type SmtpSink } from "../support/smtp-sink.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/test-db.ts";

const PUBLIC_URL = "http://127.0.0.1:3000";
const execFileAsync = promisify(execFile);

let t: TestDatabase;
let db: Db;
let sink: SmtpSink;
let mailer: Mailer;
let team: TeamCase;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  sink = await startSmtpSink();
  mailer = createMailer({
    smtpUrl: sink.url,
    from: "Juhtumikohtumised <noreply@juhtumid.example>",
    logger: createLogger("silent"),
  });
  team = await createPlanTeam(db, { label: "Plaan" });
});
afterAll(async () => {
  await sink?.close();
  await t?.drop();
});

const sendDeps = (live: LivePlan) => ({
  db,
  flushDocument: (name: string) => live.flushDocument(name),
  disconnectDocument: (name: string) => live.disconnectDocument(name),
  notify: { mailer, publicUrl: PUBLIC_URL },
});

/** The last code mailed to the client (the sink reads what the real mailer sent over SMTP). */
function lastCodeMailedTo(person: Person): string {
  const mails = sink.to(person.user.email!);
  const text = parseMail(mails.at(-1)!.raw).text;
  const code = /\b(\d{6})\b/.exec(text)?.[1];
  if (!code) throw new Error("no code in the mail");
  return code;
}

async function signWithPassword(person: Person, versionId: string, expectedHash: string) {
  return signPlan(person.actor, { versionId, expectedHash, statementAccepted: true, password: PLAN_PASSWORD }, { db });
}

async function signWithCode(person: Person, versionId: string, expectedHash: string) {
  await requestSigningCode(person.actor, { versionId }, { db, mailer });
  return signPlan(
    person.actor,
    { versionId, expectedHash, statementAccepted: "on", code: lastCodeMailedTo(person) },
    { db },
  );
}

/**
 * Runs the signings so that their transactions really overlap. On PostgreSQL the version's row is
 * held (FOR UPDATE) by another connection while they start: each signing transaction stops at the
 * first statement that needs that row (writing its signature, whose foreign key takes a share lock
 * on it) or at the case-row lock before it, and all go on together once it is released, so a
 * service without the case-row lock would count signatures concurrently (and none, or two, would
 * put the version in force). SQLite has one writer at a time anyway.
 */
async function allAtOnce<T>(versionId: string, start: () => Promise<T>): Promise<T> {
  if (testDbKind !== "postgresql") return start();
  const holder = new pg.Client({ connectionString: t.url });
  const watcher = new pg.Client({ connectionString: t.url });
  await holder.connect();
  await watcher.connect();
  try {
    await holder.query("BEGIN");
    await holder.query('SELECT 1 FROM "PlanVersion" WHERE "id" = $1 FOR UPDATE', [versionId]);
    let isSettled = false;
    const running = start().finally(() => {
      isSettled = true;
    });
    // Until all four wait for a lock (or something failed before getting there).
    while (!isSettled) {
      const { rows } = await watcher.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
      );
      if ((rows[0]?.n ?? 0) >= 4) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await holder.query("COMMIT");
    return await running;
  } finally {
    await holder.end();
    await watcher.end();
  }
}

/** Everything the flow below builds on, in order. */
const state: { v1?: string; v1Hash?: string; v2?: string; v2Hash?: string; v3?: string; v3Hash?: string } = {};

describe("the plan from draft to force", () => {
  it("the case manager starts a draft with the first interim evaluation proposed; only one open version", async () => {
    const { caseManager, specialistWithConsent } = team.people;
    await expectDomainError(startPlan(specialistWithConsent.actor, { caseId: team.caseId }, { db }), "FORBIDDEN");
    const started = await startPlan(caseManager.actor, { caseId: team.caseId }, { db });
    state.v1 = started.versionId;
    expect(started).toMatchObject({ number: 1, docName: `plan.${started.versionId}` });
    const doc = await readStoredDoc(db, started.docName);
    expect(readPlanDoc(doc).evaluations).toEqual([
      expect.objectContaining({
        dueDate: addMonthsToDate(tallinnDay(new Date()), 3),
        responsible: expect.objectContaining({ userId: caseManager.user.id }),
      }),
    ]);
    doc.destroy();
    await expectDomainError(
      startPlan(caseManager.actor, { caseId: team.caseId }, { db }),
      "CONFLICT",
      "plans.openVersionExists",
    );
    const plan = await getCasePlan(caseManager.actor, { caseId: team.caseId }, { db });
    expect(plan.open).toMatchObject({ id: started.versionId, status: "DRAFT", content: null, signatories: [] });
    expect(plan.permissions).toEqual({ canEdit: true, canManage: true });
  });

  it("sending an incomplete plan is refused with each problem at its place, and nothing changes", async () => {
    const live = await openLivePlan(db, state.v1!);
    const { helpMeasure } = writeCompletePlan(live.doc, team);
    updateActivity(live.doc, helpMeasure, { responsible: null, resources: "" });
    const error = await expectDomainError(
      sendPlanForSigning(team.people.caseManager.actor, { versionId: state.v1! }, sendDeps(live)),
      "VALIDATION",
      "plans.incomplete",
    );
    expect(error.fieldErrors).toEqual({
      "activities.1.responsible": "plans.problem.responsibleRequired",
      "activities.1.resources": "plans.problem.resourcesRequired",
    });
    expect(live.flushes).toEqual([live.docName]);
    const row = await db.planVersion.findUniqueOrThrow({ where: { id: state.v1! } });
    expect([row.status, row.content, row.contentHash]).toEqual(["DRAFT", null, null]);
    // The freeze taken while checking was rolled back: the draft is still written.
    expect((await db.collabDocument.findUniqueOrThrow({ where: { name: live.docName } })).frozenAt).toBeNull();
    await appendDocumentUpdates(db, live.docName, [Y.encodeStateAsUpdate(new Y.Doc())]);
    live.destroy();
  });

  it("once complete it is sent: content fixed and hashed, signatories fixed, document frozen, signatories mailed", async () => {
    const { caseManager, specialistWithConsent, client, legalRepresentative } = team.people;
    const live = await openLivePlan(db, state.v1!);
    const helpMeasure = readPlanDoc(live.doc).activities[1]!.id;
    updateActivity(live.doc, helpMeasure, {
      responsible: { userId: specialistWithConsent.user.id, name: "Nimi brauserist", position: "" },
      resources: "Haigekassa rahastus",
    });
    const mailsBefore = sink.messages.length;
    const sent = await sendPlanForSigning(caseManager.actor, { versionId: state.v1! }, sendDeps(live));
    state.v1Hash = sent.contentHash;

    const row = await db.planVersion.findUniqueOrThrow({ where: { id: state.v1! } });
    expect(row.status).toBe("SIGNING");
    expect(row.previousHash).toBeNull();
    expect(row.contentHash).toBe(contentHash(JSON.parse(row.content!) as JsonValue, null));
    const content = parsePlanContent(row.content!);
    expect(content).toMatchObject({
      caseNumber: team.theCase.caseNumber,
      clientName: `${team.client.firstName} ${team.client.lastName}`,
    });
    // The browser's name for a team member is replaced by the one the system knows.
    expect(content.activities[1]!.responsible).toEqual({
      userId: specialistWithConsent.user.id,
      name: specialistWithConsent.user.name,
      position: expect.stringContaining("spetsialist"),
    });
    expect(sent.signatories.map((s) => [s.userId, s.capacity])).toEqual([
      [caseManager.user.id, "CASE_MANAGER"],
      [client.user.id, "CLIENT"],
      [legalRepresentative.user.id, "LEGAL_REPRESENTATIVE"],
      [specialistWithConsent.user.id, "RESPONSIBLE"],
    ]);
    // Frozen in the database, connections closed, and the server's next write refused.
    expect((await db.collabDocument.findUniqueOrThrow({ where: { name: live.docName } })).frozenAt).not.toBeNull();
    expect(live.disconnected).toEqual([live.docName]);
    updateActivity(live.doc, helpMeasure, { description: "Muudetud pärast saatmist" });
    await expectDomainError(live.flushDocument(live.docName), "FROZEN");
    expect(await authorizeDocument(caseManager.actor, { kind: "plan", planId: state.v1! }, { db })).toEqual({
      readOnly: true,
    });
    live.destroy();

    expect(sent.mailed).toBe(4);
    // Mail names no client to anyone else (it passes through servers outside our control).
    const request = sink.messages.slice(mailsBefore).find((m) => m.to.includes(specialistWithConsent.user.email!))!;
    const mail = parseMail(request.raw);
    expect(mail.text).toContain(`${PUBLIC_URL}/cases/${team.caseId}/plan`);
    expect(mail.text).not.toContain(team.client.lastName);
    expect(mail.text).not.toContain(team.theCase.caseNumber);
  });

  it("a fixed version is not edited, sent again or discarded", async () => {
    const { caseManager } = team.people;
    const live = await openLivePlan(db, state.v1!);
    await expectDomainError(sendPlanForSigning(caseManager.actor, { versionId: state.v1! }, sendDeps(live)), "FROZEN");
    await expectDomainError(
      discardDraft(caseManager.actor, { versionId: state.v1! }, { db, disconnectDocument: () => {} }),
      "INVALID_STATE",
      "plans.notAllowedWhen.SIGNING",
    );
    live.destroy();
  });

  it("signing needs the password again, the statement accepted, and the hash that was shown", async () => {
    const { caseManager, legalRepresentative } = team.people;
    const base = { versionId: state.v1!, expectedHash: state.v1Hash! };
    const wrong = await expectDomainError(
      signPlan(caseManager.actor, { ...base, statementAccepted: true, password: "vale-parool" }, { db }),
      "VALIDATION",
    );
    expect(wrong.fieldErrors).toEqual({ password: "plans.passwordWrong" });
    const noStatement = await expectDomainError(
      signPlan(caseManager.actor, { ...base, statementAccepted: undefined, password: PLAN_PASSWORD }, { db }),
      "VALIDATION",
    );
    expect(noStatement.fieldErrors).toEqual({ statementAccepted: "plans.statementNotAccepted" });
    await expectDomainError(signWithPassword(caseManager, state.v1!, "f".repeat(64)), "CONFLICT", "plans.staleVersion");
    // Someone not named as a signatory.
    await expectDomainError(
      signWithPassword(team.people.supervisor, state.v1!, state.v1Hash!),
      "FORBIDDEN",
      "plans.notSignatory",
    );
    expect(await db.planSignature.count({ where: { versionId: state.v1! } })).toBe(0);

    const signed = await signWithPassword(caseManager, state.v1!, state.v1Hash!);
    expect(signed).toMatchObject({ decision: "SIGNED", versionStatus: "SIGNING" });
    const row = await db.planSignature.findUniqueOrThrow({ where: { id: signed.signatureId } });
    expect(row).toMatchObject({
      userId: caseManager.user.id,
      capacity: "CASE_MANAGER",
      method: "PASSWORD",
      contentHash: state.v1Hash,
      statement: signingStatement("et", {
        decision: "SIGNED",
        caseNumber: team.theCase.caseNumber,
        number: 1,
        hash: state.v1Hash!,
        capacity: "CASE_MANAGER",
      }),
    });
    await expectDomainError(signWithPassword(caseManager, state.v1!, state.v1Hash!), "CONFLICT", "plans.alreadySigned");
    await signWithPassword(legalRepresentative, state.v1!, state.v1Hash!);
  });

  it("an invited client signs with a one-time code mailed to them (wrong, throttled, once)", async () => {
    const { client, specialistWithConsent } = team.people;
    const base = { versionId: state.v1!, expectedHash: state.v1Hash!, statementAccepted: true };
    await expectDomainError(
      requestSigningCode(specialistWithConsent.actor, { versionId: state.v1! }, { db, mailer }),
      "INVALID_STATE",
      "plans.usePassword",
    );
    await requestSigningCode(client.actor, { versionId: state.v1! }, { db, mailer });
    await expectDomainError(
      requestSigningCode(client.actor, { versionId: state.v1! }, { db, mailer }),
      "RATE_LIMITED",
      "plans.codeTooSoon",
    );
    const code = lastCodeMailedTo(client);
    expect(await db.planSigningCode.count({ where: { codeHash: code } })).toBe(0);
    const wrongCode = code === "000000" ? "111111" : "000000";
    const wrong = await expectDomainError(signPlan(client.actor, { ...base, code: wrongCode }, { db }), "VALIDATION");
    expect(wrong.fieldErrors).toEqual({ code: "plans.codeWrong" });
    const noCode = await expectDomainError(signPlan(client.actor, { ...base, password: "x" }, { db }), "VALIDATION");
    expect(noCode.fieldErrors).toEqual({ code: "plans.codeRequired" });
    const signed = await signPlan(client.actor, { ...base, code }, { db });
    expect(signed.versionStatus).toBe("SIGNING");
    expect(await db.planSignature.findUniqueOrThrow({ where: { id: signed.signatureId } })).toMatchObject({
      capacity: "CLIENT",
      method: "EMAIL_CODE",
    });
    // Used up: it signs nothing again (and the signature is there already).
    await expectDomainError(signPlan(client.actor, { ...base, code }, { db }), "CONFLICT", "plans.alreadySigned");
  });

  it("the last signature puts the version in force and moves the case to 'plan in force'", async () => {
    const { specialistWithConsent } = team.people;
    const last = await signWithPassword(specialistWithConsent, state.v1!, state.v1Hash!);
    expect(last).toMatchObject({ versionStatus: "IN_FORCE", supersededVersionId: null });
    expect((await db.planVersion.findUniqueOrThrow({ where: { id: state.v1! } })).status).toBe("IN_FORCE");
    expect((await db.case.findUniqueOrThrow({ where: { id: team.caseId } })).stage).toBe("PLAN_IN_FORCE");
    await expectDomainError(
      startPlan(team.people.caseManager.actor, { caseId: team.caseId }, { db }),
      "INVALID_STATE",
      "plans.useAmendment",
    );
    expect((await verifyPlans({ db, caseId: team.caseId })).isIntact).toBe(true);
  });

  it("an amendment starts from the plan in force; a refusal with a reason is shown to all; withdrawn, it is stale", async () => {
    const { caseManager, specialistWithConsent, legalRepresentative, client } = team.people;
    const amendment = await startAmendment(caseManager.actor, { caseId: team.caseId }, { db });
    state.v2 = amendment.versionId;
    expect(amendment).toMatchObject({ number: 2, basedOnId: state.v1 });
    const live = await openLivePlan(db, state.v2);
    const v1Content = parsePlanContent((await db.planVersion.findUniqueOrThrow({ where: { id: state.v1! } })).content!);
    // The new draft starts as the version in force reads (same rows, same ids).
    const { skipped, ...seeded } = readPlanDoc(live.doc);
    expect(skipped).toBe(0);
    expect(seeded).toEqual({
      problem: v1Content.problem,
      goals: v1Content.goals,
      activities: v1Content.activities,
      evaluations: v1Content.evaluations,
      attachments: [],
    });
    const helpMeasure = seeded.activities[1]!.id;
    updateActivity(live.doc, helpMeasure, { description: "Füsioteraapia kolm korda nädalas kümne nädala jooksul" });
    const sent = await sendPlanForSigning(caseManager.actor, { versionId: state.v2 }, sendDeps(live));
    state.v2Hash = sent.contentHash;
    live.destroy();
    // Chained to the version in force.
    expect(sent.previousHash).toBe(state.v1Hash);

    await signWithPassword(caseManager, state.v2, state.v2Hash);
    const refusal = await refuseToSign(
      specialistWithConsent.actor,
      {
        versionId: state.v2,
        expectedHash: state.v2Hash,
        statementAccepted: true,
        password: PLAN_PASSWORD,
        reason: "Kolm korda nädalas ei ole meie keskuses võimalik.",
      },
      { db },
    );
    expect(refusal).toMatchObject({ decision: "REFUSED", versionStatus: "SIGNING" });
    const plan = await getCasePlan(client.actor, { caseId: team.caseId }, { db });
    expect(plan.inForce?.id).toBe(state.v1);
    expect(plan.open).toMatchObject({ id: state.v2, status: "SIGNING", signedCount: 1, refusedCount: 1 });
    expect(plan.refusals).toEqual([
      expect.objectContaining({
        versionNumber: 2,
        capacity: "RESPONSIBLE",
        reason: "Kolm korda nädalas ei ole meie keskuses võimalik.",
      }),
    ]);
    expect(plan.open?.mySignatory).toMatchObject({ userId: client.user.id, capacity: "CLIENT", signature: null });

    await withdrawFromSigning(caseManager.actor, { versionId: state.v2, reason: "Eriarvamus" }, { db });
    await expectDomainError(
      signWithPassword(legalRepresentative, state.v2, state.v2Hash),
      "CONFLICT",
      "plans.staleVersion",
    );
    await expectDomainError(
      withdrawFromSigning(caseManager.actor, { versionId: state.v2 }, { db }),
      "INVALID_STATE",
      "plans.notAllowedWhen.WITHDRAWN",
    );
  });

  it("amended again from the withdrawn version, everyone signs at once: one transition, all signatures kept", async () => {
    const { caseManager, specialistWithConsent, legalRepresentative, client } = team.people;
    const amendment = await startAmendment(caseManager.actor, { caseId: team.caseId }, { db });
    state.v3 = amendment.versionId;
    expect(amendment).toMatchObject({ number: 3, basedOnId: state.v2 });
    const live = await openLivePlan(db, state.v3);
    const helpMeasure = readPlanDoc(live.doc).activities[1]!.id;
    updateActivity(live.doc, helpMeasure, { description: "Füsioteraapia kaks korda nädalas ja kodune harjutuskava" });
    const sent = await sendPlanForSigning(caseManager.actor, { versionId: state.v3 }, sendDeps(live));
    state.v3Hash = sent.contentHash;
    live.destroy();
    expect(sent.previousHash).toBe(state.v1Hash);

    // What changed against the version it amends (the withdrawn one).
    const detail = await getPlanVersion(caseManager.actor, { versionId: state.v3 }, { db });
    expect(detail.changes).toEqual([
      expect.objectContaining({
        kind: "activityChanged",
        changes: [
          {
            field: "description",
            before: "Füsioteraapia kolm korda nädalas kümne nädala jooksul",
            after: "Füsioteraapia kaks korda nädalas ja kodune harjutuskava",
          },
        ],
      }),
    ]);

    await requestSigningCode(client.actor, { versionId: state.v3 }, { db, mailer });
    const code = lastCodeMailedTo(client);
    const hash = state.v3Hash;
    const v3 = state.v3;
    const results = await allAtOnce(v3, () =>
      Promise.all([
        signWithPassword(caseManager, v3, hash),
        signWithPassword(specialistWithConsent, v3, hash),
        signWithPassword(legalRepresentative, v3, hash),
        signPlan(client.actor, { versionId: v3, expectedHash: hash, statementAccepted: true, code }, { db }),
      ]),
    );
    expect(results.filter((r) => r.versionStatus === "IN_FORCE")).toHaveLength(1);
    expect(results.find((r) => r.versionStatus === "IN_FORCE")?.supersededVersionId).toBe(state.v1);
    expect(await db.planSignature.count({ where: { versionId: state.v3, decision: "SIGNED" } })).toBe(4);
    expect(await db.auditEvent.count({ where: { action: "plan.in-force", subjectId: state.v3 } })).toBe(1);

    const statuses = await db.planVersion.findMany({ where: { caseId: team.caseId }, orderBy: { number: "asc" } });
    expect(statuses.map((v) => [v.number, v.status])).toEqual([
      [1, "SUPERSEDED"],
      [2, "WITHDRAWN"],
      [3, "IN_FORCE"],
    ]);
    expect(statuses[0]).toMatchObject({ supersededById: state.v3 });
    // The previous version stays readable, as it was.
    const old = await getPlanVersion(client.actor, { versionId: state.v1! }, { db });
    expect(old).toMatchObject({ status: "SUPERSEDED", contentHash: state.v1Hash, signedCount: 4 });
    expect((await verifyPlans({ db, caseId: team.caseId })).isIntact).toBe(true);
  });

  it("the activities of the plan in force feed each responsible person's 'my actions'", async () => {
    const { specialistWithConsent, caseManager, specialistNoConsent } = team.people;
    const mine = await listMyActions(specialistWithConsent.actor, { db });
    expect(mine).toEqual([
      expect.objectContaining({
        caseId: team.caseId,
        versionId: state.v3,
        kind: "activity",
        section: "HELP_MEASURE",
        description: "Füsioteraapia kaks korda nädalas ja kodune harjutuskava",
        isOverdue: false,
      }),
    ]);
    const managers = await listMyActions(caseManager.actor, { db });
    expect(managers.map((a) => a.kind)).toEqual(["activity", "evaluation"]);
    expect(await listMyActions(specialistNoConsent.actor, { db })).toEqual([]);
  });
});

describe("verification", () => {
  it("finds a version's content or a signature edited in the database, also through npm run verify-plans", async () => {
    const v1 = await db.planVersion.findUniqueOrThrow({ where: { id: state.v1! } });
    const tampered = v1.content!.replace("Klient elab üksi", "Klient elab perega");
    expect(tampered).not.toBe(v1.content);
    await db.planVersion.update({ where: { id: v1.id }, data: { content: tampered } });
    const signature = await db.planSignature.findFirstOrThrow({ where: { versionId: state.v3! } });
    await db.planSignature.update({
      where: { id: signature.id },
      data: { signedAt: new Date(signature.signedAt.getTime() - 60_000) },
    });

    const result = await verifyPlans({ db, caseId: team.caseId });
    expect(result.isIntact).toBe(false);
    const problems = Object.fromEntries(result.cases[0]!.versions.map((v) => [v.number, v.problems]));
    expect(problems).toEqual({
      1: ["content.hashMismatch"],
      2: [],
      3: [`signature.hashMismatch:${signature.id}`],
    });

    const command = await execFileAsync(process.execPath, ["--import", "tsx", "server/tools/verify-plans.ts"], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      env: { ...process.env, DATABASE_URL: t.url, NODE_ENV: "production" },
    }).then(
      () => ({ code: 0, stdout: "" }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );
    expect(command.code).toBe(1);
    expect(command.stdout).toContain("content.hashMismatch");
    expect(command.stdout).not.toContain(team.client.lastName);

    await db.planVersion.update({ where: { id: v1.id }, data: { content: v1.content } });
    await db.planSignature.update({ where: { id: signature.id }, data: { signedAt: signature.signedAt } });
    expect((await verifyPlans({ db, caseId: team.caseId })).isIntact).toBe(true);
    const intact = await execFileAsync(
      process.execPath,
      ["--import", "tsx", "server/tools/verify-plans.ts", team.caseId],
      {
        cwd: path.resolve(import.meta.dirname, "../.."),
        env: { ...process.env, DATABASE_URL: t.url, NODE_ENV: "production" },
      },
    );
    expect(intact.stdout).toContain("all intact");
  });

  it("finds a signatory removed and a version deleted from the chain", async () => {
    const other = await createPlanTeam(db, { label: "Ahel" });
    const v1 = await signedVersion(other);
    const v2 = await signedVersion(other);
    const signatory = await db.planSignatory.findFirstOrThrow({ where: { versionId: v2, capacity: "RESPONSIBLE" } });
    await db.planSignature.deleteMany({ where: { signatoryId: signatory.id } });
    await db.planSigningCode.deleteMany({ where: { signatoryId: signatory.id } });
    await db.planSignatory.delete({ where: { id: signatory.id } });
    let result = await verifyPlans({ db, caseId: other.caseId });
    expect(result.cases[0]!.versions.find((v) => v.versionId === v2)?.problems).toEqual(["signatories.hashMismatch"]);

    await db.planSignature.deleteMany({ where: { versionId: v1 } });
    await db.planSigningCode.deleteMany({ where: { signatory: { versionId: v1 } } });
    await db.planSignatory.deleteMany({ where: { versionId: v1 } });
    await db.planVersion.delete({ where: { id: v1 } });
    result = await verifyPlans({ db, caseId: other.caseId });
    expect(result.cases[0]!.problems).toEqual(["versions.missing:1", "chain.broken:2"]);
    expect(result.cases[0]!.versions[0]!.problems).toContain("chain.previousMissing");
  });
});

/** A version of `other`'s plan written, sent and signed by everyone (the first one, or an amendment). */
async function signedVersion(other: TeamCase): Promise<string> {
  const { caseManager, specialistWithConsent, legalRepresentative, client } = other.people;
  const hasPlan = (await db.planVersion.count({ where: { caseId: other.caseId, status: "IN_FORCE" } })) > 0;
  const started = hasPlan
    ? await startAmendment(caseManager.actor, { caseId: other.caseId }, { db })
    : await startPlan(caseManager.actor, { caseId: other.caseId }, { db });
  const live = await openLivePlan(db, started.versionId);
  if (!hasPlan) writeCompletePlan(live.doc, other);
  else updateActivity(live.doc, readPlanDoc(live.doc).activities[0]!.id, { recurrence: "Kaks korda päevas" });
  const sent = await sendPlanForSigning(
    caseManager.actor,
    { versionId: started.versionId },
    {
      db,
      flushDocument: (name) => live.flushDocument(name),
      disconnectDocument: () => {},
    },
  );
  live.destroy();
  for (const p of [caseManager, specialistWithConsent, legalRepresentative])
    await signWithPassword(p, started.versionId, sent.contentHash);
  await signWithCode(client, started.versionId, sent.contentHash);
  return started.versionId;
}

describe("decisions of the case's meetings become activities", () => {
  it("offers the record's planned steps and a held meeting's room decisions, marking those taken", async () => {
    const other = await createPlanTeam(db, { label: "Otsus" });
    const { caseManager, specialistWithConsent } = other.people;
    const recorded = await createMeetingWithParticipants(db, other, { status: "HELD" });
    const record = fullRecord();
    await db.meetingRecord.create({ data: { meetingId: recorded.id, content: JSON.stringify(record) } });
    const heldWithoutRecord = await createMeetingWithParticipants(db, other, {
      status: "HELD",
      startsAt: new Date(Date.now() - 3600_000),
    });
    const room = new Y.Doc();
    addDecision(room, {
      id: "dec-room",
      agendaItemId: "item1",
      createdByUserId: caseManager.user.id,
      now: new Date(),
      text: "Korraldada koduteenus",
    });
    updateDecision(room, "dec-room", {
      deadline: "2027-01-15",
      responsible: [{ userId: caseManager.user.id, name: caseManager.user.name, position: "" }],
    });
    await appendDocumentUpdates(db, formatDocName({ kind: "room", meetingId: heldWithoutRecord.id }), [
      Y.encodeStateAsUpdate(room),
    ]);
    await createMeetingWithParticipants(db, other, { status: "CANCELLED" });

    const { versionId } = await startPlan(caseManager.actor, { caseId: other.caseId }, { db });
    const candidates = await listDecisionCandidates(caseManager.actor, { caseId: other.caseId, versionId }, { db });
    expect(candidates.map((c) => [c.meetingId, c.decisionId, c.origin, c.isInPlan])).toEqual([
      [recorded.id, "s1", "RECORD", false],
      [heldWithoutRecord.id, "dec-room", "ROOM", false],
    ]);

    const live = await openLivePlan(db, versionId);
    const fromRoom = candidates[1]!;
    expect(addActivityFromDecision(live.doc, fromRoom)).not.toBeNull();
    await live.flushDocument(live.docName);
    live.destroy();
    const again = await listDecisionCandidates(caseManager.actor, { caseId: other.caseId, versionId }, { db });
    expect(again.find((c) => c.decisionId === "dec-room")?.isInPlan).toBe(true);
    const doc = await readStoredDoc(db, planDocName(versionId));
    expect(readPlanDoc(doc).activities).toEqual([
      expect.objectContaining({
        description: "Korraldada koduteenus",
        deadline: "2027-01-15",
        responsible: expect.objectContaining({ userId: caseManager.user.id }),
        source: { meetingId: heldWithoutRecord.id, decisionId: "dec-room", decisionText: "Korraldada koduteenus" },
      }),
    ]);
    doc.destroy();
    // A specialist on the team drafts too; a supervisor only reads.
    expect(await listDecisionCandidates(specialistWithConsent.actor, { caseId: other.caseId }, { db })).toHaveLength(2);
    await expectDomainError(
      listDecisionCandidates(other.people.supervisor.actor, { caseId: other.caseId }, { db }),
      "FORBIDDEN",
    );
  });
});

describe("access", () => {
  it("a non-member reads nothing; a member without consent neither reads nor edits; a supervisor reads only", async () => {
    const other = await createPlanTeam(db, { label: "Ligi" });
    const {
      caseManager,
      specialistNoConsent,
      specialistWithdrawn,
      otherOrganisationUser,
      supervisor,
      specialistWithConsent,
      client,
    } = other.people;
    const { versionId } = await startPlan(caseManager.actor, { caseId: other.caseId }, { db });
    const ref = { kind: "plan" as const, planId: versionId };
    for (const outsider of [otherOrganisationUser, specialistNoConsent, specialistWithdrawn]) {
      await expectDomainError(getCasePlan(outsider.actor, { caseId: other.caseId }, { db }), "NOT_FOUND");
      await expectDomainError(getPlanVersion(outsider.actor, { versionId }, { db }), "NOT_FOUND");
      await expectDomainError(authorizeDocument(outsider.actor, ref, { db }), "FORBIDDEN");
    }
    expect(await authorizeDocument(specialistWithConsent.actor, ref, { db })).toEqual({ readOnly: false });
    expect(await authorizeDocument(client.actor, ref, { db })).toEqual({ readOnly: false });
    expect(await authorizeDocument(supervisor.actor, ref, { db })).toEqual({ readOnly: true });
    const people = await listPlanPeople(specialistWithConsent.actor, { caseId: other.caseId }, { db });
    expect(people.find((p) => p.userId === specialistNoConsent.user.id)).toMatchObject({ takesPart: false });
    expect(people.find((p) => p.isCaseManager)?.userId).toBe(caseManager.user.id);
    await expectDomainError(listPlanPeople(supervisor.actor, { caseId: other.caseId }, { db }), "FORBIDDEN");
    await expectDomainError(listPlanPeople(otherOrganisationUser.actor, { caseId: other.caseId }, { db }), "NOT_FOUND");
    expect((await getCasePlan(supervisor.actor, { caseId: other.caseId }, { db })).permissions).toEqual({
      canEdit: false,
      canManage: false,
    });
    await expectDomainError(
      discardDraft(specialistWithConsent.actor, { versionId }, { db, disconnectDocument: () => {} }),
      "FORBIDDEN",
    );

    const disconnected: string[] = [];
    await discardDraft(caseManager.actor, { versionId }, { db, disconnectDocument: (n) => disconnected.push(n) });
    expect(disconnected).toEqual([`plan.${versionId}`]);
    expect(await authorizeDocument(specialistWithConsent.actor, ref, { db })).toEqual({ readOnly: true });
    await expectDomainError(
      appendDocumentUpdates(db, `plan.${versionId}`, [Y.encodeStateAsUpdate(new Y.Doc())]),
      "FROZEN",
    );
    // A discarded draft leaves room for a new start.
    expect((await startPlan(caseManager.actor, { caseId: other.caseId }, { db })).number).toBe(2);
  });

  it("every read and change of the plan is audited, without personal data", async () => {
    const events = await db.auditEvent.findMany({ where: { caseId: team.caseId, action: { startsWith: "plan." } } });
    const actions = new Set(events.map((e) => e.action));
    for (const action of [
      "plan.start",
      "plan.send",
      "plan.sign",
      "plan.refuse",
      "plan.withdraw",
      "plan.amend",
      "plan.in-force",
      "plan.read",
      "plan.version.read",
    ])
      expect(actions, action).toContain(action);
    const details = events.map((e) => e.details ?? "").join("\n");
    expect(details).not.toContain(team.client.lastName);
    expect(details).not.toContain("Kolm korda nädalas");
  });
});
