import { parseLocale } from "~/i18n/locales";
import type { DbOrTx } from "~/lib/db-types";
import type { Mailer } from "~/lib/mailer-types";
import type { Actor } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { DomainError } from "../errors";
import { parseInput } from "../parse-input";
import { withTransaction } from "../with-transaction";
import { requirePlanAccess, requireVersion } from "./plan-queries";
import { RequestSigningCodeSchema, type RequestSigningCodeInput } from "./plan-schemas";
import { signingCodeMail } from "./plan-statement";
import { SIGNING_CODE_RULES, codeRequestWait, createSigningCode, hashSigningCode } from "./signing-codes";

/**
 * A signatory with an invited (EXTERNAL) account without a password asks for a one-time code to
 * sign with; it is mailed to their address and only its hash is kept. Throttled: one a minute,
 * a few an hour (RATE_LIMITED). Accounts with a password sign with it instead.
 */
export async function requestSigningCode(
  actor: Actor,
  input: RequestSigningCodeInput,
  { db, mailer, now = new Date() }: { db: DbOrTx; mailer: Mailer; now?: Date },
): Promise<{ expiresAt: Date }> {
  const { versionId } = parseInput(RequestSigningCodeSchema, input);
  const version = await requireVersion(db, versionId);
  await requirePlanAccess(actor, "plan.sign", version.caseId, { db, now, versionId });
  if (version.status !== "SIGNING") throw new DomainError("CONFLICT", "plans.staleVersion");
  const signatory = await db.planSignatory.findUniqueOrThrow({
    where: { versionId_userId: { versionId, userId: actor.userId } },
    select: { id: true, signature: { select: { id: true } } },
  });
  if (signatory.signature) throw new DomainError("CONFLICT", "plans.alreadySigned");
  const user = await db.user.findUniqueOrThrow({
    where: { id: actor.userId },
    select: { kind: true, passwordHash: true, email: true, name: true, locale: true },
  });
  if (user.kind !== "EXTERNAL" || user.passwordHash) throw new DomainError("INVALID_STATE", "plans.usePassword");
  if (!user.email) throw new DomainError("INVALID_STATE", "plans.noEmail");
  if (!mailer.isConfigured) throw new DomainError("INVALID_STATE", "plans.codeMailUnavailable");

  const code = createSigningCode();
  const expiresAt = new Date(now.getTime() + SIGNING_CODE_RULES.ttlMinutes * 60_000);
  await withTransaction(db, async (tx) => {
    const recent = await tx.planSigningCode.findMany({
      where: { signatoryId: signatory.id, createdAt: { gt: new Date(now.getTime() - 3600_000) } },
      select: { createdAt: true },
    });
    const wait = codeRequestWait(recent, now);
    if (wait.isHourlyLimit) throw new DomainError("RATE_LIMITED", "plans.tooManyCodes");
    if (wait.seconds > 0)
      throw new DomainError("RATE_LIMITED", "plans.codeTooSoon", { params: { seconds: wait.seconds } });
    await tx.planSigningCode.create({
      data: { signatoryId: signatory.id, codeHash: hashSigningCode(signatory.id, code), createdAt: now, expiresAt },
    });
    await writeAudit(
      {
        actor,
        action: "plan.signing-code.request",
        subjectType: "plan-version",
        subjectId: versionId,
        caseId: version.caseId,
      },
      { db: tx },
    );
  });
  const mail = signingCodeMail(parseLocale(user.locale), {
    name: user.name,
    code,
    minutes: SIGNING_CODE_RULES.ttlMinutes,
  });
  try {
    await mailer.send({ to: user.email, subject: mail.subject, text: mail.text });
  } catch {
    throw new DomainError("CONFLICT", "plans.codeNotSent");
  }
  return { expiresAt };
}
