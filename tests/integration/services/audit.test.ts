import { describe, expect, it } from "vitest";
import { auditLog, users } from "@/db/schema";
import { writeAudit } from "@/lib/services/audit";
import { listAuditLog } from "@/lib/services/audit/list-audit-log";
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

  it("filters by actor, action, target and date, newest first, with a cursor", () => {
    const db = freshDb();
    const admin = insertUser(db, "admin", "boss@x.org");
    for (let i = 0; i < 5; i++) writeAudit(db, ctxFor(admin), { action: i % 2 ? "run.create" : "user.update", targetType: "user", targetId: i });
    writeAudit(db, { actor: admin, via: "token", viaLabel: "ci" }, { action: "run.create" });
    const ctx = ctxFor(admin);
    expect(listAuditLog({ db, ctx, input: { action: "run." } }).items).toHaveLength(3);
    expect(listAuditLog({ db, ctx, input: { actor: "API token ci" } }).items).toHaveLength(1);
    expect(listAuditLog({ db, ctx, input: { target: "user:3" } }).items.map((e) => e.targetId)).toEqual(["3"]);
    const page1 = listAuditLog({ db, ctx, input: { limit: 4 } });
    expect(page1.items).toHaveLength(4);
    const page2 = listAuditLog({ db, ctx, input: { limit: 4, cursor: page1.nextCursor } });
    expect(page2.items).toHaveLength(2);
    expect(page2.nextCursor).toBeNull();
    expect(listAuditLog({ db, ctx, input: { from: "2999-01-01" } }).items).toHaveLength(0);
    expect(() => listAuditLog({ db, ctx, input: { from: "yesterday" } })).toThrow("From must be a date");
    expect(() => listAuditLog({ db, ctx: ctxFor(insertUser(db, "member")), input: {} })).toThrow(ForbiddenError);
  });
});
