/**
 * Holm–Bonferroni adjusted p-values, in the order given. Comparing two runs across many tasks/metrics tests many
 * hypotheses at once; Holm controls the family-wise error rate like Bonferroni while rejecting more. The i-th
 * smallest p (1-based) is multiplied by (m − i + 1), made non-decreasing in that order, and capped at 1.
 */
export function holm(pValues: ReadonlyArray<number>): number[] {
  const count = pValues.length;
  // Plain loops, no per-value callbacks: the board adjusts 100k p-values each time new results arrive.
  for (let i = 0; i < count; i++) if (!(pValues[i] >= 0 && pValues[i] <= 1)) throw new RangeError(`pValues[${i}] is not a probability (${pValues[i]})`);
  // Sorted as a typed array (no per-value objects: the board adjusts 100k p-values at once). Tied p-values get the
  // adjusted value of the first of them, which is what the step-down gives every tie.
  const ascending = Float64Array.from(pValues).sort();
  const adjustedAscending = new Float64Array(count);
  let runningMaximum = 0;
  for (let rank = 0; rank < count; rank++) {
    runningMaximum = Math.max(runningMaximum, Math.min(1, (count - rank) * ascending[rank]));
    adjustedAscending[rank] = runningMaximum;
  }
  const adjusted = new Array<number>(count);
  for (let i = 0; i < count; i++) adjusted[i] = adjustedAscending[firstIndexOf(ascending, pValues[i])];
  return adjusted;
}

/** The first position of `value` in an ascending array (binary search). */
function firstIndexOf(ascending: Float64Array, value: number): number {
  let low = 0;
  let high = ascending.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (ascending[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
