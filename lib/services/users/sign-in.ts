import { and, count, eq, gte, lt, max } from "drizzle-orm";
import type { DB, DbOrTx } from "@/db/client";
import { auditLog, loginFailures, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { dummyPasswordHash, verifyPassword } from "@/lib/auth/password";
import { recordSignIn } from "@/lib/services/audit/record-sign-in";
import { RateLimitedError, UnauthorizedError } from "@/lib/services/errors";
import { findUserByEmail } from "./queries";

/** Failed sign-ins older than this are forgotten. */
export const LOGIN_WINDOW_MS = 60 * 60 * 1000;
/** The wait after the first failure beyond the allowance; it doubles with every further failure… */
export const FIRST_DELAY_MS = 1000;
/** …up to this. */
export const MAX_DELAY_MS = 15 * 60 * 1000;
/** A successful sign-in from an address makes it a known address of that account for this long. */
export const KNOWN_ADDRESS_MS = 30 * 24 * 60 * 60 * 1000;
/** The one message for every wrong email/password combination, so it never reveals whether an account exists. */
export const INVALID_CREDENTIALS = "Invalid email or password";

const accountKey = (email: string) => `email:${email}`;
const addressKey = (ip: string) => `ip:${ip}`;

type Failures = { count: number; last: number | null };

function failuresSince(db: DbOrTx, key: string, since: number): Failures {
  const row = db
    .select({ n: count(), last: max(loginFailures.at) })
    .from(loginFailures)
    .where(and(eq(loginFailures.key, key), gte(loginFailures.at, new Date(since))))
    .get();
  return { count: row?.n ?? 0, last: row?.last ? row.last.getTime() : null };
}

/**
 * How long (ms from `now`) the next attempt must wait: nothing for the first `maxFailures` failures, then 1 s, 2 s,
 * 4 s … doubling per failure up to 15 minutes, counted from the latest failure.
 */
export function throttleWaitMs(failures: Failures, maxFailures: number, now: number): number {
  if (failures.count < maxFailures || failures.last === null) return 0;
  const delay = Math.min(FIRST_DELAY_MS * 2 ** (failures.count - maxFailures), MAX_DELAY_MS);
  return Math.max(0, failures.last + delay - now);
}

/**
 * Whether the account signed in from this address recently. The audit log is the record of successful sign-ins (with
 * their address), so it answers this without a table of its own.
 */
function isKnownAddress(db: DbOrTx, userId: number, ip: string, now: number): boolean {
  const row = db
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.targetType, "user"),
        eq(auditLog.targetId, String(userId)),
        eq(auditLog.action, "user.sign_in"),
        eq(auditLog.ip, ip),
        gte(auditLog.at, new Date(now - KNOWN_ADDRESS_MS)),
      ),
    )
    .limit(1)
    .get();
  return row !== undefined;
}

function inWords(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/**
 * Verifies credentials, slowing down guessing with growing delays rather than hard blocks:
 *
 * - per account: after `maxFailures` failed sign-ins within an hour, each further attempt waits 1 s, 2 s, 4 s … up
 *   to 15 minutes after the latest failure — except from an address this account signed in from in the last 30 days,
 *   so someone guessing an account's password from elsewhere cannot lock its owner out;
 * - per address: the same delays count the failures from one address over all accounts, but only for an account that
 *   has failed sign-ins of its own. A user behind the same NAT or proxy as an attacker, whose account nobody is
 *   guessing, signs in at the first try.
 *
 * An attempt that must wait is refused before the password is checked and is not counted. Failed attempts for unknown
 * emails count too, and the password is checked against a dummy hash, so neither the message nor the timing reveals
 * which emails exist. The operator CLI's `unlock` (and `reset-password`) clears an account's or an address's failures.
 */
export async function signIn({
  db,
  input,
  ip,
  userAgent = null,
  maxFailures,
  now = Date.now(),
}: {
  db: DB;
  input: { email?: unknown; password?: unknown };
  ip: string | null;
  userAgent?: string | null;
  maxFailures: number;
  now?: number;
}): Promise<Actor & { sessionVersion: number }> {
  const email = typeof input.email === "string" ? input.email.trim().toLowerCase() : "";
  const password = typeof input.password === "string" ? input.password : "";
  const since = now - LOGIN_WINDOW_MS;
  const user = email ? findUserByEmail(db, { email }) : undefined;

  const account = failuresSince(db, accountKey(email), since);
  const knownAddress = user !== undefined && ip !== null && isKnownAddress(db, user.id, ip, now);
  const accountWait = knownAddress ? 0 : throttleWaitMs(account, maxFailures, now);
  const addressWait = ip !== null && account.count > 0 ? throttleWaitMs(failuresSince(db, addressKey(ip), since), maxFailures, now) : 0;
  if (accountWait > 0 || addressWait > 0) {
    recordSignIn({ db, userId: user?.id, email, method: "password", ip, userAgent, outcome: "failure", reason: "throttled" });
    const why = accountWait >= addressWait ? "for this account" : "from your network address";
    throw new RateLimitedError(`Too many failed sign-ins ${why}. Try again in ${inWords(Math.max(accountWait, addressWait))}.`);
  }

  const passwordOk = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !passwordOk || user.disabled) {
    db.transaction((tx) => {
      tx.delete(loginFailures).where(lt(loginFailures.at, new Date(since))).run();
      for (const key of [accountKey(email), ...(ip ? [addressKey(ip)] : [])]) tx.insert(loginFailures).values({ key, at: new Date(now) }).run();
      const reason = !user ? "unknown_email" : !passwordOk ? "wrong_password" : "account_disabled";
      recordSignIn({ db: tx, userId: user?.id, email, method: "password", ip, userAgent, outcome: "failure", reason });
    });
    throw new UnauthorizedError(INVALID_CREDENTIALS);
  }
  const actor: Actor = { id: user.id, email: user.email, name: user.name, role: user.role };
  db.transaction((tx) => {
    tx.update(users).set({ lastLoginAt: new Date(now) }).where(eq(users.id, user.id)).run();
    // The address's failures stay: signing in to one's own account must not wipe the record of guessing at others.
    tx.delete(loginFailures).where(eq(loginFailures.key, accountKey(email))).run();
    recordSignIn({ db: tx, userId: user.id, method: "password", ip, userAgent, outcome: "success" });
  });
  return { ...actor, sessionVersion: user.sessionVersion };
}

/** Forgets the failed sign-ins of an account and/or an address (the operator's way back in); returns how many. */
export function clearSignInFailures(db: DbOrTx, { email, ip }: { email?: string; ip?: string }): number {
  let cleared = 0;
  if (email) cleared += db.delete(loginFailures).where(eq(loginFailures.key, accountKey(email.trim().toLowerCase()))).run().changes;
  if (ip) cleared += db.delete(loginFailures).where(eq(loginFailures.key, addressKey(ip.trim()))).run().changes;
  return cleared;
}
