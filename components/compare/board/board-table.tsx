"use client";

import { ArrowDown, ArrowDownUp, ArrowUp, GitCompareArrows, ListChecks, Pin, PinOff, TriangleAlert, X } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition, type ReactNode } from "react";
import { buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { cellVerdict, columnSpans, columnWarningText, compareRunsHref, rankLabel, rankTies, representativeRun, representativeRuns, type CellVerdict } from "@/lib/compare-view/board-model";
import { boardHref, nextSort, withChosenRuns, withoutRowRuns, withRowRun, type BoardView } from "@/lib/compare-view/board-url";
import { benchmarkLabel, metricLabel } from "@/lib/compare-view/format";
import { formatCi, formatCiHalfWidth, formatCount, formatScore, formatScoreDelta, pPhrase } from "@/lib/number-format";
import { formatDateTime } from "@/lib/format";
import type { Board, BoardCell, BoardColumn, BoardRow } from "@/lib/services/compare/board";
import { useFloatingTooltip } from "../floating-tooltip";
import { VERDICT_CELL, VERDICT_PILL, VERDICT_WORDS } from "../tones";

const KIND_LABEL: Record<BoardRow["kind"], string> = { version: "version", model: "model", unregistered: "unregistered" };

/**
 * The models × benchmarks board. Sticky header and first column; headers sort (links, so every state is a URL);
 * each cell links to the run it comes from and explains itself in a tooltip; a pinned baseline turns every other
 * cell into a tested difference, coloured only when significant.
 */
export function BoardTable({ board, view, basePath }: { board: Board; view: BoardView; basePath: string }) {
  const [selected, setSelected] = useState<string[]>([]);
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const tooltip = useFloatingTooltip();
  const ties = useMemo(() => rankTies(board), [board]);
  const spans = columnSpans(board.columns);
  const hasGroupRow = spans.some((s) => s.isGroup);
  const baselineRow = board.rows.find((r) => r.key === board.baseline) ?? null;
  const liveSelection = selected.filter((key) => board.rows.some((r) => r.key === key));
  const compareHref = compareRunsHref(board, liveSelection);
  const chosenRuns = view.mode === "runs";
  const toggle = (key: string) => setSelected((s) => (s.includes(key) ? s.filter((k) => k !== key) : [...s, key]));

  return (
    <div>
      <div className="flex min-h-11 flex-wrap items-center justify-between gap-3 border-b border-zinc-200 px-4 py-2 text-xs dark:border-zinc-800">
        <p className="text-zinc-500 tabular-nums" data-testid="board-count">
          {board.rows.length} {board.rows.length === 1 ? "row" : "rows"} × {board.columns.length} {board.columns.length === 1 ? "benchmark" : "benchmarks"}
          {baselineRow ? (
            <>
              {" "}
              · baseline <span className="font-medium text-zinc-800 dark:text-zinc-200">{baselineRow.label}</span>
            </>
          ) : (
            " · pin a row as baseline to test every difference against it"
          )}
        </p>
        <div className="flex items-center gap-2" aria-live="polite">
          {liveSelection.length > 0 ? (
            <>
              <span className="text-zinc-500 tabular-nums">{liveSelection.length} selected</span>
              {compareHref ? (
                <Link href={compareHref} className={buttonClasses("primary", "sm")} data-testid="compare-selected">
                  <GitCompareArrows size={13} aria-hidden /> Compare their runs
                </Link>
              ) : (
                <span className="text-zinc-500">select one more row to compare runs</span>
              )}
              <Link
                href={boardHref(basePath, withChosenRuns(view, representativeRuns(board, liveSelection)))}
                scroll={false}
                className={buttonClasses("secondary", "sm")}
                title="Only these rows, each showing the one run behind its cells; swap a row's run in the row"
                data-testid="show-selected-runs"
              >
                <ListChecks size={13} aria-hidden /> Show only their runs
              </Link>
              <button type="button" onClick={() => setSelected([])} className={buttonClasses("ghost", "sm")}>
                <X size={12} aria-hidden /> Clear
              </button>
            </>
          ) : (
            <span className="text-zinc-500">Tick rows to compare their runs side by side</span>
          )}
        </div>
      </div>

      <div className="relative max-h-[calc(100vh-16rem)] min-h-48 overflow-auto" data-testid="board" aria-busy={pending}>
        <table className="w-max min-w-full border-separate border-spacing-0 text-sm">
          <thead className="sticky top-0 z-20">
            {hasGroupRow ? (
              <tr>
                <th rowSpan={2} scope="col" className={cn(headCell, cornerCell, "align-bottom")}>
                  <RowHeaderTitle view={view} />
                </th>
                {spans.map((span, i) => (
                  <th
                    key={`${span.label}-${i}`}
                    colSpan={span.columns.length}
                    scope="colgroup"
                    className={cn(headCell, "border-l px-2 py-1 text-center text-[11px] font-semibold tracking-wide text-zinc-600 dark:text-zinc-300", !span.isGroup && "text-transparent")}
                  >
                    {span.isGroup ? span.label : <span className="sr-only">{span.label}</span>}
                  </th>
                ))}
              </tr>
            ) : null}
            <tr>
              {hasGroupRow ? null : (
                <th scope="col" className={cn(headCell, cornerCell, "align-bottom")}>
                  <RowHeaderTitle view={view} />
                </th>
              )}
              {board.columns.map((column, i) => (
                <ColumnHeader
                  key={column.key}
                  column={column}
                  view={view}
                  basePath={basePath}
                  first={i === 0 || spans.some((s) => s.columns[0] === column)}
                  warnings={board.columnWarnings[column.key] ?? []}
                  tooltip={tooltip}
                />
              ))}
            </tr>
          </thead>
          <tbody>
            {board.rows.length === 0 ? (
              <tr>
                <td colSpan={board.columns.length + 1} className="px-4 py-10 text-center text-sm text-zinc-500">
                  {chosenRuns && view.runs.length === 0 ? (
                    "No run chosen: pick Latest or Best, or tick rows there and choose “Show only their runs”."
                  ) : (
                    <>
                      No row matches{view.q ? ` “${view.q}”` : ""}
                      {view.requireAll ? " with a score on every selected benchmark" : ""}
                      {view.versions.length || view.tasks.length ? " within the version and task filters" : ""}. Loosen the search, the filters, or untick “Only rows with every benchmark”.
                    </>
                  )}
                </td>
              </tr>
            ) : null}
            {board.rows.map((row) => {
              const isBaseline = row.key === board.baseline;
              const isSelected = liveSelection.includes(row.key);
              return (
                <tr key={row.key} data-testid="board-row" data-row-key={row.key} data-baseline={isBaseline || undefined} className="group">
                  <th
                    scope="row"
                    className={cn(
                      bodyCell,
                      "sticky left-0 z-10 w-72 min-w-72 max-w-72 border-r px-3 py-1.5 text-left font-normal",
                      isBaseline ? "bg-accent-50 dark:bg-zinc-800" : "bg-white group-hover:bg-zinc-50 dark:bg-zinc-900 dark:group-hover:bg-zinc-800/80",
                    )}
                  >
                    <div className="flex items-center gap-2">
                      <input
                        type="checkbox"
                        checked={isSelected}
                        onChange={() => toggle(row.key)}
                        aria-label={`Select ${row.label}`}
                        className="h-3.5 w-3.5 shrink-0 rounded border-zinc-300 accent-accent-600"
                      />
                      <div className="min-w-0 flex-1">
                        <div className="truncate font-medium text-zinc-900 dark:text-zinc-100" title={row.label}>
                          {row.label}
                        </div>
                        <div className="flex items-center gap-1.5 text-[11px] text-zinc-500">
                          {isBaseline ? <span className="font-semibold uppercase tracking-wide text-accent-600 dark:text-accent-500">baseline</span> : KIND_LABEL[row.kind]}
                          {chosenRuns ? (
                            <RunPicker
                              row={row}
                              current={representativeRun(row, board.columns)}
                              onPick={(runId) => startTransition(() => router.push(boardHref(basePath, withRowRun(view, row.runs.map((r) => r.id), runId)), { scroll: false }))}
                            />
                          ) : null}
                        </div>
                      </div>
                      {chosenRuns ? (
                        <Link
                          href={boardHref(basePath, withoutRowRuns(view, row.runs.map((r) => r.id)))}
                          scroll={false}
                          aria-label={`Remove ${row.label} from the chosen runs`}
                          title="Remove this row (its run) from the chosen runs"
                          className="flex h-7 w-7 shrink-0 items-center justify-center rounded-md text-zinc-400 opacity-60 hover:bg-zinc-200 hover:text-zinc-800 group-hover:opacity-100 focus-visible:opacity-100 dark:hover:bg-zinc-700 dark:hover:text-zinc-100"
                        >
                          <X size={13} aria-hidden />
                        </Link>
                      ) : null}
                      <Link
                        href={boardHref(basePath, { ...view, baseline: isBaseline ? null : row.key })}
                        scroll={false}
                        aria-label={isBaseline ? `Unpin ${row.label} as baseline` : `Pin ${row.label} as baseline`}
                        title={isBaseline ? "Unpin the baseline" : "Pin as baseline: test every other row against it"}
                        className={cn(
                          "flex h-7 w-7 shrink-0 items-center justify-center rounded-md transition-colors",
                          isBaseline
                            ? "bg-accent-600 text-white hover:bg-accent-700"
                            : "text-zinc-400 opacity-60 hover:bg-zinc-200 hover:text-zinc-800 group-hover:opacity-100 focus-visible:opacity-100 dark:hover:bg-zinc-700 dark:hover:text-zinc-100",
                        )}
                      >
                        {isBaseline ? <PinOff size={13} aria-hidden /> : <Pin size={13} aria-hidden />}
                      </Link>
                    </div>
                  </th>
                  {board.columns.map((column, i) => {
                    const cell = row.cells[column.key];
                    const firstOfSpan = i === 0 || spans.some((s) => s.columns[0] === column);
                    if (!cell || cell.value === null) {
                      return (
                        <td key={column.key} className={cn(bodyCell, firstOfSpan && "border-l", "px-3 py-1.5 text-right text-zinc-300 dark:text-zinc-600", isBaseline && "bg-accent-50/60 dark:bg-zinc-800/60")}>
                          <span aria-label="no score">—</span>
                        </td>
                      );
                    }
                    const verdict = cellVerdict(cell, board.baseline !== null, isBaseline);
                    const reference = baselineRow?.cells[column.key] ?? null;
                    const rank = rankLabel(cell.rank, cell.rank === null ? undefined : ties.get(column.key)?.get(cell.rank));
                    const content = <CellTooltip row={row} column={column} cell={cell} verdict={verdict} rank={rank} baseline={baselineRow} test={board.test} />;
                    return (
                      <td
                        key={column.key}
                        data-verdict={verdict}
                        className={cn(bodyCell, firstOfSpan && "border-l", isBaseline ? "bg-accent-50/60 dark:bg-zinc-800/60" : VERDICT_CELL[verdict])}
                      >
                        <Link
                          href={`/runs/${cell.runId}`}
                          aria-describedby={tooltip.active ? tooltip.id : undefined}
                          onMouseEnter={(e) => tooltip.show(e.currentTarget, content)}
                          onMouseLeave={tooltip.hide}
                          onFocus={(e) => tooltip.show(e.currentTarget, content)}
                          onBlur={tooltip.hide}
                          className="block min-w-28 px-3 py-1.5 text-right outline-offset-[-2px] hover:bg-zinc-100/70 dark:hover:bg-zinc-800/70"
                        >
                          <span className="flex items-baseline justify-end gap-1.5">
                            {rank ? <RankBadge label={rank} /> : null}
                            <span className="font-medium tabular-nums text-zinc-900 dark:text-zinc-100">{formatScore(cell.value)}</span>
                            <span className="text-[10px] tabular-nums text-zinc-400">{formatCiHalfWidth(cell.value, cell.ci) ?? ""}</span>
                          </span>
                          {board.baseline && !isBaseline ? (
                            <span className="mt-0.5 flex justify-end">
                              <DeltaPill cell={cell} verdict={verdict} reference={reference} />
                            </span>
                          ) : null}
                        </Link>
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {tooltip.node}
    </div>
  );
}

const headCell = "border-b border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900";
const cornerCell = "sticky left-0 z-30 w-72 min-w-72 max-w-72 border-r px-3 py-2 text-left";
const bodyCell = "border-b border-zinc-100 align-middle dark:border-zinc-800";

function RowHeaderTitle({ view }: { view: BoardView }) {
  return (
    <span className="text-[11px] font-medium uppercase tracking-wide text-zinc-500">
      {view.rows === "model" ? "Model" : "Model version"} · {view.mode === "best" ? "best run" : view.mode === "runs" ? "chosen run" : "latest run"}
    </span>
  );
}

/** A row's run, chosen from every visible finished run of the row (newest first). */
function RunPicker({ row, current, onPick }: { row: BoardRow; current: number | null; onPick: (runId: number) => void }) {
  return (
    <select
      value={current ?? ""}
      onChange={(e) => onPick(Number(e.target.value))}
      aria-label={`Run for ${row.label}`}
      data-testid="row-run-picker"
      className="h-5 min-w-0 max-w-40 truncate rounded border border-zinc-300 bg-white px-1 text-[11px] text-zinc-700 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300"
    >
      {current === null ? <option value="">choose a run</option> : null}
      {row.runs.map((run) => (
        <option key={run.id} value={run.id}>
          #{run.id} · {formatDateTime(run.date)}
          {run.lmmsEvalVersion ? ` · lmms-eval ${run.lmmsEvalVersion}` : ""}
        </option>
      ))}
    </select>
  );
}

function ColumnHeader({
  column,
  view,
  basePath,
  first,
  warnings,
  tooltip,
}: {
  column: BoardColumn;
  view: BoardView;
  basePath: string;
  first: boolean;
  warnings: string[];
  tooltip: ReturnType<typeof useFloatingTooltip>;
}) {
  const sorted = view.sort === column.key;
  const Icon = sorted ? (view.dir === "asc" ? ArrowUp : ArrowDown) : ArrowDownUp;
  const label = benchmarkLabel(column);
  const warning = warnings.length ? columnWarningText(warnings) : null;
  return (
    <th
      scope="col"
      aria-sort={sorted ? (view.dir === "asc" ? "ascending" : "descending") : "none"}
      data-warned={warning ? "true" : undefined}
      className={cn(headCell, first && "border-l", "relative p-0 text-right align-bottom font-normal")}
    >
      {warning ? (
        // Its own focusable element (not inside the sort link), so keyboard users reach the explanation too.
        <button
          type="button"
          aria-label={`${label}: ${warning}`}
          data-testid="column-warning"
          onMouseEnter={(e) => tooltip.show(e.currentTarget, <ColumnWarningTooltip label={label} warnings={warnings} />)}
          onMouseLeave={tooltip.hide}
          onFocus={(e) => tooltip.show(e.currentTarget, <ColumnWarningTooltip label={label} warnings={warnings} />)}
          onBlur={tooltip.hide}
          className="absolute left-1 top-1 z-10 flex h-5 w-5 items-center justify-center rounded text-amber-600 hover:bg-amber-100 dark:text-amber-400 dark:hover:bg-amber-950"
        >
          <TriangleAlert size={12} aria-hidden />
        </button>
      ) : null}
      <Link
        href={boardHref(basePath, nextSort(view, column))}
        scroll={false}
        aria-label={`Sort by ${label}${sorted ? (view.dir === "asc" ? ", ascending" : ", descending") : ""}`}
        title={`${label}${column.higherIsBetter === true ? " (higher is better)" : column.higherIsBetter === false ? " (lower is better)" : ""} — click to sort`}
        className="group/sort flex w-full min-w-28 max-w-48 flex-col items-end px-3 py-1.5 outline-offset-[-2px] hover:bg-zinc-100 dark:hover:bg-zinc-800"
      >
        <span className="flex max-w-full items-center gap-1 text-xs font-semibold text-zinc-800 dark:text-zinc-100">
          <span className="truncate">{column.task}</span>
          <Icon size={11} aria-hidden className={cn("shrink-0", sorted ? "text-accent-600 dark:text-accent-500" : "text-zinc-300 group-hover/sort:text-zinc-500 dark:text-zinc-600")} />
        </span>
        <span className="max-w-full truncate text-[10px] text-zinc-500">
          {metricLabel(column)}
          {column.higherIsBetter === true ? " ↑" : column.higherIsBetter === false ? " ↓" : ""}
        </span>
      </Link>
    </th>
  );
}

function ColumnWarningTooltip({ label, warnings }: { label: string; warnings: string[] }) {
  return (
    <div className="space-y-1">
      <div className="font-medium text-zinc-900 dark:text-zinc-100">{label} mixes versions</div>
      <ul className="space-y-0.5 text-amber-800 dark:text-amber-300">
        {warnings.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ul>
      <div className="text-zinc-500">Scores from different versions may not be comparable. Hover a cell for its run and lmms-eval version; the run page has its task versions.</div>
    </div>
  );
}

function RankBadge({ label }: { label: string }) {
  const top = label === "1" || label === "=1";
  return (
    <span
      title={label.startsWith("=") ? `Rank ${label.slice(1)}, shared: the 95% CIs overlap` : `Rank ${label}`}
      className={cn(
        "rounded px-1 text-[10px] font-semibold tabular-nums leading-4",
        top ? "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300" : "bg-zinc-100 text-zinc-500 dark:bg-zinc-800 dark:text-zinc-400",
      )}
    >
      {label}
    </span>
  );
}

function DeltaPill({ cell, verdict, reference }: { cell: BoardCell; verdict: CellVerdict; reference: BoardCell | null }) {
  if (cell.delta === null) return <span className="text-[11px] text-zinc-400">no baseline score</span>;
  const coloured = verdict === "better" || verdict === "worse" || verdict === "different";
  return (
    <span
      data-testid="board-delta"
      className={cn("rounded px-1 text-[11px] font-medium tabular-nums leading-4", VERDICT_PILL[verdict], !coloured && "font-normal")}
    >
      {formatScoreDelta(cell.delta, reference?.value ?? cell.value)}
      {verdict === "untested" ? <span className="ml-0.5 text-[9px] uppercase">untested</span> : null}
      <span className="sr-only"> ({VERDICT_WORDS[verdict]})</span>
    </span>
  );
}

function Line({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex gap-3">
      <span className="w-20 shrink-0 text-zinc-500">{label}</span>
      <span className="min-w-0 tabular-nums">{children}</span>
    </div>
  );
}

function CellTooltip({ row, column, cell, verdict, rank, baseline, test }: { row: BoardRow; column: BoardColumn; cell: BoardCell; verdict: CellVerdict; rank: string | null; baseline: BoardRow | null; test: string }) {
  const reference = baseline?.cells[column.key] ?? null;
  const lmmsEvalVersion = row.runs.find((r) => r.id === cell.runId)?.lmmsEvalVersion ?? null;
  return (
    <div className="space-y-0.5">
      <div className="mb-1 font-medium text-zinc-900 dark:text-zinc-100">
        {row.label} <span className="font-normal text-zinc-500">on</span> {benchmarkLabel(column)}
      </div>
      <Line label="Value">
        {formatScore(cell.value)}
        {cell.ci ? ` · 95% CI ${formatCi(cell.ci)}` : " · no CI (no stderr on this scale)"}
      </Line>
      <Line label="n">{cell.n === null ? "not reported" : formatCount(cell.n)}</Line>
      {rank ? <Line label="Rank">{rank.startsWith("=") ? `${rank.slice(1)} (shared: 95% CIs overlap)` : rank}</Line> : null}
      <Line label="Run">
        #{cell.runId} · {formatDateTime(cell.date)}
        {lmmsEvalVersion ? ` · lmms-eval ${lmmsEvalVersion}` : ""}
      </Line>
      {baseline && verdict !== "baseline" && verdict !== "value" ? (
        <div className="mt-1.5 border-t border-zinc-200 pt-1.5 dark:border-zinc-700">
          <Line label="vs baseline">
            {formatScoreDelta(cell.delta, reference?.value ?? cell.value)} ({formatScore(reference?.value)} in {baseline.label})
          </Line>
          {cell.pAdjusted !== null ? (
            <>
              <Line label="Verdict">
                <span className={cn("font-medium", verdict === "better" && "text-emerald-700 dark:text-emerald-400", verdict === "worse" && "text-red-700 dark:text-red-400")}>{VERDICT_WORDS[verdict]}</span> at α = 0.05
              </Line>
              <Line label="Test">{test}</Line>
              <Line label="p">{pPhrase("p (Holm)", cell.pAdjusted)}</Line>
              <Line label="n">
                {cell.n === null && reference?.n == null ? "not reported (group aggregate)" : `${formatCount(cell.n)} here vs ${formatCount(reference?.n)} in the baseline`}
              </Line>
            </>
          ) : (
            <Line label="Test">not tested: a stderr on the value&apos;s scale is missing in one of the two runs, so the difference is shown without a verdict</Line>
          )}
        </div>
      ) : null}
      {verdict === "baseline" ? <div className="mt-1 text-zinc-500">The baseline: every other row is tested against it.</div> : null}
      <div className="mt-1 text-[11px] text-zinc-400">Click to open run #{cell.runId}</div>
    </div>
  );
}
