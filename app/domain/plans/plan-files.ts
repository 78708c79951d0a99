// Plans of other providers attached to a case plan as files (issue 6, 004 §3.4): which files are
// allowed, how big, and whether a file is what its name says. Browser-safe (zod only): the attach
// form checks the size before uploading, and the server checks everything again
// (attach-plan-file.ts).
//
// The type is taken from the file name's extension (what the person will open it as), never from
// the media type the browser declares, and the content must match it: PDF, PNG and JPEG by their
// magic bytes, ODT and DOCX as the ZIP packages they are, plain text as UTF-8 without control
// characters. A file whose content says otherwise is refused.
import { z } from "zod";
import { PLAN_SHORT_TEXT_MAX } from "./plan-schemas";

export const PLAN_FILE_MAX_MB = 10;
/** The largest file that can be attached (a scanned rehabilitation plan fits; a video does not). */
export const PLAN_FILE_MAX_BYTES = PLAN_FILE_MAX_MB * 1024 * 1024;
/** Uploads into one draft: enough for every plan of every provider, and a bound on what one editor can store. */
export const PLAN_FILES_PER_VERSION_MAX = 40;

export const PLAN_FILE_TYPES = {
  "application/pdf": { extensions: [".pdf"] },
  "image/png": { extensions: [".png"] },
  "image/jpeg": { extensions: [".jpg", ".jpeg"] },
  "application/vnd.oasis.opendocument.text": { extensions: [".odt"] },
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": { extensions: [".docx"] },
  "text/plain": { extensions: [".txt"] },
} as const;
export type PlanFileType = keyof typeof PLAN_FILE_TYPES;
const TYPE_NAMES = Object.keys(PLAN_FILE_TYPES) as PlanFileType[];

/** The file input's `accept`: extensions and media types. */
export const PLAN_FILE_ACCEPT = [...TYPE_NAMES.flatMap((type) => PLAN_FILE_TYPES[type].extensions), ...TYPE_NAMES].join(
  ",",
);

/** The type a file name's extension stands for, or null when it is not one we take. */
export function planFileTypeOfName(fileName: string): PlanFileType | null {
  const dot = fileName.lastIndexOf(".");
  if (dot < 0) return null;
  const extension = fileName.slice(dot).toLowerCase();
  return TYPE_NAMES.find((type) => (PLAN_FILE_TYPES[type].extensions as readonly string[]).includes(extension)) ?? null;
}

/** A declared media type ("image/jpeg; charset=…", "image/jpg") as one of ours, or null. */
function planFileTypeOfMediaType(mediaType: string): PlanFileType | null {
  const bare = (mediaType.split(";")[0] ?? "").trim().toLowerCase();
  const alias = bare === "image/jpg" || bare === "image/pjpeg" ? "image/jpeg" : bare;
  return TYPE_NAMES.find((type) => type === alias) ?? null;
}

/**
 * The name kept for a file: the last part of a path (older browsers send the whole path), without
 * control characters or characters that break a download header, trimmed, at most 300 characters
 * with the extension kept. Empty when nothing is left.
 */
export function cleanPlanFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f"<>|*?:]/g, "").trim();
  if (cleaned.length <= PLAN_SHORT_TEXT_MAX) return cleaned;
  const dot = cleaned.lastIndexOf(".");
  const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : "";
  return cleaned.slice(0, PLAN_SHORT_TEXT_MAX - extension.length) + extension;
}

// ---- Content ------------------------------------------------------------------------------------

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));

function includesBytes(bytes: Uint8Array, needle: readonly number[], from = 0, to = bytes.length): boolean {
  const first = needle[0];
  const end = Math.min(to, bytes.length) - needle.length;
  for (let i = bytes.indexOf(first ?? 0, from); i >= 0 && i <= end; i = bytes.indexOf(first ?? 0, i + 1)) {
    if (startsWith(bytes, needle, i)) return true;
  }
  return false;
}

const PDF = ascii("%PDF-");
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** ODF: the first entry of the package is `mimetype`, stored uncompressed, naming the document type. */
const ODT_MIMETYPE = ascii("mimetypeapplication/vnd.oasis.opendocument.text");
const DOCX_CONTENT_TYPES = ascii("[Content_Types].xml");
const DOCX_WORD = ascii("word/");

/** Plain text: UTF-8 (a BOM allowed), no NUL or other control characters but tab, line breaks and form feed. */
function isPlainText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}

