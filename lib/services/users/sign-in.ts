import { and, count, eq, gte, lt } from "drizzle-orm";
import type { DB } from "@/db/client";
import { loginFailures, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { dummyPasswordHash, verifyPassword } from "@/lib/auth/password";
import { writeAudit } from "@/lib/services/audit";
import { RateLimitedError, UnauthorizedError } from "@/lib/services/errors";
import { findUserByEmail } from "./queries";

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** The one message for every wrong email/password combination, so it never reveals whether an account exists. */
export const INVALID_CREDENTIALS = "Invalid email or password";

function failuresSince(db: DB, key: string, since: number): number {
  return db
    .select({ n: count() })
    .from(loginFailures)
    .where(and(eq(loginFailures.key, key), gte(loginFailures.at, new Date(since))))
    .get()?.n ?? 0;
}

/**
 * Verifies credentials with rate limiting per account and per IP (maxFailures within 15 minutes). Failed attempts
 * for unknown emails count too, and the password is checked against a dummy hash, so neither the message nor the
 * timing reveals which emails exist.
 */
export async function signIn({
  db,
  input,
  ip,
  maxFailures,
  now = Date.now(),
}: {
  db: DB;
  input: { email?: unknown; password?: unknown };
  ip: string | null;
  maxFailures: number;
  now?: number;
}): Promise<Actor & { sessionVersion: number }> {
  const email = typeof input.email === "string" ? input.email.trim().toLowerCase() : "";
  const password = typeof input.password === "string" ? input.password : "";
  const keys = [`email:${email}`, ...(ip ? [`ip:${ip}`] : [])];
  const since = now - LOGIN_WINDOW_MS;
  if (keys.some((key) => failuresSince(db, key, since) >= maxFailures)) {
    throw new RateLimitedError("Too many failed sign-in attempts. Wait 15 minutes and try again.");
  }
  const user = email ? findUserByEmail(db, { email }) : undefined;
  const passwordOk = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !passwordOk || user.disabled) {
    db.transaction((tx) => {
      tx.delete(loginFailures).where(lt(loginFailures.at, new Date(since))).run();
      for (const key of keys) tx.insert(loginFailures).values({ key, at: new Date(now) }).run();
    });
    throw new UnauthorizedError(INVALID_CREDENTIALS);
  }
  const actor: Actor = { id: user.id, email: user.email, name: user.name, role: user.role };
  db.transaction((tx) => {
    tx.update(users).set({ lastLoginAt: new Date(now) }).where(eq(users.id, user.id)).run();
    tx.delete(loginFailures).where(eq(loginFailures.key, `email:${email}`)).run();
    writeAudit(tx, { actor, via: "session", ip }, { action: "user.sign_in", targetType: "user", targetId: user.id });
  });
  return { ...actor, sessionVersion: user.sessionVersion };
}
