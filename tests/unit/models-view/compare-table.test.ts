import { describe, expect, it } from "vitest";
import { cellTone, sectionRows, summarize } from "@/lib/models-view/compare-table";

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
