import crypto from "node:crypto";
import { desc, getTableColumns, isNotNull, sql } from "drizzle-orm";
import type { DB, DbOrTx } from "@/db/client";
import { auditLog, type NewAuditEntry } from "@/db/schema";

/**
 * The audit log's hash chain. Each entry's hash is sha256 over a canonical serialisation of the entry as SQLite stores
 * it — every non-null column except `hash` (so `prev_hash`, the previous entry's hash, is inside it), keys sorted,
 * values as stored (timestamps as epoch ms, `detail` as its JSON text). Hashing what is stored rather than a re-encoding
 * means the verifier needs no knowledge of the columns: an entry changed by raw SQL no longer hashes to its `hash`,
 * and a deleted one leaves the next entry pointing at a hash nobody has. Null columns are left out, so a nullable column
 * added later (a workspace) keeps every older entry verifiable while covering the new ones.
 */
const CHAIN_VERSION = "audit-chain-v1";

/** One `audit_log` row as SQLite returns it (column names, stored values), e.g. from `SELECT *`. */
export type StoredAuditRow = Record<string, string | number | null>;

export function hashAuditRow(row: StoredAuditRow): string {
  const columns = Object.keys(row)
    .filter((column) => column !== "hash" && row[column] !== null && row[column] !== undefined)
    .sort();
  const canonical = JSON.stringify([CHAIN_VERSION, ...columns.map((column) => [column, row[column]])]);
  return crypto.createHash("sha256").update(canonical).digest("hex");
}

const COLUMNS = getTableColumns(auditLog);

/** The values drizzle will write, as the row SQLite will hold: the hash is computed before the insert. */
function storedRow(values: Record<string, unknown>): StoredAuditRow {
  const row: StoredAuditRow = {};
  for (const [key, column] of Object.entries(COLUMNS)) {
    const value = values[key];
    // A column default would be filled in by SQLite after the hash was computed; every column must be given.
    if (value === undefined && column.hasDefault) throw new Error(`audit_log.${column.name} must be set explicitly: it is part of the entry's hash`);
    row[column.name] = value === undefined || value === null ? null : (column.mapToDriverValue(value) as string | number);
  }
  return row;
}

export type AuditValues = Omit<NewAuditEntry, "id" | "prevHash" | "hash">;

/**
 * Appends one entry to the chain. "Read the last hash, insert after it" must be atomic across the web process and the
 * worker, which both write: on the database it runs as an IMMEDIATE transaction (the write lock is taken before the
 * read); inside a caller's transaction (all of ours are IMMEDIATE, db/client.ts) it is a savepoint under that lock. The
 * unique index on `prev_hash` makes a fork impossible even for a caller that is not. The id is chosen here, past every
 * id ever used (AUTOINCREMENT's rule), because it is part of the hash.
 */
export function appendAuditEntry(db: DbOrTx, values: AuditValues): void {
  db.transaction((tx) => {
    const last = tx.select({ id: auditLog.id, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1).get();
    const sequence = tx.get<{ seq: number } | undefined>(sql`select seq from sqlite_sequence where name = 'audit_log'`);
    const entry = { ...values, id: Math.max(sequence?.seq ?? 0, last?.id ?? 0) + 1, prevHash: last?.hash ?? null };
    tx.insert(auditLog)
      .values({ ...entry, hash: hashAuditRow(storedRow(entry)) })
      .run();
  });
}

const BATCH = 1000;

/** Rows in id order, a batch per query (a better-sqlite3 iterator held open would block writes on the connection). */
export function* storedAuditRows(db: DB, afterId = 0): Generator<StoredAuditRow> {
  const batch = db.$client.prepare<[number, number], StoredAuditRow & { id: number }>("SELECT * FROM audit_log WHERE id > ? ORDER BY id LIMIT ?");
  for (let cursor = afterId; ; ) {
    const rows = batch.all(cursor, BATCH);
    yield* rows;
    if (rows.length < BATCH) return;
    cursor = rows[rows.length - 1].id;
  }
}

/**
 * Upgrade step (`npm run db:migrate`, after the SQL migrations and after stored secrets were masked, which rewrites
 * old entries' details): chains the entries written before the chain existed, in id order, in one transaction. It
 * runs only while no entry has a hash yet — afterwards an entry without one was written around the chain, and
 * verification must report it rather than this step bless it.
 */
export function chainExistingAuditEntries(db: DB): number {
  return db.transaction((tx) => {
    if (tx.select({ id: auditLog.id }).from(auditLog).where(isNotNull(auditLog.hash)).limit(1).get()) return 0;
    const update = db.$client.prepare<[string | null, string, number]>("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?");
    let prevHash: string | null = null;
    let count = 0;
    for (const row of storedAuditRows(db)) {
      const hash = hashAuditRow({ ...row, prev_hash: prevHash });
      update.run(prevHash, hash, row.id as number);
      prevHash = hash;
      count++;
    }
    return count;
  });
}
