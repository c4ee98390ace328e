import { normalQuantile, normalTwoSidedPValue } from "./distributions";
import type { StatTestResult } from "./test-result";

export interface ConfidenceInterval {
  lower: number;
  upper: number;
  level: number;
  /** z × stderr. */
  halfWidth: number;
}

/**
 * Normal-approximation interval value ± z·stderr. lmms-eval already reports the stderr of each metric (bootstrap,
 * CLT or clustered, docs/LMMS-EVAL-BEHAVIOUR.md §statistics), so this is how a dashboard turns it into error bars (±1.96·stderr at 95%).
 */
/** normalQuantile is iterative; boards compute thousands of CIs at the same level, so each level's z is kept. */
const zByLevel = new Map<number, number>();
function zFor(level: number): number {
  let z = zByLevel.get(level);
  if (z === undefined) {
    z = normalQuantile((1 + level) / 2);
    zByLevel.set(level, z);
  }
  return z;
}

export function ciFromStderr(value: number, stderr: number, level = 0.95): ConfidenceInterval {
  if (!Number.isFinite(value)) throw new RangeError(`value must be finite, got ${value}`);
  assertStderr(stderr, "stderr");
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  const halfWidth = zFor(level) * stderr;
  return { lower: value - halfWidth, upper: value + halfWidth, level, halfWidth };
}

export interface UnpairedZTestResult extends StatTestResult {
  /** meanA − meanB. */
  difference: number;
  /** √(seA² + seB²). */
  standardError: number;
}

/**
 * Compares two independent estimates from their standard errors alone (what a results file gives when the samples
 * are not paired or not logged): z = (meanA − meanB) / √(seA² + seB²), two-sided normal p-value. `n` is nA + nB
 * when both are given, else null.
 */
export function unpairedFromStderr(
  meanA: number,
  seA: number,
  meanB: number,
  seB: number,
  sizes: { nA?: number; nB?: number } = {},
): UnpairedZTestResult {
  if (!Number.isFinite(meanA) || !Number.isFinite(meanB)) throw new RangeError(`means must be finite, got ${meanA} and ${meanB}`);
  assertStderr(seA, "seA");
  assertStderr(seB, "seB");
  const standardError = Math.hypot(seA, seB);
  if (standardError === 0) throw new RangeError("both standard errors are 0: the z-test is undefined");
  const difference = meanA - meanB;
  const statistic = difference / standardError;
  return {
    test: "Unpaired z-test from standard errors (normal approximation)",
    n: sizes.nA !== undefined && sizes.nB !== undefined ? sizes.nA + sizes.nB : null,
    statistic,
    pValue: normalTwoSidedPValue(statistic),
    difference,
    standardError,
  };
}

function assertStderr(stderr: number, label: string): void {
  if (!(Number.isFinite(stderr) && stderr >= 0)) throw new RangeError(`${label} must be a finite number ≥ 0, got ${stderr}`);
}
