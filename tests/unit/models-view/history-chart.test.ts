import { describe, expect, it } from "vitest";
import { ciBand, splitAtBreaks, toHistoryChart, valueDomain } from "@/lib/models-view/history-chart";
import type { HistoryPoint } from "@/lib/services/models/performance";

let nextRun = 1;
function point(value: number | null, extra: Partial<HistoryPoint> = {}): HistoryPoint {
  const runId = nextRun++;
  return {
    versionId: 1,
    label: "v1",
    runId,
    date: `2026-01-${String(runId).padStart(2, "0")}T00:00:00.000Z`,
    value,
    stderr: null,
    taskVersion: "1",
    lmmsEvalVersion: "0.7.2",
    breakBefore: false,
    breakReason: null,
    ...extra,
  };
}
const brk = (value: number | null, reason: string, extra: Partial<HistoryPoint> = {}) => point(value, { breakBefore: true, breakReason: reason, ...extra });

describe("splitAtBreaks", () => {
  it("keeps an unbroken series in one segment", () => {
    const segments = splitAtBreaks([point(0.5), point(0.6), point(0.7)]);
    expect(segments).toHaveLength(1);
    expect(segments[0]).toMatchObject({ index: 0, reason: null });
    expect(segments[0].points.map((p) => p.value)).toEqual([0.5, 0.6, 0.7]);
  });

  it("starts a new segment at every break, carrying its reason", () => {
    const segments = splitAtBreaks([point(0.5), brk(0.6, "task version 1 → 2"), point(0.61), brk(0.7, "lmms-eval 0.7.2 → 0.8.0")]);
    expect(segments.map((s) => s.points.map((p) => p.value))).toEqual([[0.5], [0.6, 0.61], [0.7]]);
    expect(segments.map((s) => s.reason)).toEqual([null, "task version 1 → 2", "lmms-eval 0.7.2 → 0.8.0"]);
  });

  it("ignores a break flag on the first point and handles an empty series", () => {
    expect(splitAtBreaks([brk(0.5, "x"), point(0.6)])).toHaveLength(1);
    expect(splitAtBreaks([])).toEqual([]);
  });
});

describe("ciBand", () => {
  it("is value ± 1.96·stderr", () => {
    const [lo, hi] = ciBand(0.5, 0.1)!;
    expect(lo).toBeCloseTo(0.304, 10);
    expect(hi).toBeCloseTo(0.696, 10);
  });
  it("is absent without a usable stderr", () => {
    expect(ciBand(0.5, null)).toBeNull();
    expect(ciBand(null, 0.1)).toBeNull();
    expect(ciBand(0.5, Number.NaN)).toBeNull();
    expect(ciBand(0.5, -1)).toBeNull();
  });
});

describe("toHistoryChart", () => {
  it("puts each segment under its own key so no line crosses a break, with a marker between the two runs", () => {
    const points = [point(0.5, { stderr: 0.05 }), point(0.55), brk(0.8, "task version 1 → 2"), point(0.82, { versionId: 2, label: "v2" })];
    const chart = toHistoryChart(points);
    expect(chart.segmentCount).toBe(2);
    expect(chart.rows.map((r) => r.x)).toEqual([0, 1, 2, 3]);
    expect(chart.rows.map((r) => [r.s0, r.s1])).toEqual([
      [0.5, undefined],
      [0.55, undefined],
      [undefined, 0.8],
      [undefined, 0.82],
    ]);
    expect(chart.rows[0].band0).toEqual(ciBand(0.5, 0.05));
    expect(chart.rows[1].band0).toBeUndefined();
    expect(chart.breaks).toEqual([{ x: 1.5, reason: "task version 1 → 2", beforeRunId: points[2].runId }]);
    expect(chart.rows[2].breakReason).toBe("task version 1 → 2");
    expect(chart.rows[3].breakReason).toBeNull();
    expect(chart.versions).toEqual([
      { versionId: 1, label: "v1" },
      { versionId: 2, label: "v2" },
    ]);
  });

  it("skips points without a value but keeps the break they carried", () => {
    const chart = toHistoryChart([point(0.5), brk(null, "lmms-eval 0.7.2 → 0.8.0"), point(0.6)]);
    expect(chart.skipped).toBe(1);
    expect(chart.rows).toHaveLength(2);
    expect(chart.segmentCount).toBe(2);
    expect(chart.breaks).toEqual([{ x: 0.5, reason: "lmms-eval 0.7.2 → 0.8.0", beforeRunId: chart.rows[1].runId }]);
  });

  it("merges reasons of consecutive breaks and drops a break before the first drawn point", () => {
    const chart = toHistoryChart([brk(null, "a"), point(0.4), brk(null, "b"), brk(0.5, "c")]);
    expect(chart.rows).toHaveLength(2);
    expect(chart.breaks.map((b) => b.reason)).toEqual(["b; c"]);
    expect(chart.rows[0].breakReason).toBeNull();
  });

  it("has nothing to draw for an empty series", () => {
    expect(toHistoryChart([])).toMatchObject({ rows: [], segmentCount: 0, breaks: [], domain: [0, 1] });
  });
});

describe("valueDomain", () => {
  it("pads accuracies but never past 0 or 1", () => {
    const [lo, hi] = valueDomain([
      { value: 0.02, ci: [-0.05, 0.09] },
      { value: 0.98, ci: [0.9, 1.06] },
    ]);
    expect(lo).toBe(0);
    expect(hi).toBe(1);
  });
  it("pads other scales by 8% of the span, including the CI", () => {
    const [lo, hi] = valueDomain([
      { value: 1500, ci: [1400, 1600] },
      { value: 1700, ci: null },
    ]);
    expect(lo).toBeCloseTo(1400 - 24);
    expect(hi).toBeCloseTo(1700 + 24);
  });
  it("does not reach below 0 for scores that never are", () => {
    const [lo, hi] = valueDomain([
      { value: 0, ci: null },
      { value: 175, ci: null },
    ]);
    expect(lo).toBe(0);
    expect(hi).toBeGreaterThan(175);
  });
  it("gives a flat series some height", () => {
    const [lo, hi] = valueDomain([{ value: 0.5, ci: null }]);
    expect(lo).toBeLessThan(0.5);
    expect(hi).toBeGreaterThan(0.5);
  });
});
