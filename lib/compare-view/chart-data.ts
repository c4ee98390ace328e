import { niceAxis, type NiceAxis } from "@/lib/nice-ticks";
import type { ComparisonRow } from "@/lib/services/compare/compare-sides";
import { benchmarkLabel } from "./format";

/** One compared run as a chart series. */
export type ChartSeries = { key: string; label: string; runId: number; isReference: boolean };

/** One x-axis category of a grouped bar chart: per series its value (`s0`…) and CI error (`s0_err` = [below, above]). */
export type BarDatum = { label: string; full: string; [series: string]: number | string | [number, number] | null };

/**
 * Bars on one y axis must share a scale: every metric whose values all lie in [0, 1] (accuracies, exact match…) goes
 * into one chart; any other metric (MME's 0–2000 sums, BLEU ×100…) gets a chart of its own.
 */
export type BarChartGroup = { id: string; title: string; unitScale: boolean; data: BarDatum[] };

export const MAX_BARS_PER_CHART = 24;

export function chartSeries(sides: Array<{ label: string; runIds: number[] }>, referenceIndex: number): ChartSeries[] {
  return sides.map((side, i) => ({ key: `s${i}`, label: side.label, runId: side.runIds[0], isReference: i === referenceIndex }));
}

const onUnitScale = (row: ComparisonRow) => row.cells.every((c) => c === null || c.value === null || (c.value >= 0 && c.value <= 1));

function datum(row: ComparisonRow, label: string): BarDatum {
  const d: BarDatum = { label, full: benchmarkLabel(row) };
  row.cells.forEach((cell, i) => {
    d[`s${i}`] = cell?.value ?? null;
    d[`s${i}_err`] = cell && cell.value !== null && cell.ci ? [Math.max(0, cell.value - cell.ci[0]), Math.max(0, cell.ci[1] - cell.value)] : null;
  });
  return d;
}

/**
 * Grouped-bar data for a run comparison: tasks (not the lmms-eval group aggregates, which would double-count their
 * subtasks) with at least one value. Unit-scale metrics are chunked into charts of at most MAX_BARS_PER_CHART metrics.
 */
export function barChartGroups(rows: ComparisonRow[]): BarChartGroup[] {
  const candidates = rows.filter((r) => !r.isGroup && r.cells.some((c) => c?.value != null));
  const unit = candidates.filter(onUnitScale);
  const other = candidates.filter((r) => !onUnitScale(r));
  const groups: BarChartGroup[] = [];
  for (let i = 0; i < unit.length; i += MAX_BARS_PER_CHART) {
    const chunk = unit.slice(i, i + MAX_BARS_PER_CHART);
    const part = unit.length > MAX_BARS_PER_CHART ? ` (${i / MAX_BARS_PER_CHART + 1} of ${Math.ceil(unit.length / MAX_BARS_PER_CHART)})` : "";
    groups.push({ id: `unit-${i}`, title: `Metrics on a 0–1 scale${part}`, unitScale: true, data: chunk.map((r) => datum(r, shortLabel(r, chunk))) });
  }
  for (const row of other) groups.push({ id: `own-${benchmarkLabel(row)}`, title: benchmarkLabel(row), unitScale: false, data: [datum(row, row.metric)] });
  return groups;
}

/** The task name alone when it is unique among the bars, else task · metric (· filter). */
function shortLabel(row: ComparisonRow, among: ComparisonRow[]): string {
  return among.filter((r) => r.task === row.task).length > 1 ? benchmarkLabel(row) : row.task;
}

export type RadarAxis = { axis: string; full: string; relative: boolean; [series: string]: number | string | boolean | null };

/**
 * Radar data over the benchmarks every run has a value for (tasks only, higher-is-better only, so "outward" always
 * means "better"). Axes whose values all lie in [0, 1] are plotted as percentages; any other axis as a percentage of
 * the best run on it (`relative`), and said so.
 */
export function radarData(rows: ComparisonRow[]): { axes: RadarAxis[]; left: { lowerIsBetter: number; missing: number } } {
  const tasks = rows.filter((r) => !r.isGroup);
  const shared = tasks.filter((r) => r.cells.length > 0 && r.cells.every((c) => c !== null && c.value !== null));
  const usable = shared.filter((r) => r.higherIsBetter !== false);
  const axes = usable.map((row) => {
    const relative = !onUnitScale(row);
    const max = Math.max(...row.cells.map((c) => c!.value!));
    const axis: RadarAxis = { axis: shortLabel(row, usable), full: benchmarkLabel(row), relative };
    row.cells.forEach((cell, i) => {
      const v = cell!.value!;
      axis[`s${i}`] = relative ? (max > 0 ? (v / max) * 100 : 0) : v * 100;
      axis[`s${i}_raw`] = v;
    });
    return axis;
  });
  return { axes, left: { lowerIsBetter: shared.length - usable.length, missing: tasks.length - shared.length } };
}

/**
 * A scatter axis for a benchmark correlation: padded so no point sits on the frame (scores in 0–1 are not padded past
 * 0 or 1, non-negative ones not below 0), with round ticks.
 */
export function scatterAxis(values: number[]): NiceAxis {
  if (values.length === 0) return niceAxis(0, 1);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = hi === lo ? Math.max(Math.abs(hi) * 0.05, 0.01) : (hi - lo) * 0.08;
  const unit = lo >= 0 && hi <= 1;
  return niceAxis(lo >= 0 ? Math.max(0, lo - pad) : lo - pad, unit ? Math.min(1, hi + pad) : hi + pad);
}