/** Whether the bytes are a file of the given type (not what anyone says it is: what it is). */
export function isContentOfType(bytes: Uint8Array, type: PlanFileType): boolean {
  switch (type) {
    case "application/pdf":
      // Readers accept a little junk before the header; a file that only mentions "%PDF-" further in is not one.
      return includesBytes(bytes, PDF, 0, 1024);
    case "image/png":
      return startsWith(bytes, PNG);
    case "image/jpeg":
      return startsWith(bytes, JPEG);
    case "application/vnd.oasis.opendocument.text":
      return startsWith(bytes, ZIP) && includesBytes(bytes, ODT_MIMETYPE, 26, 128);
    case "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
      return startsWith(bytes, ZIP) && includesBytes(bytes, DOCX_CONTENT_TYPES) && includesBytes(bytes, DOCX_WORD);
    case "text/plain":
      return !startsWith(bytes, PDF) && !startsWith(bytes, ZIP) && isPlainText(bytes);
  }
}

export type PlanFileCheck =
  { ok: true; fileName: string; mediaType: PlanFileType } | { ok: false; messageKey: PlanFileRefusal };

export const PLAN_FILE_REFUSALS = [
  "plans.files.required",
  "plans.files.tooLarge",
  "plans.files.typeNotAllowed",
  "plans.files.contentMismatch",
] as const;
export type PlanFileRefusal = (typeof PLAN_FILE_REFUSALS)[number];

/** The size alone (the form checks it before uploading). */
export function checkPlanFileSize(sizeBytes: number): PlanFileRefusal | null {
  if (sizeBytes <= 0) return "plans.files.required";
  if (sizeBytes > PLAN_FILE_MAX_BYTES) return "plans.files.tooLarge";
  return null;
}

/**
 * Whether a file can be attached, and as what: its name cleaned, its type from the name's
 * extension (or, for a name without one, from the declared media type), its content matching it.
 */
export function checkPlanFile(file: { fileName: string; mediaType: string; bytes: Uint8Array }): PlanFileCheck {
  const sizeRefusal = checkPlanFileSize(file.bytes.length);
  if (sizeRefusal) return { ok: false, messageKey: sizeRefusal };
  const fileName = cleanPlanFileName(file.fileName);
  if (!fileName) return { ok: false, messageKey: "plans.files.required" };
  const hasExtension = /\.[^.]+$/.test(fileName);
  const type = hasExtension ? planFileTypeOfName(fileName) : planFileTypeOfMediaType(file.mediaType);
  if (!type) return { ok: false, messageKey: "plans.files.typeNotAllowed" };
  if (!isContentOfType(file.bytes, type)) return { ok: false, messageKey: "plans.files.contentMismatch" };
  return { ok: true, fileName, mediaType: type };
}

/** "2.4 MB", "812 kB", "96 B" (decimal separator of the locale). */
export function formatFileSize(sizeBytes: number, locale: string): string {
  const number = (value: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);
  if (sizeBytes < 1024) return `${sizeBytes} B`;
  if (sizeBytes < 1024 * 1024) return `${number(sizeBytes / 1024)} kB`;
  return `${number(sizeBytes / (1024 * 1024))} MB`;
}

// ---- Service inputs -----------------------------------------------------------------------------

const IdSchema = z.string().regex(/^[a-z0-9]{8,40}$/, "plans.notFound");

export const AttachPlanFileSchema = z.object({
  /** The case in the page's address: the version must be one of its versions. */
  caseId: IdSchema,
  versionId: IdSchema,
  fileName: z.string().max(2000, "plans.textTooLong"),
  mediaType: z.string().max(200).default(""),
  bytes: z.instanceof(Uint8Array, { error: "plans.files.required" }),
  /** What kind of plan it is ("Rehabilitatsiooniplaan, Sotsiaalkindlustusamet"). */
  description: z
    .string()
    .trim()
    .min(1, "plans.files.descriptionRequired")
    .max(PLAN_SHORT_TEXT_MAX, "plans.textTooLong"),
});
export type AttachPlanFileInput = z.input<typeof AttachPlanFileSchema>;

export const GetPlanFileSchema = z.object({
  caseId: IdSchema,
  fileId: IdSchema,
  /** The version whose page links the file: its signatory reads what they sign. */
  versionId: IdSchema.optional(),
});
export type GetPlanFileInput = z.input<typeof GetPlanFileSchema>;
