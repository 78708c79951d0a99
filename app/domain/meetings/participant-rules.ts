// Pure rules about who takes part in a meeting and in which role (004 §2.1: "who takes part and
// why, what each is expected to contribute; who moderates and who takes minutes"). Written for
// any meeting: a case meeting (create-meeting.ts) decides who is eligible from the case team, a
// regional network meeting will decide it from the network's member organisations, and both use
// the role rule and the row building here unchanged.
import type { MeetingRole } from "~/lib/db-types";
import type { FieldErrors } from "../errors";
import type { MeetingParticipantData } from "./meeting-schemas";

export type RoleProblem = {
  messageKey:
    | "meeting.moderatorRequired"
    | "meeting.onlyOneModerator"
    | "meeting.minuteTakerRequired"
    | "meeting.onlyOneMinuteTaker"
    | "meeting.participantTwice";
  fieldErrors: FieldErrors;
};

/** The form shows role problems on the participants fieldset. */
export const ROLES_FIELD = "participants";

/**
 * Exactly one moderator and exactly one minute-taker (004 §2.1: it is agreed who moderates and
 * who takes minutes). In a small meeting one person does both (MODERATOR_AND_MINUTE_TAKER), which
 * counts for each. Each person once.
 */
export function findRoleProblem(
  participants: readonly { userId: string; meetingRole: MeetingRole }[],
): RoleProblem | null {
  const seen = new Set<string>();
  for (const p of participants) {
    if (seen.has(p.userId)) {
      return { messageKey: "meeting.participantTwice", fieldErrors: { [ROLES_FIELD]: "meeting.participantTwice" } };
    }
    seen.add(p.userId);
  }
  const count = (role: MeetingRole) => participants.filter((p) => p.meetingRole === role).length;
  const both = count("MODERATOR_AND_MINUTE_TAKER");
  const moderators = count("MODERATOR") + both;
  const minuteTakers = count("MINUTE_TAKER") + both;
  const problem = (messageKey: RoleProblem["messageKey"]): RoleProblem => ({
    messageKey,
    fieldErrors: { [ROLES_FIELD]: messageKey },
  });
  if (moderators === 0) return problem("meeting.moderatorRequired");
  if (moderators > 1) return problem("meeting.onlyOneModerator");
  if (minuteTakers === 0) return problem("meeting.minuteTakerRequired");
  if (minuteTakers > 1) return problem("meeting.onlyOneMinuteTaker");
  return null;
}

/**
 * The rows to create: the chosen participants, plus the people who must be there whatever the
 * form said (for a case meeting the case manager, who prepares and documents it: 004 §2.3), as
 * plain participants when not listed.
 */
export function withRequiredParticipants(
  participants: readonly MeetingParticipantData[],
  requiredUserIds: readonly string[],
): MeetingParticipantData[] {
  const rows = [...participants];
  for (const userId of requiredUserIds) {
    if (!rows.some((p) => p.userId === userId)) {
      rows.push({ userId, meetingRole: "PARTICIPANT", expectedContribution: null, isRemote: false });
    }
  }
  return rows;
}
