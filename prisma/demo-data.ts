// Demo data for the quick start: a synthetic Tartu County care-coordination network. Every
// person, case and e-mail address here is invented; e-mail addresses use the reserved
// `.example` top-level domain (RFC 2606) so that no message can reach a real mailbox.
// Created once, on the first start of an empty embedded database (server/first-start.ts), or by
// `npm run db:seed`. Never in production mode.
import type { Db, Tx } from "../app/lib/db-types.ts";
import type { AttendanceResponse, CaseRole, ConsentForm, MeetingRole, OrganisationType } from "../app/lib/db-types.ts";
import { DEMO_CASE_MANAGER_EMAIL, DEMO_PASSWORD } from "../app/lib/demo.ts";
import { hashPassword } from "../app/domain/auth/password.ts";
import type { CommunicationNeed } from "../app/domain/cases/client-schemas.ts";
import { seedDemoPlan } from "./demo-plan.ts";

export { DEMO_PASSWORD };

const REGION = "Tartumaa";

type OrgKey =
  | "municipality"
  | "familyDoctor"
  | "hospital"
  | "unemploymentFund"
  | "socialInsuranceBoard"
  | "dayCentre"
  | "supportedLiving";

const ORGANISATIONS: Record<OrgKey, { name: string; type: OrganisationType }> = {
  municipality: { name: "Tartu valla sotsiaalosakond", type: "MUNICIPALITY" },
  familyDoctor: { name: "Vooremäe Perearstikeskus", type: "FAMILY_DOCTOR" },
  hospital: { name: "Emajõe Haigla", type: "HOSPITAL" },
  unemploymentFund: { name: "Töötukassa Tartumaa osakond", type: "UNEMPLOYMENT_INSURANCE_FUND" },
  socialInsuranceBoard: { name: "Sotsiaalkindlustusamet", type: "SOCIAL_INSURANCE_BOARD" },
  dayCentre: { name: "Kaasiku Päevakeskus", type: "SERVICE_PROVIDER" },
  supportedLiving: { name: "MTÜ Kodu Kõrval (toetatud elamine)", type: "SERVICE_PROVIDER" },
};

export type DemoAccount = {
  email: string;
  name: string;
  kind: "STAFF" | "EXTERNAL";
  /** Organisation name for staff; null for external accounts. */
  organisation: string | null;
  positionTitle: string | null;
  /** What the account is for, in English (README table). */
  role: string;
  isOrgAdmin: boolean;
  locale: "et" | "en" | "ru";
};

type AccountKey =
  | "caseManager"
  | "orgAdmin"
  | "familyDoctor"
  | "familyNurse"
  | "hospitalSocialWorker"
  | "unemploymentCaseManager"
  | "rehabilitationSpecialist"
  | "dayCentreManager"
  | "supportedLivingManager"
  | "clientJaan"
  | "advocateSiim"
  | "clientGalina"
  | "daughterNatalja";

type AccountSpec = Omit<DemoAccount, "organisation"> & { org: OrgKey | null };

