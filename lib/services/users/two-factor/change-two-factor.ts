import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db/client";
import { recoveryCodes, userTwoFactor } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { verifyPassword } from "@/lib/auth/password";
import { requireActor } from "@/lib/auth/permissions";
import { getConfig } from "@/lib/config";
import { writeAudit } from "@/lib/services/audit";
import { ConflictError, InvalidInputError, NotFoundError } from "@/lib/services/errors";
import { parseInput } from "@/lib/services/validate";
import { findUserById } from "../queries";
import { assertNoSignInDelay, recordFailedCheck } from "../sign-in";
import { replaceRecoveryCodes } from "./enrol-two-factor";
import { isTwoFactorEnabled } from "./queries";
import { consumeSecondFactor } from "./second-factor";

const DisableInput = z
  .object({ code: z.string().trim().optional(), password: z.string().optional() })
  .refine((v) => Boolean(v.code) || Boolean(v.password), { error: "Enter a current code from your app, or your password" });

const CodeInput = z.object({ code: z.string({ error: "Enter a current code from your app" }).trim().min(1, { error: "Enter a current code from your app" }) });

/**
 * A signed-in session alone is not enough to weaken the account: turning two-factor off (or printing new recovery
 * codes) needs a current code or the password, checked under the same delays as sign-in so a borrowed session cannot
 * guess its way through.
 */
async function proveItIsYou(db: DB, ctx: ServiceContext, proof: { code?: string; password?: string }, now: number): Promise<void> {
  const actor = requireActor(ctx);
  const user = findUserById(db, { id: actor.id });
  if (!user) throw new NotFoundError("Your account");
  const ip = ctx.ip ?? null;
  assertNoSignInDelay(db, { email: user.email, userId: user.id, ip, maxFailures: getConfig().loginMaxFailures, now });
  const ok = proof.code ? (await consumeSecondFactor(db, user.id, proof.code, now)) !== null : await verifyPassword(proof.password ?? "", user.passwordHash);
  if (!ok) {
    recordFailedCheck(db, { email: user.email, ip, now });
    const field = proof.code ? "code" : "password";
    throw new InvalidInputError(proof.code ? "That code is not right (or was already used)" : "The password is wrong", { [field]: [proof.code ? "That code is not right" : "The password is wrong"] });
  }
}

/** The caller turns their two-factor authentication off (with a current code, a recovery code or the password). */
export async function disableTwoFactor({ db, ctx, input, now = Date.now() }: { db: DB; ctx: ServiceContext; input: unknown; now?: number }): Promise<void> {
  const actor = requireActor(ctx);
  const proof = parseInput(DisableInput, input);
  if (!isTwoFactorEnabled(db, actor.id)) throw new ConflictError("Two-factor authentication is not on");
  await proveItIsYou(db, ctx, proof, now);
  db.transaction((tx) => {
    tx.delete(userTwoFactor).where(eq(userTwoFactor.userId, actor.id)).run();
    tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, actor.id)).run();
    writeAudit(tx, ctx, { action: "user.two_factor_disable", targetType: "user", targetId: actor.id, detail: { proof: proof.code ? "code" : "password" } });
  });
}

/** New recovery codes for the caller (the old ones stop working), given a current code. */
export async function regenerateRecoveryCodes({ db, ctx, input, now = Date.now() }: { db: DB; ctx: ServiceContext; input: unknown; now?: number }): Promise<{ recoveryCodes: string[] }> {
  const actor = requireActor(ctx);
  const { code } = parseInput(CodeInput, input);
  if (!isTwoFactorEnabled(db, actor.id)) throw new ConflictError("Two-factor authentication is not on");
  await proveItIsYou(db, ctx, { code }, now);
  return db.transaction((tx) => {
    const codes = replaceRecoveryCodes(tx, actor.id);
    writeAudit(tx, ctx, { action: "user.recovery_codes_regenerate", targetType: "user", targetId: actor.id });
    return { recoveryCodes: codes };
  });
}
