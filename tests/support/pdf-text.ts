// The selectable text of a PDF (pdf.js, as a reader's "copy text" sees it), page by page: the
// PDFs must carry real text in an embedded font, so Estonian letters come back as letters.
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

export async function pdfText(buffer: Buffer | Uint8Array): Promise<{ pages: string[]; all: string }> {
  const pdf = await getDocument({ data: new Uint8Array(buffer), isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ("str" in item ? item.str : "")).join(" "));
  }
  await pdf.destroy();
  return { pages, all: pages.join("\n") };
}
