import { createHash } from "node:crypto";
import { z } from "zod";
import type { DB } from "@/db/client";
import type { ServiceContext } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/permissions";
import { ciFromStderr, holm, unpairedFromStderr } from "@/lib/stats";
import { IsoTimestamp } from "@/lib/services/dto-fields";
import { ciStderrOf } from "@/lib/services/results/get-run-results";
import { canonicalKeyValue } from "@/lib/services/models/queries";
import { maskModelArgs } from "@/lib/services/runs/run-dto";
import { parseInput } from "@/lib/services/validate";
import { visibleRunsSql } from "@/lib/services/runs/run-access";
import { stderrOnValueScale } from "./metric-test";
import { versionWarnings, type ResultVersions } from "./version-warnings";
import { rankWithTies } from "./shared-rank";

const splitCsv = (v: unknown) => (typeof v === "string" ? v.split(",").map((s) => s.trim()).filter(Boolean) : v);
const csv = z.preprocess(splitCsv, z.array(z.string()));
const ids = (error: string) => z.preprocess(splitCsv, z.array(z.coerce.number({ error }).int({ error }).positive({ error })));
const bool = z.preprocess((v) => v === true || v === "true" || v === "1", z.boolean());

export const BoardQuery = z.object({
  rows: z.enum(["version", "model"], { error: "rows must be version or model" }).default("version"),
  /** Resolved by `boardMode`: latest unless `runs` is given. */
  mode: z
    .enum(["latest", "best", "runs"], { error: "mode must be latest, best or runs" })
    .optional()
    .describe("which run supplies a row's cells: latest (default), best, or runs (the default when `runs` is given)"),
  /** With mode `runs`: each of these runs supplies every cell of its own row; on a shared row the one listed later wins. */
  runs: ids("runs must be run ids").default([]).describe("run ids, comma-separated: each supplies its own row (mode runs); of two on one row, the later wins"),
  /** Column keys `task|metric|filter`; empty = every benchmark. */
  columns: csv.default([]),
  /** Only these tasks' columns (any metric/filter; a group's name takes in its subtasks), e.g. a batch's tasks. */
  tasks: csv.default([]).describe("task names, comma-separated: only their columns (a group takes in its subtasks)"),
  /** Only rows from these model versions' runs, e.g. a batch's versions. */
  versions: ids("versions must be model version ids").default([]).describe("model version ids, comma-separated: only rows from their runs"),
  baseline: z.string().optional(),
  requireAll: bool.default(false),
  sort: z.string().optional(),
  dir: z.enum(["asc", "desc"]).default("desc"),
  q: z.string().trim().max(200).optional(),
});
export type BoardQuery = z.input<typeof BoardQuery>;
type ParsedBoardQuery = Omit<z.output<typeof BoardQuery>, "mode"> & { mode: BoardMode };
export type BoardMode = "latest" | "best" | "runs";

/** Chosen runs when some are named and no mode is, so `?runs=3,7` alone shows those runs (as parseBoardView reads the URL). */
function boardMode(mode: BoardMode | undefined, runs: readonly unknown[]): BoardMode {
  return mode ?? (runs.length ? "runs" : "latest");
}

export const BoardColumn = z.strictObject({
  key: z.string(),
  task: z.string(),
  metric: z.string(),
  filter: z.string(),
  group: z.string().nullable(),
  higherIsBetter: z.boolean().nullable(),
});
export type BoardColumn = z.infer<typeof BoardColumn>;

export const BoardCell = z.strictObject({
  value: z.number().nullable(),
  stderr: z.number().nullable(),
  ci: z.tuple([z.number(), z.number()]).nullable(),
  n: z.number().nullable(),
  runId: z.number(),
  date: IsoTimestamp,
  rank: z.number().nullable().describe("rank among rows in this column; rows whose CIs overlap share a rank (ties shown as ties)"),
  delta: z.number().nullable(),
  pAdjusted: z.number().nullable(),
  significant: z.boolean(),
  direction: z.enum(["better", "worse"]).nullable(),
});
export type BoardCell = z.infer<typeof BoardCell>;

