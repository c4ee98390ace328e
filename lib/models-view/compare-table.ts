/**
 * View logic for the version comparison table (lib/services/models/performance.ts `compareVersions`): sections per
 * task group and the colour a cell may take. Colour is earned only by a significant
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

export type Tone = "better" | "worse" | "neutral";

export function cellTone(cell: CompareCellLike | null): Tone {
  if (!cell || !cell.significant || cell.direction === null) return "neutral";
  return cell.direction;
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
