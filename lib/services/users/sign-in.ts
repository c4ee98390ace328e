import { and, count, eq, gte, lt, max } from "drizzle-orm";
import type { DB, DbOrTx } from "@/db/client";
import { auditLog, loginFailures, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { dummyPasswordHash, verifyPassword } from "@/lib/auth/password";
import { recordSignIn, type SignInFailureReason, type SignInMethod } from "@/lib/services/audit/record-sign-in";
import { INVALID_CODE, INVALID_CREDENTIALS, PASSWORD_SIGN_IN_OFF, TWO_FACTOR_REQUIRED } from "@/lib/auth/sign-in-messages";
import { ForbiddenError, RateLimitedError, UnauthorizedError } from "@/lib/services/errors";
import { effectivePolicy } from "@/lib/services/security/policy";
import { findUserByEmail } from "./queries";
import { consumeSecondFactor } from "./two-factor/second-factor";
import { isTwoFactorEnabled } from "./two-factor/queries";
import { looksLikeTotpCode } from "./two-factor/totp";

/** Failed sign-ins older than this are forgotten. */
export const LOGIN_WINDOW_MS = 60 * 60 * 1000;
/** The wait after the first failure beyond the allowance; it doubles with every further failure… */
export const FIRST_DELAY_MS = 1000;
/** …up to this. */
export const MAX_DELAY_MS = 15 * 60 * 1000;
/** A successful sign-in from an address makes it a known address of that account for this long. */
export const KNOWN_ADDRESS_MS = 30 * 24 * 60 * 60 * 1000;
export { INVALID_CODE, INVALID_CREDENTIALS, PASSWORD_SIGN_IN_OFF, TWO_FACTOR_REQUIRED } from "@/lib/auth/sign-in-messages";

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

/** Everything a sign-in attempt is judged by, gathered at one place for the record (see `recordSignInAttempt`). */
export type SignInAttempt = {
  email: string;
  userId: number | null;
  ip: string | null;
  userAgent: string | null;
  /** How the person proved who they are (so far): the password alone, or with a second factor. */
  method: SignInMethod;
  at: number;
} & ({ outcome: "success" } | { outcome: "failure"; reason: SignInFailureReason });

/**
 * Failures that are guesses at a password or a code: they count towards the delays. (A disabled account's sign-in
 * counts too: it gets the same answer as a wrong password, so it must cost the same.)
 */
const GUESSES = new Set<SignInFailureReason>(["unknown_email", "wrong_password", "account_disabled", "invalid_code"]);

/**
 * Where every sign-in attempt ends, successful or not: the access audit records it (method, address, browser, and
 * the reason of a failure); a success also updates the account (its audit row makes the address a known one), and
 * guesses are counted for the delays.
 */
function recordSignInAttempt(db: DB, attempt: SignInAttempt, actor: Actor | null): void {
  db.transaction((tx) => {
    const { email, userId, ip, userAgent, method } = attempt;
    if (attempt.outcome === "success" && actor) {
      tx.update(users).set({ lastLoginAt: new Date(attempt.at) }).where(eq(users.id, actor.id)).run();
      // The address's failures stay: signing in to one's own account must not wipe the record of guessing at others.
      tx.delete(loginFailures).where(eq(loginFailures.key, accountKey(email))).run();
      recordSignIn({ db: tx, userId: actor.id, method, ip, userAgent, outcome: "success" });
    } else if (attempt.outcome === "failure") {
      if (GUESSES.has(attempt.reason)) countFailure(tx, attempt);
      recordSignIn({ db: tx, userId, email, method, ip, userAgent, outcome: "failure", reason: attempt.reason });
    }
  });
}

/** One more failure for the account and the address (rows older than the window go). */
function countFailure(tx: DbOrTx, { email, ip, at }: { email: string; ip: string | null; at: number }): void {
  tx.delete(loginFailures).where(lt(loginFailures.at, new Date(at - LOGIN_WINDOW_MS))).run();
  for (const key of [accountKey(email), ...(ip ? [addressKey(ip)] : [])]) tx.insert(loginFailures).values({ key, at: new Date(at) }).run();
}

/**
 * Refuses, before any password or code is checked, an attempt that must wait (see `signIn`). Also used by the other
 * places that check a password or a code of a signed-in user (turning two-factor off), so guessing there is slowed the
 * same way.
 */
export function assertNoSignInDelay(db: DbOrTx, { email, userId, ip, maxFailures, now }: { email: string; userId: number | null; ip: string | null; maxFailures: number; now: number }): void {
  const since = now - LOGIN_WINDOW_MS;
  const account = failuresSince(db, accountKey(email), since);
  const knownAddress = userId !== null && ip !== null && isKnownAddress(db, userId, ip, now);
  const accountWait = knownAddress ? 0 : throttleWaitMs(account, maxFailures, now);
  const addressWait = ip !== null && account.count > 0 ? throttleWaitMs(failuresSince(db, addressKey(ip), since), maxFailures, now) : 0;
  if (accountWait > 0 || addressWait > 0) {
    const why = accountWait >= addressWait ? "for this account" : "from your network address";
    throw new RateLimitedError(`Too many failed sign-ins ${why}. Try again in ${inWords(Math.max(accountWait, addressWait))}.`);
  }
}

/** Counts a wrong password or code outside sign-in (e.g. turning two-factor off) towards the account's delays. */
export function recordFailedCheck(db: DB, { email, ip, now }: { email: string; ip: string | null; now: number }): void {
  db.transaction((tx) => countFailure(tx, { email, ip, at: now }));
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
 *
 * Two-factor accounts: the password is checked first; without a code the answer is TWO_FACTOR_REQUIRED (the login form
 * then asks for one and sends the password again with it), and the session is only issued when both are right in the
 * same attempt. A wrong code counts exactly like a wrong password. When the security policy turns password sign-in
 * off, only its break-glass administrator may still use it.
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
  input: { email?: unknown; password?: unknown; code?: unknown };
  ip: string | null;
  userAgent?: string | null;
  maxFailures: number;
  now?: number;
}): Promise<Actor & { sessionVersion: number; method: SignInAttempt["method"] }> {
  const email = typeof input.email === "string" ? input.email.trim().toLowerCase() : "";
  const password = typeof input.password === "string" ? input.password : "";
  const code = typeof input.code === "string" ? input.code.trim() : "";
  const user = email ? findUserByEmail(db, { email }) : undefined;
  const attempt = { email, userId: user?.id ?? null, ip, userAgent, at: now };
  const fail = (reason: Extract<SignInAttempt, { outcome: "failure" }>["reason"], method: SignInAttempt["method"], error: Error): never => {
    recordSignInAttempt(db, { ...attempt, outcome: "failure", reason, method }, null);
    throw error;
  };

  try {
    assertNoSignInDelay(db, { email, userId: user?.id ?? null, ip, maxFailures, now });
  } catch (error) {
    return fail("throttled", "password", error as Error);
  }
  const { signIn: methods } = effectivePolicy(db);
  const breakGlass = user !== undefined && user.id === methods.breakGlassUserId && user.role === "admin";
  // Refused before the password is checked, for known and unknown emails alike, so it reveals nothing about either.
  if (!methods.password && !breakGlass) return fail("password_sign_in_off", "password", new ForbiddenError(PASSWORD_SIGN_IN_OFF));

  const passwordOk = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !passwordOk || user.disabled) {
    return fail(!user ? "unknown_email" : !passwordOk ? "wrong_password" : "account_disabled", "password", new UnauthorizedError(INVALID_CREDENTIALS));
  }

  let method: SignInAttempt["method"] = "password";
  if (isTwoFactorEnabled(db, user.id)) {
    if (!code) throw new UnauthorizedError(TWO_FACTOR_REQUIRED);
    method = looksLikeTotpCode(code) ? "password+totp" : "password+recovery_code";
    if (!(await consumeSecondFactor(db, user.id, code, now))) return fail("invalid_code", method, new UnauthorizedError(INVALID_CODE));
  }
  const actor: Actor = { id: user.id, email: user.email, name: user.name, role: user.role };
  recordSignInAttempt(db, { ...attempt, outcome: "success", method }, actor);
  return { ...actor, sessionVersion: user.sessionVersion, method };
}

/** Forgets the failed sign-ins of an account and/or an address (the operator's way back in); returns how many. */
export function clearSignInFailures(db: DbOrTx, { email, ip }: { email?: string; ip?: string }): number {
  let cleared = 0;
  if (email) cleared += db.delete(loginFailures).where(eq(loginFailures.key, accountKey(email.trim().toLowerCase()))).run().changes;
  if (ip) cleared += db.delete(loginFailures).where(eq(loginFailures.key, addressKey(ip.trim()))).run().changes;
  return cleared;
}
