import { describe, expect, it } from "vitest";
import { latestMatrix, winsByVersion } from "@/lib/models-view/latest-matrix";

const acc = { task: "ai2d", metric: "exact_match", filter: "flexible-extract", higherIsBetter: true };
const mme = { task: "mme", metric: "mme_perception_score", filter: "none", higherIsBetter: true };
const loss = { task: "aaa", metric: "perplexity", filter: "none", higherIsBetter: false };
const lead = (versionId: number, label: string, value: number) => ({ versionId, label, value, runId: 10 + versionId });

describe("latestMatrix", () => {
  it("has a column per version with results (model order) and marks the best cell", () => {
    const matrix = latestMatrix(
      [
        { id: 1, label: "v1" },
        { id: 2, label: "v2" },
        { id: 3, label: "never run" },
      ],
      [
        { benchmark: mme, byVersion: [{ versionId: 2, label: "v2", runId: 12, value: 1500, stderr: null }] },
        {
          benchmark: acc,
          byVersion: [
            { versionId: 2, label: "v2", runId: 12, value: 0.5, stderr: 0.1 },
            { versionId: 1, label: "v1", runId: 11, value: 0.6, stderr: 0.1 },
          ],
        },
        { benchmark: loss, byVersion: [{ versionId: 1, label: "v1", runId: 11, value: null, stderr: null }] },
      ],
      [
        { benchmark: acc, leaders: [lead(1, "v1", 0.6)] },
        { benchmark: mme, leaders: [lead(2, "v2", 1500)] },
      ],
    );
    expect(matrix.columns.map((c) => c.label)).toEqual(["v1", "v2"]);
    expect(matrix.rows.map((r) => r.benchmark.task)).toEqual(["aaa", "ai2d", "mme"]);
    const ai2d = matrix.rows[1];
    expect(ai2d.cells.map((c) => [c?.value, c?.isBest, c?.isTied])).toEqual([
      [0.6, true, false],
      [0.5, false, false],
    ]);
    expect(matrix.rows[2].cells[0]).toBeNull();
    expect(matrix.rows[0].cells[0]).toMatchObject({ value: null, isBest: false });
  });
});

describe("ties", () => {
  it("marks every leader of a tie as tied and none as best", () => {
    const matrix = latestMatrix(
      [
        { id: 1, label: "v1" },
        { id: 2, label: "v2" },
      ],
      [{ benchmark: acc, byVersion: [{ versionId: 1, label: "v1", runId: 11, value: 0.61, stderr: 0.02 }, { versionId: 2, label: "v2", runId: 12, value: 0.6, stderr: 0.02 }] }],
      [{ benchmark: acc, leaders: [lead(1, "v1", 0.61), lead(2, "v2", 0.6)] }],
    );
    expect(matrix.rows[0].cells.map((c) => [c?.isBest, c?.isTied])).toEqual([
      [false, true],
      [false, true],
    ]);
  });
});

describe("winsByVersion", () => {
  it("counts benchmarks won outright, most first; a tie is nobody's win", () => {
    expect(
      winsByVersion([
        { benchmark: acc, leaders: [lead(1, "v1", 0.6)] },
        { benchmark: mme, leaders: [lead(2, "v2", 1500)] },
        { benchmark: loss, leaders: [lead(2, "v2", 3)] },
        { benchmark: { ...acc, task: "tied" }, leaders: [lead(1, "v1", 0.6), lead(2, "v2", 0.59)] },
      ]),
    ).toEqual([
      { versionId: 2, label: "v2", wins: 2 },
      { versionId: 1, label: "v1", wins: 1 },
    ]);
  });
});
