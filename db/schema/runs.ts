import { sql } from "drizzle-orm";
import { index, integer, real, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { modelVersions } from "./models";
import { users } from "./users";
import type { SlurmStreamOffsets, StoredProgress, StoredRunParams, VersionOverrides } from "./json-shapes";

export const RUN_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const FINISHED_STATUSES: readonly RunStatus[] = ["succeeded", "failed", "cancelled"];
export const RUN_SOURCES = ["launched", "imported", "scheduled"] as const;
export type RunSource = (typeof RUN_SOURCES)[number];
export const EXECUTORS = ["local", "slurm"] as const;
export type Executor = (typeof EXECUTORS)[number];
/** Why a run ended badly, so the UI can offer the right next step (e.g. "re-run" after an interruption). */
export const FAILURE_KINDS = ["interrupted", "evaluation_error", "crash", "no_results", "spawn_error", "storage_error", "ingest_error"] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

export const runs = sqliteTable(
  "runs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    status: text("status", { enum: RUN_STATUSES }).notNull(),
    source: text("source", { enum: RUN_SOURCES }).notNull().default("launched"),
    executor: text("executor", { enum: EXECUTORS }).notNull().default("local"),
    model: text("model").notNull(),
    /** Credential values masked (`***`); the args as typed are in argsSealed (lib/crypto/sealed-args.ts). */
    modelArgs: text("model_args").notNull().default(""),
    tasks: text("tasks", { mode: "json" }).$type<string[]>().notNull(),
    params: text("params", { mode: "json" }).$type<StoredRunParams>().notNull(),
    /** Names only, for display; the values are in envSealed (AES-GCM) and only ever reach the child process. */
    envNames: text("env_names", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    envSealed: text("env_sealed"),
    /** Model args and gen kwargs as typed (AES-GCM), when masking them changed something; only the worker opens them. */
    argsSealed: text("args_sealed"),
    /** The command as shown to users: secrets masked. The real argv is rebuilt from params when the run starts. */
    commandPreview: text("command_preview").notNull().default(""),
    createdById: integer("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
    /** Queue order among queued runs (lower first); reordering moves a run between its neighbours. */
    queueRank: real("queue_rank").notNull().default(0),
    startedAt: integer("started_at", { mode: "timestamp_ms" }),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
    exitCode: integer("exit_code"),
    exitSignal: text("exit_signal"),
    reason: text("reason"),
    failureKind: text("failure_kind", { enum: FAILURE_KINDS }),
    progress: text("progress", { mode: "json" }).$type<StoredProgress>(),
    workerId: text("worker_id"),
    pid: integer("pid"),
    gpuSlot: text("gpu_slot"),
    outputDir: text("output_dir"),
    resultsPath: text("results_path"),
    cancelRequestedAt: integer("cancel_requested_at", { mode: "timestamp_ms" }),
    cancelRequestedById: integer("cancel_requested_by_id").references(() => users.id, { onDelete: "set null" }),
    rerunOfId: integer("rerun_of_id"),
    /** The registered model version this run evaluated (launched from it, or an import matched to it). */
    modelVersionId: integer("model_version_id").references((): AnySQLiteColumn => modelVersions.id, { onDelete: "set null" }),
    /** What the launch changed relative to that version ({field: [version value, run value]}), null when nothing. */
    versionOverrides: text("version_overrides", { mode: "json" }).$type<VersionOverrides>(),
    lmmsEvalVersion: text("lmms_eval_version"),
    /** "team": every team member sees it (default); "private": only its owner, admins and the people it is shared with. */
    visibility: text("visibility", { enum: ["team", "private"] }).notNull().default("team"),
    /**
     * An import whose files are still being stored: the run exists for no reader (lists, boards, counts, its own page)
     * until every run of the import has committed its ingest. A crash leaves it set; the web process, which owns
     * imports, deletes such runs and their staged rows when it starts.
     */
    importing: integer("importing", { mode: "boolean" }).notNull().default(false),
    /** Highest log sequence number written so far (run_logs.seq), so a reconnecting client knows what it missed. */
    lastLogSeq: integer("last_log_seq").notNull().default(0),
    // Slurm runs (executor = 'slurm'); null for local runs. See docs/SLURM.md.
    /** The batch script exactly as submitted to sbatch. It holds no secret values (those are in a 0600 file it sources). */
    batchScript: text("batch_script"),
    slurmJobId: text("slurm_job_id"),
    /** Slurm's own job state (PENDING, RUNNING, COMPLETED, TIMEOUT, …) as last seen by the worker. */
    slurmState: text("slurm_state"),
    /** Slurm's reason for the state (Priority, Resources, TimeLimit, …), when it gives one. */
    slurmReason: text("slurm_reason"),
    slurmNode: text("slurm_node"),
    /**
     * How many bytes of the job's stdout/stderr files have been consumed: stored in the same transaction as the log
     * lines they produced, so a restarted worker re-attaches and continues from here without loss or duplicates.
     */
    slurmOffsets: text("slurm_offsets", { mode: "json" }).$type<SlurmStreamOffsets>(),
  },
  (t) => [
    index("runs_status_rank_idx").on(t.status, t.queueRank, t.id),
    index("runs_created_idx").on(t.createdAt),
    index("runs_model_idx").on(t.model),
    index("runs_created_by_idx").on(t.createdById),
    index("runs_model_version_idx").on(t.modelVersionId),
  ],
);

/** Completed console lines (tqdm's transient \r frames are progress, not lines); the full console is in console.log. */
export const runLogs = sqliteTable(
  "run_logs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    runId: integer("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    stream: text("stream", { enum: ["stdout", "stderr", "system"] }).notNull(),
    level: text("level"),
    text: text("text").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("run_logs_run_seq_unique").on(t.runId, t.seq)],
);

export type Run = typeof runs.$inferSelect;
export type NewRun = typeof runs.$inferInsert;
export type RunLog = typeof runLogs.$inferSelect;
