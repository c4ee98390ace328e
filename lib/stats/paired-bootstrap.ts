import { mulberry32 } from "./random";
import { assertFiniteNumbers, assertSameLength, type StatTestResult } from "./test-result";

export interface PairedBootstrapOptions {
  iterations?: number;
  /** Same seed, same data → same CI and p-value. */
  seed?: number;
  /** Confidence level of the interval; default 0.95. */
  level?: number;
}

export interface PairedBootstrapResult extends StatTestResult {
  /** mean(a) − mean(b); also the `statistic`. */
  meanDifference: number;
  ciLower: number;
  ciUpper: number;
  level: number;
  iterations: number;
  seed: number;
}

export const DEFAULT_BOOTSTRAP_SEED = 20240607;

/**
 * Paired bootstrap of the mean difference between two runs scored on the same items (a[i] and b[i] are the same
 * document). `n` is the number of pairs. The CI is the percentile interval of the resampled mean differences; the
 * two-sided p-value recentres that distribution on 0 (the null) and counts resamples at least as far from the
 * centre as the observed difference, with the +1 correction so p is never exactly 0.
 */
export function pairedBootstrap(a: ReadonlyArray<number>, b: ReadonlyArray<number>, options: PairedBootstrapOptions = {}): PairedBootstrapResult {
  const { iterations = 10_000, seed = DEFAULT_BOOTSTRAP_SEED, level = 0.95 } = options;
  assertSameLength(a, b);
  assertFiniteNumbers(a, "a");
  assertFiniteNumbers(b, "b");
  if (a.length === 0) throw new RangeError("pairedBootstrap needs at least one pair");
  if (!Number.isInteger(iterations) || iterations < 1) throw new RangeError(`iterations must be a positive integer, got ${iterations}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);

  const pairCount = a.length;
  const differences = Float64Array.from(a, (value, index) => value - b[index]);
  const meanDifference = differences.reduce((sum, value) => sum + value, 0) / pairCount;
  const random = mulberry32(seed);
  const resampledMeans = new Float64Array(iterations);
  for (let iteration = 0; iteration < iterations; iteration += 1) {
    let sum = 0;
    for (let draw = 0; draw < pairCount; draw += 1) sum += differences[Math.floor(random() * pairCount)];
    resampledMeans[iteration] = sum / pairCount;
  }

  // Sums of the same values in another order can differ in the last bits; without a tolerance, resamples that
  // equal the observed distance (common with 0/1 scores) would be counted or not by rounding luck.
  const observedDistance = Math.abs(meanDifference) - 1e-12 * Math.max(1, Math.abs(meanDifference));
  let atLeastAsExtreme = 0;
  for (const resampledMean of resampledMeans) if (Math.abs(resampledMean - meanDifference) >= observedDistance) atLeastAsExtreme += 1;

  resampledMeans.sort();
  const tail = (1 - level) / 2;
  return {
    test: "Paired bootstrap (mean difference)",
    n: pairCount,
    statistic: meanDifference,
    pValue: (atLeastAsExtreme + 1) / (iterations + 1),
    meanDifference,
    ciLower: sortedQuantile(resampledMeans, tail),
    ciUpper: sortedQuantile(resampledMeans, 1 - tail),
    level,
    iterations,
    seed,
  };
}

/** Linear interpolation between order statistics (numpy's default, "type 7"). */
function sortedQuantile(sorted: Float64Array, probability: number): number {
  const position = (sorted.length - 1) * probability;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}
