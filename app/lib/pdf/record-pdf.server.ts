// The meeting record as a PDF (the shared writer of ./pdf-document.server.ts: A4, embedded Noto
// Sans, selectable text): every section of the record in the order of 004 §2.3, the status on the
// first page and on every page's footer, "page X / Y" on every page, headings in the reader's
// language.
import type { RecordView } from "~/domain/records/get-record";
import { CLOSING_QUESTIONS } from "~/domain/records/record-schemas";
import { tallinnDay } from "~/domain/time/tallinn-time";
import { formatDate, formatDateTime, isMessageKey, translate, type MessageKey, type MessageParams } from "~/i18n";
import type { Locale } from "~/i18n/locales";
import { createPdfWriter, PDF_COLOR, PDF_MARGIN as MARGIN, safeFileNamePart } from "./pdf-document.server";

export type RecordPdfInput = {
  meeting: RecordView["meeting"];
  record: NonNullable<RecordView["record"]>;
};

const COLOR_TEXT = PDF_COLOR.text;
const COLOR_MUTED = PDF_COLOR.muted;

/** A file name that is safe everywhere: protokoll-TV-2026-014-2026-12-01.pdf. */
export function recordPdfFilename(meeting: { caseNumber: string | null; startsAt: Date | string }): string {
  const day = tallinnDay(new Date(meeting.startsAt));
  const safeNumber = safeFileNamePart(meeting.caseNumber ?? "");
  return `protokoll-${safeNumber ? `${safeNumber}-` : ""}${day}.pdf`;
}

