import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { DB } from "@/db/client";
import { recoveryCodes, userTwoFactor } from "@/db/schema";
import { open } from "@/lib/crypto/secret-box";
import { getConfig } from "@/lib/config";
import { findEnabledTwoFactor } from "./queries";
import { hashRecoveryCode, looksLikeTotpCode, verifyTotp } from "./totp";

/**
 * Checks a second factor — the current authenticator code, or one of the recovery codes — and uses it up: a TOTP time
 * step is recorded so the same code cannot be used again, a recovery code is marked spent. Both writes are guarded in
 * SQL, so two requests racing with the same code cannot both succeed. Returns what was used, or null.
 */
export async function consumeSecondFactor(db: DB, userId: number, code: string, now = Date.now()): Promise<"totp" | "recovery_code" | null> {
  const row = findEnabledTwoFactor(db, userId);
  if (!row) return null;
  if (looksLikeTotpCode(code)) {
    const step = await verifyTotp(open(row.secretSealed, getConfig().encryptionKey), code, { afterStep: row.lastUsedStep, now });
    if (step === null) return null;
    const claimed = db
      .update(userTwoFactor)
      .set({ lastUsedStep: step })
      .where(and(eq(userTwoFactor.userId, userId), or(isNull(userTwoFactor.lastUsedStep), lt(userTwoFactor.lastUsedStep, step))))
      .run();
    return claimed.changes === 1 ? "totp" : null;
  }
  const spent = db
    .update(recoveryCodes)
    .set({ usedAt: new Date(now) })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashRecoveryCode(code)), isNull(recoveryCodes.usedAt)))
    .run();
  return spent.changes === 1 ? "recovery_code" : null;
}
