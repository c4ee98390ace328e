import { TriangleAlert } from "lucide-react";
import { cn } from "@/components/ui/cn";
import { VERDICT_PILL } from "../tones";

function Swatch({ className, children }: { className: string; children: string }) {
  return <span className={cn("rounded px-1 text-[11px] font-medium tabular-nums leading-4", className)}>{children}</span>;
}

/** What the colours, badges and numbers mean; the test is named whenever a baseline is pinned. */
export function BoardLegend({ test, hasBaseline, hasVersionWarnings = false }: { test: string; hasBaseline: boolean; hasVersionWarnings?: boolean }) {
  return (
    <div className="flex flex-wrap items-center gap-x-5 gap-y-1.5 border-t border-zinc-200 px-4 py-2.5 text-[11px] text-zinc-500 dark:border-zinc-800">
      <span className="flex items-center gap-1.5">
        <span className="rounded bg-amber-100 px-1 font-semibold text-amber-800 dark:bg-amber-950 dark:text-amber-300">1</span>
        <span className="rounded bg-zinc-100 px-1 font-semibold dark:bg-zinc-800">=2</span> rank in the column; “=” = shared (95% CIs overlap)
      </span>
      <span>±: 95% CI half-width (1.96 × stderr)</span>
      {hasVersionWarnings ? (
        <span className="flex items-center gap-1.5">
          <TriangleAlert size={12} aria-hidden className="text-amber-600 dark:text-amber-400" /> the column mixes task or lmms-eval versions (hover it for which)
        </span>
      ) : null}
      {hasBaseline ? (
        <>
          <span className="flex items-center gap-1.5">
            <Swatch className={VERDICT_PILL.better}>+0.031</Swatch> significantly better
          </span>
          <span className="flex items-center gap-1.5">
            <Swatch className={VERDICT_PILL.worse}>−0.027</Swatch> significantly worse
          </span>
          <span className="flex items-center gap-1.5">
            <Swatch className={VERDICT_PILL["not significant"]}>+0.004</Swatch> not significant
          </span>
          <span className="basis-full">
            Differences vs the baseline: {test}, α = 0.05. Hover a cell for its p-value and n. For paired tests on the samples both runs answered, compare the runs.
          </span>
        </>
      ) : null}
    </div>
  );
}
