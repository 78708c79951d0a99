import { z } from "zod";
import type { Db } from "~/lib/db-types";
import { actorFromUser } from "../actor";
import { writeAudit } from "../audit/write-audit";
import { DomainError } from "../errors";
import { getDummyHash, verifyPassword } from "./password";
import { createSession } from "./sessions";
import { THROTTLE_RULES, clearFailures, getLockRemaining, recordFailure, throttleKey } from "./throttle";

export const SignInSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, "form.required").max(254).email("auth.emailInvalid"),
  password: z.string().min(1, "form.required").max(1000),
});
export type SignInInput = z.infer<typeof SignInSchema>;

export async function signIn(
  input: SignInInput & { clientIp: string },
  { db, sessionDays, now = new Date() }: { db: Db; sessionDays: number; now?: Date },
) {
  const accountKey = throttleKey("account", input.email);
  const addressKey = throttleKey("address", input.clientIp);
  const lockMs = Math.max(
    await getLockRemaining(accountKey, { db, now }),
    await getLockRemaining(addressKey, { db, now }),
  );
  if (lockMs > 0) {
    throw new DomainError("RATE_LIMITED", "auth.tooManyAttempts", {
      params: { minutes: Math.ceil(lockMs / 60_000) },
    });
  }

  const user = await db.user.findUnique({ where: { email: input.email } });
  // Always run the KDF, so the response time does not tell whether the account exists.
  const isValid = await verifyPassword(input.password, user?.passwordHash ?? (await getDummyHash()));
  if (!user || !user.passwordHash || !isValid || user.disabledAt) {
    await recordFailure(accountKey, "account", { db, now });
    await recordFailure(addressKey, "address", { db, now });
    await writeAudit(
      {
        actor: null,
        action: "auth.sign-in-failed",
        subjectType: "user",
        subjectId: user?.id ?? "unknown",
      },
      { db },
    );
    throw new DomainError("VALIDATION", "auth.invalidCredentials");
  }

  return db.$transaction(async (tx) => {
    await clearFailures(accountKey, { db: tx });
    const session = await createSession({ userId: user.id }, { db: tx, sessionDays, now });
    await writeAudit(
      { actor: actorFromUser(user), action: "auth.sign-in", subjectType: "user", subjectId: user.id },
      { db: tx },
    );
    return { user, session };
  });
}

export { THROTTLE_RULES };
