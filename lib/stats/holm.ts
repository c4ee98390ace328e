/**
 * Holm–Bonferroni adjusted p-values, in the order given. Comparing two runs across many tasks/metrics tests many
 * hypotheses at once; Holm controls the family-wise error rate like Bonferroni while rejecting more. The i-th
 * smallest p (1-based) is multiplied by (m − i + 1), made non-decreasing in that order, and capped at 1.
 */
export function holm(pValues: ReadonlyArray<number>): number[] {
  const invalid = pValues.findIndex((pValue) => !(pValue >= 0 && pValue <= 1));
  if (invalid !== -1) throw new RangeError(`pValues[${invalid}] is not a probability (${pValues[invalid]})`);
  const count = pValues.length;
  const ascending = pValues.map((pValue, index) => ({ pValue, index })).sort((left, right) => left.pValue - right.pValue);
  const adjusted = new Array<number>(count);
  let runningMaximum = 0;
  ascending.forEach(({ pValue, index }, rank) => {
    runningMaximum = Math.max(runningMaximum, Math.min(1, (count - rank) * pValue));
    adjusted[index] = runningMaximum;
  });
  return adjusted;
}
