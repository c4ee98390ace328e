import { spawn } from "node:child_process";
import path from "node:path";
import { eq } from "drizzle-orm";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterEach, describe, expect, it, vi } from "vitest";
import { applyMigrations, openDatabase, type DB } from "@/db/client";
import { auditLog } from "@/db/schema";
import { writeAudit } from "@/lib/services/audit";
import { chainExistingAuditEntries, hashAuditRow, type StoredAuditRow } from "@/lib/services/audit/chain";
import { latestPruneCheckpoint, pruneAuditLog } from "@/lib/services/audit/prune-audit-log";
import { readAuditRetention, setAuditRetention } from "@/lib/services/audit/retention";
import { verifyAuditChain } from "@/lib/services/audit/verify-audit-chain";
import { ForbiddenError } from "@/lib/services/errors";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";
import { migrationsBefore } from "../../helpers/migrations";
import { tempDir } from "../../helpers/standin";

const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
const DAY = 24 * 60 * 60 * 1000;

function fileDb(): { db: DB; file: string } {
  const file = path.join(tempDir("audit-chain-"), "dashboard.db");
  const db = openDatabase(file);
  applyMigrations(db);
  return { db, file };
}

const row = (db: DB, id: number) => db.$client.prepare("SELECT * FROM audit_log WHERE id = ?").get(id) as StoredAuditRow;

function writeMany(db: DB, n: number, action = "run.create"): void {
  const admin = insertUser(db, "admin");
  for (let i = 0; i < n; i++) writeAudit(db, ctxFor(admin), { action, targetType: "run", targetId: i, detail: { i, note: `entry ${i}` } });
}

afterEach(() => {
  vi.useRealTimers();
});

