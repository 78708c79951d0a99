// A case plan version as a PDF (the shared writer of ./pdf-document.server.ts: A4, embedded Noto
// Sans, selectable text, page X / Y): the content in the order of 004 §3.4.1, the seal (content
// hash and the previous version's hash it is chained to), every signatory with capacity, time and
// signature hash (a refusal with its reason: the signatory's dissent), and the version history
// with hashes. A version not in force says so on the first page and in every footer.
import type { PlanVersionDetail } from "~/domain/plans/get-plan-version";
import { formatFileSize } from "~/domain/plans/plan-files";
import { PLAN_SECTIONS, type PlanActivity, type PlanContent } from "~/domain/plans/plan-schemas";
import type { PlanVersionSummary } from "~/domain/plans/plan-views";
import { formatDate, formatDateTime, translate, type MessageKey, type MessageParams } from "~/i18n";
import type { Locale } from "~/i18n/locales";
import { createPdfWriter, PDF_COLOR, PDF_MARGIN, safeFileNamePart } from "./pdf-document.server";

export type PlanPdfInput = {
  version: PlanVersionDetail & { content: PlanContent };
  history: PlanVersionSummary[];
};

/** juhtumiplaan-TV-2026-014-v2.pdf */
export function planPdfFilename(version: { caseNumber: string; number: number }): string {
  const safeNumber = safeFileNamePart(version.caseNumber);
  return `juhtumiplaan-${safeNumber ? `${safeNumber}-` : ""}v${version.number}.pdf`;
}

