import { describe, expect, it } from "vitest";
import { cellVerdict, chooserGroups, columnSpans, compareRunsHref, rankLabel, rankTies, representativeRun, representativeRuns } from "@/lib/compare-view/board-model";
import { board, cell, column, row } from "./fixtures";

const a = column("mmmu_val_art", "acc", "none", "mmmu_val");
const b = column("mmmu_val_bio", "acc", "none", "mmmu_val");
const c = column("ai2d", "exact_match", "none", null);
const d = column("ai2d", "exact_match", "flexible-extract", null);

describe("columnSpans", () => {
  it("puts consecutive columns of one group (or one task) under one header", () => {
    expect(columnSpans([a, b, c, d]).map((s) => [s.label, s.isGroup, s.columns.length])).toEqual([
      ["mmmu_val", true, 2],
      ["ai2d", false, 2],
    ]);
    expect(columnSpans([])).toEqual([]);
  });

  it("puts a group's own aggregate column at the head of its subtasks", () => {
    const aggregate = column("mmmu_val", "acc", "none", null);
    expect(columnSpans([c, aggregate, a, b]).map((s) => [s.label, s.isGroup, s.columns.map((x) => x.task)])).toEqual([
      ["ai2d", false, ["ai2d"]],
      ["mmmu_val", true, ["mmmu_val", "mmmu_val_art", "mmmu_val_bio"]],
    ]);
  });
});

describe("chooserGroups", () => {
  it("groups by lmms-eval group, ungrouped tasks last", () => {
    const groups = chooserGroups([c, a, d, b]);
    expect(groups.map((g) => g.label)).toEqual(["mmmu_val", "Ungrouped tasks"]);
    expect(groups[0].columns).toEqual([a, b]);
    const aggregate = column("mmmu_val", "acc", "none", null);
    expect(chooserGroups([aggregate, a, c]).map((g) => [g.label, g.columns.map((x) => x.task)])).toEqual([
      ["mmmu_val", ["mmmu_val", "mmmu_val_art"]],
      ["Ungrouped tasks", ["ai2d"]],
    ]);
  });
});

describe("ranks", () => {
  it("marks shared ranks as ties", () => {
    const bd = board([c], [row("1", "x", { [c.key]: cell(0.5, { rank: 1 }) }), row("2", "y", { [c.key]: cell(0.49, { rank: 1 }) }), row("3", "z", { [c.key]: cell(0.1, { rank: 3 }) })]);
    const ties = rankTies(bd).get(c.key)!;
    expect(rankLabel(1, ties.get(1))).toBe("=1");
    expect(rankLabel(3, ties.get(3))).toBe("3");
    expect(rankLabel(null, undefined)).toBeNull();
  });
});

describe("representativeRun and compareRunsHref", () => {
  const r1 = row("v:1", "one", { [a.key]: cell(0.5, { runId: 5 }), [b.key]: cell(0.5, { runId: 5 }), [c.key]: cell(0.5, { runId: 9, date: "2026-02-01T00:00:00.000Z" }) });
  const r2 = row("v:2", "two", { [a.key]: cell(0.5, { runId: 7 }), [c.key]: cell(0.5, { runId: 8, date: "2026-03-01T00:00:00.000Z" }) });
  it("picks the run behind most visible cells, the newer one on a tie", () => {
    expect(representativeRun(r1, [a, b, c])).toBe(5);
    expect(representativeRun(r1, [c])).toBe(9);
    expect(representativeRun(r2, [a, c])).toBe(8);
    expect(representativeRun(r2, [d])).toBeNull();
  });
  it("builds a run comparison link with the baseline's run as reference", () => {
    const bd = board([a, b, c], [r1, r2], "v:2");
    expect(compareRunsHref(bd, ["v:1", "v:2"])).toBe("/compare/runs?runs=5,8&reference=8");
    expect(compareRunsHref({ ...bd, baseline: null }, ["v:1", "v:2"])).toBe("/compare/runs?runs=5,8&reference=5");
    expect(compareRunsHref(bd, ["v:1"])).toBeNull();
  });
  it("seeds chosen runs with each row's run, in board order, for all rows or the selected ones", () => {
    const empty = row("v:3", "three", {});
    const bd = board([a, b, c], [r2, empty, r1]);
    expect(representativeRuns(bd)).toEqual([8, 5]);
    expect(representativeRuns(bd, ["v:1"])).toEqual([5]);
    expect(representativeRuns(bd, [])).toEqual([]);
  });
});

describe("cellVerdict", () => {
  const tested = { delta: 0.1, pAdjusted: 0.01, significant: true, direction: "better" as const };
  it("colours only significant differences", () => {
    expect(cellVerdict(tested, true, false)).toBe("better");
    expect(cellVerdict({ ...tested, direction: "worse" }, true, false)).toBe("worse");
    expect(cellVerdict({ ...tested, direction: null }, true, false)).toBe("different");
    expect(cellVerdict({ ...tested, significant: false, direction: null, pAdjusted: 0.2 }, true, false)).toBe("not significant");
    expect(cellVerdict({ ...tested, pAdjusted: null, significant: false, direction: null }, true, false)).toBe("untested");
    expect(cellVerdict(tested, true, true)).toBe("baseline");
    expect(cellVerdict(tested, false, false)).toBe("value");
    expect(cellVerdict({ ...tested, delta: null }, true, false)).toBe("value");
  });
});
