/**
 * View logic for the version comparison table (lib/services/models/performance.ts `compareVersions`): sections per
 * task group, p-value and delta formatting, and the colour a cell may take. Colour is earned only by a significant
 * (Holm-adjusted) difference whose direction is known; everything else stays neutral.
 */
export type CompareCellLike = {
  value: number | null;
  delta: number | null;
  significant: boolean;
  direction: "better" | "worse" | null;
};

export type CompareRowLike = { task: string; metric: string; filter: string; group: string | null; isGroup: boolean };

export type CompareSection<R extends CompareRowLike> = { heading: string; isGroup: boolean; rows: R[] };

/** Consecutive rows of one group (or of one ungrouped task) form a section; the service already sorts them so. */
export function sectionRows<R extends CompareRowLike>(rows: readonly R[]): CompareSection<R>[] {
  const sections: CompareSection<R>[] = [];
  for (const row of rows) {
    const heading = row.group ?? row.task;
    const last = sections.at(-1);
    if (last && last.heading === heading) last.rows.push(row);
    else sections.push({ heading, isGroup: row.group !== null, rows: [row] });
  }
  return sections;
}

/** p-values: three significant digits, `< 0.001` below that; NaN/null as an em dash. */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return "—";
  if (p < 0.001) return "< 0.001";
  return p < 0.01 ? p.toFixed(4) : p.toFixed(3);
}

export type Tone = "better" | "worse" | "neutral";

export function cellTone(cell: CompareCellLike | null): Tone {
  if (!cell || !cell.significant || cell.direction === null) return "neutral";
  return cell.direction;
}

/** Decimals for a value on its own scale (accuracy 0–1 vs MME's 0–2000). */
export function decimalsFor(value: number): number {
  const a = Math.abs(value);
  if (!Number.isFinite(a) || a === 0) return 4;
  if (a < 1) return 4;
  if (a < 10) return 3;
  if (a < 10_000) return 2;
  return 0;
}

export function formatValue(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return value.toFixed(decimalsFor(value));
}

/** Signed delta with the decimals of the larger of the two values it came from. */
export function formatDelta(delta: number | null | undefined, scale: number | null = null): string {
  if (delta === null || delta === undefined || !Number.isFinite(delta)) return "—";
  const decimals = decimalsFor(scale ?? delta);
  const text = Math.abs(delta).toFixed(decimals);
  if (Number(text) === 0) return `±${text}`;
  return `${delta > 0 ? "+" : "−"}${text}`;
}

/** The CI as `[lo, hi]` text. */
export function formatCi(ci: [number, number] | null, value: number | null): string | null {
  if (!ci) return null;
  const d = decimalsFor(value ?? ci[1]);
  return `[${ci[0].toFixed(d)}, ${ci[1].toFixed(d)}]`;
}

/** Counts for the summary line above the table. */
export function summarize(rows: ReadonlyArray<{ cells: ReadonlyArray<CompareCellLike | null> }>): { tested: number; better: number; worse: number } {
  let better = 0;
  let worse = 0;
  for (const row of rows) {
    const tone = cellTone(row.cells[1] ?? null);
    if (tone === "better") better += 1;
    if (tone === "worse") worse += 1;
  }
  return { tested: rows.length, better, worse };
}
