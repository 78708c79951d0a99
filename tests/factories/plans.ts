// Synthetic case plans for tests: a team whose parties can sign, the plan's live document as the
// Yjs server holds it (stored only when flushed, as the server's persistence does), and a
// complete plan written into it. Every name is made up.
import * as Y from "yjs";
import { hashPassword } from "../../app/domain/auth/password.ts";
import { readStoredDoc } from "../../app/domain/collab/stored-document.ts";
import {
  addActivity,
  addEvaluation,
  evaluationsArray,
  readPlanDoc,
  setPlanText,
  updateEvaluation,
} from "../../app/domain/plans/plan-doc.ts";
import { planDocName } from "../../app/domain/plans/plan-queries.ts";
import { addMonthsToDate } from "../../app/domain/plans/plan-schemas.ts";
import { tallinnDay } from "../../app/domain/time/tallinn-time.ts";
import type { Db } from "../../app/lib/db-types.ts";
import { appendDocumentUpdates } from "../../server/collab/document-store.ts";
import { createTeamCase, type TeamCase } from "./team.ts";

export const PLAN_PASSWORD = "Plaani-Parool-2026!";

/**
 * A team case (tests/factories/team.ts) whose signing parties can re-authenticate: the case
 * manager, the specialist with consent and the legal representative have a password; the client
 * is an invited account without one (signs with a mailed code).
 */
export async function createPlanTeam(db: Db, { label }: { label?: string } = {}): Promise<TeamCase> {
  const team = await createTeamCase(db, { label });
  const passwordHash = await hashPassword(PLAN_PASSWORD);
  const { caseManager, specialistWithConsent, legalRepresentative } = team.people;
  for (const person of [caseManager, specialistWithConsent, legalRepresentative]) {
    person.user = await db.user.update({ where: { id: person.user.id }, data: { passwordHash } });
  }
  return team;
}

export type LiveDocument = {
  doc: Y.Doc;
  docName: string;
  flushes: string[];
  disconnected: string[];
  flushDocument(name: string): Promise<void>;
  disconnectDocument(name: string): void;
  destroy(): void;
};
export type LivePlan = LiveDocument;

/**
 * A live document as the Yjs server holds it: loaded from what is stored, changed in memory,
 * appended to the database only when flushed (appendDocumentUpdates, as the server's persistence
 * does). Records which documents were flushed and disconnected.
 */
export async function openLiveDocument(db: Db, docName: string): Promise<LiveDocument> {
  const doc = await readStoredDoc(db, docName);
  let storedVector = Y.encodeStateVector(doc);
  const flushes: string[] = [];
  const disconnected: string[] = [];
  return {
    doc,
    docName,
    flushes,
    disconnected,
    async flushDocument(name: string) {
      flushes.push(name);
      if (name !== docName) return;
      const update = Y.encodeStateAsUpdate(doc, storedVector);
      storedVector = Y.encodeStateVector(doc);
      await appendDocumentUpdates(db, name, [update]);
    },
    disconnectDocument(name: string) {
      disconnected.push(name);
    },
    destroy() {
      doc.destroy();
    },
  };
}

/** A plan version's live document (openLiveDocument). */
export function openLivePlan(db: Db, versionId: string): Promise<LivePlan> {
  return openLiveDocument(db, planDocName(versionId));
}

const person = (p: { user: { id: string; name: string } }) => ({ userId: p.user.id, name: p.user.name, position: "" });

/**
 * Writes a complete plan (004 §3.4) into the document: problem, goals, the client's own activity,
 * a help measure with the specialist responsible (its deadline `helpDeadline`), the case
 * manager's activity, and the proposed evaluation completed. Returns the activity ids.
 */
export function writeCompletePlan(
  doc: Y.Doc,
  team: TeamCase,
  { now = new Date(), helpDeadline }: { now?: Date; helpDeadline?: string } = {},
): { clientActivity: string; helpMeasure: string; managerActivity: string } {
  const { caseManager, specialistWithConsent, client } = team.people;
  const today = tallinnDay(now);
  setPlanText(
    doc,
    "problem",
    "Klient elab üksi maal ja ei saa parema käe nõrkuse tõttu igapäevaste toimetustega hakkama.",
  );
  setPlanText(doc, "goals", "Klient saab kodus iseseisvalt hakkama ja naaseb poole kohaga tööle.");
  const clientActivity = addActivity(doc, {
    section: "CLIENT",
    description: "Teeb iga päev kodus käeharjutusi 20 minutit",
    responsible: person(client),
    recurrence: "Iga päev",
    resources: "Harjutuste kava füsioterapeudilt",
  });
  const helpMeasure = addActivity(doc, {
    section: "HELP_MEASURE",
    description: "Füsioteraapia kaks korda nädalas kümne nädala jooksul",
    responsible: { ...person(specialistWithConsent), name: "Nimi brauserist" },
    start: today,
    deadline: helpDeadline ?? addMonthsToDate(today, 2),
    resources: "Haigekassa rahastus, valla transporditeenus",
    provider: "Testi Taastusravikeskus",
  });
  const managerActivity = addActivity(doc, {
    section: "CASE_MANAGER",
    description: "Taotleb kliendile koduteenuse kolm korda nädalas",
    responsible: person(caseManager),
    deadline: addMonthsToDate(today, 1),
    resources: "Valla sotsiaalhoolekande eelarve",
  });
  // The proposed first evaluation (startPlan), completed; or a new one when there is none.
  const proposed = evaluationsArray(doc).get(0)?.get("id");
  const evaluation = typeof proposed === "string" ? proposed : addEvaluation(doc, {});
  updateEvaluation(doc, evaluation, {
    dueDate: addMonthsToDate(today, 2),
    method: "Vahehindamise kohtumine kliendi kodus",
    responsible: person(caseManager),
  });
  if (readPlanDoc(doc).skipped > 0) throw new Error("writeCompletePlan wrote entries that do not parse");
  return { clientActivity, helpMeasure, managerActivity };
}
