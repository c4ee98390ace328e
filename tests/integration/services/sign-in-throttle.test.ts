import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { DB } from "@/db/client";
import { auditLog } from "@/db/schema";
import { ForbiddenError, RateLimitedError, UnauthorizedError } from "@/lib/services/errors";
import { createFirstAdmin } from "@/lib/services/users/create-first-admin";
import { createUser } from "@/lib/services/users/create-user";
import { LOGIN_WINDOW_MS, MAX_DELAY_MS, signIn, throttleWaitMs } from "@/lib/services/users/sign-in";
import { unlockSignIn } from "@/lib/services/users/unlock-sign-in";
import { ctxFor, insertUser, freshDb } from "../../helpers/db";

const MAX_FAILURES = 3;
const ADMIN = { email: "ada@x.org", password: "password-1" };
const BOB = { email: "bob@x.org", password: "password-2" };

async function setup(): Promise<DB> {
  const db = freshDb();
  await createFirstAdmin({ db, ctx: ctxFor(null), input: { ...ADMIN, name: "Ada" } });
  await createUser({ db, ctx: { actor: null, via: "cli" }, input: { ...BOB, name: "Bob", role: "member" } });
  return db;
}

const attempt = (db: DB, who: { email: string; password: string }, ip: string | null, now: number) =>
  signIn({ db, input: who, ip, maxFailures: MAX_FAILURES, now }).then(
    () => "signed in",
    (error: Error) => (error instanceof RateLimitedError ? `wait: ${error.message}` : error instanceof UnauthorizedError ? "wrong" : Promise.reject(error)),
  );

/** Guesses `times` wrong passwords for an account from an address, each as soon as it is allowed; returns the time after. */
async function guess(db: DB, email: string, ip: string, times: number, from: number): Promise<number> {
  let now = from;
  for (let i = 0; i < times; i++) {
    let result = await attempt(db, { email, password: `guess-${i}` }, ip, now);
    while (result.startsWith("wait")) {
      now += 1000;
      result = await attempt(db, { email, password: `guess-${i}` }, ip, now);
    }
    expect(result).toBe("wrong");
  }
  return now;
}

