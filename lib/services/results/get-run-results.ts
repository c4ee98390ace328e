import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db/client";
import { runMetrics, runResults, runTasks } from "@/db/schema";
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
