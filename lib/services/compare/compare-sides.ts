import { inArray } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db/client";
import { runMetrics, runResults, runs, type RunMetric } from "@/db/schema";
import { ciFromStderr, holm } from "@/lib/stats";
import { ciStderrOf } from "@/lib/services/results/get-run-results";
import { committedIngest } from "@/lib/services/results/ingest-run-files";
import { MetricTest, stderrOnValueScale, testMetric, type MetricSide } from "./metric-test";
import { versionWarnings } from "./version-warnings";

/** One column of a comparison: a run, or a model version whose latest run per task is used. */
export type Side = { label: string; runIdForTask: (task: string) => number | null; runIds: number[] };

export const ComparisonCell = z.strictObject({
  runId: z.number(),
  value: z.number().nullable(),
  stderr: z.number().nullable(),
  ci: z.tuple([z.number(), z.number()]).nullable(),
  n: z.number().nullable(),
  taskVersion: z.string().nullable(),
  delta: z.number().nullable().describe("value − the reference's value"),
  test: MetricTest.nullable(),
  pAdjusted: z.number().nullable().describe("Holm-adjusted across the whole table"),
  significant: z.boolean(),
  direction: z.enum(["better", "worse"]).nullable().describe("an improvement or not, given higher_is_better; null when not significant or unknown"),
});
export type ComparisonCell = z.infer<typeof ComparisonCell>;

export const ComparisonRow = z.strictObject({
  task: z.string(),
  metric: z.string(),
  filter: z.string(),
  group: z.string().nullable(),
  isGroup: z.boolean(),
  higherIsBetter: z.boolean().nullable(),
  cells: z.array(ComparisonCell.nullable()),
  warnings: z.array(z.string()),
});
export type ComparisonRow = z.infer<typeof ComparisonRow>;

export const Comparison = z.strictObject({
  sides: z.array(z.strictObject({ label: z.string(), runIds: z.array(z.number()), lmmsEvalVersions: z.array(z.string()) })),
  referenceIndex: z.number(),
  rows: z.array(ComparisonRow),
  alpha: z.number(),
});
export type Comparison = z.infer<typeof Comparison>;

const ALPHA = 0.05;

/**
 * Aligns the sides' metrics by (task, metric, filter), tests each non-reference cell against the reference cell
 * (lib/services/compare/metric-test.ts), corrects the p-values of the whole table with Holm, and flags rows whose task
 * version or lmms-eval version differ between the runs compared. Only finished, ingested runs take part.
 */
