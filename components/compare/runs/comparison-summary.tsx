import { cn } from "@/components/ui/cn";
import type { SideSummary } from "@/lib/compare-view/run-summary";

function Count({ n, label, className }: { n: number; label: string; className?: string }) {
  return (
    <span className={cn("tabular-nums", n === 0 && "text-zinc-400 dark:text-zinc-500", className && n > 0 && className)}>
      <span className="font-semibold">{n}</span> {label}
    </span>
  );
}

/** "Is B better than A?" per run, in one line each. */
export function ComparisonSummary({ sides, summaries, referenceLabel, tested, alpha }: { sides: string[]; summaries: Array<SideSummary | null>; referenceLabel: string; tested: number; alpha: number }) {
  return (
    <div className="space-y-1.5 px-4 py-3 text-sm" data-testid="comparison-summary">
      {summaries.map((s, i) =>
        s ? (
          <p key={sides[i]} className="flex flex-wrap items-baseline gap-x-3 gap-y-0.5">
            <span className="min-w-72 font-medium" title={`${sides[i]} vs ${referenceLabel}`}>
              {sides[i]}
            </span>
            <Count n={s.better} label="significantly better" className="text-emerald-700 dark:text-emerald-400" />
            <Count n={s.worse} label="significantly worse" className="text-red-700 dark:text-red-400" />
            {s.different ? <Count n={s.different} label="significantly different" className="text-violet-700 dark:text-violet-400" /> : null}
            <Count n={s.notSignificant} label="not significant" />
            {s.untested ? <Count n={s.untested} label="untested" /> : null}
          </p>
        ) : null,
      )}
      <p className="text-xs text-zinc-500">
        Task metrics only (group aggregates not counted twice). Each difference is tested on the samples both runs answered when possible (McNemar for right/wrong scores, a paired bootstrap otherwise), else from the two stderrs; the {tested} p-values of this table are Holm-adjusted together, α = {alpha}.
      </p>
    </div>
  );
}
