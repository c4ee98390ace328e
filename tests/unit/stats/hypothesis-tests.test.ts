import { describe, expect, it } from "vitest";
import { ciFromStderr, unpairedFromStderr } from "@/lib/stats/from-stderr";
import { holm } from "@/lib/stats/holm";
import { mcnemar, mcnemarChiSquare, mcnemarExact } from "@/lib/stats/mcnemar";
import { averageRanks, kendallTauB, spearman } from "@/lib/stats/rank-correlation";
import { expectClose } from "./expect-close";

describe("McNemar (against statsmodels.stats.contingency_tables.mcnemar)", () => {
  it("continuity-corrected χ² on Agresti's approval table (b = 150, c = 86)", () => {
    const result = mcnemarChiSquare(150, 86);
    expect(result).toMatchObject({ test: "McNemar χ² (continuity-corrected)", n: 236 });
    expectClose(result.statistic, 16.81779661016949);
    expectClose(result.pValue, 4.114562281345944e-5, 1e-11);
  });

  it.each([
    [2, 8, 2, 0.109375],
    [10, 14, 10, 0.5412561893463135],
    [0, 5, 0, 0.0625],
    [7, 7, 7, 1],
  ])("exact test for b = %i, c = %i", (b, c, statistic, pValue) => {
    const result = mcnemarExact(b, c);
    expect(result).toMatchObject({ test: "McNemar exact (binomial)", n: b + c, statistic });
    expectClose(result.pValue, pValue, 1e-12);
  });

  it("chooses the exact test below 25 discordant pairs and χ² from 25 on", () => {
    expect(mcnemar(10, 14).test).toBe("McNemar exact (binomial)");
    const large = mcnemar(15, 10);
    expect(large.test).toBe("McNemar χ² (continuity-corrected)");
    expectClose(large.statistic, 0.64);
    expectClose(large.pValue, 0.4237107971667936, 1e-12);
    expect(mcnemar(15, 10, { exactBelow: 100 }).test).toBe("McNemar exact (binomial)");
    expectClose(mcnemar(1, 30).pValue, 4.931769268078334e-7, 1e-11);
  });

  it("gives p = 1 without discordant pairs and refuses impossible counts", () => {
    expect(mcnemar(0, 0)).toEqual({ test: "McNemar exact (binomial)", n: 0, statistic: 0, pValue: 1 });
    expect(mcnemarChiSquare(0, 0)).toMatchObject({ statistic: 0, pValue: 1 });
    expect(mcnemarChiSquare(20, 20)).toMatchObject({ statistic: 0, pValue: 1 });
    expect(() => mcnemar(-1, 3)).toThrow(RangeError);
    expect(() => mcnemar(1.5, 3)).toThrow(RangeError);
  });
});

describe("holm (against statsmodels multipletests(method='holm'))", () => {
  it("adjusts, keeps the input order and stays monotone", () => {
    expect(holm([0.01, 0.04, 0.03, 0.005])).toEqual([0.03, 0.06, 0.06, 0.02]);
    const adjusted = holm([0.2, 0.001, 0.04, 0.5, 0.04, 0.9, 0.012]);
    [0.6, 0.007, 0.2, 1, 0.2, 1, 0.072].forEach((expected, index) => expectClose(adjusted[index], expected, 1e-12));
  });

  it("caps at 1, accepts an empty list and refuses non-probabilities", () => {
    expect(holm([0.6, 0.7])).toEqual([1, 1]);
    expect(holm([])).toEqual([]);
    expect(() => holm([0.1, Number.NaN])).toThrow(RangeError);
    expect(() => holm([1.2])).toThrow(RangeError);
  });
});

