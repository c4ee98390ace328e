import http from "node:http";
import { eq } from "drizzle-orm";
import { decode, encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { io as connect } from "socket.io-client";
import { describe, expect, it } from "vitest";
import type { DB } from "@/db/client";
import { auditLog, runs, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { hashPassword } from "@/lib/auth/password";
import { renewedSessionCookie, SEEN_RESOLUTION_MS } from "@/lib/auth/session-cookie";
import { resolveSession } from "@/lib/auth/session-token";
import { getConfig } from "@/lib/config";
import { setDb } from "@/lib/db";
import { attachSocketServer } from "@/lib/realtime/socket-server";
import { setRunSharing } from "@/lib/services/comments/sharing";
import { ForbiddenError, InvalidInputError } from "@/lib/services/errors";
import { createApiToken } from "@/lib/services/tokens/create-api-token";
import { updateSecurityPolicy } from "@/lib/services/security/update-security-policy";
import { ensureAdminFromEnv } from "@/lib/services/users/create-first-admin";
import { createUser } from "@/lib/services/users/create-user";
import { changeOwnPassword, resetPassword } from "@/lib/services/users/reset-password";
import { PASSWORD_SIGN_IN_OFF, signIn } from "@/lib/services/users/sign-in";
import { callRoute } from "../../helpers/api-client";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";
import { STANDIN_COMMAND, tempDir, useStandinEnvironment } from "../../helpers/standin";
import { syntheticRun } from "../../helpers/synthetic-run";

useStandinEnvironment();
process.env.DATA_DIR = tempDir("security-policy-");
process.env.LMMS_EVAL_CMD = STANDIN_COMMAND.join(" ");

const PASSWORD = "policy-password-1";

async function withPassword(db: DB, role: Actor["role"]): Promise<Actor> {
  const actor = insertUser(db, role);
  db.update(users).set({ passwordHash: await hashPassword(PASSWORD) }).where(eq(users.id, actor.id)).run();
  return actor;
}

describe("GET/PUT /api/v1/security/policies", () => {
  it("admins read and change it (fields left out keep their value), validated, audited; others are refused", async () => {
    const db = freshDb();
    setDb(db);
    const admin = insertUser(db, "admin");
    const token = createApiToken({ db, ctx: ctxFor(admin), input: { name: "p" } }).token;
    const memberToken = createApiToken({ db, ctx: ctxFor(insertUser(db, "member")), input: { name: "m" } }).token;

    const initial = await callRoute("GET", "v1/security/policies", "/api/v1/security/policies", { token });
    expect(initial.json).toMatchObject({ passwords: { minLength: 8, rejectCommon: true }, sessions: { idleTimeoutMinutes: 0 }, twoFactor: { required: "off" }, runs: { membersMayCreatePrivate: true } });

    const saved = await callRoute("PUT", "v1/security/policies", "/api/v1/security/policies", { token, body: { passwords: { minLength: 12 }, sessions: { idleTimeoutMinutes: 30 } } });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.json).toMatchObject({ passwords: { minLength: 12, rejectCommon: true }, sessions: { idleTimeoutMinutes: 30 } });
    expect(db.select().from(auditLog).where(eq(auditLog.action, "security.policy_update")).get()?.detail).toEqual({
      "passwords.minLength": [8, 12],
      "sessions.idleTimeoutMinutes": [0, 30],
    });

    for (const [body, field] of [
      [{ passwords: { minLength: 4 } }, "passwords.minLength"],
      [{ sessions: { idleTimeoutMinutes: 2 } }, "sessions.idleTimeoutMinutes"],
      [{ uploads: { maxImportMb: "lots" } }, "uploads.maxImportMb"],
      [{ apiTokens: { allowedNetworks: ["not-a-network"] } }, "apiTokens.allowedNetworks.0"],
      [{ runs: { membersMayCreatePrivate: true, extra: 1 } }, "runs"],
      [{ signIn: { password: false } }, "signIn.breakGlassUserId"],
    ] as const) {
      const res = await callRoute("PUT", "v1/security/policies", "/api/v1/security/policies", { token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys((res.json as { error: { fields: Record<string, string[]> } }).error.fields)).toContain(field);
    }
    expect((await callRoute("GET", "v1/security/policies", "/api/v1/security/policies", { token })).json).toEqual(saved.json);
    expect((await callRoute("PUT", "v1/security/policies", "/api/v1/security/policies", { token: memberToken, body: {} })).status).toBe(403);
    expect((await callRoute("GET", "v1/security/policies", "/api/v1/security/policies", { token: memberToken })).status).toBe(403);
  });
});

describe("password rules", () => {
  it("the minimum length and the common-password list apply wherever a password is set; existing passwords still work", async () => {
    const db = freshDb();
    const admin = await withPassword(db, "admin");
    const newUser = (password: string) => createUser({ db, ctx: ctxFor(admin), input: { email: `u${Math.random()}@x.org`, name: "U", password, role: "member" } });
    await expect(newUser("password123")).rejects.toThrow(/one of the most common passwords/);
    await expect(newUser("Qwerty123")).rejects.toThrow(/one of the most common passwords/);
    await newUser("a-rare-pass-phrase");
    await expect(ensureAdminFromEnv(freshDb(), { adminEmail: "root@x.org", adminPassword: "iloveyou1" })).rejects.toThrow("ADMIN_EMAIL/ADMIN_PASSWORD refused: This password is one of the most common passwords");

    updateSecurityPolicy({ db, ctx: ctxFor(admin), input: { passwords: { minLength: 16 } } });
    const short = await newUser("rare-short-pw-1").catch((e) => e);
    expect(short).toBeInstanceOf(InvalidInputError);
    expect(short.fields).toEqual({ password: ["Password must be at least 16 characters"] });
    await expect(resetPassword({ db, ctx: ctxFor(admin), input: { userId: admin.id, password: "rare-short-pw-1" } })).rejects.toThrow(/at least 16/);
    await expect(changeOwnPassword({ db, ctx: ctxFor(admin), input: { currentPassword: PASSWORD, newPassword: "rare-short-pw-1" } })).rejects.toMatchObject({ fields: { newPassword: ["Password must be at least 16 characters"] } });
    // The admin's 17-character password from before the rule still signs in.
    await expect(signIn({ db, input: { email: admin.email, password: PASSWORD }, ip: null, maxFailures: 5 })).resolves.toMatchObject({ id: admin.id });

    updateSecurityPolicy({ db, ctx: ctxFor(admin), input: { passwords: { minLength: 8, rejectCommon: false } } });
    await newUser("password123");
  });
});

describe("session lifetime and idle timeout", () => {
  const HOUR = 3600_000;

  it("a session ends after the lifetime, and after the idle timeout when unused; the policy applies to existing sessions at once", () => {
    const db = freshDb();
    const admin = insertUser(db, "admin");
    const now = Date.now();
    const session = (authAgo: number, seenAgo: number) => resolveSession({ sub: String(admin.id), sv: 1, authAt: now - authAgo, seen: now - seenAgo }, { db, now });
    updateSecurityPolicy({ db, ctx: ctxFor(admin), input: { sessions: { lifetimeHours: 8, idleTimeoutMinutes: 0 } } });
    expect(session(7 * HOUR, 7 * HOUR)).not.toBeNull();
    expect(session(8 * HOUR + 1000, 0)).toBeNull();

    updateSecurityPolicy({ db, ctx: ctxFor(admin), input: { sessions: { idleTimeoutMinutes: 30 } } });
    expect(session(HOUR, 29 * 60_000)).not.toBeNull();
    expect(session(HOUR, 31 * 60_000)).toBeNull();
    // A session from before these claims counts from the time its cookie was written.
    expect(resolveSession({ sub: String(admin.id), sv: 1, iat: Math.floor((now - 31 * 60_000) / 1000) }, { db, now })).toBeNull();
    expect(resolveSession({ sub: String(admin.id), sv: 1, iat: Math.floor((now - 60_000) / 1000) }, { db, now })).not.toBeNull();
  });

  it("using the session renews its last-seen time in the cookie at most once a minute, and never revives an ended session", async () => {
    const db = freshDb();
    setDb(db);
    const admin = insertUser(db, "admin");
    updateSecurityPolicy({ db, ctx: ctxFor(admin), input: { sessions: { idleTimeoutMinutes: 15 } } });
    const now = Date.now();
    const authAt = now - 2 * HOUR;
    const claims = (seenAgo: number) => ({ sub: String(admin.id), sv: 1, authAt, seen: now - seenAgo });

    expect(await renewedSessionCookie(claims(SEEN_RESOLUTION_MS / 2), now)).toBeNull();
    const renewed = await renewedSessionCookie(claims(5 * 60_000), now);
    expect(renewed).toMatchObject({ name: "next-auth.session-token", options: { httpOnly: true, sameSite: "lax", path: "/" } });
    const decoded = await decode({ token: renewed!.value, secret: getConfig().nextAuthSecret });
    expect(decoded).toMatchObject({ sub: String(admin.id), sv: 1, authAt, seen: now });
    expect(await renewedSessionCookie(claims(16 * 60_000), now)).toBeNull();

    // Through the API wrapper: a session request answers with the renewed cookie; an idle one is refused.
    const cookieFor = async (seenAgo: number) => `next-auth.session-token=${await encode({ token: claims(seenAgo), secret: getConfig().nextAuthSecret })}`;
    const me = (await import("@/app/api/v1/me/route")) as { GET: (req: NextRequest, ctx: unknown) => Promise<Response> };
    const fresh = await me.GET(new NextRequest(new URL("/api/v1/me", "http://localhost:3000"), { headers: { cookie: await cookieFor(5 * 60_000) } }), { params: Promise.resolve({}) });
    expect(fresh.status).toBe(200);
    const setCookie = fresh.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^next-auth\.session-token=[^;]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
    const renewedClaims = await decode({ token: setCookie.split(";")[0].split("=")[1], secret: getConfig().nextAuthSecret });
    expect(renewedClaims?.seen as number).toBeGreaterThanOrEqual(now);
    const idle = await callRoute("GET", "v1/me", "/api/v1/me", { headers: { cookie: await cookieFor(20 * 60_000) } });
    expect(idle.status).toBe(401);
  });
});

describe("allowed sign-in methods", () => {
  it("with password sign-in off only the break-glass administrator may use a password; it must be an enabled admin", async () => {
    const db = freshDb();
    const admin = await withPassword(db, "admin");
    const member = await withPassword(db, "member");
    expect(() => updateSecurityPolicy({ db, ctx: ctxFor(admin), input: { signIn: { password: false } } })).toThrow(/break-glass administrator/);
    expect(() => updateSecurityPolicy({ db, ctx: ctxFor(admin), input: { signIn: { password: false, breakGlassUserId: member.id } } })).toThrow(/not an enabled administrator/);
    updateSecurityPolicy({ db, ctx: ctxFor(admin), input: { signIn: { password: false, breakGlassUserId: admin.id } } });

    const as = (who: Actor, password = PASSWORD) => signIn({ db, input: { email: who.email, password }, ip: "192.0.2.1", maxFailures: 5 }).then((u) => `signed in ${u.id}`, (e: Error) => e);
    const refused = await as(member);
    expect(refused).toBeInstanceOf(ForbiddenError);
    expect((refused as Error).message).toBe(PASSWORD_SIGN_IN_OFF);
    // The same answer for a wrong password and an unknown email: nothing is learnt about either.
    expect(((await as(member, "wrong")) as Error).message).toBe(PASSWORD_SIGN_IN_OFF);
    expect(((await signIn({ db, input: { email: "nobody@x.org", password: "x" }, ip: null, maxFailures: 5 }).catch((e) => e)) as Error).message).toBe(PASSWORD_SIGN_IN_OFF);
    expect(await as(admin)).toBe(`signed in ${admin.id}`);

    updateSecurityPolicy({ db, ctx: ctxFor(admin), input: { signIn: { password: true } } });
    expect(await as(member)).toBe(`signed in ${member.id}`);
  });
});

describe("upload size limit", () => {
  it("the import upload cap is the policy's", async () => {
    const db = freshDb();
    setDb(db);
    const admin = insertUser(db, "admin");
    const token = createApiToken({ db, ctx: ctxFor(admin), input: { name: "imports" } }).token;
    updateSecurityPolicy({ db, ctx: ctxFor(admin), input: { uploads: { maxImportMb: 1 } } });
    const form = new FormData();
    form.append("files", new Blob([new Uint8Array(2 * 1024 * 1024)]), "big_results.json");
    const route = (await import("@/app/api/v1/imports/route")) as { POST: (req: NextRequest, ctx: unknown) => Promise<Response> };
    const res = await route.POST(new NextRequest(new URL("/api/v1/imports", "http://localhost:3000"), { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form }), { params: Promise.resolve({}) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/limit is 1 MB per import/);
  });
});

describe("whether members may create private runs", () => {
  it("when turned off, members can neither launch a private run nor make one private; admins still can", async () => {
    const db = freshDb();
    setDb(db);
    const admin = insertUser(db, "admin");
    const member = insertUser(db, "member");
    updateSecurityPolicy({ db, ctx: ctxFor(admin), input: { runs: { membersMayCreatePrivate: false } } });
    const memberToken = createApiToken({ db, ctx: ctxFor(member), input: { name: "m" } }).token;
    const launched = await callRoute("POST", "v1/runs", "/api/v1/runs", { token: memberToken, body: { model: "openai", modelArgs: "model=x", tasks: ["mme"], visibility: "private" } });
    expect(launched.status).toBe(403);
    expect(launched.text).toContain("Private runs are turned off by the security policy");
    expect(db.select().from(runs).all()).toEqual([]);

    const runId = await syntheticRun(db, { createdById: member.id, tasks: [{ task: "toy", docs: 2, correct: () => true }] });
    const visibility = () => db.select({ v: runs.visibility }).from(runs).where(eq(runs.id, runId)).get()?.v;
    expect(() => setRunSharing({ db, ctx: ctxFor(member), runId, input: { visibility: "private", members: [] } })).toThrow(/Private runs are turned off/);
    expect(visibility()).toBe("team");
    setRunSharing({ db, ctx: ctxFor(admin), runId, input: { visibility: "private", members: [] } });
    expect(visibility()).toBe("private");
    // An already-private run stays editable by its owner (sharing it with someone is not making it private).
    setRunSharing({ db, ctx: ctxFor(member), runId, input: { visibility: "private", members: [{ userId: admin.id, permission: "view" }] } });
  });
});

describe("sockets and the session lifetime", () => {
  it("a browser socket is refused once its session is older than the lifetime, but not for being idle", async () => {
    const db = freshDb();
    setDb(db);
    const admin = insertUser(db, "admin");
    updateSecurityPolicy({ db, ctx: ctxFor(admin), input: { sessions: { lifetimeHours: 1, idleTimeoutMinutes: 5 } } });
    const secret = "socket-lifetime-secret-0123456789";
    const server = http.createServer();
    const io = attachSocketServer(server, { nextAuthSecret: secret, internalSecret: "socket-lifetime-internal-0123", secureCookie: false });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const port = (server.address() as { port: number }).port;
    const handshake = async (claims: Record<string, unknown>) => {
      const cookie = `next-auth.session-token=${await encode({ token: { sub: String(admin.id), sv: 1, ...claims }, secret })}`;
      const socket = connect(`http://127.0.0.1:${port}`, { transports: ["websocket"], reconnection: false, extraHeaders: { cookie } });
      const outcome = await new Promise<string>((resolve) => {
        socket.once("connect", () => resolve("connected"));
        socket.once("connect_error", (error) => resolve(error.message));
      });
      socket.close();
      return outcome;
    };
    try {
      const now = Date.now();
      expect(await handshake({ authAt: now - 30 * 60_000, seen: now - 20 * 60_000 })).toBe("connected");
      expect(await handshake({ authAt: now - 2 * 3600_000, seen: now })).toBe("unauthorized");
    } finally {
      io.close();
      server.close();
    }
  });
});
