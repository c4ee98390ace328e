import { describe, expect, it } from "vitest";
import type { RunsFilter } from "@/lib/runs-view/filters";
import { applyQueueChanged, applyRunProgress, applyRunUpdated, mergeRun, queueLengthOf, replaceRows, withProgress } from "@/lib/runs-view/merge-runs";
import { progress, run } from "./fixtures";

const none: RunsFilter = { status: [], model: "", task: "", user: null };
const firstPage = { filter: none, isFirstPage: true };

describe("mergeRun", () => {
  it("takes the newer copy", () => {
    const next = run(1, { status: "running", startedAt: "2026-11-26T10:00:05.000Z" });
    expect(mergeRun(run(1), next)).toBe(next);
  });

  it("never moves a run back to an earlier stage", () => {
    const done = run(1, { status: "succeeded", progress: progress(100, { phase: "finished" }) });
    expect(mergeRun(done, run(1, { status: "running" }))).toBe(done);
    const running = run(1, { status: "running" });
    expect(mergeRun(running, run(1, { status: "queued" }))).toBe(running);
  });

  it("keeps fresher live progress over a stored snapshot while running", () => {
    const live = run(1, { status: "running", progress: progress(60) });
    const stored = run(1, { status: "running", progress: progress(40), cancelRequested: true });
    const merged = mergeRun(live, stored);
    expect(merged.progress?.percent).toBe(60);
    expect(merged.cancelRequested).toBe(true);
  });

  it("ignores a different run", () => {
    const a = run(1);
    expect(mergeRun(a, run(2))).toBe(a);
  });
});

describe("withProgress", () => {
  it("applies progress to an active run", () => {
    expect(withProgress(run(1, { status: "running" }), { runId: 1, progress: progress(30) }).progress?.percent).toBe(30);
  });

  it("does not let a late frame undo a finished run's final progress", () => {
    const done = run(1, { status: "succeeded", progress: progress(100) });
    expect(withProgress(done, { runId: 1, progress: progress(97) })).toBe(done);
  });

  it("ignores an out-of-order frame of the same phase", () => {
    const r = run(1, { status: "running", progress: progress(50) });
    expect(withProgress(r, { runId: 1, progress: progress(45) })).toBe(r);
  });
});

describe("applyRunUpdated", () => {
  it("updates a row in place", () => {
    const rows = [run(3), run(2), run(1)];
    const next = applyRunUpdated(rows, run(2, { status: "running" }), firstPage);
    expect(next.map((r) => r.status)).toEqual(["queued", "running", "queued"]);
    expect(next[0]).toBe(rows[0]);
  });

  it("returns the same array when nothing changed", () => {
    const rows = [run(2, { status: "succeeded" })];
    expect(applyRunUpdated(rows, run(2, { status: "running" }), firstPage)).toBe(rows);
  });

  it("adds a new run at the top of the first page", () => {
    const next = applyRunUpdated([run(3), run(2)], run(4), firstPage);
    expect(next.map((r) => r.id)).toEqual([4, 3, 2]);
  });

  it("adds nothing on an older page or when the filter excludes the run", () => {
    const rows = [run(3)];
    expect(applyRunUpdated(rows, run(4), { filter: none, isFirstPage: false })).toBe(rows);
    expect(applyRunUpdated(rows, run(4), { filter: { ...none, status: ["failed"] }, isFirstPage: true })).toBe(rows);
    expect(applyRunUpdated(rows, run(4, { model: "llava" }), { filter: { ...none, model: "qwen" }, isFirstPage: true })).toBe(rows);
  });

  it("does not pull in an older run that lies beyond the page", () => {
    const rows = [run(10), run(9)];
    expect(applyRunUpdated(rows, run(5), firstPage)).toBe(rows);
    expect(applyRunUpdated([], run(5), firstPage).map((r) => r.id)).toEqual([5]);
  });

  it("keeps a row that stops matching the filter (it changed under the user's eyes; a reload drops it)", () => {
    const rows = [run(3, { status: "queued" })];
    const next = applyRunUpdated(rows, run(3, { status: "running" }), { filter: { ...none, status: ["queued"] }, isFirstPage: true });
    expect(next[0].status).toBe("running");
  });
});

describe("applyRunProgress", () => {
  it("updates only the matching row", () => {
    const rows = [run(2, { status: "running" }), run(1)];
    const next = applyRunProgress(rows, { runId: 2, progress: progress(42) });
    expect(next[0].progress?.percent).toBe(42);
    expect(next[1]).toBe(rows[1]);
  });

  it("returns the same array for a run not on the page", () => {
    const rows = [run(1)];
    expect(applyRunProgress(rows, { runId: 9, progress: progress(1) })).toBe(rows);
  });
});

describe("applyQueueChanged", () => {
  it("sets every queued row's position and leaves the others", () => {
    const rows = [run(3, { queuePosition: 2 }), run(2, { status: "running" }), run(1, { queuePosition: 1 })];
    const next = applyQueueChanged(rows, { "3": 1 });
    expect(next.map((r) => r.queuePosition)).toEqual([1, null, null]);
    expect(next[1]).toBe(rows[1]);
  });

  it("returns the same array when positions did not change", () => {
    const rows = [run(3, { queuePosition: 1 })];
    expect(applyQueueChanged(rows, { "3": 1 })).toBe(rows);
  });

  it("counts the queue", () => {
    expect(queueLengthOf({ "3": 1, "5": 2 })).toBe(2);
    expect(queueLengthOf({})).toBe(0);
  });
});

describe("replaceRows", () => {
  it("takes the refetched page but keeps state that is further along", () => {
    const current = [run(2, { status: "succeeded" }), run(1)];
    const fresh = [run(3), run(2, { status: "running" }), run(1, { status: "running" })];
    const next = replaceRows(current, fresh);
    expect(next.map((r) => [r.id, r.status])).toEqual([
      [3, "queued"],
      [2, "succeeded"],
      [1, "running"],
    ]);
  });
});