export async function renderRecordPdf(
  { meeting, record }: RecordPdfInput,
  { locale, now = new Date() }: { locale: Locale; now?: Date },
): Promise<Buffer> {
  const t = (key: MessageKey, params?: MessageParams) => translate(locale, key, params);
  const content = record.content;
  const isApproved = record.status === "APPROVED";
  const writer = createPdfWriter({
    locale,
    title: `${t("records.pdf.title")}${content.caseNumber ? ` ${content.caseNumber}` : ""}`,
    subject: content.purpose,
    creator: translate(locale, "app.name"),
    emptyText: t("records.none"),
  });
  const { doc, width, body, keepRoom, heading, paragraph, labelled } = writer;
  const date = (value: string | Date) => formatDate(locale, value);
  const dateTime = (value: string | Date) => formatDateTime(locale, value);
  const dayOf = (d: string) => date(`${d}T12:00:00Z`);
  const label = (key: string) => (isMessageKey(key) ? t(key) : key);

  // ---- Title and status -------------------------------------------------------------------------
  doc.font("Bold").fontSize(18).fillColor(COLOR_TEXT).text(t("records.pdf.title"), { width });
  doc.font("Body").fontSize(12).fillColor(COLOR_MUTED).text(content.purpose, { width });
  if (content.caseNumber) {
    doc.text(t("records.caseLine", { number: content.caseNumber }), { width });
  } else if (meeting.networkName) {
    doc.text(meeting.networkName, { width });
  }
  doc.moveDown(0.6);
  if (isApproved) {
    doc
      .font("Bold")
      .fontSize(11)
      .fillColor(COLOR_TEXT)
      .text(
        t("records.pdf.approvedLine", {
          name: record.approvedBy?.name ?? "—",
          date: record.approvedAt ? dateTime(record.approvedAt) : "—",
        }),
        { width },
      );
    doc
      .font("Body")
      .fontSize(8.5)
      .fillColor(COLOR_MUTED)
      .text(t("records.pdf.hashLine", { hash: record.contentHash ?? "—" }), { width });
  } else {
    const mark = record.status === "IN_COMMENT" ? t("records.pdf.inCommentMark") : t("records.pdf.draftMark");
    writer.warningBox(mark);
  }

  // ---- 1. General information -------------------------------------------------------------------
  heading(t("records.section.basics"));
  if (content.caseNumber !== null) labelled(t("records.field.caseNumber"), content.caseNumber);
  if (content.clientName !== null) labelled(t("records.field.clientName"), content.clientName);
  labelled(t("records.field.purpose"), content.purpose);
  const person = (p: { name: string; position: string } | null) =>
    p ? [p.name, p.position].filter(Boolean).join(", ") : "";
  labelled(t("records.field.preparer"), person(content.preparer));
  labelled(t("records.field.moderator"), person(content.moderator) || t("records.field.moderatorNone"));
  labelled(
    t("records.field.startsAt"),
    t("records.time.line", { date: dateTime(content.time.startsAt), minutes: content.time.durationMinutes }),
  );
  labelled(
    t("records.field.place"),
    [content.place.location, content.place.isOnline ? t("records.place.online") : ""].filter(Boolean).join(", "),
  );

  // ---- 2. Participants ----------------------------------------------------------------------------
  heading(t("records.section.participants"));
  if (content.participants.length === 0) paragraph("");
  for (const p of content.participants) {
    keepRoom(20);
    const roles = [
      p.caseRole ? label(`caseRole.${p.caseRole}`) : null,
      label(`meetingRole.${p.meetingRole}`),
      label(`records.attendance.${p.attendance}`),
    ].filter(Boolean);
    body().text(`• ${[p.name, p.position].filter(Boolean).join(", ")} – ${roles.join(", ")}`, MARGIN, doc.y, {
      width,
    });
  }

  // ---- 3. Goals -------------------------------------------------------------------------------------
  heading(t("records.section.goals"));
  if (content.goals.length === 0) paragraph("");
  content.goals.forEach((g, i) => {
    keepRoom(36);
    doc
      .font("Bold")
      .fontSize(10.5)
      .fillColor(COLOR_TEXT)
      .text(`${i + 1}. ${g.text}`, MARGIN, doc.y, { width });
    paragraph(
      `${g.agreedByClient ? t("records.goal.agreed") : t("records.goal.notAgreed")} ${t("records.goal.reached")} ${label(
        `records.reached.${g.reached}`,
      )}`,
      { indent: 14 },
    );
    doc.moveDown(0.3);
  });

  // ---- 4. The client --------------------------------------------------------------------------------
  heading(t("records.section.client"));
  labelled(
    t("records.field.clientParticipationMode"),
    content.clientParticipationMode
      ? label(`records.clientMode.${content.clientParticipationMode}`)
      : t("records.clientMode.none"),
  );
  labelled(t("records.field.clientParticipation"), content.clientParticipation);
  labelled(t("records.field.clientResources"), content.clientResources);
  labelled(t("records.field.problemsAgreed"), content.problemsAgreed);
  labelled(t("records.field.servicesReceived"), content.servicesReceived);

  // ---- 5. Planned steps -----------------------------------------------------------------------------
  heading(t("records.section.plannedSteps"));
  if (content.plannedSteps.length === 0) paragraph("");
  content.plannedSteps.forEach((s, i) => {
    keepRoom(50);
    doc
      .font("Bold")
      .fontSize(10.5)
      .fillColor(COLOR_TEXT)
      .text(`${i + 1}. ${s.text}`, MARGIN, doc.y, { width });
    paragraph(
      t("records.step.line", {
        name: s.responsible ? person(s.responsible) : t("records.step.noResponsible"),
        date: s.deadline ? dayOf(s.deadline) : t("records.step.noDeadline"),
      }),
      { indent: 14 },
    );
    if (s.nextStep) paragraph(t("records.step.next", { text: s.nextStep }), { indent: 14 });
    doc.moveDown(0.3);
  });

  // ---- 6. Dissenting opinions -------------------------------------------------------------------
  heading(t("records.section.dissent"));
  if (content.dissentingOpinions.length === 0) paragraph("");
  for (const d of content.dissentingOpinions) {
    keepRoom(50);
    doc
      .font("Bold")
      .fontSize(10.5)
      .fillColor(COLOR_TEXT)
      .text(t("records.dissent.by", { name: d.authorName }), MARGIN, doc.y, {
        width,
      });
    if (d.about) paragraph(t("records.dissent.aboutLine", { about: d.about }), { indent: 14 });
    paragraph(d.text, { indent: 14 });
    if (d.recordedBy) {
      doc
        .font("Body")
        .fontSize(9)
        .fillColor(COLOR_MUTED)
        .text(t("records.dissent.recordedByLine", { name: d.recordedBy }), MARGIN + 14, doc.y, {
          width: width - 14,
        });
    }
    doc.moveDown(0.3);
  }

  // ---- 7. Next meeting, topics raised, minutes per agenda item, closing summary ---------------
  heading(t("records.section.nextMeeting"));
  labelled(
    t("records.field.nextStartsAt"),
    content.nextMeeting.startsAt ? dateTime(content.nextMeeting.startsAt) : t("records.nextMeeting.notSet"),
  );
  labelled(t("records.field.nextTopics"), content.nextMeeting.topics);

  heading(t("records.section.topics"));
  paragraph(content.topicsRaised);

  if (content.itemMinutes && content.itemMinutes.length > 0) {
    heading(t("records.section.itemMinutes"));
    for (const m of content.itemMinutes) labelled(m.title, m.text);
  }

  heading(t("records.section.closing"));
  for (const q of CLOSING_QUESTIONS) labelled(t(`records.closing.${q}`), content.closingSummary[q]);

  // ---- Addenda: after the sealed record, each marked as an addendum with its date ---------------
  if (record.addenda.length > 0) {
    heading(t("records.addenda.title"));
    record.addenda.forEach((a, i) => {
      keepRoom(60);
      doc
        .font("Bold")
        .fontSize(10.5)
        .fillColor(COLOR_TEXT)
        .text(
          t("records.pdf.addendumTitle", { n: i + 1, date: dateTime(a.createdAt), name: a.author?.name ?? "—" }),
          MARGIN,
          doc.y,
          { width },
        );
      paragraph(a.text, { indent: 14 });
      doc
        .font("Body")
        .fontSize(8)
        .fillColor(COLOR_MUTED)
        .text(t("records.pdf.addendumHash", { hash: a.contentHash }), MARGIN + 14, doc.y, { width: width - 14 });
      doc.moveDown(0.4);
    });
  }

  // ---- Footer on every page: what this is, its status, page X / Y --------------------------------
  const footerLeft = [
    content.caseNumber ? `${t("records.pdf.title")} ${content.caseNumber}` : t("records.pdf.title"),
    isApproved ? t("records.status.APPROVED") : t("records.pdf.draftMark"),
    t("records.pdf.generated", { date: dateTime(now) }),
  ].join(" · ");
  return writer.finish({
    left: footerLeft,
    pageOf: (page, count) => t("records.pdf.pageOf", { page, count }),
    isWarning: !isApproved,
  });
}
