import { describe, expect, it } from "vitest";
import { addRun, benchmarksHref, parseBenchmarksView, parseRunsView, parseSamplesView, removeRun, runsHref, samplesHref, setReference } from "@/lib/compare-view/compare-url";

describe("runs view", () => {
  it("parses ids in order, dropping junk and duplicates; a reference must be one of them", () => {
    expect(parseRunsView({ runs: "3, 5,x,3,-1,0,9", reference: "5" })).toEqual({ runs: [3, 5, 9], reference: 5 });
    expect(parseRunsView({ runs: "3,5", reference: "7" })).toEqual({ runs: [3, 5], reference: null });
    expect(parseRunsView({})).toEqual({ runs: [], reference: null });
    expect(parseRunsView({ runs: Array.from({ length: 30 }, (_, i) => i + 1).join(",") }).runs).toHaveLength(20);
  });

  it("adds, removes and changes the reference", () => {
    const view = { runs: [3, 5], reference: 3 };
    expect(runsHref(addRun(view, 9))).toBe("/compare/runs?runs=3,5,9&reference=3");
    expect(addRun(view, 5)).toBe(view);
    expect(removeRun(view, 3)).toEqual({ runs: [5], reference: 5 });
    expect(removeRun(view, 5)).toEqual({ runs: [3], reference: 3 });
    expect(setReference(view, 5).reference).toBe(5);
    expect(setReference(view, 42)).toBe(view);
    expect(runsHref({ runs: [], reference: null })).toBe("/compare/runs");
  });
});

describe("samples view", () => {
  it("round-trips and rejects unknown buckets", () => {
    const view = parseSamplesView({ base: "3", other: "5", task: "ai2d lite", bucket: "fixed", cursor: "40", doc: "7" });
    expect(view).toEqual({ base: 3, other: 5, task: "ai2d lite", bucket: "fixed", cursor: 40, doc: 7 });
    expect(samplesHref(view)).toBe("/compare/samples?base=3&other=5&task=ai2d%20lite&bucket=fixed&cursor=40&doc=7");
    expect(parseSamplesView({ bucket: "everything", cursor: "-9", base: "abc" })).toMatchObject({ bucket: null, cursor: null, base: null });
  });
});

describe("benchmarks view", () => {
  it("accepts only task|metric|filter keys", () => {
    expect(parseBenchmarksView({ a: "mme|score|none", b: "oops", rows: "model" })).toEqual({ a: "mme|score|none", b: "", rows: "model" });
    expect(benchmarksHref({ a: "a b|m|f", b: "c|m|f", rows: "version" })).toBe("/compare/benchmarks?a=a%20b|m|f&b=c|m|f");
  });
});