describe("rank correlations with ties (against scipy.stats)", () => {
  const x = [1, 2, 2, 3, 4, 4, 4, 5, 6, 7, 7, 8];
  const y = [2, 1, 3, 3, 5, 4, 6, 6, 5, 8, 9, 9];
  const scores = [0.1, 0.4, 0.4, 0.9, 0.3, 0.3, 0.7, 0.2, 0.8, 0.5];
  const otherScores = [0.3, 0.2, 0.5, 0.1, 0.3, 0.6, 0.6, 0.9, 0.2, 0.4];
  const correctA = [1, 1, 1, 0, 0, 1, 0, 1, 1, 0, 1, 1];
  const correctB = [1, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0];

  it("averages the ranks of ties", () => {
    expect(averageRanks([10, 20, 20, 5, 20])).toEqual([2, 4, 4, 1, 4]);
  });

  it.each([
    ["integers", x, y, 0.9288315043783969, 1.2748720580980653e-5],
    ["scores", scores, otherScores, -0.46461758399376896, 0.1760918154715943],
    ["0/1 outcomes", correctA, correctB, 0.35355339059327373, 0.25957293190510367],
  ])("spearman on %s (spearmanr)", (_label, first, second, rho, pValue) => {
    const result = spearman(first, second);
    expect(result).toMatchObject({ test: "Spearman ρ (t approximation)", n: first.length });
    expectClose(result.statistic, rho, 1e-12);
    expectClose(result.pValue, pValue, 1e-9);
  });

  it.each([
    ["integers", x, y, 0.8292957006214825, 0.00034778672928745784],
    ["scores", scores, otherScores, -0.37649664426800933, 0.14434979874235282],
    ["0/1 outcomes", correctA, correctB, 0.35355339059327373, 0.24095466870157012],
  ])("kendallTauB on %s (kendalltau, method='asymptotic')", (_label, first, second, tau, pValue) => {
    const result = kendallTauB(first, second);
    expect(result).toMatchObject({ test: "Kendall τ-b (normal approximation)", n: first.length });
    expectClose(result.statistic, tau, 1e-12);
    expectClose(result.pValue, pValue, 1e-9);
  });

  it("returns NaN where the coefficient is undefined and refuses unpaired input", () => {
    expect(spearman([1, 1, 1], [1, 2, 3]).statistic).toBeNaN();
    expect(kendallTauB([1, 2, 3], [4, 4, 4]).pValue).toBeNaN();
    expect(spearman([1, 2], [2, 1])).toMatchObject({ statistic: -1, pValue: Number.NaN });
    expect(kendallTauB([1], [1]).statistic).toBeNaN();
    expect(spearman([1, 2, 3, 4], [2, 4, 6, 8]).pValue).toBe(0);
    expect(() => spearman([1, 2], [1])).toThrow(RangeError);
    expect(() => kendallTauB([1, Number.NaN], [1, 2])).toThrow(RangeError);
  });
});

describe("ciFromStderr and unpairedFromStderr", () => {
  it("builds value ± z·stderr", () => {
    const interval = ciFromStderr(0.5, 0.1);
    expectClose(interval.lower, 0.3040036015459946, 1e-12);
    expectClose(interval.upper, 0.6959963984540054, 1e-12);
    expect(interval.level).toBe(0.95);
    expectClose(ciFromStderr(0.5, 0.1, 0.9).lower, 0.33551463730485276, 1e-12);
    expect(ciFromStderr(2, 0)).toEqual({ lower: 2, upper: 2, level: 0.95, halfWidth: 0 });
    expect(() => ciFromStderr(0.5, -0.1)).toThrow(RangeError);
    expect(() => ciFromStderr(0.5, 0.1, 1)).toThrow(RangeError);
  });

  it("z-tests two independent estimates", () => {
    const result = unpairedFromStderr(0.8, 0.01, 0.75, 0.02, { nA: 1000, nB: 900 });
    expect(result).toMatchObject({ test: "Unpaired z-test from standard errors (normal approximation)", n: 1900 });
    expectClose(result.statistic, 2.2360679774997916, 1e-12);
    expectClose(result.pValue, 0.025347318677468127, 1e-12);
    expectClose(result.difference, 0.05, 1e-12);
    expect(unpairedFromStderr(0.75, 0.02, 0.8, 0.01).n).toBeNull();
    expect(() => unpairedFromStderr(0.8, 0, 0.75, 0)).toThrow(RangeError);
    expect(() => unpairedFromStderr(0.8, Number.NaN, 0.75, 0.1)).toThrow(RangeError);
  });
});
