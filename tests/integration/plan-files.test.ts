// Plans of other providers attached to a case plan as files (issue 6, 004 §3.4) through the real
// services on SQLite and PostgreSQL: uploaded into a draft by its editors (type from the name,
// content checked by its magic bytes, size limit), refused for others and once the version is no
// longer a draft; downloaded by plan readers only, every upload and download audited; fixed at
// sending with the stored file's metadata (a forged entry refused), and a file changed or removed
// in the database found by verifyPlans.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachPlanFile } from "../../app/domain/plans/attach-plan-file.ts";
import { getPlanFile } from "../../app/domain/plans/get-plan-file.ts";
import { getPlanVersion } from "../../app/domain/plans/get-plan-version.ts";
import { addAttachmentToDoc, removeAttachmentFromDoc } from "../../app/domain/plans/plan-doc-attachments.ts";
import { readPlanDoc } from "../../app/domain/plans/plan-doc.ts";
import { PLAN_FILE_MAX_BYTES, type AttachPlanFileInput } from "../../app/domain/plans/plan-files.ts";
import type { PlanAttachment } from "../../app/domain/plans/plan-schemas.ts";
import { sendPlanForSigning } from "../../app/domain/plans/send-plan-for-signing.ts";
import { startPlan } from "../../app/domain/plans/start-plan.ts";
import { verifyPlans } from "../../app/domain/plans/verify-plans.ts";
import type { Db } from "../../app/lib/db-types.ts";
import { createPlanTeam, openLivePlan, writeCompletePlan } from "../factories/plans.ts";
import type { Person, TeamCase } from "../factories/team.ts";
import { expectDomainError } from "../support/expect-domain-error.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-db.ts";

let t: TestDatabase;
let db: Db;
let team: TeamCase;
let versionId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  team = await createPlanTeam(db, { label: "Failid" });
  versionId = (await startPlan(team.people.caseManager.actor, { caseId: team.caseId }, { db })).versionId;
});
afterAll(async () => {
  await t?.drop();
});

// ---- Synthetic files (made-up content, the magic bytes of each format) ------------------------------

const bytesOf = (...parts: (string | number[])[]) =>
  new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p)))));
const FILES = {
  pdf: bytesOf("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"),
  png: bytesOf([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], "IHDR", [0, 0, 0, 1]),
  jpeg: bytesOf([0xff, 0xd8, 0xff, 0xe0, 0, 16], "JFIF", [0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]),
  odt: bytesOf(
    [0x50, 0x4b, 0x03, 0x04, ...new Array<number>(22).fill(0), 8, 0, 0, 0],
    "mimetypeapplication/vnd.oasis.opendocument.text",
    "content.xml",
  ),
  docx: bytesOf(
    [0x50, 0x4b, 0x03, 0x04, ...new Array<number>(26).fill(0)],
    "[Content_Types].xml<Types/>",
    "word/document.xml",
  ),
  txt: bytesOf("Individuaalne tööotsimiskava\nÕpib kaks korda nädalas arvutit kasutama.\n"),
};
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

const attach = (person: Person, input: Partial<AttachPlanFileInput> = {}) =>
  attachPlanFile(
    person.actor,
    {
      caseId: team.caseId,
      versionId,
      fileName: "rehabilitatsiooniplaan.pdf",
      mediaType: "application/pdf",
      bytes: FILES.pdf,
      description: "Rehabilitatsiooniplaan, Sotsiaalkindlustusamet",
      ...input,
    },
    { db },
  );

const uploaded: Record<string, PlanAttachment> = {};

