import crypto from "node:crypto";
import { generateSecret, generateURI, verify } from "otplib";

/**
 * TOTP as every authenticator app speaks it (RFC 6238: SHA-1, 6 digits, 30-second steps), through otplib. A code is
 * accepted from the step before to the step after the current one (clock drift and typing time), and never for a step
 * at or before the last one accepted, so a code seen over someone's shoulder cannot be replayed.
 */
export const TOTP_ISSUER = "LMMS-Eval Dashboard";
const TOLERANCE_SECONDS = 30;
const CODE = /^\d{6}$/;

export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secret: string, accountName: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: accountName, secret });
}

/** Whether the text has the shape of an authenticator code (6 digits, spaces ignored). */
export function looksLikeTotpCode(text: string): boolean {
  return CODE.test(text.replace(/\s+/g, ""));
}

/** The time step the code belongs to when it is valid and newer than `afterStep`; otherwise null. */
export async function verifyTotp(secret: string, code: string, { afterStep = null, now = Date.now() }: { afterStep?: number | null; now?: number } = {}): Promise<number | null> {
  const token = code.replace(/\s+/g, "");
  if (!CODE.test(token)) return null;
  const result = await verify({
    secret,
    token,
    epoch: Math.floor(now / 1000),
    epochTolerance: TOLERANCE_SECONDS,
    ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
  });
  // otplib's result type covers HOTP too; a TOTP result carries the time step.
  return result.valid && "timeStep" in result ? result.timeStep : null;
}

/**
 * Recovery codes: 16 characters of base32 (80 random bits), shown as four groups (`abcd-efgh-ijkl-mnop`). With that
 * much randomness a plain SHA-256 is enough to store them; nothing can be guessed from the hash.
 */
const RECOVERY_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
export const RECOVERY_CODE_COUNT = 10;

export function newRecoveryCode(): string {
  const bytes = crypto.randomBytes(16);
  const chars = Array.from(bytes, (byte) => RECOVERY_ALPHABET[byte & 31]).join("");
  return chars.match(/.{4}/g)!.join("-");
}

/** Dashes, spaces and case do not matter when a recovery code is typed back. */
export function normaliseRecoveryCode(text: string): string {
  return text.toLowerCase().replace(/[\s-]+/g, "");
}

export function hashRecoveryCode(text: string): string {
  return crypto.createHash("sha256").update(normaliseRecoveryCode(text)).digest("hex");
}
