import { binomialCdf, chiSquare1Survival } from "./distributions";
import type { StatTestResult } from "./test-result";

/** Below this many discordant pairs the χ² approximation is poor and the exact binomial test is used. */
export const MCNEMAR_EXACT_BELOW = 25;

/**
 * McNemar's test for two classifiers scored on the same items. `onlyFirstCorrect` (b) and `onlySecondCorrect` (c)
 * are the discordant counts; concordant pairs carry no information, so `n` is b + c. Uses the exact test when
 * b + c < `exactBelow`, otherwise the continuity-corrected χ².
 */
export function mcnemar(onlyFirstCorrect: number, onlySecondCorrect: number, options: { exactBelow?: number } = {}): StatTestResult {
  const exactBelow = options.exactBelow ?? MCNEMAR_EXACT_BELOW;
  return onlyFirstCorrect + onlySecondCorrect < exactBelow
    ? mcnemarExact(onlyFirstCorrect, onlySecondCorrect)
    : mcnemarChiSquare(onlyFirstCorrect, onlySecondCorrect);
}

/** Exact McNemar: two-sided binomial test of min(b, c) against Binomial(b + c, ½). Statistic = min(b, c). */
export function mcnemarExact(onlyFirstCorrect: number, onlySecondCorrect: number): StatTestResult {
  assertCounts(onlyFirstCorrect, onlySecondCorrect);
  const discordant = onlyFirstCorrect + onlySecondCorrect;
  const smaller = Math.min(onlyFirstCorrect, onlySecondCorrect);
  const pValue = discordant === 0 ? 1 : Math.min(1, 2 * binomialCdf(smaller, discordant, 0.5));
  return { test: "McNemar exact (binomial)", n: discordant, statistic: smaller, pValue };
}

/**
 * McNemar χ² with Edwards' continuity correction, (|b − c| − 1)² / (b + c), 1 degree of freedom. The correction is
 * floored at 0 so b = c gives χ² = 0 (p = 1) rather than a positive statistic.
 */
export function mcnemarChiSquare(onlyFirstCorrect: number, onlySecondCorrect: number): StatTestResult {
  assertCounts(onlyFirstCorrect, onlySecondCorrect);
  const discordant = onlyFirstCorrect + onlySecondCorrect;
  const statistic = discordant === 0 ? 0 : Math.max(0, Math.abs(onlyFirstCorrect - onlySecondCorrect) - 1) ** 2 / discordant;
  return { test: "McNemar χ² (continuity-corrected)", n: discordant, statistic, pValue: chiSquare1Survival(statistic) };
}

function assertCounts(...counts: number[]): void {
  for (const count of counts) {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`McNemar counts must be non-negative integers, got ${count}`);
  }
}
