import { randomUUID } from "node:crypto";
import { getToken } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { getConfig } from "@/lib/config";
import { isSetupComplete } from "@/lib/services/users/create-first-admin";
import type { ServiceContext } from "./actor";
import { CLIENT_IP_HEADER } from "./next-auth";
import { actorFromToken, type SessionActor } from "./session-token";

/** For server components and server actions: the current user, or null. */
export async function getCurrentActor(): Promise<SessionActor | null> {
  const cookieStore = await cookies();
  const req = { cookies: Object.fromEntries(cookieStore.getAll().map((c) => [c.name, c.value])), headers: {} };
  // getToken verifies the JWT's signature and expiry; actorFromToken adds revocation.
  const token = await getToken({ req: req as never, secret: getConfig().nextAuthSecret });
  return actorFromToken(token);
}

export type SessionContext = ServiceContext & { actor: SessionActor };

export async function getSessionContext(): Promise<SessionContext | null> {
  const actor = await getCurrentActor();
  if (!actor) return null;
  const h = await headers();
  return { actor, via: "session", ip: h.get(CLIENT_IP_HEADER), requestId: randomUUID() };
}

/** Pages call this first; it sends anonymous visitors to the login page (or to /setup before the first admin exists). */
export async function requirePageContext(): Promise<SessionContext> {
  const ctx = await getSessionContext();
  if (!ctx) redirect(isSetupComplete(getDb()) ? "/login" : "/setup");
  return ctx;
}