const ACCOUNTS: Record<AccountKey, AccountSpec> = {
  caseManager: {
    email: DEMO_CASE_MANAGER_EMAIL,
    name: "Kadri Kask",
    kind: "STAFF",
    org: "municipality",
    positionTitle: "Juhtumikorraldaja (sotsiaaltöötaja)",
    role: "Case manager (municipal social worker); manages both demo cases",
    isOrgAdmin: false,
    locale: "et",
  },
  orgAdmin: {
    email: "marko.lepp@tartu-vald.example",
    name: "Marko Lepp",
    kind: "STAFF",
    org: "municipality",
    positionTitle: "Sotsiaalosakonna juhataja",
    role: "Head of the social department; administrator of the municipality's accounts",
    isOrgAdmin: true,
    locale: "et",
  },
  familyDoctor: {
    email: "liina.saar@vooremae-perearst.example",
    name: "Liina Saar",
    kind: "STAFF",
    org: "familyDoctor",
    positionTitle: "Perearst",
    role: "Family doctor",
    isOrgAdmin: false,
    locale: "et",
  },
  familyNurse: {
    email: "eve.magi@vooremae-perearst.example",
    name: "Eve Mägi",
    kind: "STAFF",
    org: "familyDoctor",
    positionTitle: "Pereõde",
    role: "Family nurse",
    isOrgAdmin: false,
    locale: "et",
  },
  hospitalSocialWorker: {
    email: "triin.rebane@emajoe-haigla.example",
    name: "Triin Rebane",
    kind: "STAFF",
    org: "hospital",
    positionTitle: "Haigla sotsiaaltöötaja",
    role: "Hospital social worker",
    isOrgAdmin: false,
    locale: "et",
  },
  unemploymentCaseManager: {
    email: "andres.kuusk@tootukassa.example",
    name: "Andres Kuusk",
    kind: "STAFF",
    org: "unemploymentFund",
    positionTitle: "Juhtumikorraldaja-karjäärinõustaja",
    role: "Case manager and career counsellor at the Unemployment Insurance Fund (Töötukassa)",
    isOrgAdmin: false,
    locale: "et",
  },
  rehabilitationSpecialist: {
    email: "piret.oja@ska.example",
    name: "Piret Oja",
    kind: "STAFF",
    org: "socialInsuranceBoard",
    positionTitle: "Rehabilitatsiooniteenuse spetsialist",
    role: "Rehabilitation specialist at the Social Insurance Board (SKA)",
    isOrgAdmin: false,
    locale: "et",
  },
  dayCentreManager: {
    email: "rein.tamm@kaasiku-paevakeskus.example",
    name: "Rein Tamm",
    kind: "STAFF",
    org: "dayCentre",
    positionTitle: "Päevakeskuse juhataja",
    role: "Manager of a day-care centre (service provider)",
    isOrgAdmin: false,
    locale: "et",
  },
  supportedLivingManager: {
    email: "helen.parn@kodukorval.example",
    name: "Helen Pärn",
    kind: "STAFF",
    org: "supportedLiving",
    positionTitle: "Toetatud elamise teenuse juht",
    role: "Head of a supported-living service (NGO, service provider)",
    isOrgAdmin: false,
    locale: "et",
  },
  clientJaan: {
    email: "jaan.kivi@post.example",
    name: "Jaan Kivi",
    kind: "EXTERNAL",
    org: null,
    positionTitle: null,
    role: "Client of case TV-2026-014 (external account)",
    isOrgAdmin: false,
    locale: "et",
  },
  advocateSiim: {
    email: "siim.laur@post.example",
    name: "Siim Laur",
    kind: "EXTERNAL",
    org: null,
    positionTitle: null,
    role: "Advocate (tugiisik) chosen by Jaan Kivi (external account)",
    isOrgAdmin: false,
    locale: "et",
  },
  clientGalina: {
    email: "galina.petrova@post.example",
    name: "Galina Petrova",
    kind: "EXTERNAL",
    org: null,
    positionTitle: null,
    role: "Client of case TV-2026-021, Russian-speaking (external account)",
    isOrgAdmin: false,
    locale: "ru",
  },
  daughterNatalja: {
    email: "natalja.petrova@post.example",
    name: "Natalja Petrova",
    kind: "EXTERNAL",
    org: null,
    positionTitle: null,
    role: "Close person: Galina Petrova's daughter (external account)",
    isOrgAdmin: false,
    locale: "et",
  },
};

/** The demo accounts, all with the password DEMO_PASSWORD (README table, tests). */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = Object.values(ACCOUNTS).map(({ org, ...account }) => ({
  ...account,
  organisation: org ? ORGANISATIONS[org].name : null,
}));

export const DEMO_CASE_NUMBERS = ["TV-2026-014", "TV-2026-021"] as const;

/**
 * The demo case with a case plan (prisma/demo-plan.ts): Galina's, in monitoring, version 1 in
 * force and a version 2 amendment in draft. Jaan's case has none (the browser tests plan it).
 */
