import { Award, LineChart } from "lucide-react";
import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Table, Td, Th } from "@/components/ui/table";
import { benchmarkKey, benchmarkLabel, directionLabel, sortBenchmarks, type BenchmarkRef } from "@/lib/models-view/benchmarks";
import { formatHalfWidth, formatScore } from "@/lib/number-format";
import { latestMatrix, winsByVersion, type BestInput, type LatestInput } from "@/lib/models-view/latest-matrix";
import type { HistoryPoint } from "@/lib/services/models/performance";
import { Z95 } from "@/lib/models-view/history-chart";
import { BenchmarkSelect } from "./benchmark-select";
import { HistoryChart } from "./charts/history-chart";
import { VersionDot } from "./status-badges";

export type ModelHistory = {
  benchmarks: BenchmarkRef[];
  series: Record<string, HistoryPoint[]>;
  latest: LatestInput;
  best: BestInput;
};

type VersionRef = { id: number; label: string };

/** The chart card: benchmark selector (URL state) and the history of the chosen benchmark. */
export function PerformanceChartCard({ history, selected, versions, canLaunch }: { history: ModelHistory; selected: BenchmarkRef | null; versions: VersionRef[]; canLaunch: boolean }) {
  const counts = Object.fromEntries(Object.entries(history.series).map(([k, points]) => [k, points.length]));
  const key = selected ? benchmarkKey(selected) : null;
  return (
    <Card>
      <div id="performance" className="scroll-mt-20" />
      <CardHeader
        title={
          <span className="inline-flex items-center gap-1.5">
            <LineChart size={14} aria-hidden className="text-zinc-400" /> Performance over time
          </span>
        }
        description={
          selected ? (
            <>
              Every succeeded run of any version, oldest first · {directionLabel(selected.higherIsBetter)}
            </>
          ) : (
            "Scores of every succeeded run of this model's versions, per benchmark."
          )
        }
        actions={selected && key ? <BenchmarkSelect benchmarks={history.benchmarks} selected={key} counts={counts} /> : null}
      />
      <div className="px-4 pt-3 pb-4">
        {selected && key ? (
          <HistoryChart points={history.series[key] ?? []} versionOrder={versions.map((v) => v.id)} label={`History of ${benchmarkLabel(selected)}`} />
        ) : (
          <div className="py-12 text-center">
            <p className="text-sm font-medium">No results yet</p>
            <p className="mt-1 text-sm text-zinc-500" data-testid="performance-empty">
              {versions.length === 0 ? (
                "Add a version, then launch a run from it: its scores will appear here."
              ) : canLaunch ? (
                <>
                  Launch a run from one of the versions in the{" "}
                  <a href="#versions" className="text-accent-600 underline underline-offset-2 dark:text-accent-500">
                    Versions table above
                  </a>
                  ; once it succeeds, its scores appear here.
                </>
              ) : (
                "Once a run of one of its versions succeeds, its scores appear here."
              )}
            </p>
          </div>
        )}
      </div>
    </Card>
  );
}

