import type { DbOrTx } from "~/lib/db-types";
import type { Actor } from "../actor";
import { parseInput } from "../parse-input";
import { RefuseToSignSchema, type RefuseToSignInput } from "./plan-schemas";
import { recordSignature, type SignatureResult } from "./record-signature";

/**
 * A signatory refuses to sign, with a reason: kept as their dissent, sealed like a signature and
 * shown to everyone who reads the plan. The version cannot come into force; the case manager
 * resolves it by withdrawing the version and amending it (decision record 011).
 */
export async function refuseToSign(
  actor: Actor,
  input: RefuseToSignInput,
  deps: { db: DbOrTx; now?: Date },
): Promise<SignatureResult> {
  const data = parseInput(RefuseToSignSchema, input);
  return recordSignature(actor, "REFUSED", data, deps);
}