export const DEMO_PLAN_CASE_NUMBER: (typeof DEMO_CASE_NUMBERS)[number] = "TV-2026-021";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The instant `days` from `now` at the given wall-clock time in Tallinn (EET/EEST). */
export function atTallinnTime(now: Date, days: number, hour: number, minute = 0): Date {
  const day = new Date(now.getTime() + days * DAY_MS);
  const [y, m, d] = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Tallinn",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  })
    .format(day)
    .split("-")
    .map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d, hour, minute);
  // The zone's offset at that instant ("GMT+2" or "GMT+3"); Tallinn changes it twice a year.
  const offsetName =
    new Intl.DateTimeFormat("en-US", { timeZone: "Europe/Tallinn", timeZoneName: "shortOffset" })
      .formatToParts(new Date(guess))
      .find((p) => p.type === "timeZoneName")?.value ?? "GMT+2";
  const offsetHours = Number(/GMT([+-]\d+)/.exec(offsetName)?.[1] ?? 2);
  return new Date(guess - offsetHours * 60 * 60 * 1000);
}

type ParticipantSpec = {
  who: AccountKey;
  role?: MeetingRole;
  response?: AttendanceResponse;
  isRemote?: boolean;
  expectedContribution?: string;
};

type MeetingSpec = {
  purpose: string;
  days: number;
  hour: number;
  durationMinutes: number;
  location: string | null;
  isOnline: boolean;
  status: "PLANNED" | "HELD";
  createdBy: AccountKey;
  participants: ParticipantSpec[];
};

type CaseSpec = {
  caseNumber: (typeof DEMO_CASE_NUMBERS)[number];
  client: { account: AccountKey; firstName: string; lastName: string; dateOfBirth: string; preferredLanguage: string };
  stage: "PLANNING" | "MONITORING";
  summary: string;
  /** The assessment (004 §3.2): risk and protective factors, and the client's own view in their words. */
  riskFactors: string;
  protectiveFactors: string;
  clientView: string;
  /** Communication needs (app/domain/cases/client-schemas.ts), stored as a JSON array. */
  communicationNeeds: CommunicationNeed[];
  interpreterLanguage: string | null;
  createdDaysAgo: number;
  /**
   * A specialist sees the case only with the client's consent (004 §3.1): each has one, recorded
   * by the case manager two days after the case was opened. hasClientViewPermission: the client
   * lets their advocate see the client's own view.
   */
  members: {
    who: AccountKey;
    role: CaseRole;
    consent?: { form: ConsentForm; scope: string };
    hasClientViewPermission?: boolean;
  }[];
  meetings: MeetingSpec[];
};

