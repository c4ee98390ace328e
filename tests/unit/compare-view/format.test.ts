import { describe, expect, it } from "vitest";
import { benchmarkLabel, metricLabel, runLabel } from "@/lib/compare-view/format";

describe("labels", () => {
  it("leaves lmms-eval's default 'none' filter out", () => {
    expect(benchmarkLabel({ task: "ai2d", metric: "exact_match", filter: "flexible-extract" })).toBe("ai2d · exact_match · flexible-extract");
    expect(benchmarkLabel({ task: "mme", metric: "mme_perception_score", filter: "none" })).toBe("mme · mme_perception_score");
    expect(metricLabel({ metric: "acc", filter: "none" })).toBe("acc");
  });
});

describe("runLabel", () => {
  it("names the checkpoint when the model args carry one", () => {
    expect(runLabel({ id: 12, model: "standin", modelArgs: "pretrained=org/a,delay=0.1" })).toBe("#12 standin · org/a");
    expect(runLabel({ id: 3, model: "openai", modelArgs: "base_url=x, model = gpt-4o " })).toBe("#3 openai · gpt-4o");
    expect(runLabel({ id: 4, model: "dummy", modelArgs: "response=A" })).toBe("#4 dummy · response=A");
    expect(runLabel({ id: 6, model: "dummy", modelArgs: "response=a very long answer,seed=1234" })).toBe("#6 dummy · response=a very long answer…");
    expect(runLabel({ id: 5, model: "x", modelArgs: "" })).toBe("#5 x");
  });
});
