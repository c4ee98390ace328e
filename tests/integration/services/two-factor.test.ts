import { eq } from "drizzle-orm";
import { generate } from "otplib";
import { describe, expect, it } from "vitest";
import type { DB } from "@/db/client";
import { auditLog, recoveryCodes, users, userTwoFactor } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { hashPassword } from "@/lib/auth/password";
import { resolveSession } from "@/lib/auth/session-token";
import { ForbiddenError, RateLimitedError } from "@/lib/services/errors";
import { updateSecurityPolicy } from "@/lib/services/security/update-security-policy";
import { INVALID_CODE, INVALID_CREDENTIALS, signIn, TWO_FACTOR_REQUIRED } from "@/lib/services/users/sign-in";
import { disableTwoFactor, regenerateRecoveryCodes } from "@/lib/services/users/two-factor/change-two-factor";
import { confirmTwoFactorEnrolment, startTwoFactorEnrolment } from "@/lib/services/users/two-factor/enrol-two-factor";
import { twoFactorStatus } from "@/lib/services/users/two-factor/queries";
import { resetTwoFactor } from "@/lib/services/users/two-factor/reset-two-factor";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";
import { tempDir } from "../../helpers/standin";

process.env.DATA_DIR ??= tempDir("two-factor-");

const PASSWORD = "two-factor-password-1";
const T0 = Date.parse("2026-12-01T12:00:00Z");
/** The code an authenticator app shows at `ms`. */
const codeAt = (secret: string, ms: number) => generate({ secret, epoch: Math.floor(ms / 1000) });

async function userWithPassword(db: DB, role: Actor["role"] = "member"): Promise<Actor> {
  const actor = insertUser(db, role);
  db.update(users).set({ passwordHash: await hashPassword(PASSWORD) }).where(eq(users.id, actor.id)).run();
  return actor;
}

/** Enrols `actor` at T0 and returns the secret and the recovery codes. */
async function enrol(db: DB, actor: Actor): Promise<{ secret: string; codes: string[] }> {
  const { secret } = await startTwoFactorEnrolment({ db, ctx: ctxFor(actor) });
  const { recoveryCodes: codes } = await confirmTwoFactorEnrolment({ db, ctx: ctxFor(actor), input: { code: await codeAt(secret, T0) }, now: T0 });
  return { secret, codes };
}

const attempt = (db: DB, actor: Actor, code: string | undefined, now: number, { password = PASSWORD, maxFailures = 5, ip = "192.0.2.10" } = {}) =>
  signIn({ db, input: { email: actor.email, password, code }, ip, userAgent: "vitest", maxFailures, now }).then(
    (user) => user.method as string,
    (error: Error) => error.message,
  );

