import { openDatabase, type DB } from "@/db/client";
import { getConfig } from "@/lib/config";

const globalForDb = globalThis as unknown as { __lmmsDashboardDb?: DB };

/**
 * The process-wide database handle, opened at first use from the configured path (db/ knows how to open a database,
 * lib/ knows which one). Kept on globalThis because server.ts (loaded by tsx) and Next's compiled bundle are separate
 * module graphs in one process, and dev HMR would otherwise open a new handle per reload.
 */
export function getDb(): DB {
  if (!globalForDb.__lmmsDashboardDb) {
    globalForDb.__lmmsDashboardDb = openDatabase(getConfig().databasePath);
  }
  return globalForDb.__lmmsDashboardDb;
}

/** Lets tests and scripts run services against a database of their choosing. */
export function setDb(db: DB): void {
  globalForDb.__lmmsDashboardDb = db;
}
