/**
 * Shapes a benchmark's history (lib/services/models/performance.ts `modelHistory`) for the line chart.
 *
 * A break (`breakBefore`: the task version or the lmms-eval version changed) makes two scores incomparable, so the
 * series is cut into segments there and each segment is drawn as its own line: recharts never joins two segments,
 * whatever the data in between. Points sit on an ordinal x axis (one slot per run, in evaluation order) so that runs
 * launched minutes apart do not pile up on a time axis; a break marker sits halfway between its two neighbours.
 */

// Type-only: nothing server-side reaches the browser.
import type { HistoryPoint } from "@/lib/services/models/performance";


/** z for a two-sided 95% normal interval, the same as the results tables use. */
export const Z95 = 1.96;

export type Segment<P extends HistoryPoint = HistoryPoint> = {
  index: number;
  /** Why this segment starts (null for the first one). */
  reason: string | null;
  points: P[];
};

/** Cuts the series at every `breakBefore`; a break on the very first point starts no new segment. */
export function splitAtBreaks<P extends HistoryPoint>(points: readonly P[]): Segment<P>[] {
  const segments: Segment<P>[] = [];
  for (const point of points) {
    const current = segments.at(-1);
    if (!current || (point.breakBefore && current.points.length > 0)) {
      segments.push({ index: segments.length, reason: current ? point.breakReason : null, points: [point] });
    } else {
      current.points.push(point);
    }
  }
  return segments;
}

/** value ± 1.96·stderr, or null when the run reported no usable stderr. */
export function ciBand(value: number | null, stderr: number | null): [number, number] | null {
  if (value === null || stderr === null || !Number.isFinite(value) || !Number.isFinite(stderr) || stderr < 0) return null;
  return [value - Z95 * stderr, value + Z95 * stderr];
}

export type ChartRow = {
  x: number;
  segment: number;
  runId: number;
  versionId: number;
  label: string;
  date: string;
  value: number;
  stderr: number | null;
  ci: [number, number] | null;
  taskVersion: string | null;
  lmmsEvalVersion: string | null;
  /** Set on the first point after a break. */
  breakReason: string | null;
  /** `s<k>`: the value, only on rows of segment k; `band<k>`: its [lo, hi]. */
  [segmentKey: `s${number}`]: number | undefined;
  [bandKey: `band${number}`]: [number, number] | undefined;
};

export type BreakMarker = { x: number; reason: string; beforeRunId: number };

export type HistoryChart = {
  rows: ChartRow[];
  segmentCount: number;
  breaks: BreakMarker[];
  domain: [number, number];
  /** Versions in order of first appearance, for the legend and dot colours. */
  versions: Array<{ versionId: number; label: string }>;
  /** Runs whose metric had no numeric value (not drawn). */
  skipped: number;
};

/**
 * Chart rows for one series. Points without a numeric value are not drawn, but a break they carry is kept for the
 * next drawn point, so a reason is never lost. A break before the first drawn point separates nothing and is dropped.
 */
export function toHistoryChart(points: readonly HistoryPoint[]): HistoryChart {
  const rows: ChartRow[] = [];
  const breaks: BreakMarker[] = [];
  const versions = new Map<number, string>();
  let segment = -1;
  let pending: string[] = [];
  let skipped = 0;
  for (const point of points) {
    if (point.breakBefore) pending.push(point.breakReason ?? "task or lmms-eval version changed");
    if (point.value === null || !Number.isFinite(point.value)) {
      skipped += 1;
      continue;
    }
    const x = rows.length;
    if (segment < 0) segment = 0;
    else if (pending.length) {
      segment += 1;
      breaks.push({ x: x - 0.5, reason: [...new Set(pending)].join("; "), beforeRunId: point.runId });
    }
    const ci = ciBand(point.value, point.stderr);
    const row: ChartRow = {
      x,
      segment,
      runId: point.runId,
      versionId: point.versionId,
      label: point.label,
      date: point.date,
      value: point.value,
      stderr: point.stderr,
      ci,
      taskVersion: point.taskVersion,
      lmmsEvalVersion: point.lmmsEvalVersion,
      breakReason: pending.length && x > 0 ? [...new Set(pending)].join("; ") : null,
    };
    row[`s${segment}`] = point.value;
    if (ci) row[`band${segment}`] = ci;
    rows.push(row);
    pending = [];
    if (!versions.has(point.versionId)) versions.set(point.versionId, point.label);
  }
  return {
    rows,
    segmentCount: segment + 1,
    breaks,
    domain: valueDomain(rows),
    versions: [...versions.entries()].map(([versionId, label]) => ({ versionId, label })),
    skipped,
  };
}

/**
 * The y range: every value and CI bound with 8% padding. Scores that all lie in [0, 1] (accuracies) are not padded
 * past 0 or 1, and non-negative scores not below 0, since nothing can lie there.
 */
export function valueDomain(rows: ReadonlyArray<{ value: number; ci: [number, number] | null }>): [number, number] {
  if (rows.length === 0) return [0, 1];
  const all = rows.flatMap((r) => (r.ci ? [r.value, r.ci[0], r.ci[1]] : [r.value]));
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  const unit = rows.every((r) => r.value >= 0 && r.value <= 1);
  const span = hi - lo;
  const pad = span > 0 ? span * 0.08 : Math.max(Math.abs(hi) * 0.05, 0.01);
  lo -= pad;
  hi += pad;
  if (unit) {
    lo = Math.max(0, lo);
    hi = Math.min(1, hi);
  }
  // Scores that are never negative (MME's 0–2000 sums, counts) get no axis below 0 either.
  if (rows.every((r) => r.value >= 0)) lo = Math.max(0, lo);
  return [lo, hi];
}

/** Keys of the chart's per-segment series. */
export function segmentKeys(segmentCount: number): Array<{ line: `s${number}`; band: `band${number}` }> {
  return Array.from({ length: segmentCount }, (_, k) => ({ line: `s${k}` as const, band: `band${k}` as const }));
}

/** Distinct, colour-blind-friendly hues (Okabe–Ito order, then Tableau) for version dots, light and dark. */
const PALETTE = ["#2563eb", "#d97706", "#059669", "#db2777", "#7c3aed", "#0891b2", "#65a30d", "#dc2626", "#4b5563", "#ca8a04"];
const PALETTE_DARK = ["#60a5fa", "#fbbf24", "#34d399", "#f472b6", "#a78bfa", "#22d3ee", "#a3e635", "#f87171", "#9ca3af", "#facc15"];

/** A stable colour per version: its position in the model's version list (so it matches the legend everywhere). */
export function versionColor(index: number, dark = false): string {
  const palette = dark ? PALETTE_DARK : PALETTE;
  return palette[((index % palette.length) + palette.length) % palette.length];
}

/** Shortened marker label; the full reason is in the legend under the chart and in the tooltip. */
export function shortReason(reason: string, max = 38): string {
  return reason.length > max ? `${reason.slice(0, max - 1)}…` : reason;
}