/** A run that could supply a row's cells (the run picker of mode `runs`). */
export const BoardRunOption = z.strictObject({ id: z.number(), date: IsoTimestamp, lmmsEvalVersion: z.string().nullable() });
export type BoardRunOption = z.infer<typeof BoardRunOption>;

export const BoardRow = z.strictObject({
  key: z.string(),
  label: z.string(),
  kind: z.enum(["version", "model", "unregistered"]),
  modelId: z.number().nullable(),
  versionId: z.number().nullable(),
  runs: z.array(BoardRunOption).describe("every visible finished run of the row, newest first (the choices of mode runs)"),
  cells: z.record(z.string(), BoardCell),
});
export type BoardRow = z.infer<typeof BoardRow>;

/**
 * What became of a run named in `runs`. "not found" also covers runs the viewer may not see, unfinished runs and
 * runs of archived models (a hidden run is not found everywhere); "hidden": a filter (versions, search, every
 * benchmark) or the chosen columns left its row out.
 */
export const ChosenRun = z.strictObject({
  runId: z.number(),
  status: z.enum(["shown", "replaced", "hidden", "not found"]),
  rowKey: z.string().nullable(),
  rowLabel: z.string().nullable(),
  replacedBy: z.number().nullable(),
});
export type ChosenRun = z.infer<typeof ChosenRun>;

/** The row and column filters as applied: a version without a label has no visible results; a task with 0 columns none either. */
export const BoardFilters = z.strictObject({
  versions: z.array(z.strictObject({ id: z.number(), label: z.string().nullable() })),
  tasks: z.array(z.strictObject({ name: z.string(), columns: z.number() })),
});
export type BoardFilters = z.infer<typeof BoardFilters>;

export const Board = z.strictObject({
  columns: z.array(BoardColumn),
  allColumns: z.array(BoardColumn).describe("every benchmark that exists (for the column chooser), whatever `columns` selected"),
  rows: z.array(BoardRow),
  baseline: z.string().nullable(),
  test: z.string().describe("how baseline deltas are tested on the board (run comparisons use paired tests on samples)"),
  columnWarnings: z
    .record(z.string(), z.array(z.string()))
    .describe("column key → why its cells may not be comparable (task or lmms-eval versions differ); warned columns only"),
  chosenRuns: z.array(ChosenRun).describe("mode runs: what became of each named run, in the order named; empty otherwise"),
  filters: BoardFilters,
});
export type Board = z.infer<typeof Board>;

/** A run that may appear on the board, with what its row is keyed and labelled by. */
type BoardRun = {
  id: number;
  versionId: number | null;
  versionLabel: string | null;
  modelId: number | null;
  modelName: string | null;
  backend: string;
  modelArgs: string;
  resultModelName: string | null;
  lmmsEvalVersion: string | null;
  createdAt: number;
};

/** One run_metrics row, read as an array (no per-row object: the board reads 100k+ of them). */
type MetricTuple = [
  runId: number,
  task: string,
  metric: string,
  filter: string,
  value: number | null,
  stderr: number | null,
  stderrClt: number | null,
  stderrClustered: number | null,
  n: number | null,
  higherIsBetter: number | null,
  groupName: string | null,
  taskVersion: string | null,
];

const ALPHA = 0.05;

/**
 * Every run's metrics, read once and kept: reading 100k+ rows is most of the board's cost. Rows of run_metrics are
 * never updated in place — an ingest inserts them, a re-ingest or a deleted run deletes them — so new results are
 * read as an append (ids above the last one seen) and anything else (a count that does not add up) re-reads all.
 * Which runs count (succeeded, visible to the viewer, model not archived) is decided per request from the runs.
 */
type MetricsSnapshot = { lastId: number; count: number; metrics: MetricTuple[]; columnKeys: string[] };
const metricsCache = new WeakMap<DB, MetricsSnapshot>();

/**
 * Finished boards, for repeat views (the home page): same metric rows, same visible runs with the same names, same
 * view options → the same board. A few entries only: one board of 500 × 200 cells holds ~100k cells. Callers treat
 * the board as read-only.
 */
const boardCache = new WeakMap<DB, Map<string, Board>>();
const BOARD_CACHE_SIZE = 6;

