import { describe, expect, it } from "vitest";
import { noTestReason, shortTestName, testNLabel, testSentence } from "@/lib/compare-view/stat-text";
import { mcnemar, pairedBootstrap, unpairedFromStderr } from "@/lib/stats";

describe("test descriptions", () => {
  it("says what McNemar's n counts next to the shared samples", () => {
    const test = { ...mcnemar(3, 1), kind: "mcnemar" as const, sharedSamples: 12, note: null };
    expect(testNLabel(test)).toBe("12 shared samples, n = 4 discordant");
    expect(shortTestName(test)).toBe("McNemar exact");
    expect(testSentence(test, 0.9)).toBe("McNemar exact (binomial) · 12 shared samples, n = 4 discordant · p = 0.63 · p (Holm) = 0.90");
  });

  it("names the paired bootstrap and the stderr fallback with their n", () => {
    const boot = { ...pairedBootstrap([1, 2, 3, 4, 5], [1, 1, 2, 2, 3], { iterations: 200 }), kind: "paired_bootstrap" as const, sharedSamples: 5, note: null };
    expect(testNLabel(boot)).toBe("5 shared samples");
    expect(shortTestName(boot)).toBe("Paired bootstrap");
    const z = { ...unpairedFromStderr(0.6, 0.01, 0.5, 0.01, { nA: 500, nB: 400 }), kind: "unpaired_z" as const, sharedSamples: null, note: "no samples" };
    expect(testNLabel(z)).toBe("n = 900 (both runs)");
    expect(testSentence(z, null)).toMatch(/^Unpaired z-test from standard errors \(normal approximation\) · n = 900 \(both runs\) · p < 0\.001$/);
    expect(shortTestName(z)).toBe("z-test (stderrs)");
  });

  it("explains a missing test", () => {
    expect(noTestReason(null, { value: 1, stderr: 1 })).toBe("no value to compare");
    expect(noTestReason({ value: 1, stderr: null }, { value: 1, stderr: 0.1 })).toMatch(/no usable stderr/);
    expect(noTestReason({ value: 1700, stderr: 0.01 }, { value: 1600, stderr: 0.01 })).toMatch(/not on the value's scale/);
  });
});
