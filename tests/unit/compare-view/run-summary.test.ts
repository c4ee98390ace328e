import { describe, expect, it } from "vitest";
import { summarizeSides, testedCount } from "@/lib/compare-view/run-summary";
import { mcnemar } from "@/lib/stats";
import { cmpCell, cmpRow } from "./fixtures";

const test = { ...mcnemar(10, 1), kind: "mcnemar" as const, sharedSamples: 100, note: null };

describe("summarizeSides", () => {
  it("counts verdicts per compared run, skipping the reference and group aggregates", () => {
    const rows = [
      cmpRow("a", [cmpCell(0.5), cmpCell(0.6, { delta: 0.1, test, pAdjusted: 0.01, significant: true, direction: "better" }), cmpCell(0.4, { delta: -0.1, test, pAdjusted: 0.02, significant: true, direction: "worse" })]),
      cmpRow("b", [cmpCell(0.5), cmpCell(0.51, { delta: 0.01, test, pAdjusted: 0.8 }), cmpCell(0.5, { delta: 0, test: null })]),
      cmpRow("c", [cmpCell(0.5), cmpCell(0.9, { delta: 0.4, test, pAdjusted: 0.001, significant: true, direction: null }), null]),
      cmpRow("g", [cmpCell(0.5), cmpCell(0.9, { delta: 0.4, test, pAdjusted: 0.001, significant: true, direction: "better" }), null], { isGroup: true }),
      cmpRow("noref", [null, cmpCell(0.9), cmpCell(0.8)]),
    ];
    expect(summarizeSides(rows, 3, 0)).toEqual([
      null,
      { better: 1, worse: 0, different: 1, notSignificant: 1, untested: 0 },
      { better: 0, worse: 1, different: 0, notSignificant: 0, untested: 1 },
    ]);
    expect(testedCount(rows)).toBe(5);
  });
});
