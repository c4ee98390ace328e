import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { SHARE_PERMISSIONS } from "../vocabulary";
import { runs } from "./runs";
import { users } from "./users";

export { SHARE_PERMISSIONS, type SharePermission } from "../vocabulary";

/** Who a private run is shared with, and what they may do (control = cancel / re-run). */
export const runShares = sqliteTable(
  "run_shares",
  {
    runId: integer("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    permission: text("permission", { enum: SHARE_PERMISSIONS }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.userId] }), index("run_shares_user_idx").on(t.userId)],
);

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

/**
 * A comment on a run, on one of its samples (task + doc_id), or on a comparison (its normalised key, e.g.
 * "runs:3,7"). Threads via parentId. Deleted comments keep their row (so replies stay attached) with the body gone.
 */
export const comments = sqliteTable(
  "comments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    runId: integer("run_id").references(() => runs.id, { onDelete: "cascade" }),
    sampleTask: text("sample_task"),
    sampleDocId: integer("sample_doc_id"),
    comparisonKey: text("comparison_key"),
    parentId: integer("parent_id").references((): AnySQLiteColumn => comments.id, { onDelete: "cascade" }),
    authorId: integer("author_id").references(() => users.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    labels: text("labels", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
    editedAt: integer("edited_at", { mode: "timestamp_ms" }),
    deletedAt: integer("deleted_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("comments_run_idx").on(t.runId, t.id),
    index("comments_sample_idx").on(t.runId, t.sampleTask, t.sampleDocId),
    index("comments_comparison_idx").on(t.comparisonKey, t.id),
  ],
);

export type Comment = typeof comments.$inferSelect;
export type RunShare = typeof runShares.$inferSelect;
