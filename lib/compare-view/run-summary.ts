import type { ComparisonRow } from "@/lib/services/compare/compare-sides";

export type SideSummary = { better: number; worse: number; different: number; notSignificant: number; untested: number };

/**
 * The one-line answer per compared run: how many metrics are significantly better / worse than the reference (after
 * Holm over the whole table), how many are indistinguishable, and how many could not be tested. Group aggregates are
 * left out so a subtask's difference is not counted twice.
 */
export function summarizeSides(rows: ComparisonRow[], sideCount: number, referenceIndex: number): Array<SideSummary | null> {
  const out: Array<SideSummary | null> = Array.from({ length: sideCount }, (_, i) => (i === referenceIndex ? null : { better: 0, worse: 0, different: 0, notSignificant: 0, untested: 0 }));
  for (const row of rows) {
    if (row.isGroup || !row.cells[referenceIndex]) continue;
    row.cells.forEach((cell, i) => {
      const s = out[i];
      if (!s || !cell || cell.delta === null) return;
      if (cell.test === null || cell.pAdjusted === null) s.untested++;
      else if (!cell.significant) s.notSignificant++;
      else if (cell.direction === "better") s.better++;
      else if (cell.direction === "worse") s.worse++;
      else s.different++;
    });
  }
  return out;
}

/** How many p-values the Holm correction ran over (every tested cell of the table, groups included). */
export function testedCount(rows: ComparisonRow[]): number {
  return rows.reduce((n, r) => n + r.cells.filter((c) => c?.test && Number.isFinite(c.test.pValue)).length, 0);
}
