import { describe, expect, it } from "vitest";
import { auditLog, users } from "@/db/schema";
import { writeAudit } from "@/lib/services/audit";
import { listAuditActions, listAuditLog } from "@/lib/services/audit/list-audit-log";
import { ForbiddenError } from "@/lib/services/errors";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";

describe("audit log", () => {
  it("is written in the same transaction as the mutation: a failed mutation leaves no entry", () => {
    const db = freshDb();
    const admin = insertUser(db, "admin");
    expect(() =>
      db.transaction((tx) => {
        writeAudit(tx, ctxFor(admin), { action: "user.create", targetType: "user", targetId: 99 });
        tx.insert(users).values({ email: admin.email, name: "dup", role: "member", passwordHash: "x" }).run(); // unique violation
      }),
    ).toThrow();
    expect(db.select().from(auditLog).all()).toHaveLength(0);
  });

  it("filters by user, action, object and time, newest first, paged both ways", () => {
    const db = freshDb();
    const admin = insertUser(db, "admin", "boss@x.org");
    const other = insertUser(db, "member", "ana_b@x.org");
    for (let i = 0; i < 5; i++) writeAudit(db, ctxFor(admin), { action: i % 2 ? "run.create" : "user.update", targetType: "user", targetId: i });
    writeAudit(db, { actor: admin, via: "token", viaLabel: "ci" }, { action: "run.create" });
    writeAudit(db, ctxFor(other), { action: "run_x.create" });
    const ctx = ctxFor(admin);
    const list = (input: Record<string, unknown>) => listAuditLog({ db, ctx, input });
    expect(list({ action: "run." }).items).toHaveLength(3);
    // `_` and `%` are literal characters, not LIKE wildcards.
    expect(list({ user: "ana_" }).items.map((e) => e.action)).toEqual(["run_x.create"]);
    expect(list({ user: "ana%" }).items).toHaveLength(0);
    expect(list({ user: String(other.id) }).items).toHaveLength(1);
    expect(list({ user: "API token ci" }).items).toHaveLength(1);
    expect(list({ object: "user:3" }).items.map((e) => e.targetId)).toEqual(["3"]);
    expect(list({ object: "user" }).items).toHaveLength(5);
    const page1 = list({ limit: 4 });
    expect(page1.items.map((e) => e.id)).toEqual([7, 6, 5, 4]);
    expect(page1.prevCursor).toBeNull();
    const page2 = list({ limit: 4, cursor: page1.nextCursor });
    expect(page2.items.map((e) => e.id)).toEqual([3, 2, 1]);
    expect(page2.nextCursor).toBeNull();
    expect(list({ limit: 4, after: page2.prevCursor }).items.map((e) => e.id)).toEqual([7, 6, 5, 4]);
    expect(list({ limit: 2, after: 3 })).toMatchObject({ items: [{ id: 5 }, { id: 4 }], nextCursor: 4, prevCursor: 5 });
    expect(list({ from: "2999-01-01" }).items).toHaveLength(0);
    const today = new Date().toISOString().slice(0, 10);
    expect(list({ from: today, to: today }).items).toHaveLength(7);
    expect(list({ to: new Date(Date.now() - 60_000).toISOString() }).items).toHaveLength(0);
    expect(() => list({ from: "yesterday" })).toThrow("From must be a date");
    expect(() => list({ from: "2026-02-02", to: "2026-02-01" })).toThrow("From must not be after To");
    expect(() => list({ object: "run 12" })).toThrow("Object must be a type, or type:id");
    expect(listAuditActions({ db, ctx })).toEqual(["run.create", "run_x.create", "user.update"]);
    expect(() => listAuditLog({ db, ctx: ctxFor(insertUser(db, "member")), input: {} })).toThrow(ForbiddenError);
  });
});