export async function renderPlanPdf(
  { version, history }: PlanPdfInput,
  { locale, now = new Date() }: { locale: Locale; now?: Date },
): Promise<Buffer> {
  const t = (key: MessageKey, params?: MessageParams) => translate(locale, key, params);
  const content = version.content;
  const isInForce = version.status === "IN_FORCE";
  const writer = createPdfWriter({
    locale,
    title: t("plans.pdf.docTitle", { caseNumber: version.caseNumber, number: version.number }),
    subject: content.clientName ?? undefined,
    creator: translate(locale, "app.name"),
    emptyText: t("plans.empty"),
  });
  const { doc, width, body, keepRoom, heading, paragraph, labelled, note } = writer;
  const day = (d: string) => formatDate(locale, `${d}T12:00:00Z`);
  const dateTime = (d: string | Date) => formatDateTime(locale, d);
  const person = (p: { name: string; position: string } | null) =>
    p ? [p.name, p.position].filter(Boolean).join(", ") : t("plans.noResponsible");
  const bold = (text: string, indent = 0) =>
    doc
      .font("Bold")
      .fontSize(10.5)
      .fillColor(PDF_COLOR.text)
      .text(text, PDF_MARGIN + indent, doc.y, { width: width - indent });

  // ---- Title, status and seal ---------------------------------------------------------------------
  doc.font("Bold").fontSize(18).fillColor(PDF_COLOR.text).text(t("plans.pdf.title"), { width });
  doc
    .font("Body")
    .fontSize(12)
    .fillColor(PDF_COLOR.muted)
    .text(t("plans.pdf.subtitle", { caseNumber: version.caseNumber, number: version.number }), { width });
  if (content.clientName) doc.text(t("plans.pdf.client", { name: content.clientName }), { width });
  doc.moveDown(0.6);
  if (isInForce || version.status === "SUPERSEDED") {
    bold(
      isInForce
        ? t("plans.pdf.inForceLine", { date: version.inForceAt ? dateTime(version.inForceAt) : "—" })
        : t("plans.pdf.supersededLine", { date: version.supersededAt ? dateTime(version.supersededAt) : "—" }),
    );
  } else {
    writer.warningBox(t(`plans.pdf.mark.${version.status}`));
  }
  note(t("plans.pdf.hashLine", { hash: version.contentHash ?? "—" }));
  note(t("plans.pdf.previousHashLine", { hash: version.previousHash ?? t("plans.version.firstInChain") }));

  // ---- Content (004 §3.4.1) -----------------------------------------------------------------------
  heading(t("plans.field.problem"));
  paragraph(content.problem);
  heading(t("plans.field.goals"));
  paragraph(content.goals);

  const activity = (a: PlanActivity, n: number) => {
    keepRoom(70);
    bold(`${n}. ${a.description || t("plans.empty")}`);
    const schedule = [
      a.start ? t("plans.schedule.from", { date: day(a.start) }) : null,
      a.deadline ? t("plans.schedule.until", { date: day(a.deadline) }) : null,
      a.recurrence.trim() || null,
    ].filter(Boolean);
    const lines = [
      `${t("plans.field.responsible")}: ${person(a.responsible)}`,
      `${t("plans.field.schedule")}: ${schedule.length ? schedule.join(", ") : t("plans.noSchedule")}`,
      `${t("plans.field.resources")}: ${a.resources || t("plans.empty")}`,
    ];
    if (a.section === "HELP_MEASURE") lines.push(`${t("plans.field.provider")}: ${a.provider || t("plans.empty")}`);
    if (a.source) lines.push(t("plans.pdf.fromDecision", { text: a.source.decisionText }));
    for (const line of lines) paragraph(line, { indent: 14 });
    doc.moveDown(0.3);
  };
  for (const section of PLAN_SECTIONS) {
    heading(t(`plans.section.${section}`), 130);
    const activities = content.activities.filter((a) => a.section === section);
    if (activities.length === 0) paragraph(t("plans.editor.noActivities"));
    activities.forEach((a, i) => activity(a, i + 1));
  }

  heading(t("plans.evaluations.title"), 110);
  if (content.evaluations.length === 0) paragraph(t("plans.evaluations.none"));
  content.evaluations.forEach((e, i) => {
    keepRoom(50);
    bold(`${i + 1}. ${e.dueDate ? day(e.dueDate) : t("plans.noSchedule")}`);
    paragraph(`${t("plans.field.method")}: ${e.method || t("plans.empty")}`, { indent: 14 });
    paragraph(`${t("plans.field.responsible")}: ${person(e.responsible)}`, { indent: 14 });
    doc.moveDown(0.3);
  });

  if (content.attachments.length > 0) {
    heading(t("plans.attachments.title"));
    for (const a of content.attachments) {
      keepRoom(50);
      paragraph(`${a.description ? `${a.description}: ` : ""}${a.fileName}`);
      note(t("plans.pdf.attachmentSize", { size: formatFileSize(a.sizeBytes, locale) }), { indent: 14 });
      note(t("plans.pdf.attachmentHash", { hash: a.sha256 }), { indent: 14 });
    }
  }

  // ---- Signatures ---------------------------------------------------------------------------------
  heading(t("plans.signatories.title"), 130);
  if (version.signatories.length === 0) paragraph(t("plans.pdf.noSignatories"));
  for (const s of version.signatories) {
    keepRoom(60);
    bold(`${s.name} – ${t(`plans.capacity.${s.capacity}`)}`);
    if (s.position) paragraph(s.position, { indent: 14 });
    if (s.signature?.decision === "SIGNED") {
      paragraph(
        t("plans.pdf.signedLine", {
          date: dateTime(s.signature.signedAt),
          method: t(`plans.pdf.method.${s.signature.method}`),
        }),
        { indent: 14 },
      );
    } else if (s.signature?.decision === "REFUSED") {
      paragraph(t("plans.pdf.refusedLine", { date: dateTime(s.signature.signedAt) }), { indent: 14 });
      paragraph(t("plans.pdf.dissent", { reason: s.signature.reason ?? "" }), { indent: 14 });
    } else {
      paragraph(version.status === "WITHDRAWN" ? t("plans.signatories.notAnswered") : t("plans.signatories.waiting"), {
        indent: 14,
      });
    }
    if (s.signature) {
      note(t("plans.pdf.signedHash", { hash: s.signature.contentHash }), { indent: 14 });
      note(t("plans.pdf.signatureHash", { hash: s.signature.signatureHash }), { indent: 14 });
    }
    doc.moveDown(0.4);
  }

  // ---- Version history ----------------------------------------------------------------------------
  heading(t("plans.versions.title"), 100);
  for (const v of [...history].sort((a, b) => a.number - b.number)) {
    keepRoom(36);
    const when = v.inForceAt ?? v.sentAt ?? v.createdAt;
    body()
      .font(v.id === version.id ? "Bold" : "Body")
      .text(
        `${t("plans.versions.label", { number: v.number })} – ${t(`plans.status.${v.status}`)} – ${dateTime(when)}`,
        PDF_MARGIN,
        doc.y,
        { width },
      );
    note(t("plans.pdf.hashLine", { hash: v.contentHash ?? "—" }), { indent: 14 });
  }
  labelled(t("plans.pdf.verifyTitle"), t("plans.pdf.verifyText"));

  const footerLeft = [
    t("plans.pdf.docTitle", { caseNumber: version.caseNumber, number: version.number }),
    t(`plans.status.${version.status}`),
    t("plans.pdf.generated", { date: dateTime(now) }),
  ].join(" · ");
  return writer.finish({
    left: footerLeft,
    pageOf: (page, count) => t("plans.pdf.pageOf", { page, count }),
    isWarning: !isInForce && version.status !== "SUPERSEDED",
  });
}