const METRIC_COLUMNS = `run_id, task, metric, filter, value, stderr, stderr_clt, stderr_clustered, n, higher_is_better, group_name, task_version`;

function boardMetrics(db: DB): MetricsSnapshot {
  const [lastId, count] = db.$client.prepare("select coalesce(max(id), 0), count(*) from run_metrics").raw(true).get() as [number, number];
  const cached = metricsCache.get(db);
  if (cached && cached.lastId === lastId && cached.count === count) return cached;
  const read = (sql: string, ...params: unknown[]) => db.$client.prepare(sql).raw(true).all(...params) as MetricTuple[];
  let snapshot: MetricsSnapshot;
  const appended = cached && lastId > cached.lastId ? read(`select ${METRIC_COLUMNS} from run_metrics where id > ? and id <= ?`, cached.lastId, lastId) : null;
  if (cached && appended && cached.count + appended.length === count) {
    snapshot = { lastId, count, metrics: [...cached.metrics, ...appended], columnKeys: [...cached.columnKeys, ...appended.map(columnKeyOf)] };
  } else {
    const metrics = read(`select ${METRIC_COLUMNS} from run_metrics where id <= ?`, lastId);
    snapshot = { lastId, count, metrics, columnKeys: metrics.map(columnKeyOf) };
  }
  metricsCache.set(db, snapshot);
  return snapshot;
}

const columnKeyOf = (m: MetricTuple) => `${m[1]}|${m[2]}|${m[3]}`;

/**
 * The models × benchmarks board: one row per model version (or per model, or per unregistered backend+args),
 * one column per task/metric/filter, the latest (or best, or a chosen run's) score with its CI; with a baseline row,
 * every other cell gets its delta and an unpaired z-test from the two stderrs, Holm-corrected across the board.
 * Columns mixing task or lmms-eval versions are flagged. One query, then in-memory shaping — fast enough for hundreds
 * of versions × hundreds of benchmarks (see bench:compare).
 */
export function getBoard({ db, ctx, input }: { db: DB; ctx: ServiceContext; input: unknown }): Board {
  const actor = requireActor(ctx);
  const parsed = parseInput(BoardQuery, input);
  const q: ParsedBoardQuery = { ...parsed, mode: boardMode(parsed.mode, parsed.runs), versions: [...new Set(parsed.versions)], tasks: [...new Set(parsed.tasks)] };
  // Runs first (hundreds), then their metrics as bare arrays (100k+): the run's columns are not repeated per metric.
  const boardRuns = db.$client
    .prepare(
      `select r.id, r.model_version_id versionId, mv.label versionLabel, m.id modelId, m.name modelName, r.model backend,
         r.model_args modelArgs, rr.model_name resultModelName, rr.lmms_eval_version lmmsEvalVersion, r.created_at createdAt
       from runs r
       left join run_results rr on rr.run_id = r.id
       left join model_versions mv on mv.id = r.model_version_id
       left join models m on m.id = mv.model_id
       where r.status = 'succeeded' and (m.status is null or m.status = 'active') and ${visibleRunsSql("r", actor)}`,
    )
    .all() as BoardRun[];
  const snapshot = boardMetrics(db);
  // The sort order is not part of what is cached: re-sorting a few hundred rows costs nothing, recomputing ~100k
  // cells and their tests does. Filters and chosen runs are.
  const { sort, dir, ...shape } = q;
  const cacheKey = createHash("sha1").update(`${snapshot.lastId}|${snapshot.count}`).update(JSON.stringify(shape)).update(JSON.stringify(boardRuns)).digest("hex");
  const boards = boardCache.get(db) ?? boardCache.set(db, new Map()).get(db)!;
  let board = boards.get(cacheKey);
  if (!board) {
    board = computeBoard(shape, boardRuns, snapshot);
    boards.set(cacheKey, board);
    if (boards.size > BOARD_CACHE_SIZE) boards.delete(boards.keys().next().value!);
  }
  return sortBoard(board, sort, dir);
}

