import { and, eq, isNull } from "drizzle-orm";
import type { DB } from "@/db/client";
import { apiTokens, users, type TokenScope } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { UnauthorizedError } from "@/lib/services/errors";
import { isExpired } from "./queries";
import { hashToken, TOKEN_PREFIX } from "./token-format";

// Writing last_used_at on every request would turn every API read into a write; once a minute (or when the address
// changes) is enough for the UI.
const LAST_USED_RESOLUTION_MS = 60_000;

export type AuthenticatedToken = {
  actor: Actor;
  token: { id: number; name: string; scopes: TokenScope[]; expiresAt: Date | null };
};

/**
 * Resolves a bearer token to its (active) owner, or null for anything unknown, revoked or disabled. An expired token
 * is refused with its own message ("token expired"), so a script's operator knows to make a new one. Records when
 * and from which address it was last used.
 */
export function authenticateToken(db: DB, token: string, { ip = null, now = Date.now() }: { ip?: string | null; now?: number } = {}): AuthenticatedToken | null {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt)))
    .get();
  if (!row || row.user.disabled) return null;
  if (isExpired(row.token, now)) throw new UnauthorizedError("token expired");
  const stale = !row.token.lastUsedAt || now - row.token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS;
  if (stale || (ip !== null && ip !== row.token.lastUsedIp)) {
    db.update(apiTokens).set({ lastUsedAt: new Date(now), lastUsedIp: ip ?? row.token.lastUsedIp }).where(eq(apiTokens.id, row.token.id)).run();
  }
  const { id, email, name, role } = row.user;
  const { id: tokenId, name: tokenName, scopes, expiresAt } = row.token;
  return { actor: { id, email, name, role }, token: { id: tokenId, name: tokenName, scopes, expiresAt } };
}
