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
const TEST_NAME = "Unpaired z-test from the two stderrs (normal approximation), Holm-corrected across the board";

/**
 * Every run's metrics, read once and kept: reading 100k+ rows is most of the board's cost. Rows of run_metrics are
 * never updated in place — an ingest inserts them, a re-ingest or a deleted run deletes them — so new results are
 * read as an append (ids above the last one seen) and anything else (a count that does not add up) re-reads all,
 * starting a new generation. Which runs count (succeeded, visible to the viewer, model not archived) is decided per
 * request from the runs.
 */
type MetricsSnapshot = {
  generation: number;
  lastId: number;
  count: number;
  metrics: MetricTuple[];
  columnKeys: string[];
  /** Metric indices per run, so a run that becomes visible finds its rows without a scan (grows with the appends). */
  byRun: Map<number, number[]>;
};
const metricsCache = new WeakMap<DB, MetricsSnapshot>();
let generations = 0;

const METRIC_COLUMNS = `run_id, task, metric, filter, value, stderr, stderr_clt, stderr_clustered, n, higher_is_better, group_name, task_version`;

function indexByRun(byRun: Map<number, number[]>, metrics: MetricTuple[], from: number): void {
  for (let i = from; i < metrics.length; i++) {
    const list = byRun.get(metrics[i][0]);
    if (list) list.push(i);
    else byRun.set(metrics[i][0], [i]);
  }
}

function boardMetrics(db: DB): MetricsSnapshot {
  const [lastId, count] = db.$client.prepare("select coalesce(max(id), 0), count(*) from run_metrics").raw(true).get() as [number, number];
  const cached = metricsCache.get(db);
  if (cached && cached.lastId === lastId && cached.count === count) return cached;
  const read = (sql: string, ...params: unknown[]) => db.$client.prepare(sql).raw(true).all(...params) as MetricTuple[];
  let snapshot: MetricsSnapshot;
  const appended = cached && lastId > cached.lastId ? read(`select ${METRIC_COLUMNS} from run_metrics where id > ? and id <= ?`, cached.lastId, lastId) : null;
  if (cached && appended && cached.count + appended.length === count) {
    const metrics = [...cached.metrics, ...appended];
    // The same generation shares (and extends) the run index: older snapshots only ever read their own prefix.
    indexByRun(cached.byRun, metrics, cached.metrics.length);
    snapshot = { generation: cached.generation, lastId, count, metrics, columnKeys: [...cached.columnKeys, ...appended.map(columnKeyOf)], byRun: cached.byRun };
  } else {
    const metrics = read(`select ${METRIC_COLUMNS} from run_metrics where id <= ?`, lastId);
    const byRun = new Map<number, number[]>();
    indexByRun(byRun, metrics, 0);
    snapshot = { generation: ++generations, lastId, count, metrics, columnKeys: metrics.map(columnKeyOf), byRun };
  }
  metricsCache.set(db, snapshot);
  return snapshot;
}

const columnKeyOf = (m: MetricTuple) => `${m[1]}|${m[2]}|${m[3]}`;

type BoardShape = Omit<ParsedBoardQuery, "sort" | "dir">;

/**
 * Finished boards, for repeat views (the home page): same metric rows, same visible runs with the same names, same
 * view options → the same board. Each is kept with its computation, so that when new results arrive the board of
 * the same view is updated in place — only the columns the new results touch are re-ranked and re-tested — instead
 * of being recomputed. A few entries only: one board of 500 × 200 cells holds ~100k cells. Callers treat the board
 * as read-only.
 */
