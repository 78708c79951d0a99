// Names of the collaborative (Yjs) documents. A name is the room a y-websocket client joins and
// the primary key of CollabDocument, so it is built and read only here: never by string
// splitting elsewhere. The server refuses any name this module does not accept.
import { z } from "zod";
import { DomainError } from "../errors.ts";

/** The ids in document names are our cuid-style primary keys. */
export const DocIdSchema = z.string().regex(/^[a-z0-9]{8,40}$/, "expected a lowercase alphanumeric id");

/**
 * A meeting has one live document, its room: minutes per agenda item, structured decisions,
 * dissenting opinions and the closing summary (app/domain/room/room-doc.ts). One document
 * keeps one websocket per participant and one consistent history; see decision record 009.
 */
export const MEETING_DOC_KINDS = ["room"] as const;
export type MeetingDocKind = (typeof MEETING_DOC_KINDS)[number];

export const DocRefSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.enum(MEETING_DOC_KINDS), meetingId: DocIdSchema }).strict(),
  z.object({ kind: z.literal("plan"), planId: DocIdSchema }).strict(),
]);
export type DocRef = z.infer<typeof DocRefSchema>;

// Anchored and bounded, so matching an attacker's path costs nothing.
const MEETING_DOC_NAME = /^meeting\.([a-z0-9]{8,40})\.(room)$/;
const PLAN_DOC_NAME = /^plan\.([a-z0-9]{8,40})$/;
const MAX_DOC_NAME_LENGTH = 80;

function docRefFromName(name: string): DocRef | null {
  if (name.length > MAX_DOC_NAME_LENGTH) return null;
  const meeting = MEETING_DOC_NAME.exec(name);
  if (meeting) return { kind: meeting[2] as MeetingDocKind, meetingId: meeting[1] as string };
  const plan = PLAN_DOC_NAME.exec(name);
  if (plan) return { kind: "plan", planId: plan[1] as string };
  return null;
}

/** A document name at a boundary (route param, websocket path): parses to its DocRef. */
export const DocNameSchema = z.string().transform((name, ctx): DocRef => {
  const ref = docRefFromName(name);
  if (!ref) {
    ctx.addIssue({ code: "custom", message: "not a collaborative document name" });
    return z.NEVER;
  }
  return ref;
});

export function formatDocName(ref: DocRef): string {
  const parsed = DocRefSchema.safeParse(ref);
  if (!parsed.success) throw new DomainError("VALIDATION", "errors.collab.invalidDocument");
  const valid = parsed.data;
  return valid.kind === "plan" ? `plan.${valid.planId}` : `meeting.${valid.meetingId}.${valid.kind}`;
}

/** Returns null for anything that is not exactly a name formatDocName could have produced. */
export function parseDocName(name: string): DocRef | null {
  const parsed = DocNameSchema.safeParse(name);
  return parsed.success ? parsed.data : null;
}