/** Latest score per benchmark (rows) per version (columns); the best version's cell is highlighted. */
export function LatestScoresCard({ history, versions, selectedKey }: { history: ModelHistory; versions: VersionRef[]; selectedKey: string | null }) {
  const matrix = latestMatrix(versions, history.latest, history.best);
  const indexOf = new Map(versions.map((v, i) => [v.id, i]));
  return (
    <Card>
      <CardHeader title="Latest score per benchmark" description="Each version's most recent run; ± is the 95% CI half-width. The best version per benchmark is highlighted; =1 marks versions tied for first (their CIs overlap)." />
      {matrix.rows.length === 0 ? (
        <p className="px-4 py-6 text-sm text-zinc-500">No results yet.</p>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Benchmark</Th>
              {matrix.columns.map((c) => (
                <Th key={c.versionId} className="text-right">
                  <span className="inline-flex items-center gap-1.5 font-mono text-[11px] tracking-normal normal-case">
                    <VersionDot index={indexOf.get(c.versionId) ?? 0} />
                    {c.label}
                  </span>
                </Th>
              ))}
            </tr>
          </thead>
          <tbody data-testid="latest-scores">
            {matrix.rows.map((row) => (
              <tr key={row.key} className={cn(row.key === selectedKey && "bg-zinc-50 dark:bg-zinc-800/40")}>
                <Td>
                  <Link href={`?bench=${encodeURIComponent(row.key)}#performance`} scroll={false} className="font-mono text-xs hover:text-accent-600 hover:underline dark:hover:text-accent-500">
                    <span className="font-medium">{row.benchmark.task}</span>
                    <span className="text-zinc-500"> · {row.benchmark.metric}</span>
                    {row.benchmark.filter && row.benchmark.filter !== "none" ? <span className="text-zinc-400"> ({row.benchmark.filter})</span> : null}
                  </Link>
                  <div className="text-[11px] text-zinc-400">{directionLabel(row.benchmark.higherIsBetter)}</div>
                </Td>
                {row.cells.map((cell, i) =>
                  cell ? (
                    <Td key={i} className="text-right whitespace-nowrap tabular-nums">
                      <Link
                        href={`/runs/${cell.runId}`}
                        title={cell.isTied ? `Run #${cell.runId} · tied for first: its 95% CI overlaps the other leader's` : `Run #${cell.runId}`}
                        className={cn(
                          "inline-flex items-baseline gap-1 rounded px-1.5 py-0.5 hover:underline",
                          cell.isBest && "bg-emerald-50 font-semibold text-emerald-800 ring-1 ring-emerald-200 dark:bg-emerald-950/60 dark:text-emerald-300 dark:ring-emerald-900",
                          cell.isTied && "ring-1 ring-zinc-300 dark:ring-zinc-700",
                        )}
                        data-best={cell.isBest || undefined}
                        data-tied={cell.isTied || undefined}
                      >
                        {cell.isBest ? <Award size={11} aria-label="best" className="self-center" /> : null}
                        {cell.isTied ? <span className="text-[11px] font-medium text-zinc-500" aria-label="tied for first">=1</span> : null}
                        {formatScore(cell.value)}
                        {cell.stderr !== null && cell.value !== null ? <span className="text-[11px] font-normal text-zinc-400">{formatHalfWidth(cell.value, Z95 * cell.stderr)}</span> : null}
                      </Link>
                    </Td>
                  ) : (
                    <Td key={i} className="text-right text-zinc-300 dark:text-zinc-600">
                      —
                    </Td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}

/**
 * "Best version per benchmark": the winner of each benchmark, or a tie when the leaders' 95% CIs overlap (the board's
 * shared rank), and a tally of outright wins per version.
 */
export function BestVersionsCard({ history, versions }: { history: ModelHistory; versions: VersionRef[] }) {
  const indexOf = new Map(versions.map((v, i) => [v.id, i]));
  const bestOf = new Map(history.best.map((b) => [benchmarkKey(b.benchmark), b]));
  const undecided = history.benchmarks.filter((b) => !bestOf.has(benchmarkKey(b)));
  const wins = winsByVersion(history.best);
  return (
    <Card>
      <CardHeader
        title={
          <span className="inline-flex items-center gap-1.5">
            <Award size={14} aria-hidden className="text-zinc-400" /> Best version per benchmark
          </span>
        }
        description="From each version's latest score, by the metric's direction; versions whose 95% CIs overlap are tied."
      />
      <div className="px-4 py-3">
        {history.best.length === 0 ? (
          <p className="text-sm text-zinc-500">{history.benchmarks.length ? "No benchmark has a known direction yet." : "No results yet."}</p>
        ) : (
          <>
            {wins.length > 1 ? (
              <div className="mb-3 flex flex-wrap gap-2">
                {wins.map((w) => (
                  <span key={w.versionId} className="inline-flex items-center gap-1.5 rounded-full border border-zinc-200 px-2 py-0.5 text-xs dark:border-zinc-700">
                    <VersionDot index={indexOf.get(w.versionId) ?? 0} />
                    <span className="font-mono">{w.label}</span>
                    <span className="text-zinc-500">
                      best on {w.wins}
                    </span>
                  </span>
                ))}
              </div>
            ) : null}
            <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800" data-testid="best-versions">
              {sortBenchmarks(history.best.map((b) => b.benchmark)).map((benchmark) => {
                const { leaders } = bestOf.get(benchmarkKey(benchmark))!;
                const tied = leaders.length > 1;
                return (
                  <li key={benchmarkKey(benchmark)} className="flex flex-wrap items-center justify-between gap-x-3 gap-y-0.5 py-1.5" data-tied={tied || undefined}>
                    <span className="min-w-0 truncate font-mono text-xs" title={benchmarkLabel(benchmark)}>
                      {benchmarkLabel(benchmark)}
                    </span>
                    <span className="ml-auto flex flex-wrap items-center justify-end gap-x-2 gap-y-0.5 text-xs">
                      {tied ? (
                        <span className="text-zinc-500" title="Their 95% confidence intervals overlap: the data cannot tell them apart">
                          tie
                        </span>
                      ) : null}
                      {leaders.map((b) => (
                        <Link key={b.versionId} href={`/runs/${b.runId}`} className="inline-flex items-center gap-1.5 hover:underline">
                          <VersionDot index={indexOf.get(b.versionId) ?? 0} />
                          <span className="font-mono font-medium">{b.label}</span>
                          <span className="text-zinc-500 tabular-nums">{formatScore(b.value)}</span>
                        </Link>
                      ))}
                    </span>
                  </li>
                );
              })}
            </ul>
            {undecided.length ? <p className="mt-2 text-xs text-zinc-500">{undecided.length} benchmark(s) without a known direction (higher or lower is better) are left out.</p> : null}
          </>
        )}
      </div>
    </Card>
  );
}