const boardCache = new WeakMap<DB, Map<string, BoardComputation>>();
const BOARD_CACHE_SIZE = 6;

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
  const shapeKey = JSON.stringify(shape);
  const cacheKey = createHash("sha1").update(`${snapshot.generation}|${snapshot.lastId}|${snapshot.count}`).update(shapeKey).update(JSON.stringify(boardRuns)).digest("hex");
  const boards = boardCache.get(db) ?? boardCache.set(db, new Map()).get(db)!;
  let computation = boards.get(cacheKey);
  if (!computation) {
    // New results for a view already computed: update that board where they land, when they can be applied.
    for (const [key, earlier] of boards) {
      if (earlier.shapeKey !== shapeKey) continue;
      const outcome = earlier.update(boardRuns, snapshot);
      if (outcome === "unfit") continue;
      boards.delete(key);
      if (outcome === "updated") computation = earlier;
      break;
    }
    computation ??= new BoardComputation(shape, shapeKey, boardRuns, snapshot);
    boards.set(cacheKey, computation);
    if (boards.size > BOARD_CACHE_SIZE) boards.delete(boards.keys().next().value!);
  }
  return sortBoard(computation.board, sort, dir);
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

const sortColumns = (columns: Iterable<BoardColumn>) =>
  [...columns].sort((a, b) => (a.group ?? a.task).localeCompare(b.group ?? b.task) || a.task.localeCompare(b.task) || a.metric.localeCompare(b.metric) || a.filter.localeCompare(b.filter));

const columnOf = (key: string, m: MetricTuple): BoardColumn => ({ key, task: m[1], metric: m[2], filter: m[3], group: m[10], higherIsBetter: m[9] === null ? null : m[9] === 1 });

type RunRow = { run: BoardRun; row: BoardRow; date: string };

/**
 * One view's board and everything it was computed from. Built whole once; afterwards `update` applies new results:
 * new runs join their rows, new metric rows compete for their cells, and only the columns whose cells changed are
 * re-ranked, re-tested against the baseline and re-checked for mixed versions — Holm, being board-wide, is re-run
 * over the kept p-values of every column (a sort of ~100k numbers, not ~100k tests).
 */
class BoardComputation {
  board!: Board;
  private readonly rowsMap = new Map<string, BoardRow>();
  private readonly runRows = new Map<number, RunRow>();
  /** Per row, per column key: the index (in `metrics`) of the metric row that supplies the cell. */
  private readonly winners = new Map<BoardRow, Map<string, number>>();
  private readonly allColumnsMap = new Map<string, BoardColumn>();
  /** Per column: its tested cells and their p-values against the baseline, before the board-wide Holm correction. */
  private readonly tests = new Map<string, { cells: BoardCell[]; ps: number[] }>();
  private readonly warnings = new Map<string, string[]>();
  /** Every run the viewer may see (rows or not), as JSON: a change to one means recomputing. */
  private readonly runsSeen = new Map<number, string>();
  private readonly visibleRuns = new Map<number, BoardRun>();
  private readonly versionFilter: Set<number> | null;
  private readonly chosenOfRow = new Map<BoardRow, number>();
  private generation: number;
  private metricCount = 0;
  private metrics: MetricTuple[] = [];
  private columnKeys: string[] = [];
  private wanted: Set<string> | null = null;
  private columns: BoardColumn[] = [];

  constructor(
    private readonly q: BoardShape,
    readonly shapeKey: string,
    boardRuns: BoardRun[],
    snapshot: MetricsSnapshot,
  ) {
    this.versionFilter = q.versions.length ? new Set(q.versions) : null;
    this.generation = snapshot.generation;
    this.take(snapshot);
    for (const run of boardRuns) this.addRun(run);
    for (const row of this.rowsMap.values()) row.runs.sort((a, b) => b.date.localeCompare(a.date) || b.id - a.id);
    // Mode "runs": a row shows exactly one run, the one named for it (named twice → the later one).
    if (q.mode === "runs") {
      for (const id of q.runs) {
        const owner = this.runRows.get(id);
        if (owner) this.chosenOfRow.set(owner.row, id);
      }
    }
    // Columns come only from runs this actor may see: a benchmark only a private run has must not show up, even empty.
    this.metrics.forEach((m, i) => {
      if (this.visibleRuns.has(m[0]) && !this.allColumnsMap.has(this.columnKeys[i])) this.allColumnsMap.set(this.columnKeys[i], columnOf(this.columnKeys[i], m));
    });
    this.wanted = this.wantedColumns(sortColumns(this.allColumnsMap.values()));
    // Pick each cell's run first (latest, best value, or the row's chosen run), then build cells only for the winners.
    for (let i = 0; i < this.metrics.length; i++) this.pick(i);
    for (const [row, picks] of this.winners) for (const [key, i] of picks) row.cells[key] = this.cellOf(i);
    this.finish(null);
  }

