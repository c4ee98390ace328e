import { cn } from "@/components/ui/cn";
import { formatCount, formatStatistic, pPhrase } from "@/lib/number-format";
import type { StatTestResult } from "@/lib/stats";

function Stat({ symbol, name, result }: { symbol: string; name: string; result: StatTestResult | null }) {
  const defined = result !== null && Number.isFinite(result.statistic);
  return (
    <div className="rounded-lg border border-zinc-200 px-4 py-3 dark:border-zinc-800" data-testid={`stat-${name}`}>
      <div className="text-[11px] font-semibold uppercase tracking-wide text-zinc-500">{name}</div>
      <div className={cn("mt-1 text-2xl font-semibold tabular-nums", !defined && "text-zinc-400")}>
        {symbol} = {defined ? formatStatistic(result!.statistic) : "—"}
      </div>
      {result ? (
        <div className="mt-1 space-y-0.5 text-xs text-zinc-600 dark:text-zinc-400">
          <div>{result.test}</div>
          <div className="tabular-nums">
            n = {formatCount(result.n)} · {Number.isFinite(result.pValue) ? pPhrase("p", result.pValue) : "p undefined for these scores"}
          </div>
        </div>
      ) : (
        <div className="mt-1 text-xs text-zinc-500">needs at least 3 points</div>
      )}
    </div>
  );
}

/** Both rank correlations, each with its test's name, n and p. */
export function CorrelationStats({ spearman, kendall, note }: { spearman: StatTestResult | null; kendall: StatTestResult | null; note: string }) {
  return (
    <div className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-2">
        <Stat symbol="ρ" name="Spearman" result={spearman} />
        <Stat symbol="τ-b" name="Kendall" result={kendall} />
      </div>
      <p className="rounded-md bg-zinc-100 px-3 py-2 text-sm text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300" data-testid="correlation-note">
        {note}
      </p>
      <p className="text-[11px] text-zinc-500">Rank correlations: they ask whether the two benchmarks order the models alike, not whether the scores are on the same scale. Two-sided p-values; ties are handled (τ-b).</p>
    </div>
  );
}
