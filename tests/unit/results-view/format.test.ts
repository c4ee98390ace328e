import { describe, expect, it } from "vitest";
import { formatMetricValue, formatSeconds } from "@/lib/results-view/format";

describe("metric values", () => {
  it("writes numbers with the one score rule (tests/unit/number-format.test.ts)", () => {
    expect(formatMetricValue(0.8335492227979274)).toBe("0.8335");
    expect(formatMetricValue(1713.2958183273308)).toBe("1713.30");
  });

  it("shows what lmms-eval wrote when the value is not a number", () => {
    expect(formatMetricValue(null, "N/A")).toBe("N/A");
    expect(formatMetricValue(null, "NaN")).toBe("NaN");
    expect(formatMetricValue(null, null)).toBe("—");
    expect(formatMetricValue(null, { a: 1 })).toBe('{"a":1}');
    expect(formatMetricValue(null, { text: "x".repeat(100) })).toMatch(/…$/);
  });
});

describe("other figures", () => {
  it("formats durations", () => {
    expect(formatSeconds(0.25)).toBe("250 ms");
    expect(formatSeconds(4.2)).toBe("4.20 s");
    expect(formatSeconds(42.5)).toBe("42.5 s");
    expect(formatSeconds(7034.86)).toBe("1h 57m 15s");
    expect(formatSeconds(75)).toBe("1m 15s");
  });
});