  /**
   * Applies what changed since this board was computed. "unfit": it cannot be applied (another generation of
   * metrics, runs that disappeared or changed, a view that is cheaper to recompute) and nothing was touched;
   * "updated": the board now shows the new results.
   */
  update(boardRuns: BoardRun[], snapshot: MetricsSnapshot): "unfit" | "updated" {
    if (this.q.mode === "runs" || this.q.requireAll || snapshot.generation !== this.generation) return "unfit";
    const current = new Map(boardRuns.map((r) => [r.id, r]));
    for (const [id, seen] of this.runsSeen) if (JSON.stringify(current.get(id) ?? null) !== seen) return "unfit";
    const newRuns = boardRuns.filter((r) => !this.runsSeen.has(r.id));
    // The metric rows that may change cells: those appended for runs already shown, and every row of the new runs.
    const candidates: number[] = [];
    for (let i = this.metricCount; i < snapshot.metrics.length; i++) if (this.runsSeen.has(snapshot.metrics[i][0])) candidates.push(i);
    for (const run of newRuns) candidates.push(...(snapshot.byRun.get(run.id) ?? []));
    const added = new Map<string, BoardColumn>();
    for (const i of candidates) {
      const key = snapshot.columnKeys[i];
      if (!this.allColumnsMap.has(key) && !added.has(key)) added.set(key, columnOf(key, snapshot.metrics[i]));
    }
    // New columns can change which columns a task filter takes in (a new group): then recompute.
    const wanted = this.wantedColumns(sortColumns([...this.allColumnsMap.values(), ...added.values()]));
    for (const key of this.allColumnsMap.keys()) if ((wanted?.has(key) ?? true) !== (this.wanted?.has(key) ?? true)) return "unfit";
    // A baseline named before its row had results becomes valid: every column's tests change.
    if (this.q.baseline && this.board.baseline === null && newRuns.some((r) => rowIdentity(r, this.q.rows).key === this.q.baseline)) return "unfit";

    this.take(snapshot);
    for (const run of newRuns) this.addRun(run);
    for (const run of newRuns) {
      const row = this.runRows.get(run.id)?.row;
      row?.runs.sort((a, b) => b.date.localeCompare(a.date) || b.id - a.id);
    }
    for (const [key, column] of added) this.allColumnsMap.set(key, column);
    this.wanted = wanted;
    const changed = candidates.map((i) => this.pick(i)).filter((c) => c !== null);
    for (const { row, key } of changed) row.cells[key] = this.cellOf(this.winners.get(row)!.get(key)!);
    this.finish(new Set(changed.map((c) => c.key)));
    return "updated";
  }

  private take(snapshot: MetricsSnapshot): void {
    this.metrics = snapshot.metrics;
    this.columnKeys = snapshot.columnKeys;
    this.metricCount = snapshot.metrics.length;
  }

  private addRun(run: BoardRun): void {
    this.runsSeen.set(run.id, JSON.stringify(run));
    this.visibleRuns.set(run.id, run);
    if (this.versionFilter && (run.versionId === null || !this.versionFilter.has(run.versionId))) return;
    const { key, label, kind } = rowIdentity(run, this.q.rows);
    const row = this.rowsMap.get(key) ?? this.rowsMap.set(key, { key, label, kind, modelId: run.modelId, versionId: kind === "version" ? run.versionId : null, runs: [], cells: {} }).get(key)!;
    const date = new Date(run.createdAt).toISOString();
    row.runs.push({ id: run.id, date, lmmsEvalVersion: run.lmmsEvalVersion });
    this.runRows.set(run.id, { run, row, date });
  }

  private wantedColumns(allColumns: BoardColumn[]): Set<string> | null {
    const matchesTask = taskMatcher(this.q.tasks, allColumns);
    return this.q.columns.length || matchesTask
      ? new Set(allColumns.filter((c) => (!this.q.columns.length || this.q.columns.includes(c.key)) && (!matchesTask || matchesTask(c.task))).map((c) => c.key))
      : null;
  }

