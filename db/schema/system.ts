import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Team-wide settings as JSON values under a key, each validated by its own zod schema in lib/services/settings. */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

/** The worker writes its heartbeat here, so /api/health knows whether it is alive even if the web process restarted. */
export const workerHeartbeats = sqliteTable("worker_heartbeats", {
  workerId: text("worker_id").primaryKey(),
  pid: integer("pid").notNull(),
  hostname: text("hostname").notNull(),
  startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
  lastSeenAt: integer("last_seen_at", { mode: "timestamp_ms" }).notNull(),
  info: text("info", { mode: "json" }).$type<Record<string, unknown>>(),
});