describe("uploading into a draft", () => {
  it("stores each allowed type with its SHA-256 for an editor of the draft, and audits it", async () => {
    const { caseManager, specialistWithConsent } = team.people;
    const cases: [keyof typeof FILES, string, string][] = [
      ["pdf", "Rehabilitatsiooniplaan Mägi.pdf", "application/pdf"],
      ["png", "hooldusplaan.png", "image/png"],
      ["jpeg", "skann.JPG", "image/jpg"],
      ["odt", "hooldusplaan.odt", "application/vnd.oasis.opendocument.text"],
      // The browser may declare nothing useful: the name and the content decide.
      ["docx", "kava.docx", "application/octet-stream"],
      ["txt", "tööotsimiskava.txt", ""],
    ];
    for (const [kind, fileName, mediaType] of cases) {
      const by = kind === "png" ? specialistWithConsent : caseManager;
      const attachment = await attach(by, { fileName, mediaType, bytes: FILES[kind] });
      uploaded[kind] = attachment;
      expect(attachment).toMatchObject({
        fileName,
        sizeBytes: FILES[kind].length,
        sha256: sha256(FILES[kind]),
        description: "Rehabilitatsiooniplaan, Sotsiaalkindlustusamet",
      });
      const row = await db.planFile.findUniqueOrThrow({ where: { id: attachment.id } });
      expect(row).toMatchObject({
        caseId: team.caseId,
        versionId,
        uploadedById: by.user.id,
        mediaType: attachment.mediaType,
        sha256: sha256(FILES[kind]),
      });
      expect(Buffer.from(row.data).equals(Buffer.from(FILES[kind]))).toBe(true);
      const audit = await db.auditEvent.findMany({ where: { action: "plan.file.upload", subjectId: attachment.id } });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actorId: by.user.id, caseId: team.caseId });
      // Ids and codes only: the file's name can carry personal data.
      expect(audit[0]!.details).not.toContain("Mägi");
    }
    expect(Object.fromEntries(Object.entries(uploaded).map(([k, a]) => [k, a.mediaType]))).toEqual({
      pdf: "application/pdf",
      png: "image/png",
      jpeg: "image/jpeg",
      odt: "application/vnd.oasis.opendocument.text",
      docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      txt: "text/plain",
    });
  });

  it("keeps only the file's own name, without a path or characters that break a download", async () => {
    const attachment = await attach(team.people.caseManager, { fileName: 'C:\\Dokumendid\\kava "uus".pdf' });
    expect(attachment.fileName).toBe("kava uus.pdf");
  });

  it("refuses a file too large or empty, of a type not allowed, or whose content is not what its name says", async () => {
    const { caseManager } = team.people;
    const before = await db.planFile.count();
    const tooLarge = new Uint8Array(PLAN_FILE_MAX_BYTES + 1);
    tooLarge.set(FILES.pdf);
    const refusals: [Partial<AttachPlanFileInput>, string][] = [
      [{ bytes: tooLarge }, "plans.files.tooLarge"],
      [{ bytes: new Uint8Array(0) }, "plans.files.required"],
      [{ fileName: "   " }, "plans.files.required"],
      [{ fileName: "programm.exe", mediaType: "application/x-msdownload" }, "plans.files.typeNotAllowed"],
      [{ fileName: "leht.html", mediaType: "text/html", bytes: FILES.txt }, "plans.files.typeNotAllowed"],
      [
        { fileName: "pilt.gif", mediaType: "image/gif", bytes: bytesOf("GIF89a", [1, 0, 1, 0]) },
        "plans.files.typeNotAllowed",
      ],
      [{ fileName: "nimeta", mediaType: "application/zip" }, "plans.files.typeNotAllowed"],
      // The declared media type is not trusted: the content is looked at.
      [{ fileName: "plaan.pdf", mediaType: "application/pdf", bytes: FILES.png }, "plans.files.contentMismatch"],
      [{ fileName: "pilt.png", mediaType: "image/png", bytes: FILES.pdf }, "plans.files.contentMismatch"],
      [{ fileName: "foto.jpeg", mediaType: "image/jpeg", bytes: FILES.png }, "plans.files.contentMismatch"],
      [{ fileName: "kava.docx", bytes: FILES.odt }, "plans.files.contentMismatch"],
      [{ fileName: "kava.odt", bytes: FILES.docx }, "plans.files.contentMismatch"],
      [
        { fileName: "kava.txt", mediaType: "text/plain", bytes: bytesOf("MZ", [0x90, 0, 3, 0]) },
        "plans.files.contentMismatch",
      ],
      [{ fileName: "kava.txt", mediaType: "text/plain", bytes: FILES.pdf }, "plans.files.contentMismatch"],
    ];
    for (const [input, messageKey] of refusals) {
      const error = await expectDomainError(attach(caseManager, input), "VALIDATION", messageKey);
      expect(error.fieldErrors, messageKey).toEqual({ file: messageKey });
    }
    const noDescription = await expectDomainError(attach(caseManager, { description: "  " }), "VALIDATION");
    expect(noDescription.fieldErrors).toEqual({ description: "plans.files.descriptionRequired" });
    expect(await db.planFile.count()).toBe(before);
  });

  it("refuses whoever may not edit the draft, and a version of another case", async () => {
    const { supervisor, specialistNoConsent, specialistWithdrawn, otherOrganisationUser, orgAdmin } = team.people;
    const before = await db.planFile.count();
    // A supervisor reads the plan but is not a party to it.
    await expectDomainError(attach(supervisor), "FORBIDDEN", "error.forbidden");
    for (const outsider of [specialistNoConsent, specialistWithdrawn, otherOrganisationUser, orgAdmin]) {
      await expectDomainError(attach(outsider), "NOT_FOUND", "plans.notFound");
    }
    const other = await createPlanTeam(db, { label: "Teine" });
    await expectDomainError(attach(other.people.caseManager, { caseId: other.caseId }), "NOT_FOUND", "plans.notFound");
    expect(await db.planFile.count()).toBe(before);
  });
});

