/**
 * The board's view state lives in the URL (shareable, back-button friendly): which rows, latest/best/chosen runs,
 * the version and task filters (a comparison batch links to `?versions=…&tasks=…`), the chosen benchmark columns, the
 * pinned baseline, "only rows with every benchmark", sort and search. Parsing never throws: a hand-edited URL falls
 * back to defaults field by field.
 */

export type SearchParams = Record<string, string | string[] | undefined>;

export type BoardView = {
  rows: "version" | "model";
  /** `runs`: each run in `runs` supplies its own row; `?runs=…` without a mode means this. */
  mode: "latest" | "best" | "runs";
  /** Run ids, in the order named (on a shared row the later wins); kept only in mode `runs`. */
  runs: number[];
  /** Model version ids: only rows from their runs. */
  versions: number[];
  /** Task names: only their columns (a group takes in its subtasks). */
  tasks: string[];
  /** Column keys `task|metric|filter`; empty = every benchmark. */
  columns: string[];
  baseline: string | null;
  requireAll: boolean;
  sort: string | null;
  dir: "asc" | "desc";
  q: string;
};

export const DEFAULT_BOARD_VIEW: BoardView = { rows: "version", mode: "latest", runs: [], versions: [], tasks: [], columns: [], baseline: null, requireAll: false, sort: null, dir: "desc", q: "" };

export function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function items(value: string | string[] | undefined): string[] {
  return (first(value) ?? "")
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
}

const unique = <T>(values: T[]): T[] => [...new Set(values)];

/** Positive integer ids; anything else in a hand-edited list is dropped. */
function ids(value: string | string[] | undefined): number[] {
  return items(value)
    .filter((v) => /^[1-9]\d{0,14}$/.test(v))
    .map(Number);
}

/** A run named twice keeps its last place: of two runs on one row, the later one wins. */
const lastOccurrences = (values: number[]): number[] => values.filter((v, i) => values.lastIndexOf(v) === i);

export function parseBoardView(params: SearchParams): BoardView {
  const rows = first(params.rows);
  const mode = first(params.mode);
  const dir = first(params.dir);
  const columns = unique(items(params.columns).filter((c) => c.split("|").length === 3));
  const runs = lastOccurrences(ids(params.runs));
  const requireAll = first(params.requireAll);
  const resolvedMode = mode === "best" || mode === "latest" || mode === "runs" ? mode : runs.length ? "runs" : "latest";
  return {
    rows: rows === "model" ? "model" : "version",
    mode: resolvedMode,
    runs: resolvedMode === "runs" ? runs : [],
    versions: unique(ids(params.versions)),
    tasks: unique(items(params.tasks)),
    columns,
    baseline: first(params.baseline)?.trim() || null,
    requireAll: requireAll === "1" || requireAll === "true",
    sort: first(params.sort)?.trim() || null,
    dir: dir === "asc" ? "asc" : "desc",
    q: (first(params.q) ?? "").trim().slice(0, 200),
  };
}

/**
 * `?rows=model&columns=a|m|f,b|m|f…`, defaults left out; "" when everything is default. Commas and pipes stay
 * readable. Chosen runs are just `?runs=3,7` (the mode follows from them).
 */
export function boardQueryString(view: BoardView): string {
  const parts: string[] = [];
  const enc = (v: string) => encodeURIComponent(v).replaceAll("%2C", ",").replaceAll("%7C", "|");
  if (view.rows !== "version") parts.push(`rows=${view.rows}`);
  if (view.mode === "runs" && view.runs.length) parts.push(`runs=${view.runs.join(",")}`);
  else if (view.mode !== "latest") parts.push(`mode=${view.mode}`);
  if (view.versions.length) parts.push(`versions=${view.versions.join(",")}`);
  if (view.tasks.length) parts.push(`tasks=${view.tasks.map(enc).join(",")}`);
  if (view.columns.length) parts.push(`columns=${view.columns.map(enc).join(",")}`);
  if (view.baseline) parts.push(`baseline=${encodeURIComponent(view.baseline)}`);
  if (view.requireAll) parts.push("requireAll=1");
  if (view.sort) {
    parts.push(`sort=${enc(view.sort)}`);
    if (view.dir !== "desc") parts.push(`dir=${view.dir}`);
  }
  if (view.q) parts.push(`q=${encodeURIComponent(view.q)}`);
  return parts.length ? `?${parts.join("&")}` : "";
}

export function boardHref(basePath: string, view: BoardView): string {
  return `${basePath}${boardQueryString(view)}`;
}

/** The service's input for this view. */
export function toBoardInput(view: BoardView): Record<string, unknown> {
  return {
    rows: view.rows,
    mode: view.mode,
    runs: view.mode === "runs" ? view.runs.join(",") : "",
    versions: view.versions.join(","),
    tasks: view.tasks.join(","),
    columns: view.columns.join(","),
    baseline: view.baseline ?? undefined,
    requireAll: view.requireAll,
    sort: view.sort ?? undefined,
    dir: view.dir,
    q: view.q || undefined,
  };
}

/**
 * A click on a column header: best-first (descending when higher is better, ascending when lower is), then the
 * reverse, then back to the default order.
 */
export function nextSort(view: BoardView, column: { key: string; higherIsBetter: boolean | null }): BoardView {
  const bestFirst: BoardView["dir"] = column.higherIsBetter === false ? "asc" : "desc";
  if (view.sort !== column.key) return { ...view, sort: column.key, dir: bestFirst };
  if (view.dir === bestFirst) return { ...view, dir: bestFirst === "desc" ? "asc" : "desc" };
  return { ...view, sort: null, dir: "desc" };
}

/** Selecting every column is stored as "no selection" (= all), which keeps URLs short and includes new benchmarks. */
export function withColumns(view: BoardView, selected: string[], all: string[]): BoardView {
  const chosen = all.filter((key) => selected.includes(key));
  const columns = chosen.length === all.length || chosen.length === 0 ? [] : chosen;
  const sort = view.sort && (columns.length === 0 || columns.includes(view.sort)) ? view.sort : null;
  return { ...view, columns, sort, dir: sort ? view.dir : "desc" };
}

/** Latest or best again: the chosen runs are dropped (they only mean something in mode `runs`). */
export function withMode(view: BoardView, mode: "latest" | "best"): BoardView {
  return { ...view, mode, runs: [] };
}

/** These runs, one row each (in the order given; a run named twice keeps its last place). */
export function withChosenRuns(view: BoardView, runIds: number[]): BoardView {
  return { ...view, mode: "runs", runs: lastOccurrences(runIds) };
}

/**
 * Row `rowRunIds` (every run of one row) shows run `runId` instead: the row's other named runs make way, and the new
 * one takes the place of the first of them so the list keeps its order.
 */
export function withRowRun(view: BoardView, rowRunIds: number[], runId: number): BoardView {
  const ofRow = new Set([...rowRunIds, runId]);
  const runs: number[] = [];
  let placed = false;
  for (const id of view.runs) {
    if (!ofRow.has(id)) runs.push(id);
    else if (!placed) {
      runs.push(runId);
      placed = true;
    }
  }
  if (!placed) runs.push(runId);
  return { ...view, mode: "runs", runs };
}

/** The row of these runs leaves the board (mode `runs`). */
export function withoutRowRuns(view: BoardView, rowRunIds: number[]): BoardView {
  const ofRow = new Set(rowRunIds);
  return { ...view, runs: view.runs.filter((id) => !ofRow.has(id)) };
}
