import { and, eq, isNull } from "drizzle-orm";
import QRCode from "qrcode";
import { z } from "zod";
import type { DB, Tx } from "@/db/client";
import { recoveryCodes, userTwoFactor } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/permissions";
import { getConfig } from "@/lib/config";
import { open, seal } from "@/lib/crypto/secret-box";
import { writeAudit } from "@/lib/services/audit";
import { ConflictError, InvalidInputError } from "@/lib/services/errors";
import { parseInput } from "@/lib/services/validate";
import { isTwoFactorEnabled } from "./queries";
import { hashRecoveryCode, newRecoveryCode, newTotpSecret, RECOVERY_CODE_COUNT, totpUri, verifyTotp } from "./totp";

export type TwoFactorEnrolment = {
  /** The base32 secret, for typing into an app that cannot scan. */
  secret: string;
  uri: string;
  /** The QR code as an SVG data URL (the page's policy allows images from data: URLs). */
  qrCode: string;
};

/**
 * Starts setting up an authenticator for the caller: a new secret, sealed at rest, waiting to be confirmed with a
 * code. Starting again replaces a waiting secret; an account that already has two-factor on must turn it off first.
 */
export async function startTwoFactorEnrolment({ db, ctx }: { db: DB; ctx: ServiceContext }): Promise<TwoFactorEnrolment> {
  const actor = requireActor(ctx);
  if (isTwoFactorEnabled(db, actor.id)) throw new ConflictError("Two-factor authentication is already on; turn it off first to set up another authenticator");
  const secret = newTotpSecret();
  const secretSealed = seal(secret, getConfig().encryptionKey);
  db.insert(userTwoFactor)
    .values({ userId: actor.id, secretSealed, enabledAt: null, lastUsedStep: null })
    .onConflictDoUpdate({ target: userTwoFactor.userId, set: { secretSealed, enabledAt: null, lastUsedStep: null, createdAt: new Date() } })
    .run();
  const uri = totpUri(secret, actor.email);
  const svg = await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { secret, uri, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}` };
}

/** New recovery codes replace the old ones; only their hashes are stored and the codes are returned once. */
export function replaceRecoveryCodes(tx: Tx, userId: number): string[] {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
  for (const code of codes) tx.insert(recoveryCodes).values({ userId, codeHash: hashRecoveryCode(code) }).run();
  return codes;
}

const ConfirmInput = z.object({ code: z.string({ error: "Enter the 6-digit code from your app" }).trim().min(1, { error: "Enter the 6-digit code from your app" }) });

/**
 * Turns two-factor on once the caller proves their app has the secret (a current code). Returns the recovery codes,
 * shown this one time.
 */
export async function confirmTwoFactorEnrolment({ db, ctx, input, now = Date.now() }: { db: DB; ctx: ServiceContext; input: unknown; now?: number }): Promise<{ recoveryCodes: string[] }> {
  const actor = requireActor(ctx);
  const { code } = parseInput(ConfirmInput, input);
  const pending = db.select().from(userTwoFactor).where(and(eq(userTwoFactor.userId, actor.id), isNull(userTwoFactor.enabledAt))).get();
  if (!pending) {
    throw new ConflictError(isTwoFactorEnabled(db, actor.id) ? "Two-factor authentication is already on" : "No authenticator is waiting to be confirmed: start the set-up again");
  }
  const step = await verifyTotp(open(pending.secretSealed, getConfig().encryptionKey), code, { now });
  if (step === null) {
    throw new InvalidInputError("That code is not right: enter the code your app shows now (check that the phone's clock is right)", { code: ["That code is not right"] });
  }
  return db.transaction((tx) => {
    // Only the secret that was checked is turned on: a set-up restarted meanwhile (another tab) replaced it.
    const enabled = tx
      .update(userTwoFactor)
      .set({ enabledAt: new Date(now), lastUsedStep: step })
      .where(and(eq(userTwoFactor.userId, actor.id), eq(userTwoFactor.secretSealed, pending.secretSealed), isNull(userTwoFactor.enabledAt)))
      .run();
    if (enabled.changes !== 1) throw new ConflictError("The set-up was restarted elsewhere: scan the new QR code");
    const codes = replaceRecoveryCodes(tx, actor.id);
    writeAudit(tx, ctx, { action: "user.two_factor_enable", targetType: "user", targetId: actor.id });
    return { recoveryCodes: codes };
  });
}