describe("the audit log is a hash chain", () => {
  it("each entry holds the previous entry's hash and its own over its stored columns; verification walks it", () => {
    const db = freshDb();
    writeMany(db, 4);
    const rows = [1, 2, 3, 4].map((id) => row(db, id));
    expect(rows[0].prev_hash).toBeNull();
    for (let i = 1; i < 4; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    for (const r of rows) expect(hashAuditRow(r)).toBe(r.hash);
    expect(verifyAuditChain(db)).toEqual({ checked: 4, head: { id: 4, hash: rows[3].hash }, start: { kind: "genesis" }, broken: null });
  });

  it("reports a detail changed with raw SQL, at that entry", () => {
    const db = freshDb();
    writeMany(db, 5);
    db.$client.prepare("UPDATE audit_log SET detail = json_set(detail, '$.note', 'rewritten') WHERE id = 3").run();
    const report = verifyAuditChain(db);
    expect(report.checked).toBe(2);
    expect(report.broken?.id).toBe(3);
    expect(report.broken?.problem).toMatch(/^entry #3 was changed after it was written: its content hashes to [0-9a-f]{12}…, its stored hash is [0-9a-f]{12}…$/);
  });

  it("reports a changed actor even when the attacker recomputes that entry's hash: the next link breaks", () => {
    const db = freshDb();
    writeMany(db, 5);
    db.$client.prepare("UPDATE audit_log SET actor_label = 'someone-else@x.org' WHERE id = 2").run();
    db.$client.prepare("UPDATE audit_log SET hash = ? WHERE id = 2").run(hashAuditRow(row(db, 2)));
    expect(verifyAuditChain(db).broken).toEqual({ id: 3, problem: expect.stringMatching(/^entry #3 does not follow entry #2: it links to .*, but #2 hashes to .* \(#2 was rewritten with a new hash, or #3's link was changed\)$/) });
  });

  it("reports a deleted entry at the entry after it, naming the missing one", () => {
    const db = freshDb();
    writeMany(db, 6);
    db.$client.prepare("DELETE FROM audit_log WHERE id IN (3, 4)").run();
    expect(verifyAuditChain(db).broken).toEqual({ id: 5, problem: "entry #5 does not follow entry #2: entries #3–#4 are missing (deleted)" });
  });

  it("reports deleted oldest entries, an entry written around the chain, and refuses a fork", () => {
    const db = freshDb();
    writeMany(db, 4);
    db.$client.prepare("DELETE FROM audit_log WHERE id = 1").run();
    expect(verifyAuditChain(db).broken).toEqual({ id: 2, problem: expect.stringMatching(/^entry #2, the oldest, follows an entry \(.*\) that is gone and nothing was ever pruned: older entries were deleted$/) });

    const other = freshDb();
    writeMany(other, 2);
    other.$client.prepare("INSERT INTO audit_log (at, actor_label, action) VALUES (?, 'x', 'run.create')").run(Date.now());
    expect(verifyAuditChain(other).broken).toEqual({ id: 3, problem: "entry #3 has no hash: it was written around the chain" });
    // A second entry after #1 (a fork beside #2) is refused by the database.
    const fork = other.$client.prepare("INSERT INTO audit_log (at, actor_label, action, prev_hash, hash) VALUES (?, 'x', 'run.create', ?, 'f')");
    expect(() => fork.run(Date.now(), row(other, 1).hash)).toThrow(/UNIQUE constraint failed: audit_log.prev_hash/);
  });

  it("a mutation that fails takes its entry with it, and the chain continues from the last committed entry", () => {
    const db = freshDb();
    writeMany(db, 2);
    expect(() =>
      db.transaction((tx) => {
        writeAudit(tx, ctxFor(null), { action: "user.create" });
        throw new Error("the mutation failed");
      }),
    ).toThrow("the mutation failed");
    writeMany(db, 1);
    expect(verifyAuditChain(db)).toMatchObject({ checked: 3, broken: null });
  });

  it("stays one chain while two other processes and this one append to the same file at once", async () => {
    const { db, file } = fileDb();
    const perWriter = 300;
    const writers = ["A", "B"].map((name) => {
      const child = spawn(process.execPath, ["--import", "tsx", "tests/fixtures/audit-writer.ts", file, name, String(perWriter)], { cwd: ROOT, stdio: ["pipe", "pipe", "inherit"] });
      const ready = new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
      const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
      return { child, ready, exited };
    });
    await Promise.all(writers.map((w) => w.ready));
    for (const w of writers) w.child.stdin.write("go\n");
    for (let i = 0; i < perWriter; i++) writeAudit(db, ctxFor(null), { action: "test.write", detail: { writer: "main", i } });
    expect(await Promise.all(writers.map((w) => w.exited))).toEqual([0, 0]);

    const report = verifyAuditChain(db);
    expect(report).toMatchObject({ checked: 3 * perWriter, broken: null });
    // The writers really interleaved (otherwise this test would prove nothing about concurrency).
    const order = db.select({ detail: auditLog.detail }).from(auditLog).orderBy(auditLog.id).all().map((r) => r.detail!.writer);
    const switches = order.filter((writer, i) => i > 0 && writer !== order[i - 1]).length;
    expect(switches).toBeGreaterThan(2);
    db.$client.close();
  }, 60_000);
});

describe("retention", () => {
  it("is an admin setting, validated and audited; it defaults to keeping everything", () => {
    const db = freshDb();
    const admin = insertUser(db, "admin");
    expect(readAuditRetention(db)).toEqual({ days: null });
    expect(() => setAuditRetention({ db, ctx: ctxFor(insertUser(db, "member")), input: { days: "90" } })).toThrow(ForbiddenError);
    expect(() => setAuditRetention({ db, ctx: ctxFor(admin), input: { days: "7" } })).toThrow("Keep entries for at least 30 days");
    expect(() => setAuditRetention({ db, ctx: ctxFor(admin), input: { days: "ninety" } })).toThrow("Enter a whole number of days");
    expect(() => setAuditRetention({ db, ctx: ctxFor(admin), input: { days: "90.5" } })).toThrow("Enter a whole number of days");
    expect(setAuditRetention({ db, ctx: ctxFor(admin), input: { days: " 90 " } })).toEqual({ days: 90 });
    expect(setAuditRetention({ db, ctx: ctxFor(admin), input: { days: "" } })).toEqual({ days: null });
    const changes = db.select().from(auditLog).where(eq(auditLog.action, "audit.retention_update")).all();
    expect(changes.map((c) => c.detail)).toEqual([{ from: null, to: 90 }, { from: 90, to: null }]);
    expect(pruneAuditLog(db, Date.now() + 1000 * DAY)).toEqual({ deleted: 0 });
  });

  it("prunes old entries behind a checkpoint, so the rest still verifies — twice over — and catches deletions past it", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = Date.UTC(2026, 0, 1);
    vi.setSystemTime(start);
    const db = freshDb();
    const admin = insertUser(db, "admin");
    setAuditRetention({ db, ctx: ctxFor(admin), input: { days: "30" } }); // #1
    writeMany(db, 3); // #2–#4, day 0
    vi.setSystemTime(start + 50 * DAY);
    writeMany(db, 2); // #5–#6, day 50

    // Day 70: everything before day 40 goes (#1–#4); the checkpoint (#7) links the chain over the gap.
    vi.setSystemTime(start + 70 * DAY);
    const fourth = row(db, 4).hash;
    expect(pruneAuditLog(db)).toEqual({ deleted: 4 });
    expect(db.select({ id: auditLog.id }).from(auditLog).orderBy(auditLog.id).all().map((r) => r.id)).toEqual([5, 6, 7]);
    expect(latestPruneCheckpoint(db)).toMatchObject({ id: 7, prunedThroughId: 4, prunedThroughHash: fourth, deleted: 4 });
    expect(row(db, 5).prev_hash).toBe(fourth);
    expect(verifyAuditChain(db)).toMatchObject({ checked: 3, start: { kind: "checkpoint", checkpointId: 7, prunedThroughId: 4 }, broken: null });
    expect(pruneAuditLog(db)).toEqual({ deleted: 0 });

    // Day 105: #5–#7 (the first checkpoint among them) go; the new checkpoint vouches for the rest.
    vi.setSystemTime(start + 105 * DAY);
    writeMany(db, 1); // #8
    expect(pruneAuditLog(db)).toEqual({ deleted: 3 });
    expect(verifyAuditChain(db)).toMatchObject({ checked: 2, start: { kind: "checkpoint", checkpointId: 9, prunedThroughId: 7 }, broken: null });

    // Deleting the oldest kept entry is still caught: the checkpoint says where the chain must resume.
    db.$client.prepare("DELETE FROM audit_log WHERE id = 8").run();
    expect(verifyAuditChain(db).broken).toEqual({ id: 9, problem: expect.stringMatching(/^entry #9, the oldest, follows an entry \(.*\) that is gone and the last pruning \(entry #9\) ended at #7 with .*: older entries were deleted$/) });
  });
});

describe("upgrade", () => {
  it("chains the entries an older version wrote, in id order, once; new entries continue the chain", () => {
    // A database as the previous release left it: every migration but the chain's, entries without hashes.
    const file = path.join(tempDir("audit-upgrade-"), "dashboard.db");
    const db = openDatabase(file);
    migrate(db, { migrationsFolder: migrationsBefore("audit_chain") });
    const insert = db.$client.prepare("INSERT INTO audit_log (at, actor_label, action, target_type, target_id, ip, detail) VALUES (?, ?, ?, ?, ?, ?, ?)");
    insert.run(Date.now() - 3000, "ana@lab.org", "user.sign_in", "user", "1", "203.0.113.9", null);
    insert.run(Date.now() - 2000, "ana@lab.org", "run.create", "run", "1", null, JSON.stringify({ model: "openai", tasks: ["mme"] }));
    insert.run(Date.now() - 1000, "system", "run.succeeded", "run", "1", null, JSON.stringify({}));

    applyMigrations(db);
    expect(verifyAuditChain(db).broken).toEqual({ id: 1, problem: "entry #1 has no hash: it was written around the chain" });
    expect(chainExistingAuditEntries(db)).toBe(3);
    expect(chainExistingAuditEntries(db)).toBe(0);
    writeMany(db, 1);
    expect(verifyAuditChain(db)).toMatchObject({ checked: 4, start: { kind: "genesis" }, broken: null });
    db.$client.close();
  });
});
