import { describe, expect, it } from "vitest";
import { cellTone, formatCi, formatDelta, formatP, formatValue, sectionRows, summarize } from "@/lib/models-view/compare-table";

const row = (task: string, group: string | null, metric = "acc") => ({ task, metric, filter: "none", group, isGroup: false });

describe("sectionRows", () => {
  it("groups consecutive rows of one group, and ungrouped tasks on their own", () => {
    const sections = sectionRows([row("ai2d", null), row("ai2d", null, "f1"), row("sqa_img", "scienceqa_full"), row("sqa", "scienceqa_full"), row("mme", null)]);
    expect(sections.map((s) => [s.heading, s.isGroup, s.rows.length])).toEqual([
      ["ai2d", false, 2],
      ["scienceqa_full", true, 2],
      ["mme", false, 1],
    ]);
  });
});

describe("formatting", () => {
  it("formats p-values", () => {
    expect(formatP(0.0004)).toBe("< 0.001");
    expect(formatP(0.0043)).toBe("0.0043");
    expect(formatP(0.05)).toBe("0.050");
    expect(formatP(1)).toBe("1.000");
    expect(formatP(Number.NaN)).toBe("—");
    expect(formatP(null)).toBe("—");
  });

  it("signs deltas with a true minus and scales decimals", () => {
    expect(formatDelta(0.0312)).toBe("+0.0312");
    expect(formatDelta(-0.0312)).toBe("−0.0312");
    expect(formatDelta(-12.5, 1500)).toBe("−12.50");
    expect(formatDelta(0)).toBe("±0.0000");
    expect(formatDelta(null)).toBe("—");
  });

  it("formats values and CIs on their scale", () => {
    expect(formatValue(0.5)).toBe("0.5000");
    expect(formatValue(1713.3)).toBe("1713.30");
    expect(formatCi([0.4, 0.6], 0.5)).toBe("[0.4000, 0.6000]");
    expect(formatCi(null, 0.5)).toBeNull();
  });
});

describe("cellTone", () => {
  it("colours only significant differences with a known direction", () => {
    expect(cellTone({ value: 1, delta: 0.1, significant: true, direction: "better" })).toBe("better");
    expect(cellTone({ value: 1, delta: -0.1, significant: true, direction: "worse" })).toBe("worse");
    expect(cellTone({ value: 1, delta: 0.1, significant: false, direction: "better" })).toBe("neutral");
    expect(cellTone({ value: 1, delta: 0.1, significant: true, direction: null })).toBe("neutral");
    expect(cellTone(null)).toBe("neutral");
  });

  it("summarizes the B side", () => {
    const cell = (tone: "better" | "worse" | null) => ({ value: 1, delta: 1, significant: tone !== null, direction: tone });
    expect(summarize([{ cells: [null, cell("better")] }, { cells: [null, cell("worse")] }, { cells: [null, cell(null)] }])).toEqual({ tested: 3, better: 1, worse: 1 });
  });
});
