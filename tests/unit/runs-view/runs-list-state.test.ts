import { describe, expect, it } from "vitest";
import type { RunsFilter } from "@/lib/runs-view/filters";
import { runsListReducer, type RunsListState } from "@/lib/runs-view/runs-list-state";
import { progress, run } from "./fixtures";

const none: RunsFilter = { status: [], model: "", task: "", user: null };
const context = { filter: none, isFirstPage: true };

describe("runsListReducer", () => {
  const start = (): RunsListState => ({ rows: [run(2, { queuePosition: 1 }), run(1, { status: "running" })], total: 2, queueLength: 1 });

  it("adds a new run at the top and counts it", () => {
    const state = runsListReducer(start(), { type: "run:updated", run: run(3, { queuePosition: 2 }), context });
    expect(state.rows.map((r) => r.id)).toEqual([3, 2, 1]);
    expect(state.total).toBe(3);
  });

  it("updates in place without changing the count", () => {
    const state = runsListReducer(start(), { type: "run:updated", run: run(1, { status: "succeeded" }), context });
    expect(state.rows[1].status).toBe("succeeded");
    expect(state.total).toBe(2);
  });

  it("drops a run that turned private for this viewer, once", () => {
    const state = runsListReducer(start(), { type: "run:removed", id: 2 });
    expect(state.rows.map((r) => r.id)).toEqual([1]);
    expect(state.total).toBe(1);
    expect(runsListReducer(state, { type: "run:removed", id: 2 })).toBe(state);
  });

  it("moves the progress bar of a running row", () => {
    const state = runsListReducer(start(), { type: "run:progress", event: { runId: 1, progress: progress(80) } });
    expect(state.rows[1].progress?.percent).toBe(80);
  });

  it("renumbers the queue", () => {
    const state = runsListReducer(start(), { type: "queue:changed", positions: { "2": 2, "9": 1 } });
    expect(state.rows[0].queuePosition).toBe(2);
    expect(state.queueLength).toBe(2);
  });

  it("returns the same state for events that change nothing", () => {
    const initial = start();
    expect(runsListReducer(initial, { type: "run:progress", event: { runId: 42, progress: progress(1) } })).toBe(initial);
    expect(runsListReducer(initial, { type: "queue:changed", positions: { "2": 1 } })).toBe(initial);
    expect(runsListReducer(initial, { type: "run:updated", run: run(5), context: { filter: none, isFirstPage: false } })).toBe(initial);
  });

  it("takes a reload as the truth", () => {
    const state = runsListReducer(start(), { type: "reloaded", rows: [run(1, { status: "failed" })], total: 1, queueLength: 0 });
    expect(state).toMatchObject({ total: 1, queueLength: 0 });
    expect(state.rows.map((r) => [r.id, r.status])).toEqual([[1, "failed"]]);
  });
});
