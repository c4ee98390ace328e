import { describe, expect, it } from "vitest";
import { categoryChartData, overallMean, sortCategoryStats, toCategoryStats, wilsonInterval } from "@/lib/results-view/categories";

describe("wilsonInterval", () => {
  it("matches textbook values", () => {
    // Newcombe (1998), 81/263: 0.2553–0.3662.
    const a = wilsonInterval(81, 263)!;
    expect(a.lower).toBeCloseTo(0.2553, 4);
    expect(a.upper).toBeCloseTo(0.3662, 4);
    // 0/10 → [0, 0.2775]; 10/10 → [0.7225, 1].
    expect(wilsonInterval(0, 10)!.lower).toBe(0);
    expect(wilsonInterval(0, 10)!.upper).toBeCloseTo(0.2775, 4);
    expect(wilsonInterval(10, 10)!.lower).toBeCloseTo(0.7225, 4);
    expect(wilsonInterval(10, 10)!.upper).toBe(1);
  });

  it("is undefined without samples or with impossible counts", () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(wilsonInterval(5, 3)).toBeNull();
  });
});

const rows = [
  { category: "OCR", n: 40, meanScore: 0.9, correct: 36 },
  { category: "code_reasoning", n: 40, meanScore: 0.55, correct: 22 },
  { category: "artwork", n: 400, meanScore: 0.9, correct: 360 },
  { category: "judge", n: 10, meanScore: 3.4, correct: 0 },
  { category: "empty", n: 5, meanScore: null, correct: 0 },
  { category: "category10", n: 7, meanScore: 0.2, correct: 1 },
  { category: "category9", n: 7, meanScore: 0.1, correct: 0 },
];

describe("category stats", () => {
  it("adds a Wilson CI only where scores are right/wrong", () => {
    const stats = toCategoryStats(rows);
    const ocr = stats.find((s) => s.category === "OCR")!;
    expect(ocr.binary).toBe(true);
    expect(ocr.ciLower).toBeCloseTo(wilsonInterval(36, 40)!.lower, 12);
    const judge = stats.find((s) => s.category === "judge")!;
    expect(judge).toMatchObject({ binary: false, ciLower: null, ciUpper: null });
    // mean 0.2 but 1/7 correct: not binary scores.
    expect(stats.find((s) => s.category === "category10")!.binary).toBe(false);
  });

  it("sorts by score (ties by name, missing last), by n, or naturally by name", () => {
    const stats = toCategoryStats(rows);
    expect(sortCategoryStats(stats, "meanScore", "desc").map((s) => s.category)).toEqual(["judge", "artwork", "OCR", "code_reasoning", "category10", "category9", "empty"]);
    expect(sortCategoryStats(stats, "meanScore", "asc").map((s) => s.category)).toEqual(["category9", "category10", "code_reasoning", "artwork", "OCR", "judge", "empty"]);
    expect(sortCategoryStats(stats, "n", "desc")[0].category).toBe("artwork");
    expect(sortCategoryStats(stats, "category", "asc").map((s) => s.category)).toEqual(["artwork", "category9", "category10", "code_reasoning", "empty", "judge", "OCR"]);
    // The input is not mutated.
    expect(stats[0].category).toBe("OCR");
  });

  it("weights the overall mean by category size", () => {
    const stats = toCategoryStats([
      { category: "a", n: 1, meanScore: 1, correct: 1 },
      { category: "b", n: 3, meanScore: 0, correct: 0 },
      { category: "c", n: 2, meanScore: null, correct: 0 },
    ]);
    expect(overallMean(stats)).toBe(0.25);
    expect(overallMean([])).toBeNull();
  });

  it("shapes chart bars highest first, with whiskers as distances and a cap", () => {
    const { data, omitted } = categoryChartData(toCategoryStats(rows), 3);
    expect(data.map((d) => d.category)).toEqual(["judge", "artwork", "OCR"]);
    expect(omitted).toBe(3);
    expect(data[0].error).toBeNull();
    const w = wilsonInterval(360, 400)!;
    expect(data[1].error![0]).toBeCloseTo(0.9 - w.lower, 12);
    expect(data[1].error![1]).toBeCloseTo(w.upper - 0.9, 12);
  });
});
