/**
 * Holm–Bonferroni adjusted p-values, in the order given. Comparing two runs across many tasks/metrics tests many
 * hypotheses at once; Holm controls the family-wise error rate like Bonferroni while rejecting more. The i-th
 * smallest p (1-based) is multiplied by (m − i + 1), made non-decreasing in that order, and capped at 1.
 */
export function holm(pValues: ReadonlyArray<number>): number[] {
  const invalid = pValues.findIndex((pValue) => !(pValue >= 0 && pValue <= 1));
  if (invalid !== -1) throw new RangeError(`pValues[${invalid}] is not a probability (${pValues[invalid]})`);
  const count = pValues.length;
  // Sorted as a typed array (no per-value objects: the board adjusts 100k p-values at once). Tied p-values get the
  // adjusted value of the first of them, which is what the step-down gives every tie.
  const ascending = Float64Array.from(pValues).sort();
  const adjustedAscending = new Float64Array(count);
  let runningMaximum = 0;
  for (let rank = 0; rank < count; rank++) {
    runningMaximum = Math.max(runningMaximum, Math.min(1, (count - rank) * ascending[rank]));
    adjustedAscending[rank] = runningMaximum;
  }
  return pValues.map((pValue) => adjustedAscending[firstIndexOf(ascending, pValue)]);
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