describe("two-factor enrolment", () => {
  it("shows a QR code and the secret, turns on only after a correct code, and gives ten one-time recovery codes stored hashed", async () => {
    const db = freshDb();
    const ada = await userWithPassword(db);
    const enrolment = await startTwoFactorEnrolment({ db, ctx: ctxFor(ada) });
    expect(enrolment.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(enrolment.uri).toContain(`secret=${enrolment.secret}`);
    expect(Buffer.from(enrolment.qrCode.replace("data:image/svg+xml;base64,", ""), "base64").toString()).toMatch(/^<svg/);
    // Sealed at rest, and not on until confirmed.
    const stored = db.select().from(userTwoFactor).get()!;
    expect(stored.secretSealed).not.toContain(enrolment.secret);
    expect(stored.enabledAt).toBeNull();
    expect(twoFactorStatus(db, ada.id).enabled).toBe(false);
    expect(await attempt(db, ada, undefined, T0)).toBe("password");

    await expect(confirmTwoFactorEnrolment({ db, ctx: ctxFor(ada), input: { code: "000000" }, now: T0 })).rejects.toThrow(/That code is not right/);
    const { recoveryCodes: codes } = await confirmTwoFactorEnrolment({ db, ctx: ctxFor(ada), input: { code: await codeAt(enrolment.secret, T0) }, now: T0 });
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
    const hashes = db.select().from(recoveryCodes).all();
    expect(hashes).toHaveLength(10);
    expect(JSON.stringify(hashes)).not.toContain(codes[0]);
    expect(twoFactorStatus(db, ada.id)).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    expect(db.select().from(auditLog).where(eq(auditLog.action, "user.two_factor_enable")).all()).toHaveLength(1);
    await expect(startTwoFactorEnrolment({ db, ctx: ctxFor(ada) })).rejects.toThrow(/already on/);
  });
});

describe("signing in with two factors", () => {
  it("the password alone asks for a code; the session is issued only with password and code; a code works once", async () => {
    const db = freshDb();
    const ada = await userWithPassword(db);
    const { secret } = await enrol(db, ada);
    const later = T0 + 5 * 60_000;
    expect(await attempt(db, ada, undefined, later)).toBe(TWO_FACTOR_REQUIRED);
    expect(await attempt(db, ada, await codeAt(secret, later), later, { password: "wrong-password" })).toBe(INVALID_CREDENTIALS);
    expect(await attempt(db, ada, "123456", later)).toBe(INVALID_CODE);
    const code = await codeAt(secret, later);
    expect(await attempt(db, ada, code, later)).toBe("password+totp");
    // The same code again (someone watching) is refused, as is one from before it.
    expect(await attempt(db, ada, code, later + 1000)).toBe(INVALID_CODE);
    expect(await attempt(db, ada, await codeAt(secret, later - 30_000), later + 1000)).toBe(INVALID_CODE);
    // The next period's code works; one from two periods ago does not (clock drift of one step is allowed).
    expect(await attempt(db, ada, await codeAt(secret, later + 30_000), later + 30_000)).toBe("password+totp");
    expect(await attempt(db, ada, await codeAt(secret, later), later + 120_000)).toBe(INVALID_CODE);
    const signIns = db.select().from(auditLog).where(eq(auditLog.action, "user.sign_in")).all();
    expect(signIns.map((row) => row.detail)).toEqual([
      { method: "password+totp", userAgent: "vitest" },
      { method: "password+totp", userAgent: "vitest" },
    ]);
  });

  it("a recovery code signs in once (any case, with or without dashes)", async () => {
    const db = freshDb();
    const ada = await userWithPassword(db);
    const { codes } = await enrol(db, ada);
    const later = T0 + 60_000;
    expect(await attempt(db, ada, codes[3].toUpperCase().replace(/-/g, " "), later)).toBe("password+recovery_code");
    expect(await attempt(db, ada, codes[3], later)).toBe(INVALID_CODE);
    expect(await attempt(db, ada, "aaaa-bbbb-cccc-dddd", later)).toBe(INVALID_CODE);
    expect(twoFactorStatus(db, ada.id).recoveryCodesLeft).toBe(9);
  });

  it("wrong codes count towards the sign-in delays like wrong passwords", async () => {
    const db = freshDb();
    const ada = await userWithPassword(db);
    const { secret } = await enrol(db, ada);
    const later = T0 + 60_000;
    for (let i = 0; i < 2; i++) expect(await attempt(db, ada, "111111", later + i, { maxFailures: 2 })).toBe(INVALID_CODE);
    // Two wrong codes with maxFailures 2: now even the right code must wait; the delay is checked before anything else.
    const refused = await signIn({ db, input: { email: ada.email, password: PASSWORD, code: await codeAt(secret, later + 3) }, ip: "192.0.2.10", maxFailures: 2, now: later + 3 }).catch((e) => e);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect(await attempt(db, ada, await codeAt(secret, later + 60_000), later + 60_000, { maxFailures: 2 })).toBe("password+totp");
  });
});

describe("turning two-factor off, new recovery codes, admin reset", () => {
  it("turning it off needs a current code or the password; wrong ones count towards the delays", async () => {
    const db = freshDb();
    const ada = await userWithPassword(db);
    const { secret } = await enrol(db, ada);
    const ctx = ctxFor(ada);
    await expect(disableTwoFactor({ db, ctx, input: {} })).rejects.toThrow(/current code from your app, or your password/);
    await expect(disableTwoFactor({ db, ctx, input: { password: "not-it" } })).rejects.toThrow(/password is wrong/);
    await expect(disableTwoFactor({ db, ctx, input: { code: "000000" }, now: T0 + 60_000 })).rejects.toThrow(/code is not right/);
    expect(twoFactorStatus(db, ada.id).enabled).toBe(true);
    expect(db.$client.prepare("SELECT count(*) AS n FROM login_failures WHERE key = ?").get(`email:${ada.email}`)).toEqual({ n: 2 });
    await disableTwoFactor({ db, ctx, input: { code: await codeAt(secret, T0 + 60_000) }, now: T0 + 60_000 });
    expect(twoFactorStatus(db, ada.id).enabled).toBe(false);
    expect(db.select().from(recoveryCodes).all()).toEqual([]);
    expect(await attempt(db, ada, undefined, T0 + 120_000)).toBe("password");

    const again = await enrol(db, ada);
    await disableTwoFactor({ db, ctx, input: { password: PASSWORD } });
    expect(twoFactorStatus(db, ada.id).enabled).toBe(false);
    expect(again.codes).toHaveLength(10);
  });

  it("new recovery codes replace the old ones (with a current code)", async () => {
    const db = freshDb();
    const ada = await userWithPassword(db);
    const { secret, codes } = await enrol(db, ada);
    const { recoveryCodes: fresh } = await regenerateRecoveryCodes({ db, ctx: ctxFor(ada), input: { code: await codeAt(secret, T0 + 60_000) }, now: T0 + 60_000 });
    expect(fresh).toHaveLength(10);
    expect(await attempt(db, ada, codes[0], T0 + 120_000)).toBe(INVALID_CODE);
    expect(await attempt(db, ada, fresh[0], T0 + 120_000)).toBe("password+recovery_code");
  });

  it("an admin resets someone's two-factor (audited, their sessions end); members cannot", async () => {
    const db = freshDb();
    const admin = insertUser(db, "admin");
    const ada = await userWithPassword(db);
    await enrol(db, ada);
    const before = db.select({ sv: users.sessionVersion }).from(users).where(eq(users.id, ada.id)).get()!.sv;
    expect(() => resetTwoFactor({ db, ctx: ctxFor(insertUser(db, "member")), input: { userId: ada.id } })).toThrow(ForbiddenError);
    resetTwoFactor({ db, ctx: ctxFor(admin), input: { userId: ada.id } });
    expect(twoFactorStatus(db, ada.id).enabled).toBe(false);
    expect(db.select({ sv: users.sessionVersion }).from(users).where(eq(users.id, ada.id)).get()!.sv).toBe(before + 1);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "user.two_factor_reset")).get()).toMatchObject({ actorId: admin.id, targetId: String(ada.id) });
    expect(() => resetTwoFactor({ db, ctx: ctxFor(admin), input: { userId: ada.id } })).toThrow(/no two-factor authentication to reset/);
  });
});

describe("security policy: requiring two-factor", () => {
  it("holds admins (or everyone) without it on the set-up page until they enrol", async () => {
    const db = freshDb();
    const admin = insertUser(db, "admin");
    const member = await userWithPassword(db);
    const session = (actor: Actor) => resolveSession({ sub: String(actor.id), sv: 1, authAt: Date.now(), seen: Date.now() }, { db });
    expect(session(admin)?.mustSetUpTwoFactor).toBe(false);

    updateSecurityPolicy({ db, ctx: ctxFor(admin), input: { twoFactor: { required: "admins" } } });
    expect(session(admin)?.mustSetUpTwoFactor).toBe(true);
    expect(session(member)?.mustSetUpTwoFactor).toBe(false);

    updateSecurityPolicy({ db, ctx: ctxFor(admin), input: { twoFactor: { required: "everyone" } } });
    expect(session(member)?.mustSetUpTwoFactor).toBe(true);
    await enrol(db, member);
    expect(session(member)?.mustSetUpTwoFactor).toBe(false);
    expect(() => updateSecurityPolicy({ db, ctx: ctxFor(admin), input: { twoFactor: { required: "sometimes" } } })).toThrow(/off, admins or everyone/);
  });
});
