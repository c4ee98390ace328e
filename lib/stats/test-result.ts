/**
 * Every p-value leaves this module with the name of the test that produced it and the sample size it rests on,
 * so a comparison screen can never show a bare number.
 */
export interface StatTestResult {
  /** Human-readable test name, including the approximation used (e.g. "Kendall τ-b (normal approximation)"). */
  test: string;
  /** Observations the test used (its doc comment says which: pairs, discordant pairs, …); null when unknown. */
  n: number | null;
  /** The test statistic (for correlations: the coefficient itself). NaN when undefined for the input. */
  statistic: number;
  /** Two-sided. NaN when undefined for the input. */
  pValue: number;
}

export function assertFiniteNumbers(values: ReadonlyArray<number>, label: string): void {
  const bad = values.findIndex((value) => !Number.isFinite(value));
  if (bad !== -1) throw new RangeError(`${label}[${bad}] is not a finite number (${values[bad]})`);
}

export function assertSameLength(x: ReadonlyArray<number>, y: ReadonlyArray<number>): void {
  if (x.length !== y.length) throw new RangeError(`paired samples must have the same length (${x.length} ≠ ${y.length})`);
}