  /** Lets metric row `i` compete for its cell; returns the cell when it won (the cell changes), else null. */
  private pick(i: number): { row: BoardRow; key: string } | null {
    const m = this.metrics[i];
    const owner = this.runRows.get(m[0]);
    const key = this.columnKeys[i];
    if (!owner || (this.wanted && !this.wanted.has(key)) || (this.q.mode === "runs" && this.chosenOfRow.get(owner.row) !== m[0])) return null;
    const picks = this.winners.get(owner.row) ?? this.winners.set(owner.row, new Map()).get(owner.row)!;
    const current = picks.get(key);
    if (current !== undefined) {
      const other = this.metrics[current];
      const better =
        this.q.mode === "best"
          ? m[4] !== null && (other[4] === null || (m[9] !== 0 ? m[4] > other[4] : m[4] < other[4]))
          : (() => {
              const [mine, theirs] = [owner.run.createdAt, this.runRows.get(other[0])!.run.createdAt];
              return mine > theirs || (mine === theirs && m[0] > other[0]);
            })();
      if (!better) return null;
    }
    picks.set(key, i);
    return { row: owner.row, key };
  }

  private winnerMetric(row: BoardRow, key: string): MetricTuple | undefined {
    const i = this.winners.get(row)?.get(key);
    return i === undefined ? undefined : this.metrics[i];
  }

  private cellOf(i: number): BoardCell {
    const [runId, , , , value, stderr, stderrClt, stderrClustered, n] = this.metrics[i];
    const { ciStderr, ciStderrKind } = ciStderrOf({ stderr, stderrClt, stderrClustered });
    const onScale = stderrOnValueScale({ runId, ingestId: null, value, stderr: ciStderr, stderrKind: ciStderrKind, n });
    return {
      value,
      stderr: onScale ? ciStderr : null,
      ci: onScale && value !== null && ciStderr !== null ? (({ lower, upper }) => [lower, upper] as [number, number])(ciFromStderr(value, ciStderr)) : null,
      n,
      runId,
      date: this.runRows.get(runId)!.date,
      rank: null,
      delta: null,
      pAdjusted: null,
      significant: false,
      direction: null,
    };
  }

  /** Rows, ranks, tests and warnings of the `touched` columns (all when null), then Holm and the board itself. */
  private finish(touched: Set<string> | null): void {
    const q = this.q;
    const chosenOnly = q.mode === "runs";
    const allColumns = sortColumns(this.allColumnsMap.values());
    let rows = [...this.rowsMap.values()].filter((r) => (this.winners.get(r)?.size ?? 0) > 0);
    if (q.q) rows = rows.filter((r) => r.label.toLowerCase().includes(q.q!.toLowerCase()));
    let columns = this.wanted ? allColumns.filter((c) => this.wanted!.has(c.key)) : allColumns;
    // A few chosen runs on a board of hundreds of benchmarks: show the benchmarks they have, not hundreds of dashes.
    if (chosenOnly) columns = columns.filter((c) => rows.some((r) => r.cells[c.key] !== undefined));
    if (q.requireAll) rows = rows.filter((r) => columns.every((c) => r.cells[c.key]?.value != null));
    this.columns = columns;

    // A row that supplies no cell (not chosen, or filtered to nothing) cannot be the baseline.
    const baseRow = q.baseline ? this.rowsMap.get(q.baseline) : undefined;
    const base = baseRow && (this.winners.get(baseRow)?.size ?? 0) > 0 ? baseRow : null;
    const baseline = base ? base.key : null;
    for (const column of columns) if (!touched || touched.has(column.key)) this.refreshColumn(column, rows, base);
    this.correct(columns);

    const shownRows = new Set(rows);
    const chosenRuns: ChosenRun[] = [...new Set(chosenOnly ? q.runs : [])].map((runId) => {
      const run = this.visibleRuns.get(runId);
      if (!run) return { runId, status: "not found", rowKey: null, rowLabel: null, replacedBy: null };
      const { key, label } = rowIdentity(run, q.rows);
      const owner = this.runRows.get(runId);
      const winner = owner ? this.chosenOfRow.get(owner.row)! : null;
      const status = winner !== null && winner !== runId ? "replaced" : owner && shownRows.has(owner.row) ? "shown" : "hidden";
      return { runId, status, rowKey: key, rowLabel: label, replacedBy: status === "replaced" ? winner : null };
    });

    const versionLabels = new Map<number, string>();
    if (this.versionFilter) for (const { run } of this.runRows.values()) if (run.versionId !== null) versionLabels.set(run.versionId, `${run.modelName} ${run.versionLabel}`);
    const filters: BoardFilters = {
      versions: q.versions.map((id) => ({ id, label: versionLabels.get(id) ?? null })),
      tasks: q.tasks.map((name) => {
        const matches = taskMatcher([name], allColumns)!;
        return { name, columns: allColumns.filter((c) => matches(c.task)).length };
      }),
    };
    const columnWarnings: Record<string, string[]> = {};
    for (const column of columns) {
      const warnings = this.warnings.get(column.key);
      if (warnings?.length) columnWarnings[column.key] = warnings;
    }
    this.board = { columns, allColumns, rows, baseline, test: TEST_NAME, columnWarnings, chosenRuns, filters };
  }