describe("downloading", () => {
  it("gives the bytes to plan readers of the case and audits every download", async () => {
    const { caseManager, client, supervisor, specialistWithConsent } = team.people;
    const file = uploaded.pdf!;
    for (const reader of [caseManager, client, supervisor, specialistWithConsent]) {
      const download = await getPlanFile(reader.actor, { caseId: team.caseId, fileId: file.id }, { db });
      expect(download).toMatchObject({ fileName: file.fileName, mediaType: "application/pdf", sha256: file.sha256 });
      expect(Buffer.from(download.data).equals(Buffer.from(FILES.pdf))).toBe(true);
    }
    const audit = await db.auditEvent.findMany({
      where: { action: "plan.file.read", subjectId: file.id },
      orderBy: { at: "asc" },
    });
    expect(audit.map((a) => a.actorId).sort()).toEqual(
      [caseManager, client, supervisor, specialistWithConsent].map((p) => p.user.id).sort(),
    );
    expect(audit.every((a) => a.caseId === team.caseId)).toBe(true);
  });

  it("refuses non-members, a file under another case's address, and an unknown file", async () => {
    const { specialistNoConsent, otherOrganisationUser, orgAdmin, caseManager } = team.people;
    const file = uploaded.pdf!;
    const auditsBefore = await db.auditEvent.count({ where: { action: "plan.file.read" } });
    for (const outsider of [specialistNoConsent, otherOrganisationUser, orgAdmin]) {
      await expectDomainError(
        getPlanFile(outsider.actor, { caseId: team.caseId, fileId: file.id }, { db }),
        "NOT_FOUND",
        "plans.notFound",
      );
    }
    const other = await createPlanTeam(db, { label: "Kolmas" });
    // Its case manager reads their own case, not this file through its address.
    await expectDomainError(
      getPlanFile(other.people.caseManager.actor, { caseId: other.caseId, fileId: file.id }, { db }),
      "NOT_FOUND",
      "plans.files.notFound",
    );
    await expectDomainError(
      getPlanFile(caseManager.actor, { caseId: team.caseId, fileId: "zzzzzzzzzzzzzzzzzzzzzzzz" }, { db }),
      "NOT_FOUND",
      "plans.files.notFound",
    );
    expect(await db.auditEvent.count({ where: { action: "plan.file.read" } })).toBe(auditsBefore);
  });
});