/** Which row a run belongs to: its version, its model, or (unregistered) its backend and canonical model args. */
function rowIdentity(run: BoardRun, rows: ParsedBoardQuery["rows"]): Pick<BoardRow, "key" | "label" | "kind"> {
  if (run.versionId !== null && rows === "version") return { key: `v:${run.versionId}`, label: `${run.modelName} ${run.versionLabel}`, kind: "version" };
  if (run.modelId !== null) return { key: `m:${run.modelId}`, label: run.modelName ?? "model", kind: "model" };
  return {
    key: `r:${run.backend}|${canonicalKeyValue(run.modelArgs)}`,
    label: `${run.backend}${run.resultModelName ? ` ${run.resultModelName}` : run.modelArgs ? ` (${maskModelArgs(run.modelArgs)})` : ""}`,
    kind: "unregistered",
  };
}

/** "Is this task one of these, or inside one of these groups?" — a batch names the groups it ran, results name subtasks. */
function taskMatcher(tasks: string[], allColumns: BoardColumn[]): ((task: string) => boolean) | null {
  if (!tasks.length) return null;
  const wanted = new Set(tasks);
  const parentOf = new Map<string, string>();
  for (const c of allColumns) if (c.group !== null && c.group !== c.task && !parentOf.has(c.task)) parentOf.set(c.task, c.group);
  return (task) => {
    // Bounded walk up the groups: a malformed results file could make a cycle.
    for (let t: string | undefined = task, depth = 0; t !== undefined && depth < 16; t = parentOf.get(t), depth++) if (wanted.has(t)) return true;
    return false;
  };
}

