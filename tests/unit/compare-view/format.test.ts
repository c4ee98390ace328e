import { describe, expect, it } from "vitest";
import { benchmarkLabel, formatCi, formatDelta, formatHalfWidth, formatP, formatValue, metricLabel, pPhrase, runLabel } from "@/lib/compare-view/format";

describe("formatValue", () => {
  it("takes its decimals from the magnitude, with a true minus sign", () => {
    expect(formatValue(0.65234)).toBe("0.652");
    expect(formatValue(42.123)).toBe("42.12");
    expect(formatValue(1713.33)).toBe("1713.3");
    expect(formatValue(123456.7)).toBe("123457");
    expect(formatValue(-0.25)).toBe("\u22120.250");
    expect(formatValue(null)).toBe("—");
    expect(formatValue(Number.NaN)).toBe("—");
  });
});

describe("formatDelta", () => {
  it("signs the difference with the reference's decimals", () => {
    expect(formatDelta(0.0213, 0.65)).toBe("+0.021");
    expect(formatDelta(-12.46, 1713.3)).toBe("\u221212.5");
    expect(formatDelta(0.00001, 0.5)).toBe("±0.000");
    expect(formatDelta(null)).toBe("—");
  });
});

describe("CI text", () => {
  it("gives the half-width, with more decimals when it would round to zero", () => {
    expect(formatHalfWidth(0.5, [0.45, 0.55])).toBe("±0.050");
    expect(formatHalfWidth(0.5, [0.49996, 0.50004])).toBe("±0.00004");
    expect(formatHalfWidth(0.5, null)).toBeNull();
    expect(formatCi([0.1, 0.2])).toBe("[0.100, 0.200]");
  });
});

describe("formatP", () => {
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
});

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
