import { describe, expect, it } from "vitest";
import { latestMatrix, winsByVersion } from "@/lib/models-view/latest-matrix";

const acc = { task: "ai2d", metric: "exact_match", filter: "flexible-extract", higherIsBetter: true };
const mme = { task: "mme", metric: "mme_perception_score", filter: "none", higherIsBetter: true };
const loss = { task: "aaa", metric: "perplexity", filter: "none", higherIsBetter: false };

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
        { benchmark: acc, versionId: 1 },
        { benchmark: mme, versionId: 2 },
      ],
    );
    expect(matrix.columns.map((c) => c.label)).toEqual(["v1", "v2"]);
    expect(matrix.rows.map((r) => r.benchmark.task)).toEqual(["aaa", "ai2d", "mme"]);
    const ai2d = matrix.rows[1];
    expect(ai2d.cells.map((c) => [c?.value, c?.isBest])).toEqual([
      [0.6, true],
      [0.5, false],
    ]);
    expect(matrix.rows[2].cells[0]).toBeNull();
    expect(matrix.rows[0].cells[0]).toMatchObject({ value: null, isBest: false });
  });
});

describe("winsByVersion", () => {
  it("counts benchmarks won, most first", () => {
    expect(
      winsByVersion([
        { versionId: 1, label: "v1" },
        { versionId: 2, label: "v2" },
        { versionId: 2, label: "v2" },
      ]),
    ).toEqual([
      { versionId: 2, label: "v2", wins: 2 },
      { versionId: 1, label: "v1", wins: 1 },
    ]);
  });
});