function computeBoard(q: Omit<ParsedBoardQuery, "sort" | "dir">, boardRuns: BoardRun[], { metrics, columnKeys }: { metrics: MetricTuple[]; columnKeys: string[] }): Board {
  const versionFilter = q.versions.length ? new Set(q.versions) : null;
  const rowsMap = new Map<string, BoardRow>();
  const runRows = new Map<number, { run: BoardRun; row: BoardRow; date: string }>();
  for (const run of boardRuns) {
    if (versionFilter && (run.versionId === null || !versionFilter.has(run.versionId))) continue;
    const { key, label, kind } = rowIdentity(run, q.rows);
    const row = rowsMap.get(key) ?? rowsMap.set(key, { key, label, kind, modelId: run.modelId, versionId: kind === "version" ? run.versionId : null, runs: [], cells: {} }).get(key)!;
    const date = new Date(run.createdAt).toISOString();
    row.runs.push({ id: run.id, date, lmmsEvalVersion: run.lmmsEvalVersion });
    runRows.set(run.id, { run, row, date });
  }
  for (const row of rowsMap.values()) row.runs.sort((a, b) => b.date.localeCompare(a.date) || b.id - a.id);

  // Mode "runs": a row shows exactly one run, the one named for it (named twice → the later one).
  const chosenOfRow = new Map<BoardRow, number>();
  if (q.mode === "runs") {
    for (const id of q.runs) {
      const owner = runRows.get(id);
      if (owner) chosenOfRow.set(owner.row, id);
    }
  }

  // Columns come only from runs this actor may see: a benchmark only a private run has must not show up, even empty.
  const visibleRunIds = new Set(boardRuns.map((r) => r.id));
  const allColumnsMap = new Map<string, BoardColumn>();
  metrics.forEach((m, i) => {
    const key = columnKeys[i];
    if (visibleRunIds.has(m[0]) && !allColumnsMap.has(key)) allColumnsMap.set(key, { key, task: m[1], metric: m[2], filter: m[3], group: m[10], higherIsBetter: m[9] === null ? null : m[9] === 1 });
  });
  const allColumns = [...allColumnsMap.values()].sort((a, b) => (a.group ?? a.task).localeCompare(b.group ?? b.task) || a.task.localeCompare(b.task) || a.metric.localeCompare(b.metric) || a.filter.localeCompare(b.filter));
  const matchesTask = taskMatcher(q.tasks, allColumns);
  const wanted = q.columns.length || matchesTask ? new Set(allColumns.filter((c) => (!q.columns.length || q.columns.includes(c.key)) && (!matchesTask || matchesTask(c.task))).map((c) => c.key)) : null;
  let columns = wanted ? allColumns.filter((c) => wanted.has(c.key)) : allColumns;

  // Pick each cell's run first (latest, best value, or the row's chosen run), then build cells only for the winners.
  const winners = new Map<BoardRow, Map<string, number>>();
  const chosenOnly = q.mode === "runs";
  metrics.forEach((m, i) => {
    const owner = runRows.get(m[0]);
    const key = columnKeys[i];
    if (!owner || (wanted && !wanted.has(key)) || (chosenOnly && chosenOfRow.get(owner.row) !== m[0])) return;
    const picks = winners.get(owner.row) ?? winners.set(owner.row, new Map()).get(owner.row)!;
    const current = picks.get(key);
    if (current === undefined) return void picks.set(key, i);
    const other = metrics[current];
    const better =
      q.mode === "best"
        ? m[4] !== null && (other[4] === null || (m[9] !== 0 ? m[4] > other[4] : m[4] < other[4]))
        : (() => {
            const [mine, theirs] = [owner.run.createdAt, runRows.get(other[0])!.run.createdAt];
            return mine > theirs || (mine === theirs && m[0] > other[0]);
          })();
    if (better) picks.set(key, i);
  });
  for (const [row, picks] of winners) {
    for (const [key, i] of picks) {
      const [runId, , , , value, stderr, stderrClt, stderrClustered, n] = metrics[i];
      const { ciStderr, ciStderrKind } = ciStderrOf({ stderr, stderrClt, stderrClustered });
      const onScale = stderrOnValueScale({ runId, ingestId: null, value, stderr: ciStderr, stderrKind: ciStderrKind, n });
      row.cells[key] = {
        value,
        stderr: onScale ? ciStderr : null,
        ci: onScale && value !== null && ciStderr !== null ? (({ lower, upper }) => [lower, upper] as [number, number])(ciFromStderr(value, ciStderr)) : null,
        n,
        runId,
        date: runRows.get(runId)!.date,
        rank: null,
        delta: null,
        pAdjusted: null,
        significant: false,
        direction: null,
      };
    }
  }

  let rows = [...rowsMap.values()].filter((r) => Object.keys(r.cells).length > 0);
  if (q.q) rows = rows.filter((r) => r.label.toLowerCase().includes(q.q!.toLowerCase()));
  // A few chosen runs on a board of hundreds of benchmarks: show the benchmarks they have, not hundreds of dashes.
  if (chosenOnly) columns = columns.filter((c) => rows.some((r) => r.cells[c.key] !== undefined));
  if (q.requireAll) rows = rows.filter((r) => columns.every((c) => r.cells[c.key]?.value != null));

  // Ranks with ties: rows whose CIs overlap share a rank (lib/services/compare/shared-rank.ts).
  for (const column of columns) {
    const scored = rows.map((r) => r.cells[column.key]).filter((c): c is BoardCell & { value: number } => c !== undefined && c.value !== null);
    for (const { entry, rank } of rankWithTies(scored, column.higherIsBetter !== false)) entry.rank = rank;
  }

  // A row that supplies no cell (not chosen, or filtered to nothing) cannot be the baseline.
  const baseline = q.baseline && rowsMap.has(q.baseline) && Object.keys(rowsMap.get(q.baseline)!.cells).length > 0 ? q.baseline : null;
  if (baseline) {
    const base = rowsMap.get(baseline)!;
    const tested: Array<{ cell: BoardCell; p: number }> = [];
    for (const row of rows) {
      if (row.key === baseline) continue;
      for (const column of columns) {
        const cell = row.cells[column.key];
        const ref = base.cells[column.key];
        if (!cell || !ref || cell.value === null || ref.value === null) continue;
        cell.delta = cell.value - ref.value;
        if (cell.stderr !== null && ref.stderr !== null && (cell.stderr > 0 || ref.stderr > 0)) {
          tested.push({ cell, p: unpairedFromStderr(cell.value, cell.stderr, ref.value, ref.stderr).pValue });
        }
      }
    }
    const adjusted = holm(tested.map((t) => t.p));
    tested.forEach(({ cell }, i) => {
      cell.pAdjusted = adjusted[i];
      cell.significant = adjusted[i] < ALPHA;
    });
    for (const row of rows) {
      for (const column of columns) {
        const cell = row.cells[column.key];
        if (cell?.significant && cell.delta && column.higherIsBetter !== null) cell.direction = (cell.delta > 0) === column.higherIsBetter ? "better" : "worse";
      }
    }
  }

  // Version warnings over the cells shown, from each column's distinct (task version, lmms-eval version) pairs — a
  // handful per column, so a linear scan without allocating per cell.
  const versionsByColumn = new Map<string, ResultVersions[]>();
  for (const row of rows) {
    // A row's cells mostly come from one run: look its lmms-eval version up once per run, not per cell.
    let runId = -1;
    let lmmsEvalVersion: string | null = null;
    winners.get(row)?.forEach((i, key) => {
      const m = metrics[i];
      if (m[0] !== runId) [runId, lmmsEvalVersion] = [m[0], runRows.get(m[0])!.run.lmmsEvalVersion];
      const taskVersion = m[11];
      const pairs = versionsByColumn.get(key);
      if (!pairs) versionsByColumn.set(key, [{ taskVersion, lmmsEvalVersion }]);
      else if (!pairs.some((p) => p.taskVersion === taskVersion && p.lmmsEvalVersion === lmmsEvalVersion)) pairs.push({ taskVersion, lmmsEvalVersion });
    });
  }
  const columnWarnings: Record<string, string[]> = {};
  for (const [key, pairs] of versionsByColumn) {
    const warnings = pairs.length > 1 ? versionWarnings(pairs) : [];
    if (warnings.length) columnWarnings[key] = warnings;
  }

  const shownRows = new Set(rows);
  const runById = chosenOnly ? new Map(boardRuns.map((r) => [r.id, r])) : null;
  const chosenRuns: ChosenRun[] = [...new Set(chosenOnly ? q.runs : [])].map((runId) => {
    const run = runById!.get(runId);
    if (!run) return { runId, status: "not found", rowKey: null, rowLabel: null, replacedBy: null };
    const { key, label } = rowIdentity(run, q.rows);
    const owner = runRows.get(runId);
    const winner = owner ? chosenOfRow.get(owner.row)! : null;
    const status = winner !== null && winner !== runId ? "replaced" : owner && shownRows.has(owner.row) ? "shown" : "hidden";
    return { runId, status, rowKey: key, rowLabel: label, replacedBy: status === "replaced" ? winner : null };
  });

  const versionLabels = new Map<number, string>();
  if (versionFilter) for (const run of boardRuns) if (run.versionId !== null && versionFilter.has(run.versionId)) versionLabels.set(run.versionId, `${run.modelName} ${run.versionLabel}`);
  const filters: BoardFilters = {
    versions: q.versions.map((id) => ({ id, label: versionLabels.get(id) ?? null })),
    tasks: q.tasks.map((name) => {
      const matches = taskMatcher([name], allColumns)!;
      return { name, columns: allColumns.filter((c) => matches(c.task)).length };
    }),
  };

  return { columns, allColumns, rows, baseline, test: "Unpaired z-test from the two stderrs (normal approximation), Holm-corrected across the board", columnWarnings, chosenRuns, filters };
}

/** Rows by one column's value (missing values last, ties by name), or baseline first then by name. */
function sortBoard(board: Board, sort: string | undefined, dir: "asc" | "desc"): Board {
  const rows = [...board.rows];
  if (sort && board.columns.some((c) => c.key === sort)) {
    const sign = dir === "asc" ? 1 : -1;
    rows.sort((a, b) => {
      const va = a.cells[sort]?.value;
      const vb = b.cells[sort]?.value;
      if (va == null && vb == null) return a.label.localeCompare(b.label);
      if (va == null) return 1;
      if (vb == null) return -1;
      return sign * (va - vb) || a.label.localeCompare(b.label);
    });
  } else {
    rows.sort((a, b) => (a.key === board.baseline ? -1 : b.key === board.baseline ? 1 : a.label.localeCompare(b.label)));
  }
  return { ...board, rows };
}
