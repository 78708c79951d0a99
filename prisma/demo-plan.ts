// The demo case plan (issue 6, decision record 011): Galina Petrova's case (TV-2026-021, in
// monitoring) has a plan in force, version 1, signed by every party about eleven weeks ago, and a
// version 2 amendment being drafted after the last monitoring meeting. Jaan's case has no plan:
// the browser tests build his from the meeting's decisions.
//
// Built through the real services (startPlan, sendPlanForSigning, signPlan, startAmendment), so the
// hashes, signatories' seal and signatures are exactly what the app writes and `npm run verify-plans`
// reports them intact. The draft is written the way an editor's browser would: Yjs updates appended
// to the version's live document (there is no Yjs server while seeding, so nothing to flush). The
// services stamp their audit entries with the real clock; they are moved to the demo's timeline.
import * as Y from "yjs";
import type { Tx } from "../app/lib/db-types.ts";
import { actorFromUser, type Actor } from "../app/domain/actor.ts";
import { readStoredDoc } from "../app/domain/collab/stored-document.ts";
import { listPlanPeople } from "../app/domain/plans/list-plan-people.ts";
import {
  addActivity,
  evaluationsArray,
  readPlanDoc,
  setPlanText,
  updateActivity,
  updateEvaluation,
  type ActivityFields,
} from "../app/domain/plans/plan-doc.ts";
import { addMonthsToDate } from "../app/domain/plans/plan-schemas.ts";
import { sendPlanForSigning } from "../app/domain/plans/send-plan-for-signing.ts";
import { signPlan } from "../app/domain/plans/sign-plan.ts";
import { startAmendment } from "../app/domain/plans/start-amendment.ts";
import { startPlan } from "../app/domain/plans/start-plan.ts";
import type { TeamPerson } from "../app/domain/plans/plan-signatories.ts";
import type { PersonRef } from "../app/domain/records/record-schemas.ts";
import { tallinnDay } from "../app/domain/time/tallinn-time.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The demo accounts the plan names, by the user ids seedDemoData created. */
export type DemoPlanPeople = {
  caseManager: string;
  client: string;
  daughter: string;
  familyNurse: string;
  supportedLivingManager: string;
};

/** The ids of the demo plan's versions (tests look them up by case number too). */
export type DemoPlan = { inForceVersionId: string; draftVersionId: string };

async function actorOf(tx: Tx, userId: string): Promise<Actor> {
  return actorFromUser(await tx.user.findUniqueOrThrow({ where: { id: userId } }));
}

/**
 * Appends an edit of a draft's live document as the Yjs server would store it: one update row
 * holding what `edit` changed.
 */
async function editStoredDraft(tx: Tx, docName: string, edit: (doc: Y.Doc) => void): Promise<void> {
  const doc = await readStoredDoc(tx, docName);
  try {
    const before = Y.encodeStateVector(doc);
    edit(doc);
    const update = Y.encodeStateAsUpdate(doc, before);
    await tx.collabUpdate.create({ data: { docName, data: new Uint8Array(update) } });
  } finally {
    doc.destroy();
  }
}

/** Runs a service "at" a moment of the demo's past: its audit entries get that time. */
async function at<T>(tx: Tx, when: Date, step: (now: Date) => Promise<T>): Promise<T> {
  const before = new Set((await tx.auditEvent.findMany({ select: { id: true } })).map((e) => e.id));
  const result = await step(when);
  const written = (await tx.auditEvent.findMany({ select: { id: true } })).filter((e) => !before.has(e.id));
  if (written.length > 0)
    await tx.auditEvent.updateMany({ where: { id: { in: written.map((e) => e.id) } }, data: { at: when } });
  return result;
}

