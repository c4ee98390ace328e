import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { DB, DbOrTx } from "@/db/client";
import { modelVersions, runMetrics, runResults, runs, runTasks } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/permissions";
import { IsoTimestamp } from "@/lib/services/dto-fields";
import { ciStderrOf } from "@/lib/services/results/get-run-results";
import { parseInput } from "@/lib/services/validate";
import { Comparison, compareSides, type Side } from "@/lib/services/compare/compare-sides";
import { stderrOnValueScale } from "@/lib/services/compare/metric-test";
import { rankWithTies } from "@/lib/services/compare/shared-rank";
import { ciFromStderr } from "@/lib/stats";
import { maskModelArgs } from "@/lib/services/runs/run-dto";
import type { Actor } from "@/lib/auth/actor";
import { visibleRunsWhere } from "@/lib/services/runs/run-access";
import { canonicalKeyValue } from "./queries";
import { loadVersion } from "./manage-versions";

export const HistoryPoint = z.strictObject({
  versionId: z.number(),
  label: z.string(),
  runId: z.number(),
  date: IsoTimestamp,
  value: z.number().nullable(),
  stderr: z.number().nullable(),
  taskVersion: z.string().nullable(),
  lmmsEvalVersion: z.string().nullable(),
  breakBefore: z.boolean().describe("the task or lmms-eval version changed since the previous point: the chart must not join them"),
  breakReason: z.string().nullable(),
});
export type HistoryPoint = z.infer<typeof HistoryPoint>;

export const Benchmark = z.strictObject({ task: z.string(), metric: z.string(), filter: z.string(), higherIsBetter: z.boolean().nullable() });
export type Benchmark = z.infer<typeof Benchmark>;

/** Succeeded runs of a model's versions with stored results, oldest first. */
function modelRuns(db: DB, modelId: number, actor: Actor) {
  return db
    .select({
      runId: runs.id,
      versionId: modelVersions.id,
      label: modelVersions.label,
      at: runs.finishedAt,
      createdAt: runs.createdAt,
      evaluatedAt: runResults.evaluatedAt,
      lmmsEvalVersion: runResults.lmmsEvalVersion,
    })
    .from(runs)
    .innerJoin(modelVersions, eq(modelVersions.id, runs.modelVersionId))
    .innerJoin(runResults, eq(runResults.runId, runs.id))
    .where(and(eq(modelVersions.modelId, modelId), eq(runs.status, "succeeded"), visibleRunsWhere(actor)))
    .orderBy(asc(runs.createdAt), asc(runs.id))
    .all();
}

const HistoryQuery = z.object({
  modelId: z.coerce.number().int().positive(),
  task: z.string().trim().optional(),
  metric: z.string().trim().optional(),
  filter: z.string().trim().optional(),
});

/**
 * A model's performance over time, per benchmark (task/metric/filter): one point per run of any of its versions, in
 * time order, with breaks where the task version or the lmms-eval version changed; plus the latest score per
 * benchmark per version and the best version per benchmark.
 */
