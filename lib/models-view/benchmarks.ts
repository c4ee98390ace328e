/**
 * A benchmark is one (task, metric, filter) triple; the history service keys its series by `task|metric|filter`, and
 * the model page keeps the chosen one in `?bench=` with the same key.
 */
export type BenchmarkRef = { task: string; metric: string; filter: string; higherIsBetter: boolean | null };

export function benchmarkKey(b: { task: string; metric: string; filter: string }): string {
  return `${b.task}|${b.metric}|${b.filter}`;
}

/** "mme · mme_perception_score" (the filter is named only when it is not lmms-eval's default `none`). */
export function benchmarkLabel(b: { task: string; metric: string; filter: string }): string {
  return b.filter && b.filter !== "none" ? `${b.task} · ${b.metric} (${b.filter})` : `${b.task} · ${b.metric}`;
}

export function sortBenchmarks<B extends { task: string; metric: string; filter: string }>(benchmarks: readonly B[]): B[] {
  return [...benchmarks].sort((a, b) => a.task.localeCompare(b.task) || a.metric.localeCompare(b.metric) || a.filter.localeCompare(b.filter));
}

/**
 * The benchmark to chart: the one in the URL when it exists, else the one with the most scored points (the richest
 * history), ties broken alphabetically. Null when the model has no results at all.
 */
export function pickBenchmark<B extends BenchmarkRef>(
  benchmarks: readonly B[],
  series: Record<string, ReadonlyArray<{ value: number | null }>>,
  requested: string | null,
): B | null {
  if (requested) {
    const match = benchmarks.find((b) => benchmarkKey(b) === requested);
    if (match) return match;
  }
  let best: B | null = null;
  let bestCount = -1;
  for (const b of sortBenchmarks(benchmarks)) {
    const count = (series[benchmarkKey(b)] ?? []).filter((p) => p.value !== null).length;
    if (count > bestCount) {
      best = b;
      bestCount = count;
    }
  }
  return best;
}

/** Benchmarks grouped by task, for an `<optgroup>` per task in the selector. */
export function groupBenchmarksByTask<B extends BenchmarkRef>(benchmarks: readonly B[]): Array<{ task: string; benchmarks: B[] }> {
  const groups = new Map<string, B[]>();
  for (const b of sortBenchmarks(benchmarks)) (groups.get(b.task) ?? groups.set(b.task, []).get(b.task)!).push(b);
  return [...groups.entries()].map(([task, list]) => ({ task, benchmarks: list }));
}

export function directionLabel(higherIsBetter: boolean | null): string {
  return higherIsBetter === null ? "direction unknown" : higherIsBetter ? "higher is better" : "lower is better";
}
