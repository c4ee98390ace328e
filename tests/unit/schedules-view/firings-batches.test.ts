import { describe, expect, it } from "vitest";
import { batchGrid, batchPercent, batchRuns, versionName } from "@/lib/schedules-view/batches";
import { firingLinks, isUnfinished, lateness, refreshPlan } from "@/lib/schedules-view/firings";

describe("firings", () => {
  it("links a batch firing to its batch, and an evaluation firing to each run", () => {
    expect(firingLinks({ runIds: [4, 5], batchId: 2 })).toEqual([{ href: "/batches/2", label: "Batch 2", runId: null }]);
    expect(firingLinks({ runIds: [4, 5], batchId: null }).map((l) => l.href)).toEqual(["/runs/4", "/runs/5"]);
    expect(firingLinks({ runIds: [], batchId: null })).toEqual([]);
  });

  it("says how late a firing started", () => {
    const at = "2026-01-01T02:00:00.000Z";
    expect(lateness({ scheduledAt: at, firedAt: "2026-01-01T02:00:00.300Z" })).toBe("on time");
    expect(lateness({ scheduledAt: at, firedAt: "2026-01-01T02:00:02.500Z" })).toBe("+2.5 s");
    expect(lateness({ scheduledAt: at, firedAt: "2026-01-01T02:03:10.000Z" })).toBe("+3 min");
    expect(lateness({ scheduledAt: at, firedAt: "2026-01-01T04:30:00.000Z" })).toBe("+2.5 h");
  });

  it("plans refreshes: fast while runs are unfinished, once after a near fire time, never for far ones", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(refreshPlan({ nextFireAt: null, unfinished: false, now })).toEqual({ intervalMs: null, atMs: null });
    expect(refreshPlan({ nextFireAt: "2026-01-01T00:00:05Z", unfinished: true, now })).toEqual({ intervalMs: 3000, atMs: now + 6500 });
    expect(refreshPlan({ nextFireAt: "2026-01-03T00:00:00Z", unfinished: false, now }).atMs).toBeNull();
    // A fire time already past (the page is stale) refreshes soon, not in the past.
    expect(refreshPlan({ nextFireAt: "2025-12-31T23:59:59Z", unfinished: false, now }).atMs).toBe(now + 1000);
    expect(isUnfinished("queued") && isUnfinished("running") && !isUnfinished("failed") && !isUnfinished(null)).toBe(true);
  });
});

describe("batches", () => {
  const items = [
    { modelVersionId: 1, task: "mme", runId: 10, reused: true, status: "succeeded" },
    { modelVersionId: 2, task: "mme", runId: 12, reused: false, status: "running" },
    { modelVersionId: 2, task: "ai2d", runId: 12, reused: false, status: "running" },
    { modelVersionId: 1, task: "ai2d", runId: 11, reused: false, status: "failed" },
  ];

  it("computes progress, a finished empty batch being complete", () => {
    expect(batchPercent({ done: 1, total: 3 })).toBe(33);
    expect(batchPercent({ done: 0, total: 0 })).toBe(100);
    expect(batchPercent({ done: 5, total: 3 })).toBe(100);
  });

  it("lays items out as versions × tasks in the batch's order", () => {
    const grid = batchGrid({ modelVersionIds: [2, 1], tasks: ["ai2d", "mme", "pope"] }, items);
    expect(grid.map((r) => r.versionId)).toEqual([2, 1]);
    expect(grid[1].cells.map((c) => c?.runId ?? null)).toEqual([11, 10, null]);
  });

  it("lists each run once with the tasks it covers", () => {
    expect(batchRuns(items)).toEqual([
      { runId: 10, versionId: 1, tasks: ["mme"], reused: true, status: "succeeded" },
      { runId: 11, versionId: 1, tasks: ["ai2d"], reused: false, status: "failed" },
      { runId: 12, versionId: 2, tasks: ["mme", "ai2d"], reused: false, status: "running" },
    ]);
  });

  it("names versions, falling back to the id", () => {
    const versions = new Map([[1, { id: 1, label: "v1", modelName: "qwen" }]]);
    expect(versionName(versions, 1)).toBe("qwen · v1");
    expect(versionName(versions, 7)).toBe("version 7");
  });
});
