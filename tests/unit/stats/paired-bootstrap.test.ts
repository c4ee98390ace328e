import { describe, expect, it } from "vitest";
import { pairedBootstrap } from "@/lib/stats/paired-bootstrap";
import { mulberry32 } from "@/lib/stats/random";

function sequence(seed: number, count: number): number[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => random());
}

/** Two runs scored 0/1 on the same 400 documents: A is right on 70%, B agrees with A except on a few items. */
function pairedOutcomes(): { a: number[]; b: number[] } {
  const random = mulberry32(7);
  const a: number[] = [];
  const b: number[] = [];
  for (let index = 0; index < 400; index += 1) {
    const first = random() < 0.7 ? 1 : 0;
    a.push(first);
    b.push(random() < 0.12 ? 1 - first : first);
  }
  return { a, b };
}

describe("mulberry32", () => {
  it("is reproducible per seed and uniform on [0, 1)", () => {
    expect(sequence(42, 5)).toEqual(sequence(42, 5));
    expect(sequence(42, 5)).not.toEqual(sequence(43, 5));
    const draws = sequence(1, 100_000);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    expect(Math.abs(draws.reduce((sum, draw) => sum + draw, 0) / draws.length - 0.5)).toBeLessThan(0.005);
  });
});

describe("pairedBootstrap", () => {
  it("is reproducible with a seed and reports its test, n and settings", () => {
    const { a, b } = pairedOutcomes();
    const first = pairedBootstrap(a, b, { seed: 123, iterations: 2000 });
    expect(pairedBootstrap(a, b, { seed: 123, iterations: 2000 })).toEqual(first);
    const [scoresA, scoresB] = [sequence(5, 100), sequence(6, 100)];
    expect(pairedBootstrap(scoresA, scoresB, { seed: 124 }).ciLower).not.toBe(pairedBootstrap(scoresA, scoresB, { seed: 123 }).ciLower);
    expect(first).toMatchObject({ test: "Paired bootstrap (mean difference)", n: 400, iterations: 2000, seed: 123, level: 0.95 });
    expect(first.statistic).toBe(first.meanDifference);
  });

  it("centres the CI on the mean difference with about the CLT width", () => {
    const { a, b } = pairedOutcomes();
    const result = pairedBootstrap(a, b, { seed: 1 });
    const differences = a.map((value, index) => value - b[index]);
    const mean = differences.reduce((sum, value) => sum + value, 0) / differences.length;
    const variance = differences.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (differences.length - 1);
    const cltHalfWidth = 1.959964 * Math.sqrt(variance / differences.length);
    expect(result.meanDifference).toBeCloseTo(mean, 12);
    expect(result.ciLower).toBeLessThan(mean);
    expect(result.ciUpper).toBeGreaterThan(mean);
    expect((result.ciUpper - result.ciLower) / 2 / cltHalfWidth).toBeGreaterThan(0.9);
    expect((result.ciUpper - result.ciLower) / 2 / cltHalfWidth).toBeLessThan(1.1);
  });

  it("finds no difference between identical runs and a clear one between opposite runs", () => {
    const scores = sequence(5, 50);
    expect(pairedBootstrap(scores, scores, { iterations: 500 })).toMatchObject({ meanDifference: 0, ciLower: 0, ciUpper: 0, pValue: 1 });
    const allRight = Array.from({ length: 30 }, () => 1);
    const mostlyWrong = allRight.map((_, index) => (index < 3 ? 1 : 0));
    const clear = pairedBootstrap(allRight, mostlyWrong, { iterations: 999 });
    expect(clear.meanDifference).toBeCloseTo(0.9, 12);
    expect(clear.pValue).toBe(1 / 1000);
  });

  it("agrees with the paired t-test on a moderate effect", () => {
    // 200 documents, B flips every 9th answer of A; scipy.stats.ttest_rel gives t = 1.4638, p = 0.14484.
    const a = Array.from({ length: 200 }, (_, index) => (index % 10 < 7 ? 1 : 0));
    const b = a.map((value, index) => (index % 9 === 0 ? 1 - value : value));
    const result = pairedBootstrap(a, b, { seed: 99 });
    expect(result.meanDifference).toBeCloseTo(0.035, 12);
    expect(result.pValue).toBeGreaterThan(0.1);
    expect(result.pValue).toBeLessThan(0.2);
    expect(result.ciLower).toBeLessThan(0);
    expect(result.ciUpper).toBeGreaterThan(0);
  });

  it("refuses empty, unequal or non-finite input and bad settings", () => {
    expect(() => pairedBootstrap([], [])).toThrow(RangeError);
    expect(() => pairedBootstrap([1, 0], [1])).toThrow(RangeError);
    expect(() => pairedBootstrap([1, Number.NaN], [1, 0])).toThrow(RangeError);
    expect(() => pairedBootstrap([1], [0], { iterations: 0 })).toThrow(RangeError);
    expect(() => pairedBootstrap([1], [0], { level: 1.5 })).toThrow(RangeError);
  });
});