export async function seedDemoPlan(
  tx: Tx,
  { caseId, people, password, now }: { caseId: string; people: DemoPlanPeople; password: string; now: Date },
): Promise<DemoPlan> {
  const kadri = await actorOf(tx, people.caseManager);
  const startedAt = new Date(now.getTime() - 80 * DAY_MS);
  const sentAt = new Date(now.getTime() - 76 * DAY_MS);
  const day = (from: Date, days: number) => tallinnDay(new Date(from.getTime() + days * DAY_MS));

  // ---- Version 1: drafted together after the case conference, then signed by everyone ----------
  const v1 = await at(tx, startedAt, (t) => startPlan(kadri, { caseId }, { db: tx, now: t }));
  const team = await at(tx, startedAt, (t) => listPlanPeople(kadri, { caseId }, { db: tx, now: t }));
  const ref = (userId: string): PersonRef => {
    const person: TeamPerson | undefined = team.find((p) => p.userId === userId);
    if (!person) throw new Error("demo plan: a responsible person is not on the team");
    return { userId: person.userId, name: person.name, position: person.position };
  };
  // The first interim evaluation at the monitoring meeting planned in twelve days (seedDemoData's
  // "Vahehindamine"), and never later than three months after sending (004 §3.4).
  const evaluationDay = [day(now, 12), addMonthsToDate(tallinnDay(sentAt), 3)].sort()[0]!;
  const activities: (Partial<ActivityFields> & Pick<ActivityFields, "section">)[] = [
    {
      section: "CLIENT",
      description:
        "Galina käib Kaasiku Päevakeskuses kolmel päeval nädalas ja osaleb seal vähemalt ühes ühistegevuses päevas.",
      responsible: ref(people.client),
      start: day(sentAt, 3),
      recurrence: "Esmaspäeval, kolmapäeval ja reedel kell 9–15",
      resources: "Päevakeskuse buss viib ja toob; lõuna päevakeskuses",
    },
    {
      section: "CLIENT",
      description: "Galina võtab ravimid nädala ravimikarbist ja märgib igal õhtul seinakalendrisse, et võttis need.",
      responsible: ref(people.client),
      start: day(sentAt, 1),
      recurrence: "Iga päev",
      resources: "Nädala ravimikarp ja venekeelne seinakalender (pereõelt)",
    },
    {
      section: "CLOSE_PERSONS",
      description:
        "Natalja külastab ema kord nädalas, aitab kirjade ja asjaajamisega ning vaatab üle pliidi ja ravimikarbi.",
      responsible: ref(people.daughter),
      recurrence: "Kord nädalas, tavaliselt laupäeval",
      resources: "Nataljal on auto ja korteri varuvõti",
    },
    {
      section: "HELP_MEASURE",
      description: "Päevahoid Kaasiku Päevakeskuses kolmel päeval nädalas koos transpordiga kodust ja koju.",
      responsible: ref(people.caseManager),
      start: day(sentAt, 3),
      recurrence: "Kolm päeva nädalas",
      resources: "Päevahoiu teenus ja sotsiaaltransport valla eelarvest",
      provider: "Kaasiku Päevakeskus",
    },
    {
      section: "HELP_MEASURE",
      description: "Koduteenus: hooldustöötaja aitab kaks korda nädalas poeskäigu, koristuse ja pesemisega.",
      responsible: ref(people.caseManager),
      start: day(sentAt, 7),
      recurrence: "Teisipäeval ja neljapäeval, kokku 4 tundi nädalas",
      resources: "Koduteenus valla eelarvest; Galina omaosalus vastavalt valla määrusele",
      provider: "Tartu valla koduteenus",
    },
    {
      section: "HELP_MEASURE",
      description: "Pereõde käib kord kuus kodus: kontrollib ravimite võtmist ja vererõhku ning annab tagasisidet.",
      responsible: ref(people.familyNurse),
      start: day(sentAt, 14),
      recurrence: "Kord kuus",
      resources: "Pereõe koduvisiit; vajadusel vene keele tõlk telefoni teel",
      provider: "Vooremäe Perearstikeskus",
    },
    {
      section: "HELP_MEASURE",
      description: "Pereõde teeb Galinale mälutesti ja saadab tulemuse perearstile, kes otsustab edasise uuringu.",
      responsible: ref(people.familyNurse),
      start: day(sentAt, 14),
      deadline: day(now, -5),
      resources: "Pereõe vastuvõtt perearstikeskuses (30 minutit), tõlk",
      provider: "Vooremäe Perearstikeskus",
    },
    {
      section: "CASE_MANAGER",
      description:
        "Juhtumikorraldaja helistab kord kuus Galinale ja Nataljale ning kontrollib, kas päevahoid ja koduteenus aitavad piisavalt.",
      responsible: ref(people.caseManager),
      start: day(sentAt, 30),
      recurrence: "Kord kuus, kuu esimesel nädalal",
      resources: "Juhtumikorraldaja tööaeg; vene keele tõlk telefoni teel",
    },
  ];
  await editStoredDraft(tx, v1.docName, (doc) => {
    setPlanText(
      doc,
      "problem",
      "Galina (74) elab üksi neljandal korrusel ilma liftita. Mälu on nõrgenenud: ta on unustanud pliidi sisse ja " +
        "ravimid võtmata. Eesti keelt valdab vähe, ametlikest kirjadest ei saa alati aru.",
    );
    setPlanText(
      doc,
      "goals",
      "Galina elab oma korteris turvaliselt edasi nii kaua kui võimalik. Ta võtab ravimid iga päev õigesti ja " +
        "tal on päevadel tegevust ja seltskonda.",
    );
    for (const activity of activities) addActivity(doc, activity);
    const evaluationId = evaluationsArray(doc).get(0)?.get("id");
    if (typeof evaluationId !== "string") throw new Error("demo plan: the proposed evaluation is missing");
    updateEvaluation(doc, evaluationId, {
      dueDate: evaluationDay,
      method: "Vahehindamise kohtumine Galina, Nataljaga ja meeskonnaga; päevakeskuse ja pereõe tagasiside.",
      responsible: ref(people.caseManager),
    });
  });
  const sent = await at(tx, sentAt, (t) =>
    sendPlanForSigning(
      kadri,
      { versionId: v1.versionId },
      { db: tx, now: t, flushDocument: async () => {}, disconnectDocument: () => {} },
    ),
  );
  // The case manager first; the client signs last, at the meeting where the plan was read out to her.
  const order = [people.caseManager, people.familyNurse, people.daughter, people.client];
  for (const [i, userId] of order.entries()) {
    const signer = await actorOf(tx, userId);
    await at(tx, new Date(sentAt.getTime() + (i + 1) * 6 * 60 * 60 * 1000), (t) =>
      signPlan(
        signer,
        { versionId: v1.versionId, expectedHash: sent.contentHash, statementAccepted: true, password },
        { db: tx, now: t },
      ),
    );
  }
  const status = await tx.planVersion.findUniqueOrThrow({ where: { id: v1.versionId }, select: { status: true } });
  if (status.status !== "IN_FORCE") throw new Error(`demo plan: version 1 is ${status.status}, not in force`);

  // ---- Version 2: an amendment after the monitoring meeting, still a draft ------------------------
  const amendedAt = new Date(now.getTime() - 3 * DAY_MS);
  const v2 = await at(tx, amendedAt, (t) => startAmendment(kadri, { caseId }, { db: tx, now: t }));
  const amendedTeam = await at(tx, amendedAt, (t) => listPlanPeople(kadri, { caseId }, { db: tx, now: t }));
  const helen = amendedTeam.find((p) => p.userId === people.supportedLivingManager);
  if (!helen) throw new Error("demo plan: the supported-living manager is not on the team");
  await editStoredDraft(tx, v2.docName, (doc) => {
    setPlanText(
      doc,
      "goals",
      "Galina elab oma korteris turvaliselt edasi nii kaua kui võimalik; koos Nataljaga kaalub ta toetatud elamist, " +
        "kui trepid jäävad liiga raskeks. Ta võtab ravimid iga päev õigesti ja tal on päevadel tegevust ja seltskonda.",
    );
    addActivity(doc, {
      section: "HELP_MEASURE",
      description:
        "Toetatud elamise teenuse juht tutvustab Galinale ja Nataljale teenust ning hindab koos nendega, kas see sobiks.",
      responsible: { userId: helen.userId, name: helen.name, position: helen.position },
      deadline: day(now, 40),
      resources: "Kaks kohtumist: Galina kodus ja teenuse majas; vene keele tõlk",
      provider: "MTÜ Kodu Kõrval",
    });
    // At the monitoring meeting Galina asked for a fourth day at the day centre.
    const drafted = readPlanDoc(doc).activities;
    const dayCare = drafted.find((a) => a.provider === "Kaasiku Päevakeskus");
    const attending = drafted.find((a) => a.section === "CLIENT" && a.description.includes("Päevakeskuses"));
    if (!dayCare || !attending) throw new Error("demo plan: the day-care activities are missing from the amendment");
    updateActivity(doc, dayCare.id, {
      description: "Päevahoid Kaasiku Päevakeskuses neljal päeval nädalas koos transpordiga kodust ja koju.",
      recurrence: "Neli päeva nädalas",
    });
    updateActivity(doc, attending.id, {
      description:
        "Galina käib Kaasiku Päevakeskuses neljal päeval nädalas ja osaleb seal vähemalt ühes ühistegevuses päevas.",
      recurrence: "Esmaspäevast neljapäevani kell 9–15",
    });
  });
  return { inForceVersionId: v1.versionId, draftVersionId: v2.versionId };
}
