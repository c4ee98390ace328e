/**
 * Ranks with ties, the one rule for "who is best" (the board's columns and a model's best version per benchmark):
 * walk the scores best-first; a score whose 95% CI overlaps the current group leader's CI — or equals its value —
 * joins that group and shares its rank. So two versions whose CIs overlap are tied, never "best" and "second".
 * Scores without a CI share a rank only when equal. Pure.
 */
export type Rankable = { value: number; ci: readonly [number, number] | null };

export function rankWithTies<T extends Rankable>(entries: readonly T[], higherIsBetter: boolean): Array<{ entry: T; rank: number }> {
  const sorted = [...entries].sort((a, b) => (higherIsBetter ? b.value - a.value : a.value - b.value));
  let rank = 0;
  let leader: T | null = null;
  return sorted.map((entry, index) => {
    const overlaps = leader?.ci && entry.ci && entry.ci[1] >= leader.ci[0] && entry.ci[0] <= leader.ci[1];
    if (!leader || !(overlaps || leader.value === entry.value)) {
      leader = entry;
      rank = index + 1;
    }
    return { entry, rank };
  });
}
