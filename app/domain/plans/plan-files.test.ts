import { describe, expect, it } from "vitest";
import {
  PLAN_FILE_ACCEPT,
  PLAN_FILE_MAX_BYTES,
  checkPlanFile,
  checkPlanFileSize,
  cleanPlanFileName,
  formatFileSize,
  planFileTypeOfName,
} from "./plan-files";

const text = (s: string) => new TextEncoder().encode(s);
const PDF = text("%PDF-1.7\n%%EOF\n");

describe("plan files", () => {
  it("takes the type from the name's extension, and from the declared type only when there is none", () => {
    expect(planFileTypeOfName("Kava.PDF")).toBe("application/pdf");
    expect(planFileTypeOfName("pilt.jpeg")).toBe("image/jpeg");
    expect(planFileTypeOfName("arhiiv.zip")).toBeNull();
    expect(checkPlanFile({ fileName: "kava", mediaType: "application/pdf; q=1", bytes: PDF })).toEqual({
      ok: true,
      fileName: "kava",
      mediaType: "application/pdf",
    });
    // A name saying .exe is not made acceptable by a declared PDF type.
    expect(checkPlanFile({ fileName: "kava.exe", mediaType: "application/pdf", bytes: PDF })).toEqual({
      ok: false,
      messageKey: "plans.files.typeNotAllowed",
    });
  });

  it("looks at the content: a PDF only mentioned further in, or text with control characters, is refused", () => {
    const late = new Uint8Array(2048);
    late.set(PDF, 1500);
    expect(checkPlanFile({ fileName: "a.pdf", mediaType: "", bytes: late })).toMatchObject({ ok: false });
    expect(checkPlanFile({ fileName: "a.txt", mediaType: "", bytes: text("rida\u0000") })).toMatchObject({
      ok: false,
      messageKey: "plans.files.contentMismatch",
    });
    expect(checkPlanFile({ fileName: "a.txt", mediaType: "", bytes: new Uint8Array([0xc3, 0x28]) })).toMatchObject({
      ok: false,
    });
    expect(checkPlanFile({ fileName: "a.txt", mediaType: "", bytes: text("Õun\tja\r\npirn") })).toMatchObject({
      ok: true,
      mediaType: "text/plain",
    });
  });

  it("limits the size and cleans the name", () => {
    expect(checkPlanFileSize(PLAN_FILE_MAX_BYTES)).toBeNull();
    expect(checkPlanFileSize(PLAN_FILE_MAX_BYTES + 1)).toBe("plans.files.tooLarge");
    expect(checkPlanFileSize(0)).toBe("plans.files.required");
    expect(cleanPlanFileName('/tmp/x/../Hooldus\u0007plaan: "2026".odt')).toBe("Hooldusplaan 2026.odt");
    const long = cleanPlanFileName(`${"ä".repeat(400)}.docx`);
    expect(long).toHaveLength(300);
    expect(long.endsWith(".docx")).toBe(true);
  });

  it("offers the allowed extensions to the file input and says sizes in words", () => {
    expect(PLAN_FILE_ACCEPT.split(",")).toEqual(expect.arrayContaining([".pdf", ".odt", ".docx", ".txt", "image/png"]));
    expect(formatFileSize(512, "et")).toBe("512 B");
    expect(formatFileSize(1536, "et")).toBe("1,5 kB");
    expect(formatFileSize(2.5 * 1024 * 1024, "en")).toBe("2.5 MB");
  });
});
