/**
 * The board's view state lives in the URL (shareable, back-button friendly): which rows, latest or best run, the
 * chosen benchmark columns, the pinned baseline, "only rows with every benchmark", sort and search. Parsing never
 * throws: a hand-edited URL falls back to defaults field by field.
 */

export type SearchParams = Record<string, string | string[] | undefined>;

export type BoardView = {
  rows: "version" | "model";
  mode: "latest" | "best";
  /** Column keys `task|metric|filter`; empty = every benchmark. */
  columns: string[];
  baseline: string | null;
  requireAll: boolean;
  sort: string | null;
  dir: "asc" | "desc";
  q: string;
};

export const DEFAULT_BOARD_VIEW: BoardView = { rows: "version", mode: "latest", columns: [], baseline: null, requireAll: false, sort: null, dir: "desc", q: "" };

export function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function parseBoardView(params: SearchParams): BoardView {
  const rows = first(params.rows);
  const mode = first(params.mode);
  const dir = first(params.dir);
  const columns = (first(params.columns) ?? "")
    .split(",")
    .map((c) => c.trim())
    .filter((c) => c.split("|").length === 3);
  const requireAll = first(params.requireAll);
  return {
    rows: rows === "model" ? "model" : "version",
    mode: mode === "best" ? "best" : "latest",
    columns: [...new Set(columns)],
    baseline: first(params.baseline)?.trim() || null,
    requireAll: requireAll === "1" || requireAll === "true",
    sort: first(params.sort)?.trim() || null,
    dir: dir === "asc" ? "asc" : "desc",
    q: (first(params.q) ?? "").trim().slice(0, 200),
  };
}

/** `?rows=model&columns=a|m|f,b|m|f…`, defaults left out; "" when everything is default. Commas and pipes stay readable. */
export function boardQueryString(view: BoardView): string {
  const parts: string[] = [];
  const enc = (v: string) => encodeURIComponent(v).replaceAll("%2C", ",").replaceAll("%7C", "|");
  if (view.rows !== "version") parts.push(`rows=${view.rows}`);
  if (view.mode !== "latest") parts.push(`mode=${view.mode}`);
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
