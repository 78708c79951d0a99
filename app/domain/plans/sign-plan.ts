import type { DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { parseInput } from "../parse-input";
import { SignPlanSchema, type SignPlanInput } from "./plan-schemas";
import { recordSignature, type SignatureResult } from "./record-signature";

/**
 * A signatory signs the version out for signing (004 §3.4: all parties sign): again
 * authenticated (password, or the mailed code for an invited participant), having accepted the
 * statement of what they sign, over the hash they were shown (CONFLICT "plans.staleVersion" if it
 * is no longer the version's, or the version was withdrawn). The last signature needed puts the
 * version in force and supersedes the previous one.
 */
export async function signPlan(
  actor: Actor,
  input: SignPlanInput,
  deps: { db: DbOrTx; now?: Date },
): Promise<SignatureResult> {
  const data = parseInput(SignPlanSchema, input);
  return recordSignature(actor, "SIGNED", data, deps);
}
