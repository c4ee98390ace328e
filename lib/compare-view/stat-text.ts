import type { MetricTest } from "@/lib/services/compare/metric-test";
import { formatCount, pPhrase } from "@/lib/number-format";

/**
 * The words that go with every p-value on screen (never a bare number): the test, what its n counts, p and the
 * Holm-adjusted p. McNemar's n is the discordant pairs, not the shared samples, so both are said.
 */
export function testNLabel(test: Pick<MetricTest, "kind" | "n" | "sharedSamples">): string {
  const shared = test.sharedSamples !== null ? `${formatCount(test.sharedSamples)} shared samples` : null;
  if (test.kind === "mcnemar") return [shared, `n = ${formatCount(test.n)} discordant`].filter(Boolean).join(", ");
  if (test.kind === "paired_bootstrap") return shared ?? `n = ${formatCount(test.n)} pairs`;
  return test.n !== null ? `n = ${formatCount(test.n)} (both runs)` : "n unknown";
}

export function testSentence(test: MetricTest, pAdjusted: number | null): string {
  const parts = [test.test, testNLabel(test), pPhrase("p", test.pValue)];
  if (pAdjusted !== null) parts.push(pPhrase("p (Holm)", pAdjusted));
  return parts.join(" · ");
}

/** Why a non-reference cell carries no test, in words. */
export function noTestReason(cell: { value: number | null; stderr: number | null } | null, reference: { value: number | null; stderr: number | null } | null): string {
  if (!cell || !reference) return "no value to compare";
  if (cell.value === null || reference.value === null) return "not a number in one of the runs";
  if (cell.stderr === null || reference.stderr === null) return "no per-sample scores and no usable stderr: not tested";
  return "no honest test for this metric (stderr not on the value's scale)";
}

/** Short name for a narrow cell: "McNemar exact", "Paired bootstrap", "z-test (stderrs)". */
export function shortTestName(test: Pick<MetricTest, "kind" | "test">): string {
  if (test.kind === "mcnemar") return test.test.startsWith("McNemar exact") ? "McNemar exact" : "McNemar χ²";
  if (test.kind === "paired_bootstrap") return "Paired bootstrap";
  return "z-test (stderrs)";
}
