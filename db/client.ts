import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";

export type DB = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
export type Tx = Parameters<Parameters<DB["transaction"]>[0]>[0];
/** Queries take either the database or a transaction, so a service can compose them inside one transaction. */
export type DbOrTx = DB | Tx;

export const MIGRATIONS_FOLDER = path.join(/*turbopackIgnore: true*/ process.cwd(), "db", "migrations");

function configure(sqlite: Database.Database): void {
  // Web process and worker share one file: WAL lets readers run beside the single writer, busy_timeout makes a
  // writer wait for the other process's transaction instead of failing with SQLITE_BUSY.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("synchronous = NORMAL");
  // 64 MiB page cache (default 2 MiB): ingesting 100k+ samples updates indexes that would otherwise thrash the cache.
  sqlite.pragma("cache_size = -65536");
}

export function openDatabase(file: string): DB {
  const sqlite = new Database(file);
  configure(sqlite);
  const db = drizzle({ client: sqlite, schema }) as DB;
  // Every transaction takes the write lock up front (BEGIN IMMEDIATE). A deferred transaction that reads and then
  // writes fails at once with SQLITE_BUSY when the other process wrote in between — busy_timeout does not cover that
  // lock upgrade — which crashed the worker under load. Our transactions are short, so waiting for the lock is cheap.
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn, config) => transaction(fn, { behavior: "immediate", ...config })) as DB["transaction"];
  return db;
}

export function applyMigrations(db: DB): void {
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}

/** A fresh in-memory database built from the real migrations, for tests. */
export function createTestDatabase(): DB {
  const db = openDatabase(":memory:");
  applyMigrations(db);
  return db;
}
