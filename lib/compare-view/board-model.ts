import type { Board, BoardCell, BoardColumn, BoardRow } from "@/lib/services/compare/board";

/** Columns whose header shares one lmms-eval group (or, outside any group, one task), in board order. */
export type ColumnSpan = { label: string; isGroup: boolean; columns: BoardColumn[] };

/**
 * Consecutive columns under the same group header (the service sorts columns by group, then task). A group's own
 * aggregate (task `mmmu_val`, no parent) heads the span of its subtasks (group `mmmu_val`).
 */
export function columnSpans(columns: BoardColumn[]): ColumnSpan[] {
  const groupNames = new Set(columns.map((c) => c.group).filter((g): g is string => g !== null));
  const spans: ColumnSpan[] = [];
  for (const column of columns) {
    const label = column.group ?? column.task;
    const isGroup = column.group !== null || groupNames.has(column.task);
    const last = spans[spans.length - 1];
    if (last && last.label === label && last.isGroup === isGroup) last.columns.push(column);
    else spans.push({ label, isGroup, columns: [column] });
  }
  return spans;
}

/** The column chooser: every benchmark, grouped by lmms-eval group ("Ungrouped" for stand-alone tasks last). */
export function chooserGroups(columns: BoardColumn[]): Array<{ label: string; columns: BoardColumn[] }> {
  const groupNames = new Set(columns.map((c) => c.group).filter((g): g is string => g !== null));
  const groups = new Map<string, BoardColumn[]>();
  for (const c of columns) {
    // A group's own aggregate (task = group name) belongs with its subtasks.
    const label = c.group ?? (groupNames.has(c.task) ? c.task : "");
    (groups.get(label) ?? groups.set(label, []).get(label)!).push(c);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === "" ? 1 : b === "" ? -1 : a.localeCompare(b)))
    .map(([label, cols]) => ({ label: label || "Ungrouped tasks", columns: cols }));
}

/** How many rows share each rank in each column, to show "=2" for a tie instead of a bare "2". */
export function rankTies(board: Pick<Board, "columns" | "rows">): Map<string, Map<number, number>> {
  const ties = new Map<string, Map<number, number>>();
  for (const column of board.columns) {
    const counts = new Map<number, number>();
    for (const row of board.rows) {
      const rank = row.cells[column.key]?.rank;
      if (rank != null) counts.set(rank, (counts.get(rank) ?? 0) + 1);
    }
    ties.set(column.key, counts);
  }
  return ties;
}

export function rankLabel(rank: number | null, tieCount: number | undefined): string | null {
  if (rank === null) return null;
  return (tieCount ?? 1) > 1 ? `=${rank}` : String(rank);
}

/**
 * A board row is a model (version) whose cells may come from different runs. To compare rows run against run, each
 * row is represented by the run behind most of its visible cells (ties: the newer run).
 */
export function representativeRun(row: BoardRow, columns: BoardColumn[]): number | null {
  const counts = new Map<number, { n: number; date: string }>();
  for (const column of columns) {
    const cell = row.cells[column.key];
    if (!cell) continue;
    const entry = counts.get(cell.runId) ?? { n: 0, date: cell.date };
    entry.n++;
    if (cell.date > entry.date) entry.date = cell.date;
    counts.set(cell.runId, entry);
  }
  let best: { runId: number; n: number; date: string } | null = null;
  for (const [runId, { n, date }] of counts) {
    if (!best || n > best.n || (n === best.n && (date > best.date || (date === best.date && runId > best.runId)))) best = { runId, n, date };
  }
  return best?.runId ?? null;
}

/**
 * The run behind each of these rows (every row when no keys are given), in board order: what "Chosen runs" starts
 * from, so switching to it keeps the rows on screen, each now showing one run.
 */
export function representativeRuns(board: Pick<Board, "columns" | "rows">, rowKeys?: string[]): number[] {
  const rows = rowKeys ? board.rows.filter((r) => rowKeys.includes(r.key)) : board.rows;
  return [...new Set(rows.map((r) => representativeRun(r, board.columns)).filter((id): id is number => id !== null))];
}

/** A column's version warnings as one sentence, for its header tooltip and screen readers. */
export function columnWarningText(warnings: string[]): string {
  return `Mixed versions: ${warnings.join("; ")}. Scores in this column may not be comparable.`;
}

/** `/compare/runs?runs=…&reference=…` for the selected rows: the baseline row's run is the reference when selected. */
export function compareRunsHref(board: Pick<Board, "columns" | "rows" | "baseline">, selectedKeys: string[]): string | null {
  const chosen = board.rows.filter((r) => selectedKeys.includes(r.key));
  const runIds: number[] = [];
  let reference: number | null = null;
  for (const row of chosen) {
    const runId = representativeRun(row, board.columns);
    if (runId === null || runIds.includes(runId)) continue;
    runIds.push(runId);
    if (row.key === board.baseline) reference = runId;
  }
  if (runIds.length < 2) return null;
  return `/compare/runs?runs=${runIds.join(",")}&reference=${reference ?? runIds[0]}`;
}

/** What a board cell says to a screen reader and in its tooltip header. */
export type CellVerdict = "baseline" | "better" | "worse" | "different" | "not significant" | "untested" | "value";

/**
 * What a board cell's difference from the baseline amounts to. Only "better", "worse" and "different" (significant
 * but the metric does not say which way is better) may be coloured.
 */
export function cellVerdict(cell: Pick<BoardCell, "delta" | "pAdjusted" | "significant" | "direction">, hasBaseline: boolean, isBaseline: boolean): CellVerdict {
  if (isBaseline) return "baseline";
  if (!hasBaseline || cell.delta === null) return "value";
  if (cell.pAdjusted === null) return "untested";
  if (!cell.significant) return "not significant";
  return cell.direction ?? "different";
}
