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

type Row = {
  runId: number;
  task: string;
  metric: string;
  filter: string;
  value: number | null;
  stderr: number | null;
  stderrClt: number | null;
  stderrClustered: number | null;
  n: number | null;
  higherIsBetter: number | null;
  groupName: string | null;
  versionId: number | null;
  versionLabel: string | null;
  modelId: number | null;
  modelName: string | null;
  backend: string;
  modelArgs: string;
  resultModelName: string | null;
  createdAt: number;
};

const ALPHA = 0.05;

/**
 * The models × benchmarks board: one row per model version (or per model, or per unregistered backend+args),
 * one column per task/metric/filter, the latest (or best) score with its CI; with a baseline row, every other cell
 * gets its delta and an unpaired z-test from the two stderrs, Holm-corrected across the board. One query, then
 * in-memory shaping — fast enough for hundreds of versions × hundreds of benchmarks (see bench:compare).
 */
export function getBoard({ db, ctx, input }: { db: DB; ctx: ServiceContext; input: unknown }): Board {
  const actor = requireActor(ctx);
  const q = parseInput(BoardQuery, input);
  const data = db.$client
    .prepare(
      `select rm.run_id runId, rm.task, rm.metric, rm.filter, rm.value, rm.stderr, rm.stderr_clt stderrClt, rm.stderr_clustered stderrClustered,
         rm.n, rm.higher_is_better higherIsBetter, rm.group_name groupName, r.model_version_id versionId, mv.label versionLabel,
         m.id modelId, m.name modelName, r.model backend, r.model_args modelArgs, rr.model_name resultModelName, r.created_at createdAt
       from run_metrics rm
       join runs r on r.id = rm.run_id and r.status = 'succeeded'
       left join run_results rr on rr.run_id = r.id
       left join model_versions mv on mv.id = r.model_version_id
       left join models m on m.id = mv.model_id
       where (m.status is null or m.status = 'active') and ${visibleRunsSql("r", actor)}`,
    )
    .all() as Row[];

  const allColumnsMap = new Map<string, BoardColumn>();
  for (const r of data) {
    const key = `${r.task}|${r.metric}|${r.filter}`;
    if (!allColumnsMap.has(key)) allColumnsMap.set(key, { key, task: r.task, metric: r.metric, filter: r.filter, group: r.groupName, higherIsBetter: r.higherIsBetter === null ? null : r.higherIsBetter === 1 });
  }
  const allColumns = [...allColumnsMap.values()].sort((a, b) => (a.group ?? a.task).localeCompare(b.group ?? b.task) || a.task.localeCompare(b.task) || a.metric.localeCompare(b.metric) || a.filter.localeCompare(b.filter));
  const taskFilter = q.tasks.length ? new Set(q.tasks) : null;
  const wanted = q.columns.length || taskFilter ? new Set(allColumns.filter((c) => (!q.columns.length || q.columns.includes(c.key)) && (!taskFilter || taskFilter.has(c.task))).map((c) => c.key)) : null;
  const columns = wanted ? allColumns.filter((c) => wanted.has(c.key)) : allColumns;

  const rowsMap = new Map<string, BoardRow>();
  const rowOf = (r: Row): BoardRow => {
    let key: string;
    let label: string;
    let kind: BoardRow["kind"];
    if (r.versionId !== null && q.rows === "version") [key, label, kind] = [`v:${r.versionId}`, `${r.modelName} ${r.versionLabel}`, "version"];
    else if (r.modelId !== null) [key, label, kind] = [`m:${r.modelId}`, r.modelName ?? "model", "model"];
    else {
      key = `r:${r.backend}|${canonicalKeyValue(r.modelArgs)}`;
      label = `${r.backend}${r.resultModelName ? ` ${r.resultModelName}` : r.modelArgs ? ` (${maskModelArgs(r.modelArgs)})` : ""}`;
      kind = "unregistered";
    }
    return rowsMap.get(key) ?? rowsMap.set(key, { key, label, kind, modelId: r.modelId, versionId: kind === "version" ? r.versionId : null, cells: {} }).get(key)!;
  };
  for (const r of data) {
    const key = `${r.task}|${r.metric}|${r.filter}`;
    const row = rowOf(r);
    if (wanted && !wanted.has(key)) continue;
    const { ciStderr, ciStderrKind } = ciStderrOf(r);
    const onScale = stderrOnValueScale({ runId: r.runId, ingestId: null, value: r.value, stderr: ciStderr, stderrKind: ciStderrKind, n: r.n });
    const candidate: BoardCell = {
      value: r.value,
      stderr: onScale ? ciStderr : null,
      ci: onScale && r.value !== null && ciStderr !== null ? (({ lower, upper }) => [lower, upper] as [number, number])(ciFromStderr(r.value, ciStderr)) : null,
      n: r.n,
      runId: r.runId,
      date: new Date(r.createdAt).toISOString(),
      rank: null,
      delta: null,
      pAdjusted: null,
      significant: false,
      direction: null,
    };
    const current = row.cells[key];
    const higher = r.higherIsBetter !== 0;
    const better =
      !current ||
      (q.mode === "latest"
        ? candidate.date > current.date || (candidate.date === current.date && candidate.runId > current.runId)
        : candidate.value !== null && (current.value === null || (higher ? candidate.value > current.value : candidate.value < current.value)));
    if (better) row.cells[key] = candidate;
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

  if (q.sort && columns.some((c) => c.key === q.sort)) {
    const sign = q.dir === "asc" ? 1 : -1;
    rows.sort((a, b) => {
      const va = a.cells[q.sort!]?.value;
      const vb = b.cells[q.sort!]?.value;
      if (va == null && vb == null) return a.label.localeCompare(b.label);
      if (va == null) return 1;
      if (vb == null) return -1;
      return sign * (va - vb) || a.label.localeCompare(b.label);
    });
  } else {
    rows.sort((a, b) => (a.key === baseline ? -1 : b.key === baseline ? 1 : a.label.localeCompare(b.label)));
  }

  return { columns, allColumns, rows, baseline, test: "Unpaired z-test from the two stderrs (normal approximation), Holm-corrected across the board" };
}
