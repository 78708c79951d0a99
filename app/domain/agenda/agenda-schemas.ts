// Form and service schemas of the agenda drafted before a meeting (004 §2.1: "agenda with a time
// plan"). Browser-safe: zod only, so the agenda forms and the services share the same rules.
import { z } from "zod";
import { DomainError } from "../errors";

/** Meeting and agenda-item ids are our cuid-style keys; anything else names nothing. */
export const RecordIdSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9]{8,40}$/, "error.notFound");
export const MeetingIdSchema = RecordIdSchema;

/** A meeting id from a URL or a service input; a malformed one is a meeting that does not exist. */
export function parseMeetingId(value: unknown): string {
  const parsed = MeetingIdSchema.safeParse(value);
  if (!parsed.success) throw new DomainError("NOT_FOUND", "error.notFound");
  return parsed.data;
}

export const AGENDA_TITLE_MAX = 200;
export const AGENDA_DURATION_MIN = 1;
export const AGENDA_DURATION_MAX = 240;

const TitleSchema = z
  .string({ error: "form.required" })
  .trim()
  .min(1, "form.required")
  .max(AGENDA_TITLE_MAX, "agenda.titleTooLong");

/** The time box in whole minutes; a form posts it as text. */
const DurationSchema = z.coerce
  .number({ error: "agenda.durationInvalid" })
  .int("agenda.durationInvalid")
  .min(AGENDA_DURATION_MIN, "agenda.durationInvalid")
  .max(AGENDA_DURATION_MAX, "agenda.durationInvalid");

/** Who leads the item: a participant of the meeting, or nobody (empty select). */
const OwnerSchema = z
  .union([RecordIdSchema, z.literal("")])
  .nullish()
  .transform((v) => v || null);

const VersionSchema = z.coerce.number().int().min(1, "agenda.changedByOther");

export const AddAgendaItemSchema = z.object({
  meetingId: MeetingIdSchema,
  title: TitleSchema,
  durationMinutes: DurationSchema,
  ownerUserId: OwnerSchema,
});
export type AddAgendaItemInput = z.input<typeof AddAgendaItemSchema>;

export const UpdateAgendaItemSchema = z.object({
  itemId: RecordIdSchema,
  /** The version the editor started from (optimistic concurrency). */
  version: VersionSchema,
  title: TitleSchema,
  durationMinutes: DurationSchema,
  ownerUserId: OwnerSchema,
});
export type UpdateAgendaItemInput = z.input<typeof UpdateAgendaItemSchema>;

export const AGENDA_MOVE_DIRECTIONS = ["up", "down"] as const;
export const MoveAgendaItemSchema = z.object({
  itemId: RecordIdSchema,
  direction: z.enum(AGENDA_MOVE_DIRECTIONS, { error: "form.required" }),
});
export type MoveAgendaItemInput = z.input<typeof MoveAgendaItemSchema>;

export const RemoveAgendaItemSchema = z.object({
  itemId: RecordIdSchema,
  /** Removing what someone has just changed would discard their change unseen. */
  version: VersionSchema,
});
export type RemoveAgendaItemInput = z.input<typeof RemoveAgendaItemSchema>;
