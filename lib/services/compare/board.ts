import { createHash } from "node:crypto";
import { z } from "zod";
import type { DB } from "@/db/client";
import type { ServiceContext } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/permissions";
import { ciFromStderr, holm, unpairedFromStderr } from "@/lib/stats";
import { ciStderrOf } from "@/lib/services/results/get-run-results";
import { canonicalKeyValue } from "@/lib/services/models/queries";
import { maskModelArgs } from "@/lib/services/runs/run-dto";
import { parseInput } from "@/lib/services/validate";
import { visibleRunsSql } from "@/lib/services/runs/run-access";
import { stderrOnValueScale } from "./metric-test";

const csv = z.preprocess((v) => (typeof v === "string" ? v.split(",").map((s) => s.trim()).filter(Boolean) : v), z.array(z.string()));
const bool = z.preprocess((v) => v === true || v === "true" || v === "1", z.boolean());

export const BoardQuery = z.object({
  rows: z.enum(["version", "model"], { error: "rows must be version or model" }).default("version"),
  mode: z.enum(["latest", "best"], { error: "mode must be latest or best" }).default("latest"),
  /** Column keys `task|metric|filter`; empty = every benchmark. */
  columns: csv.default([]),
  /** Only these benchmarks' tasks (any metric/filter), e.g. a batch's tasks. */
  tasks: csv.default([]),
  /** Only these model versions' rows, e.g. a batch's versions. */
  versions: csv.default([]),
  baseline: z.string().optional(),
  requireAll: bool.default(false),
  sort: z.string().optional(),
  dir: z.enum(["asc", "desc"]).default("desc"),
  q: z.string().trim().max(200).optional(),
});
export type BoardQuery = z.input<typeof BoardQuery>;

export type BoardColumn = { key: string; task: string; metric: string; filter: string; group: string | null; higherIsBetter: boolean | null };

export type BoardCell = {
  value: number | null;
  stderr: number | null;
  ci: [number, number] | null;
  n: number | null;
  runId: number;
  date: string;
  /** Rank among rows in this column; rows whose CIs overlap share a rank (ties shown as ties). */
  rank: number | null;
  delta: number | null;
  pAdjusted: number | null;
  significant: boolean;
  direction: "better" | "worse" | null;
};

export type BoardRow = { key: string; label: string; kind: "version" | "model" | "unregistered"; modelId: number | null; versionId: number | null; cells: Record<string, BoardCell> };

export type Board = {
  columns: BoardColumn[];
  /** Every benchmark that exists (for the column chooser), whatever `columns` selected. */
  allColumns: BoardColumn[];
  rows: BoardRow[];
  baseline: string | null;
  /** How baseline deltas are tested on the board (run comparisons use paired tests on samples). */
  test: string;
};

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

const METRIC_COLUMNS = `run_id, task, metric, filter, value, stderr, stderr_clt, stderr_clustered, n, higher_is_better, group_name`;

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
 * one column per task/metric/filter, the latest (or best) score with its CI; with a baseline row, every other cell
 * gets its delta and an unpaired z-test from the two stderrs, Holm-corrected across the board. One query, then
 * in-memory shaping — fast enough for hundreds of versions × hundreds of benchmarks (see bench:compare).
 */