const CASES: CaseSpec[] = [
  {
    caseNumber: "TV-2026-014",
    client: {
      account: "clientJaan",
      firstName: "Jaan",
      lastName: "Kivi",
      dateOfBirth: "1968-04-12",
      preferredLanguage: "et",
    },
    stage: "PLANNING",
    summary:
      "Jaan (58) elab üksi maamajas. Pärast insulti on tal raskusi parema käe kasutamise ja pikema kõnelemisega; " +
      "töö laotöötajana jäi pooleli. Jaan soovib naasta osalise koormusega tööle ja saada kodus iseseisvalt hakkama. " +
      "Toeks on tema valitud tugiisik Siim. Juhtumimeeskond koostab koos Jaaniga juhtumiplaani: taastusravi ja " +
      "rehabilitatsioon, tööalane tugi Töötukassast ning abi kodus.",
    riskFactors:
      "Elab üksi maal, lähim pood 8 km kaugusel; autot ei saa praegu juhtida. Sissetulek vähenes pärast töö katkemist. " +
      "Kõneraskuse tõttu väldib telefonikõnesid ja võib abi küsimata jätta.",
    protectiveFactors:
      "Motiveeritud tööle naasma ja taastusravis osalema. Tugiisik Siim käib kord nädalas. Naaber aitab poeskäikudega. " +
      "Varasem pikk töökogemus laotöös.",
    clientView:
      "Tahan saada jälle tööle, kasvõi paar päeva nädalas. Kodus saan enamasti hakkama, aga puude tegemine ja " +
      "lumerookimine on raske. Ei taha, et mind hooldekodusse saadetakse.",
    communicationNeeds: ["EASY_READ"],
    interpreterLanguage: null,
    createdDaysAgo: 35,
    members: [
      { who: "clientJaan", role: "CLIENT" },
      { who: "advocateSiim", role: "ADVOCATE", hasClientViewPermission: true },
      { who: "caseManager", role: "CASE_MANAGER" },
      {
        who: "familyDoctor",
        role: "SPECIALIST",
        consent: {
          form: "WRITTEN",
          scope: "Terviseandmed, mis on vajalikud taastusravi ja tööle naasmise planeerimiseks",
        },
      },
      {
        who: "hospitalSocialWorker",
        role: "SPECIALIST",
        consent: { form: "WRITTEN", scope: "Haiglast kojusaamise ja koduse abi korraldamiseks vajalikud andmed" },
      },
      {
        who: "unemploymentCaseManager",
        role: "SPECIALIST",
        consent: {
          form: "WRITTEN",
          scope: "Töövõime ja töötamise toetamiseks vajalikud andmed (terviseandmeid mitte)",
        },
      },
      {
        who: "rehabilitationSpecialist",
        role: "SPECIALIST",
        consent: { form: "ORAL", scope: "Rehabilitatsiooniteenuse planeerimiseks vajalikud andmed" },
      },
    ],
    meetings: [
      {
        purpose:
          "Juhtumimeeskonna esimene kohtumine: Jaani olukorra, soovide ja ressursside ühine hindamine ning rollide kokkuleppimine",
        days: -21,
        hour: 10,
        durationMinutes: 90,
        location: "Tartu vallamaja, nõupidamisruum",
        isOnline: false,
        status: "HELD",
        createdBy: "caseManager",
        participants: [
          { who: "caseManager", role: "MODERATOR", response: "ACCEPTED" },
          { who: "hospitalSocialWorker", role: "MINUTE_TAKER", response: "ACCEPTED" },
          { who: "unemploymentCaseManager", role: "TIMEKEEPER", response: "ACCEPTED" },
          { who: "clientJaan", response: "ACCEPTED" },
          { who: "advocateSiim", response: "ACCEPTED" },
          { who: "familyDoctor", response: "ACCEPTED", isRemote: true },
          { who: "rehabilitationSpecialist", response: "ACCEPTED" },
        ],
      },
      {
        purpose: "Juhtumiplaani koostamine: Jaani eesmärgid, tegevused, vastutajad ja tähtajad",
        days: 5,
        hour: 14,
        durationMinutes: 90,
        location: "Tartu vallamaja, nõupidamisruum (ka videosild)",
        isOnline: false,
        status: "PLANNED",
        createdBy: "caseManager",
        participants: [
          { who: "caseManager", role: "MODERATOR", response: "ACCEPTED" },
          { who: "unemploymentCaseManager", role: "MINUTE_TAKER", response: "ACCEPTED" },
          { who: "hospitalSocialWorker", role: "TIMEKEEPER", response: "PENDING" },
          {
            who: "clientJaan",
            response: "ACCEPTED",
            isRemote: true,
            expectedContribution: "Millal saaksin tööle tagasi minna ja kes aitab kodus raskemate töödega?",
          },
          { who: "advocateSiim", response: "ACCEPTED", isRemote: true },
          { who: "familyDoctor", response: "PENDING", expectedContribution: "Taastusravi järgmised sammud" },
          {
            who: "rehabilitationSpecialist",
            response: "ACCEPTED",
            expectedContribution: "Rehabilitatsiooniplaani ootused",
          },
        ],
      },
    ],
  },
  {
    caseNumber: "TV-2026-021",
    client: {
      account: "clientGalina",
      firstName: "Galina",
      lastName: "Petrova",
      dateOfBirth: "1952-09-03",
      preferredLanguage: "ru",
    },
    stage: "MONITORING",
    summary:
      "Galina (74) elab üksi kahetoalises korteris; tema mälu on viimase aasta jooksul nõrgenenud. Tütar Natalja käib " +
      "tal igal nädalal. Juhtumiplaani järgi käib Galina kolm päeva nädalas päevakeskuses ja saab koduteenust. " +
      "Jälgime, kas see toetab teda piisavalt, ning arutame koos Galina ja Nataljaga toetatud elamise võimalust. " +
      "Galina eelistab suhelda vene keeles.",
    riskFactors:
      "Mälu nõrgeneb; on unustanud pliidi sisse ja ravimid võtmata. Elab üksi neljandal korrusel ilma liftita. " +
      "Eesti keelt valdab vähe, mistõttu ei saa alati aru ametlikest kirjadest.",
    protectiveFactors:
      "Tütar Natalja käib iga nädal ja aitab asjaajamisega. Päevakeskuses on sõbrannad ja tegevust. Pereõde käib regulaarselt.",
    clientView:
      "Хочу остаться жить в своей квартире как можно дольше. В дневном центре мне нравится. (Soovib elada oma " +
      "korteris nii kaua kui võimalik; päevakeskuses meeldib.)",
    communicationNeeds: ["INTERPRETER", "EASY_READ"],
    interpreterLanguage: "vene keel",
    createdDaysAgo: 120,
    members: [
      { who: "clientGalina", role: "CLIENT" },
      { who: "daughterNatalja", role: "CLOSE_PERSON" },
      { who: "caseManager", role: "CASE_MANAGER" },
      {
        who: "familyNurse",
        role: "SPECIALIST",
        consent: { form: "WRITTEN", scope: "Terviseandmed ja ravimite kasutamine koduse toe planeerimiseks" },
      },
      {
        who: "familyDoctor",
        role: "SPECIALIST",
        consent: { form: "WRITTEN", scope: "Terviseandmed, mis on vajalikud hoolduse ja toe planeerimiseks" },
      },
      {
        who: "dayCentreManager",
        role: "SPECIALIST",
        consent: { form: "ORAL", scope: "Päevahoiuks vajalikud andmed: igapäevane toimetulek ja kontaktid" },
      },
      {
        who: "supportedLivingManager",
        role: "SPECIALIST",
        consent: { form: "ORAL", scope: "Toetatud elamise sobivuse hindamiseks vajalikud andmed" },
      },
    ],
    meetings: [
      {
        purpose: "Jälgimiskohtumine: kuidas on Galinal läinud päevakeskuse esimestel kuudel",
        days: -20,
        hour: 13,
        durationMinutes: 60,
        location: "Kaasiku Päevakeskus, väike saal",
        isOnline: false,
        status: "HELD",
        createdBy: "caseManager",
        participants: [
          { who: "caseManager", role: "MODERATOR", response: "ACCEPTED" },
          { who: "familyNurse", role: "MINUTE_TAKER", response: "ACCEPTED" },
          { who: "dayCentreManager", role: "TIMEKEEPER", response: "ACCEPTED" },
          { who: "clientGalina", response: "ACCEPTED" },
          { who: "daughterNatalja", response: "ACCEPTED", isRemote: true },
          { who: "familyDoctor", response: "DECLINED" },
        ],
      },
      {
        purpose: "Vahehindamine: juhtumiplaani tegevuste ülevaatus ja toetatud elamise võimalused",
        days: 12,
        hour: 11,
        durationMinutes: 75,
        location: "Kaasiku Päevakeskus, väike saal",
        isOnline: false,
        status: "PLANNED",
        createdBy: "caseManager",
        participants: [
          { who: "caseManager", role: "MODERATOR", response: "ACCEPTED" },
          { who: "familyNurse", role: "MINUTE_TAKER", response: "ACCEPTED" },
          { who: "supportedLivingManager", role: "TIMEKEEPER", response: "PENDING" },
          {
            who: "clientGalina",
            response: "ACCEPTED",
            expectedContribution: "Хочу остаться жить в своей квартире как можно дольше.",
          },
          { who: "daughterNatalja", response: "PENDING", isRemote: true },
          { who: "dayCentreManager", response: "ACCEPTED", expectedContribution: "Tagasiside päevahoiu kohta" },
          { who: "familyDoctor", response: "PENDING" },
        ],
      },
    ],
  },
];

