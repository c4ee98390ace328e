import { describe, expect, it } from "vitest";
import { barChartGroups, chartSeries, MAX_BARS_PER_CHART, radarData, scatterAxis } from "@/lib/compare-view/chart-data";
import { cmpCell, cmpRow } from "./fixtures";

describe("barChartGroups", () => {
  it("puts 0–1 metrics in one chart and every other scale in its own, leaving group aggregates out", () => {
    const rows = [
      cmpRow("ai2d", [cmpCell(0.6), cmpCell(0.7)]),
      cmpRow("mme", [cmpCell(1700, { ci: null }), cmpCell(1650, { ci: null })], { metric: "mme_perception_score" }),
      cmpRow("suite", [cmpCell(0.5), cmpCell(0.5)], { isGroup: true }),
      cmpRow("textvqa", [cmpCell(0.3), null]),
    ];
    const groups = barChartGroups(rows);
    expect(groups.map((g) => [g.title, g.unitScale, g.data.length])).toEqual([
      ["Metrics on a 0–1 scale", true, 2],
      ["mme · mme_perception_score", false, 1],
    ]);
    const ai2d = groups[0].data[0];
    expect(ai2d).toMatchObject({ label: "ai2d", s0: 0.6, s1: 0.7 });
    expect(ai2d.s0_err).toEqual([expect.closeTo(0.04, 10), expect.closeTo(0.04, 10)]);
    expect(groups[0].data[1]).toMatchObject({ label: "textvqa", s0: 0.3, s1: null, s1_err: null });
    expect(groups[1].data[0]).toMatchObject({ s0: 1700, s0_err: null });
  });

  it("clips error bars at the bar and splits long lists", () => {
    const rows = Array.from({ length: MAX_BARS_PER_CHART + 3 }, (_, i) => cmpRow(`t${i}`, [cmpCell(0.01, { ci: [-0.03, 0.05] }), cmpCell(0.2)]));
    const groups = barChartGroups(rows);
    expect(groups.map((g) => g.data.length)).toEqual([MAX_BARS_PER_CHART, 3]);
    expect(groups[1].title).toBe("Metrics on a 0–1 scale (2 of 2)");
    expect(groups[0].data[0].s0_err).toEqual([0.04, expect.closeTo(0.04, 10)]);
  });

  it("labels bars by task, adding the metric only when a task has several", () => {
    const rows = [cmpRow("ai2d", [cmpCell(0.5)]), cmpRow("ai2d", [cmpCell(0.6)], { filter: "flexible-extract" })];
    expect(barChartGroups(rows)[0].data.map((d) => d.label)).toEqual(["ai2d · exact_match", "ai2d · exact_match · flexible-extract"]);
  });
});

describe("radarData", () => {
  it("uses shared, higher-is-better tasks; percentages, or relative to the best run off the 0–1 scale", () => {
    const rows = [
      cmpRow("ai2d", [cmpCell(0.6), cmpCell(0.75)]),
      cmpRow("mme", [cmpCell(1600), cmpCell(2000)]),
      cmpRow("wer", [cmpCell(0.2), cmpCell(0.1)], { higherIsBetter: false }),
      cmpRow("partial", [cmpCell(0.2), null]),
      cmpRow("g", [cmpCell(0.2), cmpCell(0.3)], { isGroup: true }),
    ];
    const { axes, left } = radarData(rows);
    expect(axes.map((a) => a.axis)).toEqual(["ai2d", "mme"]);
    expect(axes[0]).toMatchObject({ relative: false, s0: 60, s1: 75, s0_raw: 0.6 });
    expect(axes[1]).toMatchObject({ relative: true, s0: 80, s1: 100, s1_raw: 2000 });
    expect(left).toEqual({ lowerIsBetter: 1, missing: 1 });
  });
});

describe("chartSeries", () => {
  it("names one series per side and marks the reference", () => {
    expect(chartSeries([{ label: "#1 a", runIds: [1] }, { label: "#2 b", runIds: [2] }], 1)).toEqual([
      { key: "s0", label: "#1 a", runId: 1, isReference: false },
      { key: "s1", label: "#2 b", runId: 2, isReference: true },
    ]);
  });
});

describe("scatterAxis", () => {
  it("pads the points off the frame with round ticks, never past 0 or 1 for scores inside them", () => {
    expect(scatterAxis([0.52, 0.61, 0.7])).toEqual({ domain: [0.5, 0.75], ticks: [0.5, 0.55, 0.6, 0.65, 0.7, 0.75], decimals: 2 });
    expect(scatterAxis([0.0, 1.0]).domain).toEqual([0, 1]);
    expect(scatterAxis([1500, 1800]).ticks).toEqual([1400, 1500, 1600, 1700, 1800, 1900]);
    expect(scatterAxis([]).domain).toEqual([0, 1]);
    expect(scatterAxis([0, 125, 1713]).domain).toEqual([0, 2000]);
    expect(scatterAxis([-3, 4]).domain[0]).toBeLessThan(-3);
    const { domain } = scatterAxis([0.5, 0.5]);
    expect(domain[0]).toBeLessThan(0.5);
    expect(domain[1]).toBeGreaterThan(0.5);
  });
});
