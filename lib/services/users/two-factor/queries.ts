import { and, count, eq, isNotNull, isNull } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { recoveryCodes, userTwoFactor, type UserTwoFactor } from "@/db/schema";

/** A user's confirmed authenticator, or undefined (no row, or an enrolment not confirmed yet). */
export function findEnabledTwoFactor(db: DbOrTx, userId: number): UserTwoFactor | undefined {
  return db.select().from(userTwoFactor).where(and(eq(userTwoFactor.userId, userId), isNotNull(userTwoFactor.enabledAt))).get();
}

export function isTwoFactorEnabled(db: DbOrTx, userId: number): boolean {
  return findEnabledTwoFactor(db, userId) !== undefined;
}

export function unusedRecoveryCodeCount(db: DbOrTx, userId: number): number {
  return db.select({ n: count() }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt))).get()?.n ?? 0;
}

/** What the profile page shows about one's own two-factor authentication. */
export const TwoFactorStatus = z.strictObject({
  enabled: z.boolean(),
  enabledAt: z.string().nullable(),
  recoveryCodesLeft: z.number(),
});
export type TwoFactorStatus = z.infer<typeof TwoFactorStatus>;

export function twoFactorStatus(db: DbOrTx, userId: number): TwoFactorStatus {
  const row = findEnabledTwoFactor(db, userId);
  return { enabled: Boolean(row), enabledAt: row?.enabledAt?.toISOString() ?? null, recoveryCodesLeft: row ? unusedRecoveryCodeCount(db, userId) : 0 };
}