describe("sign-in throttling: growing delays, never a block shared by everyone behind one address", () => {
  it("a user behind the same address as someone guessing other accounts signs in at the first try", async () => {
    const db = await setup();
    const t0 = Date.now();
    for (let i = 0; i < 20; i++) await guess(db, `victim${i}@x.org`, "6.6.6.6", 1, t0);
    expect(await attempt(db, BOB, "6.6.6.6", t0)).toBe("signed in");
    expect(await attempt(db, ADMIN, "6.6.6.6", t0)).toBe("signed in");
  });

  it("but from that address an account with failures of its own waits, elsewhere it does not", async () => {
    const db = await setup();
    const t0 = Date.now();
    for (let i = 0; i < 5; i++) await guess(db, `victim${i}@x.org`, "6.6.6.6", 1, t0);
    expect(await attempt(db, { ...BOB, password: "typo" }, "6.6.6.6", t0)).toBe("wrong");
    expect(await attempt(db, BOB, "6.6.6.6", t0)).toMatch(/^wait: Too many failed sign-ins from your network address\. Try again in 8 seconds\.$/);
    expect(await attempt(db, BOB, "10.0.0.5", t0)).toBe("signed in");
  });

  it("per account: nothing for the allowance, then 1 s, 2 s, 4 s … doubling up to 15 minutes; early attempts are refused uncounted", async () => {
    const db = await setup();
    const t0 = Date.now();
    for (let i = 0; i < MAX_FAILURES; i++) expect(await attempt(db, { ...BOB, password: "bad" }, `10.0.1.${i}`, t0)).toBe("wrong");
    // Even the right password waits, from any unknown address.
    expect(await attempt(db, BOB, "10.0.2.1", t0)).toBe("wait: Too many failed sign-ins for this account. Try again in 1 second.");
    expect(await attempt(db, { ...BOB, password: "bad" }, "10.0.2.1", t0 + 1000)).toBe("wrong");
    expect(await attempt(db, BOB, "10.0.2.2", t0 + 2999)).toMatch(/^wait: .* Try again in 1 second\.$/);
    expect(await attempt(db, { ...BOB, password: "bad" }, "10.0.2.2", t0 + 3000)).toBe("wrong");
    expect(await attempt(db, BOB, "10.0.2.3", t0 + 3000)).toMatch(/Try again in 4 seconds\.$/);
    expect(await attempt(db, BOB, "10.0.2.3", t0 + 7000)).toBe("signed in");

    expect([0, 1, 2, 3, 9, 10, 11, 30].map((extra) => throttleWaitMs({ count: MAX_FAILURES + extra, last: t0 }, MAX_FAILURES, t0))).toEqual([
      1000, 2000, 4000, 8000, 512_000, MAX_DELAY_MS, MAX_DELAY_MS, MAX_DELAY_MS,
    ]);
    expect(throttleWaitMs({ count: MAX_FAILURES - 1, last: t0 }, MAX_FAILURES, t0)).toBe(0);
  });

  it("someone guessing the admin's password from elsewhere cannot lock the admin out of an address they signed in from", async () => {
    const db = await setup();
    const t0 = Date.now();
    expect(await attempt(db, ADMIN, "192.0.2.10", t0)).toBe("signed in");
    const t1 = await guess(db, ADMIN.email, "6.6.6.6", 15, t0);
    expect(await attempt(db, ADMIN, "6.6.6.6", t1)).toMatch(/^wait: Too many failed sign-ins for this account/);
    expect(await attempt(db, ADMIN, "192.0.2.99", t1)).toMatch(/^wait: Too many failed sign-ins for this account/);
    expect(await attempt(db, ADMIN, "192.0.2.10", t1)).toBe("signed in");
  });

  it("failures are forgotten after an hour", async () => {
    const db = await setup();
    const t0 = Date.now();
    const t1 = await guess(db, BOB.email, "6.6.6.6", 12, t0);
    expect(await attempt(db, BOB, "10.0.0.1", t1)).toMatch(/^wait: .* Try again in \d+ minutes?\.$/);
    expect(await attempt(db, BOB, "10.0.0.1", t1 + LOGIN_WINDOW_MS + 1)).toBe("signed in");
  });

  it("unlock (the operator's way in) forgets an account's or an address's failures, audited; only admins and the CLI may", async () => {
    const db = await setup();
    const t0 = Date.now();
    const t1 = await guess(db, ADMIN.email, "6.6.6.6", 10, t0);
    expect(await attempt(db, ADMIN, "10.0.0.1", t1)).toMatch(/^wait/);
    const member = insertUser(db, "member");
    expect(() => unlockSignIn({ db, ctx: ctxFor(member), input: { email: ADMIN.email } })).toThrow(ForbiddenError);
    expect(() => unlockSignIn({ db, ctx: { actor: null, via: "cli" }, input: {} })).toThrow("Give an email, an address or both");
    expect(() => unlockSignIn({ db, ctx: { actor: null, via: "cli" }, input: { address: "6.6.6" } })).toThrow("Address must be an IPv4 or IPv6 address");

    expect(unlockSignIn({ db, ctx: { actor: null, via: "cli" }, input: { email: " ADA@x.org " } })).toEqual({ cleared: 10 });
    expect(await attempt(db, ADMIN, "10.0.0.1", t1)).toBe("signed in");
    expect(db.select().from(auditLog).where(eq(auditLog.action, "user.unlock_sign_in")).get()).toMatchObject({
      actorLabel: "system (CLI)",
      detail: { email: ADMIN.email, address: null, cleared: 10 },
    });

    for (let i = 0; i < 6; i++) await guess(db, `victim${i}@x.org`, "6.6.6.6", 1, t1);
    expect(await attempt(db, { ...BOB, password: "typo" }, "6.6.6.6", t1)).toBe("wrong");
    expect(await attempt(db, BOB, "6.6.6.6", t1)).toMatch(/^wait: .* network address/);
    expect(unlockSignIn({ db, ctx: { actor: null, via: "cli" }, input: { address: "6.6.6.6" } }).cleared).toBeGreaterThanOrEqual(7);
    expect(await attempt(db, BOB, "6.6.6.6", t1)).toBe("signed in");
  });
});