const NETWORK = {
  name: "Tartumaa juhtumipõhise võrgustikutöö võrgustik",
  steeringGroup: ["municipality", "hospital"] as OrgKey[],
  meeting: {
    purpose:
      "Võrgustiku kohtumine: piirkonna teenuste kaardistuse ülevaade, katmata vajadused ja juhtumitest saadud õppetunnid",
    days: 9,
    hour: 10,
    durationMinutes: 120,
    location: null,
    isOnline: true,
    status: "PLANNED",
    createdBy: "orgAdmin",
    participants: [
      { who: "orgAdmin", role: "MODERATOR", response: "ACCEPTED" },
      { who: "supportedLivingManager", role: "MINUTE_TAKER", response: "ACCEPTED" },
      { who: "caseManager", role: "TIMEKEEPER", response: "ACCEPTED" },
      { who: "familyDoctor", response: "PENDING" },
      { who: "hospitalSocialWorker", response: "ACCEPTED" },
      { who: "unemploymentCaseManager", response: "ACCEPTED" },
      { who: "rehabilitationSpecialist", response: "PENDING" },
      { who: "dayCentreManager", response: "ACCEPTED" },
    ],
  } satisfies MeetingSpec,
};

/**
 * Creates the demo network in one transaction. Call only on an empty database (the caller
 * checks): e-mail addresses and case numbers are unique.
 */