describe("sending and after", () => {
  let sentVersionHash = "";

  it("a forged entry in the draft blocks sending; the files are fixed as stored, whatever the browser wrote", async () => {
    const { caseManager } = team.people;
    const live = await openLivePlan(db, versionId);
    writeCompletePlan(live.doc, team);
    // What a browser may write: the real file with a changed name and hash, and a file that was never uploaded.
    addAttachmentToDoc(live.doc, { ...uploaded.pdf!, fileName: "muu.pdf", sha256: "0".repeat(64) });
    const forged = { ...uploaded.txt!, id: "forgedfileid000000000000" };
    addAttachmentToDoc(live.doc, forged);
    const deps = {
      db,
      flushDocument: (name: string) => live.flushDocument(name),
      disconnectDocument: (name: string) => live.disconnectDocument(name),
    };
    const refused = await expectDomainError(
      sendPlanForSigning(caseManager.actor, { versionId }, deps),
      "VALIDATION",
      "plans.incomplete",
    );
    expect(refused.fieldErrors).toEqual({ "attachments.1": "plans.problem.attachmentMissing" });

    removeAttachmentFromDoc(live.doc, forged.id);
    addAttachmentToDoc(live.doc, uploaded.odt!);
    expect(readPlanDoc(live.doc).attachments.map((a) => a.id)).toEqual([uploaded.pdf!.id, uploaded.odt!.id]);
    const sent = await sendPlanForSigning(caseManager.actor, { versionId }, deps);
    sentVersionHash = sent.contentHash;
    live.destroy();

    const version = await getPlanVersion(caseManager.actor, { versionId }, { db });
    expect(version.content?.attachments).toEqual([uploaded.pdf!, uploaded.odt!]);
    expect(version.content?.attachments[0]?.sha256).toBe(sha256(FILES.pdf));
    expect((await verifyPlans({ db, caseId: team.caseId })).isIntact).toBe(true);
  });

  it("takes no more files once the version is out for signing", async () => {
    const { caseManager } = team.people;
    const before = await db.planFile.count();
    await expectDomainError(attach(caseManager), "FROZEN", "plans.frozen");
    expect(await db.planFile.count()).toBe(before);
  });

  it("verifyPlans finds an attached file whose bytes were changed, or which was removed", async () => {
    expect(sentVersionHash).toMatch(/^[0-9a-f]{64}$/);
    const file = await db.planFile.findUniqueOrThrow({ where: { id: uploaded.pdf!.id } });
    const changed = new Uint8Array(file.data);
    changed[changed.length - 2] = 0x58;
    await db.planFile.update({ where: { id: file.id }, data: { data: changed } });
    const tampered = await verifyPlans({ db, caseId: team.caseId });
    expect(tampered.isIntact).toBe(false);
    expect(tampered.cases[0]!.versions.map((v) => v.problems)).toEqual([[`attachment.hashMismatch:${file.id}`]]);

    await db.planFile.update({ where: { id: file.id }, data: { data: file.data } });
    expect((await verifyPlans({ db, caseId: team.caseId })).isIntact).toBe(true);

    const odt = await db.planFile.findUniqueOrThrow({ where: { id: uploaded.odt!.id } });
    await db.planFile.delete({ where: { id: odt.id } });
    const removed = await verifyPlans({ db, caseId: team.caseId });
    expect(removed.cases[0]!.versions.map((v) => v.problems)).toEqual([[`attachment.fileMissing:${odt.id}`]]);
    await db.planFile.create({ data: odt });
    expect((await verifyPlans({ db, caseId: team.caseId })).isIntact).toBe(true);
  });
});
