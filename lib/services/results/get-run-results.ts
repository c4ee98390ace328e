import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db/client";
import { runResults } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { maskSecretsInJsonText } from "@/lib/lmms-eval/secret-values";
import { IsoTimestamp, JsonObject } from "@/lib/services/dto-fields";
import { loadVisibleRun } from "@/lib/services/runs/get-run";

export const MetricDto = z.strictObject({
  task: z.string(),
  metric: z.string(),
  filter: z.string(),
  value: z.number().nullable(),
  valueRaw: z.unknown(),
  stderr: z.number().nullable(),
  stderrClt: z.number().nullable(),
  stderrClustered: z.number().nullable(),
  ciStderr: z.number().nullable().describe('the stderr a CI is built from: bootstrap when it exists, else the CLT one (lmms-eval reports "N/A" for some)'),
  ciStderrKind: z.enum(["bootstrap", "clt", "clustered"]).nullable(),
  n: z.number().nullable(),
  higherIsBetter: z.boolean().nullable(),
  isGroup: z.boolean(),
  group: z.string().nullable(),
  taskVersion: z.string().nullable(),
  nShot: z.number().nullable(),
  extras: JsonObject.nullable(),
});
export type MetricDto = z.infer<typeof MetricDto>;

export const TaskDto = z.strictObject({
  task: z.string(),
  alias: z.string().nullable(),
  isGroup: z.boolean(),
  parent: z.string().nullable(),
  subtasks: z.array(z.string()),
  version: z.string().nullable(),
  nShot: z.number().nullable(),
  nOriginal: z.number().nullable(),
  nEffective: z.number().nullable(),
  sampleCount: z.number(),
  correctCount: z.number(),
  incorrectCount: z.number(),
  requestFailedCount: z.number(),
  budgetExceededCount: z.number(),
});
export type TaskDto = z.infer<typeof TaskDto>;

export const RunResultsDto = z.strictObject({
  runId: z.number(),
  resultsFile: z.string(),
  lmmsEvalVersion: z.string().nullable(),
  gitHash: z.string().nullable(),
  evaluatedAt: IsoTimestamp.nullable(),
  dateTimezone: z.string().nullable(),
  totalEvaluationSeconds: z.number().nullable(),
  modelSource: z.string().nullable(),
  modelName: z.string().nullable(),
  throughput: JsonObject.nullable(),
  usage: JsonObject.nullable(),
  efficiency: JsonObject.nullable(),
  sampleCount: z.number(),
  requestFailedCount: z.number(),
  budgetExceededCount: z.number(),
  tasks: z.array(TaskDto),
  metrics: z.array(MetricDto),
});
export type RunResultsDto = z.infer<typeof RunResultsDto>;

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

/** The results JSON as ingested (download), credential-looking values masked like everything else that is served. */
export function getRawResults({ db, ctx, runId }: { db: DB; ctx: ServiceContext; runId: unknown }): { fileName: string; text: string } | null {
  const run = loadVisibleRun(db, ctx, runId);
  const row = db.select({ rawJson: runResults.rawJson, resultsFile: runResults.resultsFile }).from(runResults).where(eq(runResults.runId, run.id)).get();
  return row ? { fileName: row.resultsFile.split("/").pop() ?? `run-${run.id}_results.json`, text: maskSecretsInJsonText(row.rawJson) } : null;
}