export async function seedDemoData(db: Db, { now = new Date() }: { now?: Date } = {}): Promise<void> {
  // One hash for all demo accounts: the password is public anyway, and scrypt is slow on purpose.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.$transaction(
    async (tx) => {
      const orgIds = {} as Record<OrgKey, string>;
      for (const [key, org] of Object.entries(ORGANISATIONS) as [OrgKey, (typeof ORGANISATIONS)[OrgKey]][]) {
        const created = await tx.organisation.create({ data: { name: org.name, type: org.type, region: REGION } });
        orgIds[key] = created.id;
      }

      const userIds = {} as Record<AccountKey, string>;
      for (const [key, a] of Object.entries(ACCOUNTS) as [AccountKey, AccountSpec][]) {
        const created = await tx.user.create({
          data: {
            kind: a.kind,
            organisationId: a.org ? orgIds[a.org] : null,
            email: a.email,
            name: a.name,
            positionTitle: a.positionTitle,
            passwordHash,
            isOrgAdmin: a.isOrgAdmin,
            locale: a.locale,
          },
        });
        userIds[key] = created.id;
      }

      const network = await tx.network.create({ data: { name: NETWORK.name, region: REGION } });
      for (const key of Object.keys(ORGANISATIONS) as OrgKey[]) {
        await tx.networkMember.create({
          data: {
            networkId: network.id,
            organisationId: orgIds[key],
            isSteeringGroup: NETWORK.steeringGroup.includes(key),
          },
        });
      }

      const caseIds = {} as Record<(typeof DEMO_CASE_NUMBERS)[number], string>;
      for (const c of CASES) {
        const client = await tx.client.create({
          data: {
            organisationId: orgIds.municipality,
            firstName: c.client.firstName,
            lastName: c.client.lastName,
            // No personal code, not even a made-up one: a plausible fake could collide with a real person's.
            personalCode: null,
            dateOfBirth: new Date(`${c.client.dateOfBirth}T00:00:00Z`),
            email: ACCOUNTS[c.client.account].email,
            preferredLanguage: c.client.preferredLanguage,
            communicationNeeds: JSON.stringify(c.communicationNeeds),
            interpreterLanguage: c.interpreterLanguage,
            userId: userIds[c.client.account],
          },
        });
        const createdAt = new Date(now.getTime() - c.createdDaysAgo * DAY_MS);
        const created = await tx.case.create({
          data: {
            organisationId: orgIds.municipality,
            caseNumber: c.caseNumber,
            clientId: client.id,
            caseManagerId: userIds.caseManager,
            stage: c.stage,
            summary: c.summary,
            riskFactors: c.riskFactors,
            protectiveFactors: c.protectiveFactors,
            clientView: c.clientView,
            createdAt,
          },
        });
        caseIds[c.caseNumber] = created.id;
        const consentGivenAt = new Date(createdAt.getTime() + 2 * DAY_MS);
        for (const m of c.members) {
          await tx.caseMember.create({
            data: {
              caseId: created.id,
              userId: userIds[m.who],
              role: m.role,
              addedAt: createdAt,
              addedById: userIds.caseManager,
              hasClientViewPermission: m.hasClientViewPermission ?? false,
            },
          });
          if (m.consent) {
            await tx.sharingConsent.create({
              data: {
                caseId: created.id,
                recipientUserId: userIds[m.who],
                form: m.consent.form,
                scope: m.consent.scope,
                givenAt: consentGivenAt,
                recordedById: userIds.caseManager,
                recordedAt: consentGivenAt,
              },
            });
          }
          if (m.role !== "CLIENT" && m.role !== "CASE_MANAGER") {
            // The client was told, and has read it long since.
            await tx.clientNotice.create({
              data: {
                caseId: created.id,
                kind: "SHARED_WITH",
                subjectUserId: userIds[m.who],
                createdAt: consentGivenAt,
                seenAt: new Date(consentGivenAt.getTime() + DAY_MS),
              },
            });
          }
        }
        for (const meeting of c.meetings) {
          await createMeeting(tx, meeting, { caseId: created.id }, { userIds, now });
        }
      }

      await createMeeting(tx, NETWORK.meeting, { networkId: network.id }, { userIds, now });

      await seedDemoPlan(tx, {
        caseId: caseIds[DEMO_PLAN_CASE_NUMBER],
        people: {
          caseManager: userIds.caseManager,
          client: userIds.clientGalina,
          daughter: userIds.daughterNatalja,
          familyNurse: userIds.familyNurse,
          supportedLivingManager: userIds.supportedLivingManager,
        },
        password: DEMO_PASSWORD,
        now,
      });
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

async function createMeeting(
  tx: Tx,
  spec: MeetingSpec,
  owner: { caseId: string } | { networkId: string },
  { userIds, now }: { userIds: Record<AccountKey, string>; now: Date },
) {
  const startsAt = atTallinnTime(now, spec.days, spec.hour);
  // Invitations went out two weeks before the meeting (never in the future).
  const invitedAt = new Date(Math.min(now.getTime(), startsAt.getTime() - 14 * DAY_MS));
  const answeredAt = new Date(Math.min(now.getTime(), invitedAt.getTime() + 2 * DAY_MS));
  const meeting = await tx.meeting.create({
    data: {
      kind: "caseId" in owner ? "CASE" : "NETWORK",
      caseId: "caseId" in owner ? owner.caseId : null,
      networkId: "networkId" in owner ? owner.networkId : null,
      purpose: spec.purpose,
      startsAt,
      durationMinutes: spec.durationMinutes,
      location: spec.location,
      isOnline: spec.isOnline,
      status: spec.status,
      createdById: userIds[spec.createdBy],
      createdAt: invitedAt,
    },
  });
  for (const p of spec.participants) {
    const response = p.response ?? "PENDING";
    const isAccepted = response === "ACCEPTED";
    await tx.meetingParticipant.create({
      data: {
        meetingId: meeting.id,
        userId: userIds[p.who],
        meetingRole: p.role ?? "PARTICIPANT",
        expectedContribution: p.expectedContribution ?? null,
        response,
        isRemote: p.isRemote ?? false,
        // Consent to take part and the confidentiality briefing (004 §2.1) come with accepting.
        consentedAt: isAccepted ? answeredAt : null,
        confidentialityAt: isAccepted ? answeredAt : null,
      },
    });
  }
}
