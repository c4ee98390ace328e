import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { DB } from "@/db/client";
import { auditLog, ssoIdentities, users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { updateSecurityPolicy } from "@/lib/services/security/update-security-policy";
import { signIn } from "@/lib/services/users/sign-in";
import { signInWithSso, SsoSignInRefused } from "@/lib/services/users/sso/sign-in-with-sso";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";
import { tempDir } from "../../helpers/standin";

process.env.DATA_DIR = tempDir("sso-sign-in-");

const ISSUER = "https://login.example.org/realms/lab";
const claims = (sub: string, email: string, extra: Record<string, unknown> = {}) => ({ iss: ISSUER, sub, email, email_verified: true, name: `Person ${sub}`, ...extra });
const sso = (db: DB, rawClaims: unknown) => signInWithSso({ db, claims: rawClaims, ip: "198.51.100.7", userAgent: "test" });
const refusal = (db: DB, rawClaims: unknown) => sso(db, rawClaims).then(() => null, (error: unknown) => (error instanceof SsoSignInRefused ? error.reason : error));

const allUsers = (db: DB) => db.select().from(users).all();
const identities = (db: DB) => db.select().from(ssoIdentities).all();
const lastEntry = (db: DB, action: string) => db.select().from(auditLog).where(eq(auditLog.action, action)).all().at(-1);

describe("single sign-on: provisioning and matching", () => {
  it("provisions a person once, with the policy's role and no usable password, and finds them by (issuer, subject) after", async () => {
    const db = freshDb();
    const admin = insertUser(db, "admin");
    updateSecurityPolicy({ db, ctx: ctxFor(admin), input: { sso: { defaultRole: "member" } } });
    const first = await sso(db, claims("u-1", "Ann@Example.org", { name: undefined, preferred_username: "ann.k" }));
    expect(first).toMatchObject({ email: "ann@example.org", name: "ann.k", role: "member" });
    expect(identities(db)).toEqual([expect.objectContaining({ userId: first.id, issuer: ISSUER, subject: "u-1", email: "ann@example.org" })]);
    expect(lastEntry(db, "user.create")?.detail).toMatchObject({ via: "single sign-on", role: "member", issuer: ISSUER });
    expect(lastEntry(db, "user.sign_in")?.detail).toMatchObject({ method: "oidc" });

    // No password works for the account: it has a random one nobody knows.
    await expect(signIn({ db, input: { email: "ann@example.org", password: "" }, ip: null, maxFailures: 5 })).rejects.toThrow(/Invalid email or password/);

    const again = await sso(db, claims("u-1", "ann.new@example.org"));
    expect(again.id).toBe(first.id);
    expect(allUsers(db)).toHaveLength(2);
    // Another subject with the first one's old e-mail is someone else: that e-mail is taken by an SSO-made account,
    // which is not linked to a second identity (linking existing accounts is off).
    expect(await refusal(db, claims("u-2", "ann@example.org"))).toBe("sso_account_not_linked");
  });

  it("refuses a missing or unverified e-mail for a new identity, changing nothing but the audit", async () => {
    const db = freshDb();
    expect(await refusal(db, claims("u-3", "", {}))).toBe("sso_email_missing");
    expect(await refusal(db, { iss: ISSUER, sub: "u-3" })).toBe("sso_email_missing");
    expect(await refusal(db, claims("u-3", "eve@example.org", { email_verified: false }))).toBe("sso_email_unverified");
    expect(await refusal(db, claims("u-3", "eve@example.org", { email_verified: undefined }))).toBe("sso_email_unverified");
    expect(allUsers(db)).toEqual([]);
    expect(identities(db)).toEqual([]);
    expect(lastEntry(db, "user.sign_in_failed")).toMatchObject({ actorLabel: "eve@example.org", ip: "198.51.100.7" });
    expect(lastEntry(db, "user.sign_in_failed")?.detail).toMatchObject({ method: "oidc", reason: "sso_email_unverified" });
    // Some providers (Cognito) send the flag as a string.
    await expect(sso(db, claims("u-3", "eve@example.org", { email_verified: "true" }))).resolves.toMatchObject({ email: "eve@example.org", role: "viewer" });
  });

  it("links to an existing password account only when the policy allows it, and never to a disabled one", async () => {
    const db = freshDb();
    const admin = insertUser(db, "admin");
    const member = insertUser(db, "member", "kim@example.org");
    db.update(users).set({ passwordHash: await hashPassword("kims-password-1") }).where(eq(users.id, member.id)).run();

    expect(await refusal(db, claims("kim", "kim@example.org"))).toBe("sso_account_not_linked");
    expect(identities(db)).toEqual([]);
    expect(lastEntry(db, "user.sign_in_failed")).toMatchObject({ actorId: member.id });

    updateSecurityPolicy({ db, ctx: ctxFor(admin), input: { sso: { linkExistingAccounts: true } } });
    db.update(users).set({ disabled: true }).where(eq(users.id, member.id)).run();
    expect(await refusal(db, claims("kim", "kim@example.org"))).toBe("account_disabled");
    expect(identities(db)).toEqual([]);

    db.update(users).set({ disabled: false }).where(eq(users.id, member.id)).run();
    const linked = await sso(db, claims("kim", "kim@example.org"));
    expect(linked).toMatchObject({ id: member.id, role: "member" });
    expect(lastEntry(db, "user.sso_link")).toMatchObject({ actorId: member.id, targetId: String(member.id) });
    // The password still works: linking adds a way in, it takes none away.
    await expect(signIn({ db, input: { email: "kim@example.org", password: "kims-password-1" }, ip: null, maxFailures: 5 })).resolves.toMatchObject({ id: member.id });
  });

  it("refuses a disabled user whose identity is linked, and records it", async () => {
    const db = freshDb();
    const user = await sso(db, claims("u-4", "lee@example.org"));
    db.update(users).set({ disabled: true }).where(eq(users.id, user.id)).run();
    // Even with an e-mail the provider no longer vouches for: the identity, not the e-mail, decides.
    expect(await refusal(db, claims("u-4", "lee@example.org", { email_verified: false }))).toBe("account_disabled");
    expect(lastEntry(db, "user.sign_in_failed")).toMatchObject({ actorId: user.id });
    expect(lastEntry(db, "user.sign_in_failed")?.detail).toMatchObject({ method: "oidc", reason: "account_disabled" });
  });

  it("keeps the policy's new-account role to member or viewer", () => {
    const db = freshDb();
    const admin = insertUser(db, "admin");
    expect(() => updateSecurityPolicy({ db, ctx: ctxFor(admin), input: { sso: { defaultRole: "admin" } } })).toThrow(/member or viewer/);
  });
});
