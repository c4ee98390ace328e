import { asc, eq } from "drizzle-orm";
import type { DB } from "@/db/client";
import { runMetrics, runResults, runTasks } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { maskSecretsInJsonText } from "@/lib/lmms-eval/secret-values";
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

/** The ingested results of a run, or null while there are none (queued, running, failed, not ingested). */
export function getRunResults({ db, ctx, runId }: { db: DB; ctx: ServiceContext; runId: unknown }): RunResultsDto | null {
  const run = loadVisibleRun(db, ctx, runId);
  const result = db.select().from(runResults).where(eq(runResults.runId, run.id)).get();
  if (!result) return null;
  const tasks = db.select().from(runTasks).where(eq(runTasks.runId, run.id)).orderBy(asc(runTasks.task)).all();
  const metrics = db.select().from(runMetrics).where(eq(runMetrics.runId, run.id)).orderBy(asc(runMetrics.id)).all();
  return {
    runId: run.id,
    resultsFile: result.resultsFile,
    lmmsEvalVersion: result.lmmsEvalVersion,
    gitHash: result.gitHash,
    evaluatedAt: result.evaluatedAt?.toISOString() ?? null,
    dateTimezone: result.dateTimezone,
    totalEvaluationSeconds: result.totalEvaluationSeconds,
    modelSource: result.modelSource,
    modelName: result.modelName,
    throughput: result.throughput ?? null,
    usage: result.usage ?? null,
    efficiency: result.efficiency ?? null,
    sampleCount: result.sampleCount,
    requestFailedCount: result.requestFailedCount,
    budgetExceededCount: result.budgetExceededCount,
    tasks: tasks.map(({ runId: _r, config: _c, higherIsBetter: _h, ...t }) => t),
    metrics: metrics.map((m) => ({
      task: m.task,
      metric: m.metric,
      filter: m.filter,
      value: m.value,
      valueRaw: m.valueRaw,
      stderr: m.stderr,
      stderrClt: m.stderrClt,
      stderrClustered: m.stderrClustered,
      ...ciStderrOf(m),
      n: m.n,
      higherIsBetter: m.higherIsBetter,
      isGroup: m.isGroup,
      group: m.groupName,
      taskVersion: m.taskVersion,
      nShot: m.nShot,
      extras: m.extras ?? null,
    })),
  };
}

/** The results JSON as ingested (download), credential-looking values masked like everything else that is served. */
export function getRawResults({ db, ctx, runId }: { db: DB; ctx: ServiceContext; runId: unknown }): { fileName: string; text: string } | null {
  const run = loadVisibleRun(db, ctx, runId);
  const row = db.select({ rawJson: runResults.rawJson, resultsFile: runResults.resultsFile }).from(runResults).where(eq(runResults.runId, run.id)).get();
  return row ? { fileName: row.resultsFile.split("/").pop() ?? `run-${run.id}_results.json`, text: maskSecretsInJsonText(row.rawJson) } : null;
}
