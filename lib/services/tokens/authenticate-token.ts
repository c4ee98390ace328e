import { and, eq, isNull } from "drizzle-orm";
import type { DB } from "@/db/client";
import { apiTokens, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { hashToken, TOKEN_PREFIX } from "./token-format";

// Writing last_used_at on every request would turn every API read into a write; once a minute is enough for the UI.
const LAST_USED_RESOLUTION_MS = 60_000;

/** Resolves a bearer token to its (active) owner, or null for anything unknown, revoked or disabled. */
export function authenticateToken(db: DB, token: string): { actor: Actor; tokenId: number; tokenName: string } | null {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt)))
    .get();
  if (!row || row.user.disabled) return null;
  const now = Date.now();
  if (!row.token.lastUsedAt || now - row.token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    db.update(apiTokens).set({ lastUsedAt: new Date(now) }).where(eq(apiTokens.id, row.token.id)).run();
  }
  const { id, email, name, role } = row.user;
  return { actor: { id, email, name, role }, tokenId: row.token.id, tokenName: row.token.name };
}