export function getBoard({ db, ctx, input }: { db: DB; ctx: ServiceContext; input: unknown }): Board {
  const actor = requireActor(ctx);
  const q = parseInput(BoardQuery, input);
  // Runs first (hundreds), then their metrics as bare arrays (100k+): the run's columns are not repeated per metric.
  const boardRuns = db.$client
    .prepare(
      `select r.id, r.model_version_id versionId, mv.label versionLabel, m.id modelId, m.name modelName, r.model backend,
         r.model_args modelArgs, rr.model_name resultModelName, r.created_at createdAt
       from runs r
       left join run_results rr on rr.run_id = r.id
       left join model_versions mv on mv.id = r.model_version_id
       left join models m on m.id = mv.model_id
       where r.status = 'succeeded' and (m.status is null or m.status = 'active') and ${visibleRunsSql("r", actor)}`,
    )
    .all() as BoardRun[];
  const snapshot = boardMetrics(db);
  // The sort order is not part of what is cached: re-sorting a few hundred rows costs nothing, recomputing ~100k
  // cells and their tests does.
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

function computeBoard(q: Omit<z.output<typeof BoardQuery>, "sort" | "dir">, boardRuns: BoardRun[], { metrics, columnKeys }: { metrics: MetricTuple[]; columnKeys: string[] }): Board {
  const rowsMap = new Map<string, BoardRow>();
  const runRows = new Map<number, { run: BoardRun; row: BoardRow; date: string }>();
  for (const run of boardRuns) {
    let key: string;
    let label: string;
    let kind: BoardRow["kind"];
    if (run.versionId !== null && q.rows === "version") [key, label, kind] = [`v:${run.versionId}`, `${run.modelName} ${run.versionLabel}`, "version"];
    else if (run.modelId !== null) [key, label, kind] = [`m:${run.modelId}`, run.modelName ?? "model", "model"];
    else {
      key = `r:${run.backend}|${canonicalKeyValue(run.modelArgs)}`;
      label = `${run.backend}${run.resultModelName ? ` ${run.resultModelName}` : run.modelArgs ? ` (${maskModelArgs(run.modelArgs)})` : ""}`;
      kind = "unregistered";
    }
    const row = rowsMap.get(key) ?? rowsMap.set(key, { key, label, kind, modelId: run.modelId, versionId: kind === "version" ? run.versionId : null, cells: {} }).get(key)!;
    runRows.set(run.id, { run, row, date: new Date(run.createdAt).toISOString() });
  }

  const allColumnsMap = new Map<string, BoardColumn>();
  metrics.forEach((m, i) => {
    const key = columnKeys[i];
    if (!allColumnsMap.has(key)) allColumnsMap.set(key, { key, task: m[1], metric: m[2], filter: m[3], group: m[10], higherIsBetter: m[9] === null ? null : m[9] === 1 });
  });
  const allColumns = [...allColumnsMap.values()].sort((a, b) => (a.group ?? a.task).localeCompare(b.group ?? b.task) || a.task.localeCompare(b.task) || a.metric.localeCompare(b.metric) || a.filter.localeCompare(b.filter));
  const taskFilter = q.tasks.length ? new Set(q.tasks) : null;
  const wanted = q.columns.length || taskFilter ? new Set(allColumns.filter((c) => (!q.columns.length || q.columns.includes(c.key)) && (!taskFilter || taskFilter.has(c.task))).map((c) => c.key)) : null;
  const columns = wanted ? allColumns.filter((c) => wanted.has(c.key)) : allColumns;

  // Pick each cell's run first (latest, or best value), then build cells only for the winners.
  const winners = new Map<BoardRow, Map<string, number>>();
  metrics.forEach((m, i) => {
    const owner = runRows.get(m[0]);
    const key = columnKeys[i];
    if (!owner || (wanted && !wanted.has(key))) return;
    const picks = winners.get(owner.row) ?? winners.set(owner.row, new Map()).get(owner.row)!;
    const current = picks.get(key);
    if (current === undefined) return void picks.set(key, i);
    const other = metrics[current];
    const better =
      q.mode === "latest"
        ? (() => {
            const [mine, theirs] = [owner.run.createdAt, runRows.get(other[0])!.run.createdAt];
            return mine > theirs || (mine === theirs && m[0] > other[0]);
          })()
        : m[4] !== null && (other[4] === null || (m[9] !== 0 ? m[4] > other[4] : m[4] < other[4]));
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
  if (q.versions.length) rows = rows.filter((r) => r.versionId !== null && q.versions.includes(String(r.versionId)));
  if (q.requireAll) rows = rows.filter((r) => columns.every((c) => r.cells[c.key]?.value != null));

  // Ranks with ties: walk each column best-first; a row whose CI overlaps the current group's leader joins the group.
  for (const column of columns) {
    const scored = rows.map((r) => r.cells[column.key]).filter((c): c is BoardCell => c !== undefined && c.value !== null);
    const higher = column.higherIsBetter !== false;
    scored.sort((a, b) => (higher ? b.value! - a.value! : a.value! - b.value!));
    let rank = 0;
    let leader: BoardCell | null = null;
    scored.forEach((cell, index) => {
      const overlaps = leader && leader.ci && cell.ci && cell.ci[1] >= leader.ci[0] && cell.ci[0] <= leader.ci[1];
      const sameValue = leader && leader.value === cell.value;
      if (!leader || !(overlaps || sameValue)) {
        leader = cell;
        rank = index + 1;
      }
      cell.rank = rank;
    });
  }

  const baseline = q.baseline && rowsMap.has(q.baseline) ? q.baseline : null;
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

  return { columns, allColumns, rows, baseline, test: "Unpaired z-test from the two stderrs (normal approximation), Holm-corrected across the board" };
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
