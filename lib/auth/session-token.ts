import { getDb } from "@/lib/db";
import { findUserById } from "@/lib/services/users/queries";
import type { Actor } from "./actor";

export type SessionActor = Actor & { theme: "system" | "light" | "dark" };

/**
 * Resolves a decoded session JWT to a live actor: the user must still exist, be enabled, and carry the current session
 * version (bumped on password reset, role change and disable) — so revocation works although sessions are JWTs.
 * Used by pages, actions, route handlers and the socket.io handshake alike.
 */
export function actorFromToken(token: { sub?: string; sv?: unknown } | null): SessionActor | null {
  if (!token?.sub) return null;
  const user = findUserById(getDb(), { id: Number(token.sub) });
  if (!user || user.disabled || user.sessionVersion !== token.sv) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, theme: user.theme };
}
