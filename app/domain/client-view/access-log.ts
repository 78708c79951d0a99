// The client's access log (Social Welfare Act §35; GDPR art. 15): every audit entry of their
// case, said in plain words. Each action code maps to a message key of the client-view
// catalogue (app/i18n/messages/client-view.ts; a unit test checks every key exists there).
// Codes without their own sentence fall back to a general one, so a new kind of entry is never
// hidden from the client, only described less precisely until it gets its sentence.

export const ACCESS_LOG_MESSAGE_KEYS: Readonly<Record<string, string>> = {
  "case.create": "clientView.log.case.create",
  "case.read": "clientView.log.case.read",
  "case.update": "clientView.log.case.update",
  "case.changeStage": "clientView.log.case.changeStage",
  "case.stage.change": "clientView.log.case.changeStage",
  "case.handover": "clientView.log.case.handover",
  "case.close": "clientView.log.case.close",
  "case.timeline.read": "clientView.log.case.read",
  "case.team.read": "clientView.log.case.team.read",
  "case.readClientView": "clientView.log.case.readClientView",
  "case.member.add": "clientView.log.case.member.add",
  "case.member.remove": "clientView.log.case.member.remove",
  "case.member.clientViewPermission": "clientView.log.case.member.clientViewPermission",
  "consent.record": "clientView.log.consent.record",
  "consent.withdraw": "clientView.log.consent.withdraw",
  "client.create": "clientView.log.client.create",
  "client.read": "clientView.log.client.read",
  "client.update": "clientView.log.client.update",
  "invitation.create": "clientView.log.invitation.create",
  "invitation.accept": "clientView.log.invitation.accept",
  "invitation.revoke": "clientView.log.invitation.revoke",
  "document.open": "clientView.log.document.open",
  "meeting.create": "clientView.log.meeting.create",
  "meeting.read": "clientView.log.meeting.read",
  "meeting.update": "clientView.log.meeting.update",
  "meeting.cancel": "clientView.log.meeting.cancel",
  "meeting.reschedule": "clientView.log.meeting.update",
  "meeting.respond": "clientView.log.meeting.respond",
  "meeting.invitation.send": "clientView.log.meeting.invitationSend",
  "case.handoverCandidates.list": "clientView.log.case.read",
  "agenda.read": "clientView.log.agenda.read",
  "agenda.add": "clientView.log.agenda.change",
  "agenda.update": "clientView.log.agenda.change",
  "agenda.move": "clientView.log.agenda.change",
  "agenda.remove": "clientView.log.agenda.change",
  "record.read": "clientView.log.record.read",
  "record.pdf": "clientView.log.record.read",
  "record.readClientView": "clientView.log.record.read",
  "record.start": "clientView.log.record.change",
  "record.update": "clientView.log.record.change",
  "record.openForComment": "clientView.log.record.change",
  "record.comment": "clientView.log.record.comment",
  "record.approve": "clientView.log.record.approve",
  "record.addendum": "clientView.log.record.addendum",
  "record.fromRoom": "clientView.log.record.change",
  "room.enter": "clientView.log.room.enter",
  "room.confirmAgenda": "clientView.log.room.lead",
  "room.setCurrentItem": "clientView.log.room.lead",
  "room.startTimer": "clientView.log.room.lead",
  "room.pauseTimer": "clientView.log.room.lead",
  "room.resetTimer": "clientView.log.room.lead",
  "room.handleSignal": "clientView.log.room.lead",
  "room.raiseHand": "clientView.log.room.takePart",
  "room.lowerHand": "clientView.log.room.takePart",
  "room.signal": "clientView.log.room.takePart",
  "room.endMeeting": "clientView.log.room.end",
  "plan.start": "clientView.log.plan.start",
  "plan.amend": "clientView.log.plan.amend",
  "plan.read": "clientView.log.plan.read",
  "plan.version.read": "clientView.log.plan.read",
  "plan.decisions.read": "clientView.log.plan.decisionsRead",
  "plan.people.read": "clientView.log.plan.peopleRead",
  "plan.send": "clientView.log.plan.send",
  "plan.signing-code.request": "clientView.log.plan.codeRequest",
  "plan.sign": "clientView.log.plan.sign",
  "plan.refuse": "clientView.log.plan.refuse",
  "plan.in-force": "clientView.log.plan.inForce",
  "plan.withdraw": "clientView.log.plan.withdraw",
  "plan.discard": "clientView.log.plan.discard",
  "plan.file.upload": "clientView.log.plan.fileUpload",
  "plan.file.read": "clientView.log.plan.fileRead",
};

/**
 * Actions written without a case (sign-in, lists across cases, a failed re-authentication that
 * names only the person): they never reach a client's log, so they need no sentence. A unit test
 * checks that every other action written under app/domain has one, and that these are indeed
 * written without a caseId.
 */
export const ACCESS_LOG_ACTIONS_WITHOUT_CASE: ReadonlySet<string> = new Set([
  "auth.sign-in",
  "auth.sign-in-failed",
  "case.list",
  "case.listClientViews",
  "meeting.list",
  "user.list",
  "user.search",
  "plan.my-actions.read",
  "plan.sign.reauth-failed",
]);

export const ACCESS_LOG_FALLBACK_KEY = "clientView.log.other";

/** The plain-language sentence (a message key) for an audit action code. */
export function describeAuditAction(action: string): string {
  return Object.hasOwn(ACCESS_LOG_MESSAGE_KEYS, action) ? ACCESS_LOG_MESSAGE_KEYS[action]! : ACCESS_LOG_FALLBACK_KEY;
}

/** Whether an entry changed something (shown differently from a look). */
export function isChangeAction(action: string): boolean {
  return !/\.(read|readClientView|list|search|open|enter)$/.test(action) && action !== "document.open";
}

/** The person an entry was about, from the ids its details carry (never names: audit rule). */
export function subjectUserIdOf(details: string | null): string | null {
  if (!details) return null;
  try {
    const parsed: unknown = JSON.parse(details);
    if (typeof parsed !== "object" || parsed === null) return null;
    const d = parsed as Record<string, unknown>;
    const id = d.recipientUserId ?? d.userId;
    return typeof id === "string" ? id : null;
  } catch {
    return null;
  }
}
