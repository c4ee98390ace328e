import { benchmarkKey, sortBenchmarks, type BenchmarkRef } from "./benchmarks";

/**
 * The "latest score per benchmark per version" table: one row per benchmark, one column per version that has a
 * result, the best version's cell marked — or, when the service found several leaders whose CIs overlap, each of
 * them marked as tied (the board's shared rank), none as best.
 */
export type LatestEntry = { versionId: number; label: string; runId: number; value: number | null; stderr: number | null };
export type LatestInput = Array<{ benchmark: BenchmarkRef; byVersion: LatestEntry[] }>;
export type Leader = { versionId: number; label: string; value: number; runId: number };
export type BestInput = Array<{ benchmark: BenchmarkRef; leaders: Leader[] }>;

export type LatestCell = LatestEntry & { isBest: boolean; isTied: boolean };
export type LatestMatrix = {
  columns: Array<{ versionId: number; label: string }>;
  rows: Array<{ key: string; benchmark: BenchmarkRef; cells: Array<LatestCell | null> }>;
};

/** `versionOrder` is the model's versions in display order; versions without any result get no column. */
export function latestMatrix(versionOrder: ReadonlyArray<{ id: number; label: string }>, latest: LatestInput, best: BestInput): LatestMatrix {
  const withResults = new Set(latest.flatMap((l) => l.byVersion.map((v) => v.versionId)));
  const columns = versionOrder.filter((v) => withResults.has(v.id)).map((v) => ({ versionId: v.id, label: v.label }));
  // A version missing from versionOrder (should not happen) still gets a column rather than losing its scores.
  for (const l of latest) for (const v of l.byVersion) if (!columns.some((c) => c.versionId === v.versionId)) columns.push({ versionId: v.versionId, label: v.label });
  const leadersOf = new Map(best.map((b) => [benchmarkKey(b.benchmark), b.leaders.map((l) => l.versionId)]));
  const byKey = new Map(latest.map((l) => [benchmarkKey(l.benchmark), l]));
  const rows = sortBenchmarks(latest.map((l) => l.benchmark)).map((benchmark) => {
    const key = benchmarkKey(benchmark);
    const entries = byKey.get(key)!.byVersion;
    return {
      key,
      benchmark,
      cells: columns.map((c) => {
        const entry = entries.find((e) => e.versionId === c.versionId);
        const leaders = leadersOf.get(key) ?? [];
        const leads = leaders.includes(c.versionId) && entry?.value !== null;
        return entry ? { ...entry, isBest: leads && leaders.length === 1, isTied: leads && leaders.length > 1 } : null;
      }),
    };
  });
  return { columns, rows };
}

/** How many benchmarks each version is best on alone (a tie is nobody's win). */
export function winsByVersion(best: BestInput): Array<{ versionId: number; label: string; wins: number }> {
  const wins = new Map<number, { versionId: number; label: string; wins: number }>();
  for (const { leaders } of best) {
    if (leaders.length !== 1) continue;
    const [b] = leaders;
    const entry = wins.get(b.versionId) ?? { versionId: b.versionId, label: b.label, wins: 0 };
    entry.wins += 1;
    wins.set(b.versionId, entry);
  }
  return [...wins.values()].sort((a, b) => b.wins - a.wins || a.label.localeCompare(b.label));
}
