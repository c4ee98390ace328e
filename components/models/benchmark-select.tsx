"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useTransition } from "react";
import { Select } from "@/components/ui/field";
import { benchmarkKey, benchmarkLabel, groupBenchmarksByTask, type BenchmarkRef } from "@/lib/models-view/benchmarks";

/** Picks the charted benchmark; the choice lives in `?bench=` so a chart can be linked to. */
export function BenchmarkSelect({ benchmarks, selected, counts }: { benchmarks: BenchmarkRef[]; selected: string; counts: Record<string, number> }) {
  const router = useRouter();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();
  const choose = (key: string) => {
    const next = new URLSearchParams(params.toString());
    next.set("bench", key);
    next.delete("created");
    startTransition(() => router.replace(`?${next.toString()}#performance`, { scroll: false }));
  };
  return (
    <label className="flex items-center gap-2 text-xs font-medium text-zinc-600 dark:text-zinc-400">
      Benchmark
      <Select value={selected} onChange={(e) => choose(e.target.value)} aria-busy={pending} className="h-8 w-auto max-w-[min(26rem,calc(100vw-8rem))] min-w-0 py-0 font-mono text-xs">
        {groupBenchmarksByTask(benchmarks).map((group) => (
          <optgroup key={group.task} label={group.task}>
            {group.benchmarks.map((b) => {
              const key = benchmarkKey(b);
              return (
                <option key={key} value={key}>
                  {benchmarkLabel(b)} — {counts[key] ?? 0} run{counts[key] === 1 ? "" : "s"}
                </option>
              );
            })}
          </optgroup>
        ))}
      </Select>
    </label>
  );
}
