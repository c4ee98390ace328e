import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { runs } from "./runs";

/**
 * One attempt to load a run's lmms-eval files. Samples are streamed into the DB in many short transactions under a
 * `staging` ingest (invisible to readers); one final transaction writes the metrics and flips it to `committed`.
 * A failed or crashed ingest leaves only staging rows, which are deleted — a run is ingested completely or not at all.
 */
export const ingests = sqliteTable(
  "ingests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    runId: integer("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    status: text("status", { enum: ["staging", "committed", "superseded"] }).notNull(),
    contentHash: text("content_hash").notNull(),
    startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
    committedAt: integer("committed_at", { mode: "timestamp_ms" }),
    /** The full-text index is built after the commit (samples are browsable first); until then search scans. */
    searchIndexed: integer("search_indexed", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [index("ingests_run_idx").on(t.runId), index("ingests_hash_idx").on(t.contentHash)],
);

/** The results file of a run's committed ingest: everything lmms-eval wrote, parsed where useful and raw as well. */
export const runResults = sqliteTable("run_results", {
  runId: integer("run_id")
    .primaryKey()
    .references(() => runs.id, { onDelete: "cascade" }),
  ingestId: integer("ingest_id")
    .notNull()
    .references(() => ingests.id),
  contentHash: text("content_hash").notNull(),
  resultsFile: text("results_file").notNull(),
  /** The results JSON as lmms-eval wrote it (NaN and all), credential values masked: nothing else in the file is lost. */
  rawJson: text("raw_json").notNull(),
  modelSource: text("model_source"),
  modelName: text("model_name"),
  modelArgs: text("model_args"),
  config: text("config", { mode: "json" }).$type<Record<string, unknown>>(),
  lmmsEvalVersion: text("lmms_eval_version"),
  gitHash: text("git_hash"),
  evaluatedAt: integer("evaluated_at", { mode: "timestamp_ms" }),
  dateTimezone: text("date_timezone"),
  totalEvaluationSeconds: real("total_evaluation_seconds"),
  throughput: text("throughput", { mode: "json" }).$type<Record<string, unknown>>(),
  usage: text("usage", { mode: "json" }).$type<Record<string, unknown>>(),
  efficiency: text("efficiency", { mode: "json" }).$type<Record<string, unknown>>(),
  sampleCount: integer("sample_count").notNull(),
  requestFailedCount: integer("request_failed_count").notNull(),
  budgetExceededCount: integer("budget_exceeded_count").notNull(),
});

export const runTasks = sqliteTable(
  "run_tasks",
  {
    runId: integer("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    task: text("task").notNull(),
    alias: text("alias"),
    isGroup: integer("is_group", { mode: "boolean" }).notNull(),
    parent: text("parent"),
    subtasks: text("subtasks", { mode: "json" }).$type<string[]>().notNull(),
    version: text("version"),
    nShot: integer("n_shot"),
    nOriginal: integer("n_original"),
    nEffective: integer("n_effective"),
    config: text("config", { mode: "json" }).$type<Record<string, unknown>>(),
    higherIsBetter: text("higher_is_better", { mode: "json" }).$type<Record<string, boolean | null>>(),
    sampleCount: integer("sample_count").notNull().default(0),
    correctCount: integer("correct_count").notNull().default(0),
    incorrectCount: integer("incorrect_count").notNull().default(0),
    requestFailedCount: integer("request_failed_count").notNull().default(0),
    budgetExceededCount: integer("budget_exceeded_count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.runId, t.task] })],
);

export const runMetrics = sqliteTable(
  "run_metrics",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    runId: integer("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    task: text("task").notNull(),
    metric: text("metric").notNull(),
    filter: text("filter").notNull(),
    value: real("value"),
    valueRaw: text("value_raw", { mode: "json" }),
    stderr: real("stderr"),
    stderrClt: real("stderr_clt"),
    stderrClustered: real("stderr_clustered"),
    n: integer("n"),
    nOriginal: integer("n_original"),
    higherIsBetter: integer("higher_is_better", { mode: "boolean" }),
    isGroup: integer("is_group", { mode: "boolean" }).notNull(),
    groupName: text("group_name"),
    taskVersion: text("task_version"),
    nShot: integer("n_shot"),
    extras: text("extras", { mode: "json" }).$type<Record<string, unknown>>(),
  },
  (t) => [uniqueIndex("run_metrics_key").on(t.runId, t.task, t.metric, t.filter), index("run_metrics_task_metric_idx").on(t.task, t.metric)],
);

/** Every model answer, keyed by (ingest, task, doc_id) — never doc_hash, which is the same for every line (docs/LMMS-EVAL-BEHAVIOUR.md §samples-jsonl). */
export const samples = sqliteTable(
  "samples",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    ingestId: integer("ingest_id")
      .notNull()
      .references(() => ingests.id, { onDelete: "cascade" }),
    runId: integer("run_id").notNull(),
    task: text("task").notNull(),
    docId: integer("doc_id").notNull(),
    target: text("target"),
    response: text("response").notNull(),
    filteredResps: text("filtered_resps"),
    resps: text("resps"),
    scores: text("scores").notNull(),
    primaryMetric: text("primary_metric"),
    primaryScore: real("primary_score"),
    correct: integer("correct", { mode: "boolean" }),
    category: text("category"),
    input: text("input"),
    inputMedia: text("input_media"),
    tokenCounts: text("token_counts"),
    inputTokens: integer("input_tokens"),
    outputTokens: integer("output_tokens"),
    failure: text("failure", { enum: ["request_failed", "budget_exceeded"] }),
  },
  (t) => [
    uniqueIndex("samples_ingest_task_doc").on(t.ingestId, t.task, t.docId),
    index("samples_ingest_task_correct").on(t.ingestId, t.task, t.correct, t.docId),
    // The samples browser's category filter; most tasks have no categories, so the partial index stays small.
    index("samples_ingest_task_category").on(t.ingestId, t.task, t.category, t.docId).where(sql`${t.category} is not null`),
    // Failed requests are rare: a partial index stays tiny and costs nothing on the common insert.
    index("samples_ingest_task_failure").on(t.ingestId, t.task, t.docId).where(sql`${t.failure} is not null`),
  ],
);

/**
 * The search index is partitioned: each partition is one task of one ingest, cut into spans of at most
 * `SEARCH_PARTITION_SIZE` samples in doc order, and every word of a sample is indexed as `<partition>_<word>` in the
 * contentless FTS5 table `samples_fts` (rowid = samples.id; see its migration). A search then reads only the index
 * entries of the partitions it browses — its cost grows with the task, never with the database — and stops at the
 * partition that fills its page. Ids are never reused, so an entry left by a purged ingest can never match.
 */
export const searchPartitions = sqliteTable(
  "search_partitions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    ingestId: integer("ingest_id")
      .notNull()
      .references(() => ingests.id, { onDelete: "cascade" }),
    task: text("task").notNull(),
    firstDocId: integer("first_doc_id").notNull(),
    lastDocId: integer("last_doc_id").notNull(),
    /**
     * Sample ids grow with doc ids in this partition (files are written in doc order, and ingested in file order):
     * then the index's rowid order is doc order and a page stops after its first matches.
     */
    inDocOrder: integer("in_doc_order", { mode: "boolean" }).notNull(),
  },
  (t) => [index("search_partitions_scope").on(t.ingestId, t.task, t.firstDocId)],
);

/** Per-category aggregates of a run's samples (MME-style dict scores), computed once when the ingest commits. */
export const runCategories = sqliteTable(
  "run_categories",
  {
    runId: integer("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    task: text("task").notNull(),
    category: text("category").notNull(),
    n: integer("n").notNull(),
    meanScore: real("mean_score"),
    correct: integer("correct").notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.task, t.category] })],
);

export type Ingest = typeof ingests.$inferSelect;
export type RunResult = typeof runResults.$inferSelect;
export type RunTask = typeof runTasks.$inferSelect;
export type RunMetric = typeof runMetrics.$inferSelect;
export type Sample = typeof samples.$inferSelect;
export type SearchPartition = typeof searchPartitions.$inferSelect;
