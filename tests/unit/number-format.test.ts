import { describe, expect, it } from "vitest";
import {
  formatCi,
  formatCiHalfWidth,
  formatCount,
  formatHalfWidth,
  formatP,
  formatPercent,
  formatSampleScore,
  formatScore,
  formatScoreDelta,
  formatStatistic,
  halfWidthDecimals,
  pPhrase,
  scoreDecimals,
} from "@/lib/number-format";
import { exportBoard } from "@/lib/compare-view/export";
import { categoryScoreText } from "@/lib/results-view/categories";
import { formatMetricValue } from "@/lib/results-view/format";

describe("the one score rule", () => {
  it("keeps about four significant digits whatever the scale, as lmms-eval's own table does for 0–1 metrics", () => {
    expect(scoreDecimals(0.5)).toBe(4);
    expect(scoreDecimals(-0.5)).toBe(4);
    expect(scoreDecimals(0)).toBe(4);
    expect(scoreDecimals(4.5)).toBe(3);
    expect(scoreDecimals(72.25)).toBe(2);
    expect(scoreDecimals(1713.3)).toBe(2);
    expect(scoreDecimals(123456.7)).toBe(0);
    expect(formatScore(0.8335492227979274)).toBe("0.8335");
    expect(formatScore(4.56789)).toBe("4.568");
    expect(formatScore(72.25)).toBe("72.25");
    expect(formatScore(1713.2958183273308)).toBe("1713.30");
    expect(formatScore(123456.7)).toBe("123457");
    expect(formatScore(0)).toBe("0.0000");
  });

  it("writes negatives with a true minus, never a negative zero, and a dash for no value", () => {
    expect(formatScore(-0.25)).toBe("\u22120.2500");
    expect(formatScore(-0.00001)).toBe("0.0000");
    expect(formatScore(null)).toBe("—");
    expect(formatScore(undefined)).toBe("—");
    expect(formatScore(Number.NaN)).toBe("—");
  });

  it("is the rule of the run page, the board, the comparisons and the model page alike", () => {
    // Run page metrics table.
    expect(formatMetricValue(0.65234)).toBe(formatScore(0.65234));
    // Category breakdown (non-percentage scores).
    expect(categoryScoreText(0.65234, false)).toBe("0.6523");
    // Board export (the board's cells use the same function).
    const board = {
      columns: [{ key: "k", task: "ai2d", metric: "acc", filter: "none", group: null, higherIsBetter: true }],
      rows: [{ key: "r", label: "m", cells: { k: { value: 0.65234, ci: null, delta: null, pAdjusted: null, significant: false, direction: null } } }],
      baseline: null,
      warnings: {},
    };
    expect(exportBoard(board as unknown as Parameters<typeof exportBoard>[0], "csv")).toContain("0.6523");
  });

  it("writes one sample's score whole when it is whole", () => {
    expect(formatSampleScore(1)).toBe("1");
    expect(formatSampleScore(0)).toBe("0");
    expect(formatSampleScore(0.333333)).toBe("0.3333");
    expect(formatSampleScore(null)).toBe("—");
  });
});

describe("differences and intervals take the decimals of their score", () => {
  it("signs deltas with a true minus", () => {
    expect(formatScoreDelta(0.0213, 0.65)).toBe("+0.0213");
    expect(formatScoreDelta(-0.0312)).toBe("\u22120.0312");
    expect(formatScoreDelta(-12.46, 1713.3)).toBe("\u221212.46");
    expect(formatScoreDelta(0.000001, 0.5)).toBe("±0.0000");
    expect(formatScoreDelta(null)).toBe("—");
  });

  it("gives a CI half-width enough digits not to round to zero", () => {
    expect(formatHalfWidth(0.8335, 0.01314)).toBe("±0.0131");
    expect(formatHalfWidth(72.25, 6.2)).toBe("±6.20");
    expect(formatHalfWidth(72.25, 0.0123)).toBe("±0.012");
    expect(halfWidthDecimals(0.5, 0)).toBe(4);
    expect(halfWidthDecimals(0.5, 1e-9)).toBe(6);
    expect(formatCiHalfWidth(0.5, [0.45, 0.55])).toBe("±0.0500");
    expect(formatCiHalfWidth(0.5, null)).toBeNull();
  });

  it("writes a CI's bounds like its score", () => {
    expect(formatCi([0.4, 0.6], 0.5)).toBe("[0.4000, 0.6000]");
    expect(formatCi([1700.5, 1720.25])).toBe("[1700.50, 1720.25]");
    expect(formatCi([-0.1, 0.2], 0.05)).toBe("[\u22120.1000, 0.2000]");
    expect(formatCi(null, 0.5)).toBeNull();
  });
});

describe("p-values and other figures", () => {
  it("never prints p = 0 and keeps two significant figures", () => {
    expect(formatP(0)).toBe("< 0.001");
    expect(formatP(0.0004)).toBe("< 0.001");
    expect(formatP(0.0042)).toBe("0.004");
    expect(formatP(0.049)).toBe("0.05");
    expect(formatP(0.5)).toBe("0.50");
    expect(formatP(Number.NaN)).toBe("—");
    expect(pPhrase("p", 0.0001)).toBe("p < 0.001");
    expect(pPhrase("p (Holm)", 0.2)).toBe("p (Holm) = 0.20");
  });

  it("formats counts, shares and statistics", () => {
    expect(formatCount(6331465)).toBe("6,331,465");
    expect(formatCount(null)).toBe("—");
    expect(formatPercent(0.8335)).toBe("83.4%");
    expect(formatStatistic(-0.5)).toBe("\u22120.500");
  });
});
