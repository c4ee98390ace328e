import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, users } from "@/db/schema";
import { ConflictError, ForbiddenError, InvalidInputError, UnauthorizedError } from "@/lib/services/errors";
import { createFirstAdmin, ensureAdminFromEnv, isSetupComplete } from "@/lib/services/users/create-first-admin";
import { createUser } from "@/lib/services/users/create-user";
import { listUsers } from "@/lib/services/users/list-users";
import { changeOwnPassword, resetPassword } from "@/lib/services/users/reset-password";
import { INVALID_CREDENTIALS, signIn } from "@/lib/services/users/sign-in";
import { updateUser } from "@/lib/services/users/update-user";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";

const anon = ctxFor(null);

describe("first admin setup", () => {
  it("creates the first admin once, then is closed", async () => {
    const db = freshDb();
    expect(isSetupComplete(db)).toBe(false);
    const admin = await createFirstAdmin({ db, ctx: anon, input: { email: " Ada@Example.org ", name: "Ada", password: "password-1" } });
    expect(admin).toMatchObject({ email: "ada@example.org", role: "admin" });
    expect(admin).not.toHaveProperty("passwordHash");
    await expect(createFirstAdmin({ db, ctx: anon, input: { email: "eve@x.org", name: "Eve", password: "password-2" } })).rejects.toThrow(ConflictError);
    expect(db.select().from(users).all()).toHaveLength(1);
    expect(db.select().from(auditLog).all().map((a) => a.action)).toEqual(["user.setup_first_admin"]);
  });

  it("rejects bad input field by field and writes nothing", async () => {
    const db = freshDb();
    const error = await createFirstAdmin({ db, ctx: anon, input: { email: "nope", name: "", password: "short" } }).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(Object.keys(error.fields).sort()).toEqual(["email", "name", "password"]);
    expect(isSetupComplete(db)).toBe(false);
  });

  it("ADMIN_EMAIL/ADMIN_PASSWORD bootstrap only when no user exists", async () => {
    const db = freshDb();
    expect(await ensureAdminFromEnv(db, { adminEmail: "root@x.org", adminPassword: "password-1" })).toBe(true);
    expect(await ensureAdminFromEnv(db, { adminEmail: "other@x.org", adminPassword: "password-1" })).toBe(false);
    expect(db.select().from(users).all().map((u) => u.email)).toEqual(["root@x.org"]);
  });
});

describe("user management", () => {
  it("only admins create users; duplicates conflict; every write is audited", async () => {
    const db = freshDb();
    const admin = insertUser(db, "admin");
    const member = insertUser(db, "member");
    await expect(
      createUser({ db, ctx: ctxFor(member), input: { email: "a@x.org", name: "A", password: "password-1", role: "member" } }),
    ).rejects.toThrow(ForbiddenError);
    await createUser({ db, ctx: ctxFor(admin), input: { email: "a@x.org", name: "A", password: "password-1", role: "viewer" } });
    const dup = await createUser({ db, ctx: ctxFor(admin), input: { email: "A@X.org", name: "A2", password: "password-1", role: "viewer" } }).catch((e) => e);
    expect(dup).toBeInstanceOf(ConflictError);
    expect(dup.fields.email).toEqual(["A user with this email already exists"]);
    const audit = db.select().from(auditLog).where(eq(auditLog.action, "user.create")).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: admin.id, actorLabel: admin.email, ip: "127.0.0.1", targetType: "user" });
  });

  it("never leaves the team without an active admin", () => {
    const db = freshDb();
    const admin = insertUser(db, "admin");
    expect(() => updateUser({ db, ctx: ctxFor(admin), input: { userId: admin.id, role: "member" } })).toThrow(/last active administrator/);
    const second = insertUser(db, "admin");
    expect(updateUser({ db, ctx: ctxFor(admin), input: { userId: admin.id, role: "member" } }).role).toBe("member");
    expect(() => updateUser({ db, ctx: ctxFor(second), input: { userId: second.id, disabled: true } })).toThrow(ConflictError);
  });

  it("role changes, disabling and password resets end existing sessions", async () => {
    const db = freshDb();
    const admin = insertUser(db, "admin");
    const member = insertUser(db, "member");
    const version = () => db.select().from(users).where(eq(users.id, member.id)).get()!.sessionVersion;
    const v0 = version();
    updateUser({ db, ctx: ctxFor(admin), input: { userId: member.id, role: "viewer" } });
    expect(version()).toBe(v0 + 1);
    updateUser({ db, ctx: ctxFor(admin), input: { userId: member.id, name: "Renamed" } });
    expect(version()).toBe(v0 + 1);
    await resetPassword({ db, ctx: ctxFor(admin), input: { userId: member.id, password: "new-password-1" } });
    expect(version()).toBe(v0 + 2);
    expect(listUsers({ db, ctx: ctxFor(admin) }).find((u) => u.id === member.id)).toMatchObject({ role: "viewer", name: "Renamed" });
    expect(() => listUsers({ db, ctx: ctxFor(member) })).toThrow(ForbiddenError);
  });

  it("changing one's own password needs the current one", async () => {
    const db = freshDb();
    await createFirstAdmin({ db, ctx: anon, input: { email: "ada@x.org", name: "Ada", password: "password-1" } });
    const actor = { id: 1, email: "ada@x.org", name: "Ada", role: "admin" as const };
    await expect(changeOwnPassword({ db, ctx: ctxFor(actor), input: { currentPassword: "wrong", newPassword: "password-2" } })).rejects.toThrow(
      "Current password is wrong",
    );
    await changeOwnPassword({ db, ctx: ctxFor(actor), input: { currentPassword: "password-1", newPassword: "password-2" } });
    await expect(signIn({ db, input: { email: "ada@x.org", password: "password-2" }, ip: null, maxFailures: 10 })).resolves.toMatchObject({ id: 1 });
  });
});

describe("sign-in", () => {
  async function setup() {
    const db = freshDb();
    await createFirstAdmin({ db, ctx: anon, input: { email: "ada@x.org", name: "Ada", password: "password-1" } });
    return db;
  }

  it("gives the same message for a wrong password and an unknown email", async () => {
    const db = await setup();
    const wrong = await signIn({ db, input: { email: "ada@x.org", password: "nope" }, ip: "1.1.1.1", maxFailures: 10 }).catch((e) => e);
    const unknown = await signIn({ db, input: { email: "zed@x.org", password: "nope" }, ip: "1.1.1.1", maxFailures: 10 }).catch((e) => e);
    expect(wrong).toBeInstanceOf(UnauthorizedError);
    expect(unknown).toBeInstanceOf(UnauthorizedError);
    expect(wrong.message).toBe(INVALID_CREDENTIALS);
    expect(unknown.message).toBe(INVALID_CREDENTIALS);
  });

  it("refuses disabled users with the generic message", async () => {
    const db = await setup();
    db.update(users).set({ disabled: true }).run();
    await expect(signIn({ db, input: { email: "ada@x.org", password: "password-1" }, ip: null, maxFailures: 10 })).rejects.toThrow(INVALID_CREDENTIALS);
  });
});
