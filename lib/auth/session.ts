import { randomUUID } from "node:crypto";
import { getToken } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { getConfig } from "@/lib/config";
import { isSetupComplete } from "@/lib/services/users/create-first-admin";
import type { ServiceContext } from "./actor";
import { CLIENT_IP_HEADER } from "./next-auth";
import { resolveSession, type SessionActor, type SessionState } from "./session-token";

/** Where a user whom the policy obliges to use two-factor authentication sets it up before anything else. */
export const TWO_FACTOR_SETUP_PATH = "/two-factor";

async function currentSession(): Promise<SessionState | null> {
  const cookieStore = await cookies();
  const req = { cookies: Object.fromEntries(cookieStore.getAll().map((c) => [c.name, c.value])), headers: {} };
  // getToken verifies the JWT's signature and expiry; resolveSession adds revocation and the policy's time limits.
  const token = await getToken({ req: req as never, secret: getConfig().nextAuthSecret });
  return resolveSession(token);
}

/** For server components and server actions: the current user, or null. */
export async function getCurrentActor(): Promise<SessionActor | null> {
  const session = await currentSession();
  return session && !session.mustSetUpTwoFactor ? session.actor : null;
}

export type SessionContext = ServiceContext & { actor: SessionActor };

/**
 * The signed-in caller as a service context, or null. A session that still owes its two-factor set-up counts only
 * where `forTwoFactorSetup` says the caller is the set-up itself.
 */
export async function getSessionContext({ forTwoFactorSetup = false }: { forTwoFactorSetup?: boolean } = {}): Promise<SessionContext | null> {
  const session = await currentSession();
  if (!session || (session.mustSetUpTwoFactor && !forTwoFactorSetup)) return null;
  const h = await headers();
  return { actor: session.actor, via: "session", ip: h.get(CLIENT_IP_HEADER), requestId: randomUUID() };
}

/**
 * Pages call this first; it sends anonymous visitors to the login page (or to /setup before the first admin exists),
 * and someone who must set up two-factor authentication to that page, whatever they asked for.
 */
export async function requirePageContext(): Promise<SessionContext> {
  const session = await currentSession();
  if (!session) redirect(isSetupComplete(getDb()) ? "/login" : "/setup");
  if (session.mustSetUpTwoFactor) redirect(TWO_FACTOR_SETUP_PATH);
  const h = await headers();
  return { actor: session.actor, via: "session", ip: h.get(CLIENT_IP_HEADER), requestId: randomUUID() };
}

/** The two-factor set-up page: any signed-in session, including one the policy holds there. */
export async function requireSetupPageSession(): Promise<SessionState & { ctx: SessionContext }> {
  const session = await currentSession();
  if (!session) redirect("/login");
  const h = await headers();
  return { ...session, ctx: { actor: session.actor, via: "session", ip: h.get(CLIENT_IP_HEADER), requestId: randomUUID() } };
}
