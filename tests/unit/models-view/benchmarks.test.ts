import { describe, expect, it } from "vitest";
import { benchmarkKey, benchmarkLabel, groupBenchmarksByTask, pickBenchmark } from "@/lib/models-view/benchmarks";

const a = { task: "ai2d", metric: "exact_match", filter: "flexible-extract", higherIsBetter: true };
const m1 = { task: "mme", metric: "mme_cognition_score", filter: "none", higherIsBetter: true };
const m2 = { task: "mme", metric: "mme_perception_score", filter: "none", higherIsBetter: true };

describe("benchmarks", () => {
  it("keys match the history service's series keys", () => {
    expect(benchmarkKey(a)).toBe("ai2d|exact_match|flexible-extract");
  });

  it("labels leave out the default filter", () => {
    expect(benchmarkLabel(m1)).toBe("mme · mme_cognition_score");
    expect(benchmarkLabel(a)).toBe("ai2d · exact_match (flexible-extract)");
  });

  it("picks the requested benchmark, else the one with the most scored points", () => {
    const series = {
      [benchmarkKey(a)]: [{ value: 1 }, { value: null }],
      [benchmarkKey(m1)]: [{ value: 1 }, { value: 2 }],
      [benchmarkKey(m2)]: [{ value: 1 }, { value: 2 }],
    };
    expect(pickBenchmark([a, m2, m1], series, benchmarkKey(a))).toBe(a);
    expect(pickBenchmark([a, m2, m1], series, "nope|x|y")).toBe(m1);
    expect(pickBenchmark([a, m2, m1], series, null)).toBe(m1);
    expect(pickBenchmark([], {}, null)).toBeNull();
  });

  it("groups by task for the selector", () => {
    expect(groupBenchmarksByTask([m2, a, m1]).map((g) => [g.task, g.benchmarks.map((b) => b.metric)])).toEqual([
      ["ai2d", ["exact_match"]],
      ["mme", ["mme_cognition_score", "mme_perception_score"]],
    ]);
  });
});
