import { eq } from "drizzle-orm";
import type { DB } from "@/db/client";
import { runResults } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { loadVisibleRun } from "@/lib/services/runs/get-run";

export type MetricDto = {
  task: string;
  metric: string;
  filter: string;
  value: number | null;
  valueRaw: unknown;
  stderr: number | null;
  stderrClt: number | null;
  stderrClustered: number | null;
  /** The stderr a CI is built from: bootstrap when it exists, else the CLT one (lmms-eval reports "N/A" for some). */
  ciStderr: number | null;
  ciStderrKind: "bootstrap" | "clt" | "clustered" | null;
  n: number | null;
  higherIsBetter: boolean | null;
  isGroup: boolean;
  group: string | null;
  taskVersion: string | null;
  nShot: number | null;
  extras: Record<string, unknown> | null;
};

export type TaskDto = {
  task: string;
  alias: string | null;
  isGroup: boolean;
  parent: string | null;
  subtasks: string[];
  version: string | null;
  nShot: number | null;
  nOriginal: number | null;
  nEffective: number | null;
  sampleCount: number;
  correctCount: number;
  incorrectCount: number;
  requestFailedCount: number;
  budgetExceededCount: number;
};

export type RunResultsDto = {
  runId: number;
  resultsFile: string;
  lmmsEvalVersion: string | null;
  gitHash: string | null;
  evaluatedAt: string | null;
  dateTimezone: string | null;
  totalEvaluationSeconds: number | null;
  modelSource: string | null;
  modelName: string | null;
  throughput: Record<string, unknown> | null;
  usage: Record<string, unknown> | null;
  efficiency: Record<string, unknown> | null;
  sampleCount: number;
  requestFailedCount: number;
  budgetExceededCount: number;
  tasks: TaskDto[];
  metrics: MetricDto[];
};

export function ciStderrOf(m: { stderr: number | null; stderrClt: number | null; stderrClustered: number | null }): Pick<MetricDto, "ciStderr" | "ciStderrKind"> {
  if (m.stderr !== null) return { ciStderr: m.stderr, ciStderrKind: "bootstrap" };
  if (m.stderrClt !== null) return { ciStderr: m.stderrClt, ciStderrKind: "clt" };
  if (m.stderrClustered !== null) return { ciStderr: m.stderrClustered, ciStderrKind: "clustered" };
  return { ciStderr: null, ciStderrKind: null };
}

type ResultsRow = Omit<RunResultsDto, "runId" | "tasks" | "metrics" | "evaluatedAt" | "throughput" | "usage" | "efficiency"> & {
  ingestId: number;
  evaluatedAt: number | null;
  throughput: string | null;
  usage: string | null;
  efficiency: string | null;
};
type TaskRow = Omit<TaskDto, "isGroup" | "subtasks"> & { isGroup: number; subtasks: string };
type MetricRow = Omit<MetricDto, "valueRaw" | "higherIsBetter" | "isGroup" | "extras" | "ciStderr" | "ciStderrKind"> & {
  valueRaw: string | null;
  higherIsBetter: number | null;
  isGroup: number;
  extras: string | null;
};

const json = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

/**
 * An ingest's results never change (a re-ingest is a new ingest), so a run's results are shaped once per ingest and
 * kept for repeat views; the access check still runs on every call. A few dozen entries: one holds a run's metrics.
 */
const resultsCache = new WeakMap<DB, Map<number, Omit<RunResultsDto, "runId">>>();
const RESULTS_CACHE_SIZE = 64;

function readResults(db: DB, row: ResultsRow, runId: number): Omit<RunResultsDto, "runId"> {
  const tasks = db.$client
    .prepare(
      `select task, alias, is_group isGroup, parent, subtasks, version, n_shot nShot, n_original nOriginal, n_effective nEffective, sample_count sampleCount,
         correct_count correctCount, incorrect_count incorrectCount, request_failed_count requestFailedCount, budget_exceeded_count budgetExceededCount
       from run_tasks where run_id = ? order by task`,
    )
    .all(runId) as TaskRow[];
  const metrics = db.$client
    .prepare(
      `select task, metric, filter, value, value_raw valueRaw, stderr, stderr_clt stderrClt, stderr_clustered stderrClustered, n,
         higher_is_better higherIsBetter, is_group isGroup, group_name "group", task_version taskVersion, n_shot nShot, extras
       from run_metrics where run_id = ? order by id`,
    )
    .all(runId) as MetricRow[];
  const { ingestId: _ingest, evaluatedAt, throughput, usage, efficiency, ...rest } = row;
  return {
    ...rest,
    evaluatedAt: evaluatedAt === null ? null : new Date(evaluatedAt).toISOString(),
    throughput: json(throughput),
    usage: json(usage),
    efficiency: json(efficiency),
    tasks: tasks.map((t) => ({ ...t, isGroup: t.isGroup === 1, subtasks: JSON.parse(t.subtasks) as string[] })),
    metrics: metrics.map((m) => ({
      task: m.task,
      metric: m.metric,
      filter: m.filter,
      value: m.value,
      valueRaw: json(m.valueRaw),
      stderr: m.stderr,
      stderrClt: m.stderrClt,
      stderrClustered: m.stderrClustered,
      ...ciStderrOf(m),
      n: m.n,
      higherIsBetter: m.higherIsBetter === null ? null : m.higherIsBetter === 1,
      isGroup: m.isGroup === 1,
      group: m.group,
      taskVersion: m.taskVersion,
      nShot: m.nShot,
      extras: json(m.extras),
    })),
  };
}

/** The ingested results of a run, or null while there are none (queued, running, failed, not ingested). Read-only. */
export function getRunResults({ db, ctx, runId }: { db: DB; ctx: ServiceContext; runId: unknown }): RunResultsDto | null {
  const run = loadVisibleRun(db, ctx, runId);
  // Only the columns the page shows: the raw JSON and the config (most of a results file) are not read.
  const row = db.$client
    .prepare(
      `select ingest_id ingestId, results_file resultsFile, lmms_eval_version lmmsEvalVersion, git_hash gitHash, evaluated_at evaluatedAt,
         date_timezone dateTimezone, total_evaluation_seconds totalEvaluationSeconds, model_source modelSource, model_name modelName,
         throughput, usage, efficiency, sample_count sampleCount, request_failed_count requestFailedCount, budget_exceeded_count budgetExceededCount
       from run_results where run_id = ?`,
    )
    .get(run.id) as ResultsRow | undefined;
  if (!row) return null;
  const cache = resultsCache.get(db) ?? resultsCache.set(db, new Map()).get(db)!;
  let results = cache.get(row.ingestId);
  if (!results) {
    results = readResults(db, row, run.id);
    cache.set(row.ingestId, results);
    if (cache.size > RESULTS_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  return { runId: run.id, ...results };
}

/** The results JSON exactly as ingested (download). */
export function getRawResults({ db, ctx, runId }: { db: DB; ctx: ServiceContext; runId: unknown }): { fileName: string; text: string } | null {
  const run = loadVisibleRun(db, ctx, runId);
  const row = db.select({ rawJson: runResults.rawJson, resultsFile: runResults.resultsFile }).from(runResults).where(eq(runResults.runId, run.id)).get();
  return row ? { fileName: row.resultsFile.split("/").pop() ?? `run-${run.id}_results.json`, text: row.rawJson } : null;
}
