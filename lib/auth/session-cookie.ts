import { encode, type JWT } from "next-auth/jwt";
import { getConfig } from "@/lib/config";
import { MAX_SESSION_LIFETIME_HOURS } from "@/lib/services/security/policy";
import { resolveSession, sessionTimes } from "./session-token";

/**
 * The session cookie lives as long as the longest session the policy can allow; the policy's own lifetime and idle
 * timeout are checked on every request (lib/auth/session-token.ts), so they apply at once when an admin shortens them.
 */
export const SESSION_COOKIE_MAX_AGE_SECONDS = MAX_SESSION_LIFETIME_HOURS * 3600;
/** `seen` is renewed at most this often: the idle timeout needs minutes, not every request. */
export const SEEN_RESOLUTION_MS = 60_000;

/** next-auth's cookie name: `__Secure-` prefixed when the dashboard is served over https. */
export function sessionCookieName(): string {
  return getConfig().nextAuthUrl.startsWith("https://") ? "__Secure-next-auth.session-token" : "next-auth.session-token";
}

export type SessionCookie = { name: string; value: string; options: { httpOnly: true; sameSite: "lax"; path: "/"; secure: boolean; maxAge: number } };

/**
 * The idle timeout needs to know when a session was last used, but sessions are JWTs in a cookie: rather than write
 * the database on every request, the cookie is rewritten with a fresh `seen` when the one presented is more than a
 * minute old. A session that has already ended (idle, expired, revoked) is never renewed. Called for page requests
 * (proxy.ts) and session-authenticated API requests (lib/api/handler.ts).
 */
export async function renewedSessionCookie(token: JWT | null, now = Date.now()): Promise<SessionCookie | null> {
  if (!token?.sub) return null;
  const { authAt, seen } = sessionTimes(token, now);
  if (now - seen < SEEN_RESOLUTION_MS) return null;
  if (!resolveSession(token, { now })) return null;
  const config = getConfig();
  // next-auth sets exp, iat and jti again; authAt is written out so a session from before the claim keeps its age.
  const { exp: _exp, iat: _iat, jti: _jti, ...claims } = token;
  const value = await encode({ token: { ...claims, authAt, seen: now }, secret: config.nextAuthSecret, maxAge: SESSION_COOKIE_MAX_AGE_SECONDS });
  return {
    name: sessionCookieName(),
    value,
    options: { httpOnly: true, sameSite: "lax", path: "/", secure: config.nextAuthUrl.startsWith("https://"), maxAge: SESSION_COOKIE_MAX_AGE_SECONDS },
  };
}

/** The Set-Cookie header for a renewed session (route handlers answer with a plain Response). */
export function serializeCookie({ name, value, options }: SessionCookie): string {
  return `${name}=${value}; Path=${options.path}; Max-Age=${options.maxAge}; HttpOnly; SameSite=Lax${options.secure ? "; Secure" : ""}`;
}
