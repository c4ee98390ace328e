import crypto from "node:crypto";

/** Recognisable prefix so leaked tokens are easy to grep for in logs and repos. */
export const TOKEN_PREFIX = "lmd_";

export function generateToken(): { token: string; prefix: string; hash: string } {
  const token = TOKEN_PREFIX + crypto.randomBytes(32).toString("base64url");
  return { token, prefix: token.slice(0, TOKEN_PREFIX.length + 6), hash: hashToken(token) };
}

/** Tokens carry 256 random bits, so a fast hash is enough (no password-style stretching needed). */
export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}
