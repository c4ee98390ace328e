import { normalTwoSidedPValue, studentTTwoSidedPValue } from "./distributions";
import { assertFiniteNumbers, assertSameLength, type StatTestResult } from "./test-result";

/**
 * Spearman's ρ (Pearson correlation of average ranks, so ties are handled) with the two-sided p-value from the
 * t approximation t = ρ·√((n − 2)/(1 − ρ²)), n − 2 degrees of freedom — the same as scipy.stats.spearmanr.
 * `statistic` is ρ; NaN (and p NaN) when an input is constant. p is NaN for n < 3.
 */
export function spearman(x: ReadonlyArray<number>, y: ReadonlyArray<number>): StatTestResult {
  assertPairedFinite(x, y);
  const count = x.length;
  const rho = clampCorrelation(pearson(averageRanks(x), averageRanks(y)));
  const test = "Spearman ρ (t approximation)";
  if (count < 3 || Number.isNaN(rho)) return { test, n: count, statistic: rho, pValue: Number.NaN };
  const pValue = Math.abs(rho) === 1 ? 0 : studentTTwoSidedPValue(rho * Math.sqrt((count - 2) / (1 - rho * rho)), count - 2);
  return { test, n: count, statistic: rho, pValue };
}

/**
 * Kendall's τ-b (tie-corrected) with the two-sided p-value from the normal approximation, using the tie-corrected
 * variance of the concordant−discordant count (scipy.stats.kendalltau with method="asymptotic"). `statistic` is τ-b;
 * NaN when an input is constant or n < 2. Counts pairs directly (O(n²)): fine for the thousands of items a task has.
 */
export function kendallTauB(x: ReadonlyArray<number>, y: ReadonlyArray<number>): StatTestResult {
  assertPairedFinite(x, y);
  const count = x.length;
  const test = "Kendall τ-b (normal approximation)";
  if (count < 2) return { test, n: count, statistic: Number.NaN, pValue: Number.NaN };

  let concordantMinusDiscordant = 0;
  for (let i = 0; i < count; i += 1) {
    for (let j = i + 1; j < count; j += 1) concordantMinusDiscordant += Math.sign(x[i] - x[j]) * Math.sign(y[i] - y[j]);
  }
  const xTies = tieSums(x);
  const yTies = tieSums(y);
  const totalPairs = (count * (count - 1)) / 2;
  const denominator = Math.sqrt(totalPairs - xTies.pairs) * Math.sqrt(totalPairs - yTies.pairs);
  if (denominator === 0) return { test, n: count, statistic: Number.NaN, pValue: Number.NaN };
  const tau = clampCorrelation(concordantMinusDiscordant / denominator);

  const orderedPairs = count * (count - 1);
  const variance =
    (orderedPairs * (2 * count + 5) - xTies.varianceTerm - yTies.varianceTerm) / 18 +
    (2 * xTies.pairs * yTies.pairs) / orderedPairs +
    (count > 2 ? (xTies.cubicTerm * yTies.cubicTerm) / (9 * orderedPairs * (count - 2)) : 0);
  return { test, n: count, statistic: tau, pValue: normalTwoSidedPValue(concordantMinusDiscordant / Math.sqrt(variance)) };
}

/** 1-based ranks; tied values share the average of the ranks they span. */
export function averageRanks(values: ReadonlyArray<number>): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((left, right) => left.value - right.value);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1].value === order[start].value) end += 1;
    const averageRank = (start + end) / 2 + 1;
    for (let position = start; position <= end; position += 1) ranks[order[position].index] = averageRank;
    start = end + 1;
  }
  return ranks;
}

function pearson(x: ReadonlyArray<number>, y: ReadonlyArray<number>): number {
  const count = x.length;
  if (count === 0) return Number.NaN;
  const meanX = x.reduce((sum, value) => sum + value, 0) / count;
  const meanY = y.reduce((sum, value) => sum + value, 0) / count;
  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;
  for (let index = 0; index < count; index += 1) {
    const dx = x[index] - meanX;
    const dy = y[index] - meanY;
    covariance += dx * dy;
    varianceX += dx * dx;
    varianceY += dy * dy;
  }
  return varianceX === 0 || varianceY === 0 ? Number.NaN : covariance / Math.sqrt(varianceX * varianceY);
}

/** Per tie group of size t: Σ t(t−1)/2, Σ t(t−1)(t−2), Σ t(t−1)(2t+5) — the terms of τ-b and its variance. */
function tieSums(values: ReadonlyArray<number>): { pairs: number; cubicTerm: number; varianceTerm: number } {
  const groupSizes = new Map<number, number>();
  for (const value of values) groupSizes.set(value, (groupSizes.get(value) ?? 0) + 1);
  let pairs = 0;
  let cubicTerm = 0;
  let varianceTerm = 0;
  for (const size of groupSizes.values()) {
    pairs += (size * (size - 1)) / 2;
    cubicTerm += size * (size - 1) * (size - 2);
    varianceTerm += size * (size - 1) * (2 * size + 5);
  }
  return { pairs, cubicTerm, varianceTerm };
}

/** Rounding can push |r| a hair past 1, which would make √(1 − r²) NaN. */
function clampCorrelation(correlation: number): number {
  return Number.isNaN(correlation) ? correlation : Math.max(-1, Math.min(1, correlation));
}

function assertPairedFinite(x: ReadonlyArray<number>, y: ReadonlyArray<number>): void {
  assertSameLength(x, y);
  assertFiniteNumbers(x, "x");
  assertFiniteNumbers(y, "y");
}