export function compareSides(db: DB, sides: Side[], referenceIndex: number): Comparison {
  const allRunIds = [...new Set(sides.flatMap((s) => s.runIds))];
  const metricRows = allRunIds.length ? db.select().from(runMetrics).where(inArray(runMetrics.runId, allRunIds)).all() : [];
  const byRun = new Map<number, RunMetric[]>();
  for (const m of metricRows) (byRun.get(m.runId) ?? byRun.set(m.runId, []).get(m.runId)!).push(m);
  const versions = new Map(
    (allRunIds.length ? db.select({ runId: runResults.runId, v: runResults.lmmsEvalVersion }).from(runResults).where(inArray(runResults.runId, allRunIds)).all() : []).map((r) => [r.runId, r.v]),
  );
  const ingestIds = new Map(allRunIds.map((id) => [id, committedIngest(db, id)?.id ?? null]));

  const keys = new Map<string, { task: string; metric: string; filter: string; group: string | null; isGroup: boolean; higherIsBetter: boolean | null }>();
  for (const m of metricRows) {
    const key = `${m.task}\u0000${m.metric}\u0000${m.filter}`;
    if (!keys.has(key)) keys.set(key, { task: m.task, metric: m.metric, filter: m.filter, group: m.groupName, isGroup: m.isGroup, higherIsBetter: m.higherIsBetter });
  }

  const rows: ComparisonRow[] = [];
  for (const key of keys.values()) {
    const sidesData: Array<{ side: MetricSide; metric: RunMetric } | null> = sides.map((s) => {
      const runId = s.runIdForTask(key.task);
      const metric = runId === null ? undefined : byRun.get(runId)?.find((m) => m.task === key.task && m.metric === key.metric && m.filter === key.filter);
      if (!metric || runId === null) return null;
      const { ciStderr, ciStderrKind } = ciStderrOf(metric);
      return { metric, side: { runId, ingestId: ingestIds.get(runId) ?? null, value: metric.value, stderr: ciStderr, stderrKind: ciStderrKind, n: metric.n } };
    });
    if (sidesData.filter(Boolean).length === 0) continue;
    const reference = sidesData[referenceIndex];
    const present = sidesData.filter((d): d is NonNullable<typeof d> => d !== null);
    const warnings = versionWarnings(present.map((d) => ({ taskVersion: d.metric.taskVersion, lmmsEvalVersion: versions.get(d.side.runId) ?? null })));
    rows.push({
      ...key,
      warnings,
      cells: sidesData.map((d, index) => {
        if (!d) return null;
        const { side } = d;
        const ci = side.value !== null && side.stderr !== null && stderrOnValueScale(side) ? ciFromStderr(side.value, side.stderr) : null;
        const isReference = index === referenceIndex;
        const delta = !isReference && reference && side.value !== null && reference.side.value !== null ? side.value - reference.side.value : null;
        const test = !isReference && reference ? testMetric(db, reference.side, side, key) : null;
        return {
          runId: side.runId,
          value: side.value,
          stderr: side.stderr,
          ci: ci ? [ci.lower, ci.upper] : null,
          n: side.n,
          taskVersion: d.metric.taskVersion,
          delta,
          test,
          pAdjusted: null,
          significant: false,
          direction: null,
        };
      }),
    });
  }

  // Holm over every p-value in the table: many metrics × many runs would otherwise find "significant" noise.
  const tested = rows.flatMap((r) => r.cells.filter((c): c is ComparisonCell => c !== null && c.test !== null && Number.isFinite(c.test.pValue)));
  const adjusted = holm(tested.map((c) => c.test!.pValue));
  tested.forEach((cell, i) => {
    cell.pAdjusted = adjusted[i];
    cell.significant = adjusted[i] < ALPHA;
  });
  for (const row of rows) {
    for (const cell of row.cells) {
      if (cell?.significant && cell.delta !== null && row.higherIsBetter !== null && cell.delta !== 0) {
        cell.direction = (cell.delta > 0) === row.higherIsBetter ? "better" : "worse";
      }
    }
  }
  rows.sort((a, b) => (a.group ?? a.task).localeCompare(b.group ?? b.task) || a.task.localeCompare(b.task) || a.metric.localeCompare(b.metric) || a.filter.localeCompare(b.filter));

  return {
    sides: sides.map((s) => ({ label: s.label, runIds: s.runIds, lmmsEvalVersions: [...new Set(s.runIds.map((id) => versions.get(id) ?? "unknown"))] })),
    referenceIndex,
    rows,
    alpha: ALPHA,
  };
}

/** Runs that can be compared: finished and ingested. */
export function comparableRunIds(db: DB, runIds: number[]): { ok: number[]; excluded: Array<{ runId: number; reason: string }> } {
  const rows = runIds.length ? db.select({ id: runs.id, status: runs.status }).from(runs).where(inArray(runs.id, runIds)).all() : [];
  const withResults = new Set(runIds.length ? db.select({ id: runResults.runId }).from(runResults).where(inArray(runResults.runId, runIds)).all().map((r) => r.id) : []);
  const ok: number[] = [];
  const excluded: Array<{ runId: number; reason: string }> = [];
  for (const id of runIds) {
    const row = rows.find((r) => r.id === id);
    if (!row) excluded.push({ runId: id, reason: "not found" });
    else if (row.status === "queued" || row.status === "running") excluded.push({ runId: id, reason: `still ${row.status}: compared once it finishes` });
    else if (!withResults.has(id)) excluded.push({ runId: id, reason: `${row.status} without stored results` });
    else ok.push(id);
  }
  return { ok, excluded };
}