export function modelHistory({ db, ctx, input }: { db: DB; ctx: ServiceContext; input: unknown }): {
  benchmarks: Benchmark[];
  series: Record<string, HistoryPoint[]>;
  latest: Array<{ benchmark: Benchmark; byVersion: Array<{ versionId: number; label: string; runId: number; value: number | null; stderr: number | null }> }>;
  /** Per benchmark with a known direction: the best version, or several when their CIs overlap (a tie). */
  best: Array<{ benchmark: Benchmark; leaders: Array<{ versionId: number; label: string; value: number; runId: number }> }>;
} {
  const actor = requireActor(ctx);
  const q = parseInput(HistoryQuery, input);
  const runRows = modelRuns(db, q.modelId, actor);
  const ids = runRows.map((r) => r.runId);
  // The columns the history shows, not the JSON ones (raw values, extras) that each row would otherwise parse.
  const metrics = ids.length
    ? db
        .select({
          runId: runMetrics.runId,
          task: runMetrics.task,
          metric: runMetrics.metric,
          filter: runMetrics.filter,
          value: runMetrics.value,
          stderr: runMetrics.stderr,
          stderrClt: runMetrics.stderrClt,
          stderrClustered: runMetrics.stderrClustered,
          n: runMetrics.n,
          higherIsBetter: runMetrics.higherIsBetter,
          taskVersion: runMetrics.taskVersion,
        })
        .from(runMetrics)
        .where(inArray(runMetrics.runId, ids))
        .all()
    : [];
  // One pass groups the rows by benchmark: filtering all rows once per benchmark cost benchmarks × rows (seconds for a
  // model with hundreds of runs of hundreds of benchmarks).
  const benchmarks = new Map<string, Benchmark>();
  const rowsOf = new Map<string, typeof metrics>();
  for (const m of metrics) {
    if ((q.task && m.task !== q.task) || (q.metric && m.metric !== q.metric) || (q.filter && m.filter !== q.filter)) continue;
    const key = `${m.task}|${m.metric}|${m.filter}`;
    const rows = rowsOf.get(key);
    if (rows) rows.push(m);
    else {
      benchmarks.set(key, { task: m.task, metric: m.metric, filter: m.filter, higherIsBetter: m.higherIsBetter });
      rowsOf.set(key, [m]);
    }
  }
  const runInfo = new Map(runRows.map((r) => [r.runId, r]));
  const series: Record<string, HistoryPoint[]> = {};
  for (const [key, rows] of rowsOf) {
    const points: HistoryPoint[] = [];
    for (const m of rows) {
      const run = runInfo.get(m.runId)!;
      const { ciStderr, ciStderrKind } = ciStderrOf(m);
      const onScale = stderrOnValueScale({ runId: m.runId, ingestId: null, value: m.value, stderr: ciStderr, stderrKind: ciStderrKind, n: m.n });
      points.push({
        versionId: run.versionId,
        label: run.label,
        runId: m.runId,
        date: (run.evaluatedAt ?? run.at ?? run.createdAt).toISOString(),
        value: m.value,
        stderr: onScale ? ciStderr : null,
        taskVersion: m.taskVersion,
        lmmsEvalVersion: run.lmmsEvalVersion,
        breakBefore: false,
        breakReason: null,
      });
    }
    points.sort((a, b) => a.date.localeCompare(b.date) || a.runId - b.runId);
    // Breaks are judged in date order: a changed task or lmms-eval version makes scores incomparable.
    points.forEach((p, i) => {
      const prev = points[i - 1];
      const reasons: string[] = [];
      if (prev && prev.taskVersion !== p.taskVersion) reasons.push(`task version ${prev.taskVersion ?? "?"} → ${p.taskVersion ?? "?"}`);
      if (prev && prev.lmmsEvalVersion !== p.lmmsEvalVersion) reasons.push(`lmms-eval ${prev.lmmsEvalVersion ?? "?"} → ${p.lmmsEvalVersion ?? "?"}`);
      p.breakBefore = reasons.length > 0;
      p.breakReason = reasons.length ? reasons.join("; ") : null;
    });
    series[key] = points;
  }
  const latest = [...benchmarks.entries()].map(([key, benchmark]) => {
    const byVersion = new Map<number, { versionId: number; label: string; runId: number; value: number | null; stderr: number | null }>();
    for (const p of series[key]) byVersion.set(p.versionId, { versionId: p.versionId, label: p.label, runId: p.runId, value: p.value, stderr: p.stderr });
    return { benchmark, byVersion: [...byVersion.values()] };
  });
  // The board's rule: versions whose 95% CIs overlap share first place, so none of them is crowned alone.
  const best = latest.flatMap(({ benchmark, byVersion }) => {
    if (benchmark.higherIsBetter === null) return [];
    const scored = byVersion.flatMap((v) =>
      v.value === null ? [] : [{ ...v, value: v.value, ci: v.stderr === null ? null : (({ lower, upper }) => [lower, upper] as const)(ciFromStderr(v.value, v.stderr)) }],
    );
    const leaders = rankWithTies(scored, benchmark.higherIsBetter)
      .filter(({ rank }) => rank === 1)
      .map(({ entry }) => ({ versionId: entry.versionId, label: entry.label, value: entry.value, runId: entry.runId }));
    return leaders.length ? [{ benchmark, leaders }] : [];
  });
  return { benchmarks: [...benchmarks.values()], series, latest, best };
}

/** The latest succeeded run of a version that covers `task`, or null. */
function latestRunFor(db: DB, versionId: number, actor: Actor): (task: string) => number | null {
  const rows = db
    .select({ runId: runs.id, task: runTasks.task })
    .from(runs)
    .innerJoin(runTasks, eq(runTasks.runId, runs.id))
    .where(and(eq(runs.modelVersionId, versionId), eq(runs.status, "succeeded"), visibleRunsWhere(actor)))
    .orderBy(desc(runs.createdAt), desc(runs.id))
    .all();
  const byTask = new Map<string, number>();
  for (const r of rows) if (!byTask.has(r.task)) byTask.set(r.task, r.runId);
  return (task) => byTask.get(task) ?? null;
}

