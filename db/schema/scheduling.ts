import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { runs } from "./runs";
import type { ScheduleTarget } from "./json-shapes";
import { users } from "./users";


const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

export const schedules = sqliteTable("schedules", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  /** 5 fields, or 6 with seconds first (node-cron syntax). */
  cron: text("cron").notNull(),
  timezone: text("timezone").notNull(),
  target: text("target", { mode: "json" }).$type<ScheduleTarget>().notNull(),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  overlap: text("overlap", { enum: ["skip", "queue"] }).notNull().default("skip"),
  misfire: text("misfire", { enum: ["skip", "run_once"] }).notNull().default("skip"),
  ownerId: integer("owner_id").references(() => users.id, { onDelete: "set null" }),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().default(now),
  /** Soft delete: the firings stay as history. */
  deletedAt: integer("deleted_at", { mode: "timestamp_ms" }),
});

/**
 * One firing of a schedule. Unique per (schedule, scheduled time): a restart, a clock jump or a second worker can
 * never fire the same slot twice — the insert is the lock.
 */
export const scheduleFirings = sqliteTable(
  "schedule_firings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    scheduleId: integer("schedule_id")
      .notNull()
      .references(() => schedules.id, { onDelete: "cascade" }),
    scheduledAt: integer("scheduled_at", { mode: "timestamp_ms" }).notNull(),
    firedAt: integer("fired_at", { mode: "timestamp_ms" }).notNull(),
    trigger: text("trigger", { enum: ["cron", "misfire", "manual"] }).notNull(),
    outcome: text("outcome", { enum: ["started", "skipped", "failed"] }).notNull(),
    message: text("message"),
    runIds: text("run_ids", { mode: "json" }).$type<number[]>().notNull().default(sql`'[]'`),
    batchId: integer("batch_id"),
  },
  (t) => [uniqueIndex("schedule_firings_slot").on(t.scheduleId, t.scheduledAt), index("schedule_firings_schedule_idx").on(t.scheduleId, t.firedAt)],
);

/** A set of runs (versions × tasks) that together answer a comparison; existing identical results are reused. */
export const batches = sqliteTable("batches", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  target: text("target", { mode: "json" }).$type<ScheduleTarget>().notNull(),
  force: integer("force", { mode: "boolean" }).notNull().default(false),
  status: text("status", { enum: ["running", "finished"] }).notNull().default("running"),
  createdById: integer("created_by_id").references(() => users.id, { onDelete: "set null" }),
  scheduleId: integer("schedule_id").references(() => schedules.id, { onDelete: "set null" }),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
  finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
  summary: text("summary"),
});

export const batchItems = sqliteTable(
  "batch_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    batchId: integer("batch_id")
      .notNull()
      .references(() => batches.id, { onDelete: "cascade" }),
    modelVersionId: integer("model_version_id").notNull(),
    task: text("task").notNull(),
    runId: integer("run_id").references(() => runs.id, { onDelete: "set null" }),
    /** True when an existing identical result was reused instead of launching a run. */
    reused: integer("reused", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [index("batch_items_batch_idx").on(t.batchId), index("batch_items_run_idx").on(t.runId)],
);

export const NOTIFICATION_EVENTS = ["run_failed", "batch_finished", "schedule_failed", "regression", "mention", "reply"] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/** The in-app notification centre (live over socket.io room user:<id>). */
export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    event: text("event", { enum: NOTIFICATION_EVENTS }).notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    link: text("link"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
    readAt: integer("read_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("notifications_user_idx").on(t.userId, t.readAt, t.id)],
);

/** Which events a user receives, per channel (absent row = the defaults in lib/services/notifications). */
export const notificationPrefs = sqliteTable(
  "notification_prefs",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    event: text("event", { enum: NOTIFICATION_EVENTS }).notNull(),
    inApp: integer("in_app", { mode: "boolean" }).notNull(),
    email: integer("email", { mode: "boolean" }).notNull(),
  },
  (t) => [uniqueIndex("notification_prefs_key").on(t.userId, t.event)],
);

/** Team webhooks (Slack-compatible JSON, HMAC-signed). The secret is sealed like run secrets. */
export const webhooks = sqliteTable("webhooks", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  url: text("url").notNull(),
  secretSealed: text("secret_sealed").notNull(),
  events: text("events", { mode: "json" }).$type<NotificationEvent[]>().notNull(),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
});

/** Every delivery attempt series of a webhook or an e-mail, retried with backoff by the worker. */
export const deliveries = sqliteTable(
  "deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    channel: text("channel", { enum: ["webhook", "email"] }).notNull(),
    webhookId: integer("webhook_id").references(() => webhooks.id, { onDelete: "cascade" }),
    recipient: text("recipient"),
    event: text("event", { enum: NOTIFICATION_EVENTS }).notNull(),
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: ["pending", "delivered", "failed"] }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull(),
    lastError: text("last_error"),
    lastStatusCode: integer("last_status_code"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
    deliveredAt: integer("delivered_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("deliveries_due_idx").on(t.status, t.nextAttemptAt)],
);

export type Schedule = typeof schedules.$inferSelect;
export type ScheduleFiring = typeof scheduleFirings.$inferSelect;
export type Batch = typeof batches.$inferSelect;
export type Notification = typeof notifications.$inferSelect;
export type Webhook = typeof webhooks.$inferSelect;
export type Delivery = typeof deliveries.$inferSelect;

/** After-run hooks (notifications, regression checks) done for a run; the insert is the claim, so they run once. */
export const runHooks = sqliteTable("run_hooks", {
  runId: integer("run_id")
    .primaryKey()
    .references(() => runs.id, { onDelete: "cascade" }),
  processedAt: integer("processed_at", { mode: "timestamp_ms" }).notNull(),
});
