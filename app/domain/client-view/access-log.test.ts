import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { isMessageKey } from "~/i18n";
import { RoomCommandSchema } from "../room/room-protocol";
import {
  ACCESS_LOG_ACTIONS_WITHOUT_CASE,
  ACCESS_LOG_FALLBACK_KEY,
  ACCESS_LOG_MESSAGE_KEYS,
  describeAuditAction,
  isChangeAction,
  subjectUserIdOf,
} from "./access-log";

const DOMAIN_DIR = join(__dirname, "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The argument text of the call whose "(" is at `open` (balanced brackets; strings hold none that matter). */
function callArgument(source: string, open: number): string {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === "(" || c === "{" || c === "[") depth++;
    if (c === ")" || c === "}" || c === "]") depth--;
    if (depth === 0) return source.slice(open + 1, i);
  }
  throw new Error("unbalanced call");
}

const ROOM_COMMAND_TYPES = RoomCommandSchema.options.map((o) => o.shape.type.value);

/** The action codes an `action:` expression can produce; throws on a form this scan does not know. */
function actionCodes(expression: string, where: string): string[] {
  const literal = expression.match(/^"([^"]+)"$/);
  if (literal) return [literal[1]!];
  const conditional = expression.match(/^[^?]+\?\s*"([^"]+)"\s*:\s*"([^"]+)"$/);
  if (conditional) return [conditional[1]!, conditional[2]!];
  if (expression === "`room.${command.type}`") return ROOM_COMMAND_TYPES.map((type) => `room.${type}`);
  throw new Error(`${where}: audit action written as ${expression}; teach this test how to read it`);
}

type AuditCall = { where: string; actions: string[]; hasCaseId: boolean };

/** Every writeAudit call under app/domain, with the action codes it can write. */
function auditCallsInDomain(): AuditCall[] {
  const calls: AuditCall[] = [];
  for (const file of sourceFiles(DOMAIN_DIR)) {
    const source = readFileSync(file, "utf8");
    for (const match of source.matchAll(/\bwriteAudit\(/g)) {
      const argument = callArgument(source, match.index + match[0].length - 1);
      if (!argument.trimStart().startsWith("{")) continue; // the definition, or a pass-through
      const where = `${relative(DOMAIN_DIR, file)}:${source.slice(0, match.index).split("\n").length}`;
      const action = argument.match(/\baction:\s*((?:[^,\n]|\n\s*[?:])+)/);
      if (!action) throw new Error(`${where}: writeAudit without a readable action`);
      calls.push({
        where,
        actions: actionCodes(action[1]!.trim(), where),
        hasCaseId: /(?:^|[{,])\s*caseId\s*[:,}]/.test(argument),
      });
    }
  }
  return calls;
}

describe("the client's access log", () => {
  it("has a sentence for every action written under app/domain about a case", () => {
    const calls = auditCallsInDomain();
    const written = new Set(calls.flatMap((c) => c.actions));
    // The scan itself works: it finds the calls of every area, including the plan's.
    expect(calls.length).toBeGreaterThan(60);
    for (const code of [
      "case.create",
      "meeting.create",
      "record.approve",
      "room.endMeeting",
      "plan.start",
      "plan.sign",
      "plan.refuse",
      "plan.in-force",
    ]) {
      expect(written, code).toContain(code);
    }
    const missing = [...written].filter(
      (code) => !Object.hasOwn(ACCESS_LOG_MESSAGE_KEYS, code) && !ACCESS_LOG_ACTIONS_WITHOUT_CASE.has(code),
    );
    expect(missing, "actions the client would see only as 'something else'").toEqual([]);
  });

  it("lists as caseless only actions that are really written without a case", () => {
    const calls = auditCallsInDomain();
    for (const code of ACCESS_LOG_ACTIONS_WITHOUT_CASE) {
      const writers = calls.filter((c) => c.actions.includes(code));
      expect(writers.length, `${code} is written somewhere`).toBeGreaterThan(0);
      for (const call of writers) expect(call.hasCaseId, `${call.where} writes ${code} with a caseId`).toBe(false);
      expect(Object.hasOwn(ACCESS_LOG_MESSAGE_KEYS, code), code).toBe(false);
    }
  });

  it("describes each plan step in its own words", () => {
    expect(describeAuditAction("plan.sign")).toBe("clientView.log.plan.sign");
    expect(describeAuditAction("plan.refuse")).toBe("clientView.log.plan.refuse");
    expect(describeAuditAction("plan.version.read")).toBe("clientView.log.plan.read");
    expect(isChangeAction("plan.version.read")).toBe(false);
    expect(isChangeAction("plan.send")).toBe(true);
    expect(isChangeAction("room.enter")).toBe(false);
  });

  it("has a sentence in the catalogue for every action code it names, and a fallback", () => {
    for (const key of [...Object.values(ACCESS_LOG_MESSAGE_KEYS), ACCESS_LOG_FALLBACK_KEY]) {
      expect(isMessageKey(key), key).toBe(true);
    }
  });

  it("describes known codes and never hides an unknown one", () => {
    expect(describeAuditAction("case.read")).toBe("clientView.log.case.read");
    expect(describeAuditAction("something.new")).toBe(ACCESS_LOG_FALLBACK_KEY);
    expect(describeAuditAction("toString")).toBe(ACCESS_LOG_FALLBACK_KEY);
  });

  it("tells looks from changes", () => {
    expect(isChangeAction("case.read")).toBe(false);
    expect(isChangeAction("case.readClientView")).toBe(false);
    expect(isChangeAction("document.open")).toBe(false);
    expect(isChangeAction("consent.withdraw")).toBe(true);
  });

  it("finds the person an entry was about from its ids, and ignores anything else", () => {
    expect(subjectUserIdOf(JSON.stringify({ recipientUserId: "u1", form: "ORAL" }))).toBe("u1");
    expect(subjectUserIdOf(JSON.stringify({ userId: "u2" }))).toBe("u2");
    expect(subjectUserIdOf(null)).toBeNull();
    expect(subjectUserIdOf("not json")).toBeNull();
    expect(subjectUserIdOf(JSON.stringify({ userId: 5 }))).toBeNull();
  });
});
