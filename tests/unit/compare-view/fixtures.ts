import type { Board, BoardCell, BoardColumn, BoardRow } from "@/lib/services/compare/board";
import type { ComparisonCell, ComparisonRow } from "@/lib/services/compare/compare-sides";

export function column(task: string, metric = "exact_match", filter = "none", group: string | null = null, higherIsBetter: boolean | null = true): BoardColumn {
  return { key: `${task}|${metric}|${filter}`, task, metric, filter, group, higherIsBetter };
}

export function cell(value: number | null, extra: Partial<BoardCell> = {}): BoardCell {
  return {
    value,
    stderr: 0.01,
    ci: value === null ? null : [value - 0.0196, value + 0.0196],
    n: 500,
    runId: 1,
    date: "2026-01-01T00:00:00.000Z",
    rank: 1,
    delta: null,
    pAdjusted: null,
    significant: false,
    direction: null,
    ...extra,
  };
}

export function row(key: string, label: string, cells: Record<string, BoardCell>, kind: BoardRow["kind"] = "version"): BoardRow {
  return { key, label, kind, modelId: 1, versionId: 1, runs: [], cells };
}

export function board(columns: BoardColumn[], rows: BoardRow[], baseline: string | null = null): Board {
  return {
    columns,
    allColumns: columns,
    rows,
    baseline,
    test: "Unpaired z-test from the two stderrs (normal approximation), Holm-corrected across the board",
    columnWarnings: {},
    chosenRuns: [],
    filters: { versions: [], tasks: [] },
  };
}

export function cmpCell(value: number | null, extra: Partial<ComparisonCell> = {}): ComparisonCell {
  return {
    runId: 1,
    value,
    stderr: 0.02,
    ci: value === null ? null : [value - 0.04, value + 0.04],
    n: 100,
    taskVersion: "1",
    delta: null,
    test: null,
    pAdjusted: null,
    significant: false,
    direction: null,
    ...extra,
  };
}

export function cmpRow(task: string, cells: Array<ComparisonCell | null>, extra: Partial<ComparisonRow> = {}): ComparisonRow {
  return { task, metric: "exact_match", filter: "none", group: null, isGroup: false, higherIsBetter: true, cells, warnings: [], ...extra };
}
