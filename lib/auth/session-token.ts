import type { DbOrTx } from "@/db/client";
import { getDb } from "@/lib/db";
import { effectivePolicy, requiresTwoFactor, type SecurityPolicy } from "@/lib/services/security/policy";
import { findUserById } from "@/lib/services/users/queries";
import { isTwoFactorEnabled } from "@/lib/services/users/two-factor/queries";
import type { Actor } from "./actor";

export type SessionActor = Actor & { theme: "system" | "light" | "dark" };

/**
 * The claims our session JWT carries beside next-auth's own: `sv` the user's session version, `authAt` when the person
 * signed in (the session lifetime counts from it), `seen` when the session was last used (the idle timeout counts
 * from it; renewed at most once a minute, lib/auth/session-cookie.ts), `method` how they signed in (the audit's
 * sign-in methods: `password`, `password+totp`, …, `oidc`). Sessions from before these claims existed count from
 * `iat`, the time the cookie was last written, and signed in with a password.
 */
export type SessionClaims = { sub?: string; sv?: unknown; authAt?: unknown; seen?: unknown; iat?: unknown; method?: unknown };

export type SessionState = {
  actor: SessionActor;
  /** The policy requires two-factor for this user and they have not set it up: only the set-up page is open to them. */
  mustSetUpTwoFactor: boolean;
};

function claimMs(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** When the session was signed in and last used (ms). */
export function sessionTimes(token: SessionClaims, now: number): { authAt: number; seen: number } {
  const written = claimMs(token.iat) !== null ? (token.iat as number) * 1000 : now;
  return { authAt: claimMs(token.authAt) ?? written, seen: claimMs(token.seen) ?? written };
}

/** Whether the policy ends this session now: older than the session lifetime, or unused for longer than the idle timeout. */
export function sessionExpired(token: SessionClaims, sessions: SecurityPolicy["sessions"], now: number): boolean {
  const { authAt, seen } = sessionTimes(token, now);
  if (now - authAt > sessions.lifetimeHours * 3600_000) return true;
  return sessions.idleTimeoutMinutes > 0 && now - seen > sessions.idleTimeoutMinutes * 60_000;
}

/**
 * Resolves a decoded session JWT to a live session: the user must still exist, be enabled, and carry the current
 * session version (bumped on password reset, role change, disable and two-factor reset) — so revocation works
 * although sessions are JWTs — and the session must be within the policy's lifetime and idle timeout.
 */
export function resolveSession(token: SessionClaims | null, { db = getDb(), now = Date.now() }: { db?: DbOrTx; now?: number } = {}): SessionState | null {
  if (!token?.sub) return null;
  const user = findUserById(db, { id: Number(token.sub) });
  if (!user || user.disabled || user.sessionVersion !== token.sv) return null;
  const policy = effectivePolicy(db);
  if (sessionExpired(token, policy.sessions, now)) return null;
  return {
    actor: { id: user.id, email: user.email, name: user.name, role: user.role, theme: user.theme },
    // A single sign-on session's second factor is the identity provider's business (its own policy, its own MFA):
    // the dashboard's TOTP requirement applies to password sign-ins.
    mustSetUpTwoFactor: token.method !== "oidc" && requiresTwoFactor(policy, user.role) && !isTwoFactorEnabled(db, user.id),
  };
}

/**
 * The actor of a session that may use the dashboard: pages, actions, route handlers and the socket.io handshake.
 * A session still owing its two-factor set-up gets nothing here (see `resolveSession` for the set-up page).
 */
export function actorFromToken(token: SessionClaims | null): SessionActor | null {
  const session = resolveSession(token);
  return session && !session.mustSetUpTwoFactor ? session.actor : null;
}
