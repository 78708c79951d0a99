// What every PDF of the app shares (pdfkit): A4, real selectable text in Noto Sans (embedded, so
// Estonian õ ä ö ü š ž and Cyrillic print correctly whatever the reader has installed), the
// document language for screen readers, a few layout helpers (headings, labelled values, keeping
// a block together) and a footer with "page X / Y" on every page. Used by the meeting record's
// and the case plan's PDF.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import type { Locale } from "~/i18n/locales";

const require = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer } | null = null;
function loadFonts() {
  fonts ??= {
    regular: readFileSync(require.resolve("@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf")),
    bold: readFileSync(require.resolve("@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf")),
  };
  return fonts;
}

export const PDF_MARGIN = 56;
const FOOTER_HEIGHT = 28;
export const PDF_COLOR = { text: "#1b1f24", muted: "#4a5560", warn: "#b3261e" } as const;

const PDF_LANG: Record<Locale, string> = { et: "et-EE", en: "en-GB", ru: "ru-RU" };

export type PdfWriter = {
  doc: PDFKit.PDFDocument;
  /** The text width between the margins. */
  width: number;
  /** Regular text at `size`, in the text colour; returns the document for chaining. */
  body(size?: number): PDFKit.PDFDocument;
  /** Starts a new page unless `points` still fit on this one. */
  keepRoom(points: number): void;
  /** A section heading, kept on one page with at least `keepWith` points of what follows (default 60). */
  heading(text: string, keepWith?: number): void;
  /** A paragraph; an empty text prints the writer's `emptyText`. */
  paragraph(text: string, options?: { indent?: number }): void;
  /** A bold label with its value under it. */
  labelled(label: string, value: string): void;
  /** A small muted line (hashes, notes). */
  note(text: string, options?: { indent?: number; size?: number }): void;
  /** A red framed box (a draft mark). */
  warningBox(text: string): void;
  /** Writes the footer on every page and finishes the document. */
  finish(footer: { left: string; pageOf(page: number, count: number): string; isWarning?: boolean }): Promise<Buffer>;
};

export function createPdfWriter({
  locale,
  title,
  subject,
  creator,
  emptyText,
}: {
  locale: Locale;
  title: string;
  subject?: string;
  creator: string;
  emptyText: string;
}): PdfWriter {
  const { regular, bold } = loadFonts();
  const doc = new PDFDocument({
    size: "A4",
    bufferPages: true,
    margins: { top: PDF_MARGIN, left: PDF_MARGIN, right: PDF_MARGIN, bottom: PDF_MARGIN + FOOTER_HEIGHT },
    info: { Title: title, Subject: subject, Creator: creator },
    lang: PDF_LANG[locale],
    displayTitle: true,
  });
  doc.registerFont("Body", regular);
  doc.registerFont("Bold", bold);
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const width = doc.page.width - PDF_MARGIN * 2;
  const body = (size = 10.5) => doc.font("Body").fontSize(size).fillColor(PDF_COLOR.text);
  const keepRoom = (points: number) => {
    if (doc.y + points > doc.page.height - doc.page.margins.bottom) doc.addPage();
  };
  const paragraph = (text: string, options: { indent?: number } = {}) => {
    body().text(text || emptyText, PDF_MARGIN + (options.indent ?? 0), doc.y, {
      width: width - (options.indent ?? 0),
    });
  };

  return {
    doc,
    width,
    body,
    keepRoom,
    paragraph,
    heading(text, keepWith = 60) {
      keepRoom(keepWith);
      doc.moveDown(0.8);
      doc.font("Bold").fontSize(13).fillColor(PDF_COLOR.text).text(text, PDF_MARGIN, doc.y, { width });
      doc.moveDown(0.3);
    },
    labelled(label, value) {
      keepRoom(30);
      doc.font("Bold").fontSize(10.5).fillColor(PDF_COLOR.text).text(label, PDF_MARGIN, doc.y, { width });
      paragraph(value);
      doc.moveDown(0.4);
    },
    note(text, options = {}) {
      const indent = options.indent ?? 0;
      doc
        .font("Body")
        .fontSize(options.size ?? 8.5)
        .fillColor(PDF_COLOR.muted)
        .text(text, PDF_MARGIN + indent, doc.y, { width: width - indent });
    },
    warningBox(text) {
      const top = doc.y;
      doc.font("Bold").fontSize(14);
      const boxHeight = doc.heightOfString(text, { width: width - 16 }) + 12;
      doc.save().lineWidth(2).strokeColor(PDF_COLOR.warn).rect(PDF_MARGIN, top, width, boxHeight).stroke().restore();
      doc.fillColor(PDF_COLOR.warn).text(text, PDF_MARGIN + 8, top + 6, { width: width - 16, align: "center" });
      doc.y = top + boxHeight + 4;
      doc.x = PDF_MARGIN;
    },
    async finish(footer) {
      const range = doc.bufferedPageRange();
      const isWarning = footer.isWarning ?? false;
      for (let i = 0; i < range.count; i++) {
        doc.switchToPage(range.start + i);
        const bottom = doc.page.margins.bottom;
        // Writing inside the bottom margin must not start a new page.
        doc.page.margins.bottom = 0;
        const y = doc.page.height - PDF_MARGIN - 10;
        doc
          .font(isWarning ? "Bold" : "Body")
          .fontSize(8)
          .fillColor(isWarning ? PDF_COLOR.warn : PDF_COLOR.muted)
          .text(footer.left, PDF_MARGIN, y, { width: width - 90, lineBreak: false, ellipsis: true });
        doc
          .font("Body")
          .fontSize(8)
          .fillColor(PDF_COLOR.muted)
          .text(footer.pageOf(i + 1, range.count), PDF_MARGIN + width - 90, y, {
            width: 90,
            align: "right",
            lineBreak: false,
          });
        doc.page.margins.bottom = bottom;
      }
      doc.flushPages();
      doc.end();
      return finished;
    },
  };
}

/** A part of a file name that is safe everywhere: letters without accents, digits, . _ - */
export function safeFileNamePart(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "");
}