export const ConfigDiff = z.array(z.strictObject({ field: z.string(), a: z.string(), b: z.string() }));
export type ConfigDiff = z.infer<typeof ConfigDiff>;

const VersionRef = z.strictObject({ id: z.number(), label: z.string(), modelName: z.string() });
export const VersionComparison = z.strictObject({
  a: VersionRef,
  b: VersionRef,
  configDiff: ConfigDiff,
  comparison: Comparison,
  sharedTasks: z.array(z.string()),
});
export type VersionComparison = z.infer<typeof VersionComparison>;

/**
 * Two versions side by side: what differs in their configuration (only the differences), then their results on
 * every task both ran, with a named significance test and p-value per metric.
 */
export function compareVersions({ db, ctx, a, b }: { db: DB; ctx: ServiceContext; a: unknown; b: unknown }): VersionComparison {
  const actor = requireActor(ctx);
  const ids = parseInput(z.object({ a: z.coerce.number().int().positive(), b: z.coerce.number().int().positive() }), { a, b });
  const va = loadVersion(db, ids.a);
  const vb = loadVersion(db, ids.b);
  const configDiff: ConfigDiff = [];
  const field = (name: string, x: string, y: string, canonical = (s: string) => s) => {
    if (canonical(x) !== canonical(y)) configDiff.push({ field: name, a: x, b: y });
  };
  field("backend", va.backend, vb.backend);
  // Masked like everywhere else a version's args leave the server (api_key=…, hf_… tokens).
  field("model args", maskModelArgs(va.modelArgs), maskModelArgs(vb.modelArgs), canonicalKeyValue);
  field("gen kwargs", va.genKwargs, vb.genKwargs, canonicalKeyValue);
  field("parent", va.parentVersionId ? `#${va.parentVersionId}` : "—", vb.parentVersionId ? `#${vb.parentVersionId}` : "—");
  const sideA = latestRunFor(db, va.id, actor);
  const sideB = latestRunFor(db, vb.id, actor);
  const tasksOf = (versionId: number) =>
    new Set(db.select({ task: runTasks.task }).from(runTasks).innerJoin(runs, eq(runs.id, runTasks.runId)).where(and(eq(runs.modelVersionId, versionId), eq(runs.status, "succeeded"), visibleRunsWhere(actor))).all().map((r) => r.task));
  const tasksA = tasksOf(va.id);
  const sharedTasks = [...tasksOf(vb.id)].filter((t) => tasksA.has(t)).sort();
  const shared = new Set(sharedTasks);
  const runsOf = (pick: (task: string) => number | null) => [...new Set(sharedTasks.map(pick).filter((x): x is number => x !== null))];
  const sides: Side[] = [
    { label: `${va.modelName} ${va.label}`, runIdForTask: (t) => (shared.has(t) ? sideA(t) : null), runIds: runsOf(sideA) },
    { label: `${vb.modelName} ${vb.label}`, runIdForTask: (t) => (shared.has(t) ? sideB(t) : null), runIds: runsOf(sideB) },
  ];
  const comparison = compareSides(db, sides, 0);
  comparison.rows = comparison.rows.filter((r) => r.cells.every((c) => c !== null));
  return { a: { id: va.id, label: va.label, modelName: va.modelName }, b: { id: vb.id, label: vb.label, modelName: vb.modelName }, configDiff, comparison, sharedTasks };
}

/** Imports: the registered version with the same backend and (canonically equal) model args, if any. */
export function findMatchingVersion(db: DbOrTx, backend: string, modelArgs: string): { id: number; label: string; modelId: number } | null {
  const canonical = canonicalKeyValue(modelArgs);
  const candidates = db.select({ id: modelVersions.id, label: modelVersions.label, modelId: modelVersions.modelId, modelArgs: modelVersions.modelArgs }).from(modelVersions).where(eq(modelVersions.backend, backend)).all();
  const match = candidates.find((c) => canonicalKeyValue(c.modelArgs) === canonical);
  return match ? { id: match.id, label: match.label, modelId: match.modelId } : null;
}
