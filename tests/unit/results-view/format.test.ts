import { describe, expect, it } from "vitest";
import { ciDecimals, decimalsFor, formatHalfWidth, formatInteger, formatMetricValue, formatPercent, formatSeconds } from "@/lib/results-view/format";

describe("metric values", () => {
  it("keeps about four significant digits whatever the scale", () => {
    expect(formatMetricValue(0.8335492227979274)).toBe("0.8335");
    expect(formatMetricValue(4.56789)).toBe("4.568");
    expect(formatMetricValue(72.25)).toBe("72.25");
    expect(formatMetricValue(1713.2958183273308)).toBe("1713.30");
    expect(formatMetricValue(123456.7)).toBe("123457");
    expect(formatMetricValue(0)).toBe("0.0000");
    expect(decimalsFor(-0.5)).toBe(4);
  });

  it("shows what lmms-eval wrote when the value is not a number", () => {
    expect(formatMetricValue(null, "N/A")).toBe("N/A");
    expect(formatMetricValue(null, "NaN")).toBe("NaN");
    expect(formatMetricValue(null, null)).toBe("—");
    expect(formatMetricValue(null, { a: 1 })).toBe('{"a":1}');
    expect(formatMetricValue(null, { text: "x".repeat(100) })).toMatch(/…$/);
  });

  it("gives a CI half-width enough digits not to round to zero", () => {
    expect(formatHalfWidth(0.8335, 0.01314)).toBe("±0.0131");
    expect(formatHalfWidth(72.25, 6.2)).toBe("±6.20");
    expect(formatHalfWidth(72.25, 0.0123)).toBe("±0.012");
    expect(ciDecimals(0.5, 0)).toBe(4);
    expect(ciDecimals(0.5, 1e-9)).toBe(6);
  });
});

describe("other figures", () => {
  it("formats counts, shares and durations", () => {
    expect(formatInteger(6331465)).toBe("6,331,465");
    expect(formatInteger(null)).toBe("—");
    expect(formatPercent(0.8335)).toBe("83.4%");
    expect(formatSeconds(0.25)).toBe("250 ms");
    expect(formatSeconds(4.2)).toBe("4.20 s");
    expect(formatSeconds(42.5)).toBe("42.5 s");
    expect(formatSeconds(7034.86)).toBe("1h 57m 15s");
    expect(formatSeconds(75)).toBe("1m 15s");
  });
});