  /** One column: ranks with ties, deltas and raw p-values against the baseline, and its mixed-version warnings. */
  private refreshColumn(column: BoardColumn, rows: BoardRow[], base: BoardRow | null): void {
    const key = column.key;
    const cells = rows.map((r) => r.cells[key]).filter((c): c is BoardCell => c !== undefined);
    for (const cell of cells) {
      cell.rank = null;
      cell.delta = null;
      cell.pAdjusted = null;
      cell.significant = false;
      cell.direction = null;
    }

    // Ranks with ties: rows whose CIs overlap share a rank (the one rule, lib/services/compare/shared-rank.ts).
    const scored = cells.filter((c): c is BoardCell & { value: number } => c.value !== null);
    for (const { entry, rank } of rankWithTies(scored, column.higherIsBetter !== false)) entry.rank = rank;

    const tested: { cells: BoardCell[]; ps: number[] } = { cells: [], ps: [] };
    const ref = base?.cells[key];
    if (base && ref && ref.value !== null) {
      for (const row of rows) {
        const cell = row.cells[key];
        if (row === base || !cell || cell.value === null) continue;
        cell.delta = cell.value - ref.value;
        if (cell.stderr !== null && ref.stderr !== null && (cell.stderr > 0 || ref.stderr > 0)) {
          tested.cells.push(cell);
          tested.ps.push(unpairedFromStderr(cell.value, cell.stderr, ref.value, ref.stderr).pValue);
        }
      }
    }
    this.tests.set(key, tested);

    // Version warnings from the column's distinct (task version, lmms-eval version) pairs — a handful per column.
    const pairs: ResultVersions[] = [];
    for (const row of rows) {
      const m = this.winnerMetric(row, key);
      if (!m) continue;
      const taskVersion = m[11];
      const lmmsEvalVersion = this.runRows.get(m[0])!.run.lmmsEvalVersion;
      if (!pairs.some((p) => p.taskVersion === taskVersion && p.lmmsEvalVersion === lmmsEvalVersion)) pairs.push({ taskVersion, lmmsEvalVersion });
    }
    this.warnings.set(key, pairs.length > 1 ? versionWarnings(pairs) : []);
  }

  /** Holm over every tested cell of the board's columns (flat arrays: ~100k of them), then each significant cell's direction. */
  private correct(columns: BoardColumn[]): void {
    const ps: number[] = [];
    for (const column of columns) for (const p of this.tests.get(column.key)?.ps ?? []) ps.push(p);
    const adjusted = holm(ps);
    let i = 0;
    for (const column of columns) {
      for (const cell of this.tests.get(column.key)?.cells ?? []) {
        const p = adjusted[i++];
        cell.pAdjusted = p;
        cell.significant = p < ALPHA;
        cell.direction = cell.significant && cell.delta && column.higherIsBetter !== null ? ((cell.delta > 0) === column.higherIsBetter ? "better" : "worse") : null;
      }
    }
  }
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
