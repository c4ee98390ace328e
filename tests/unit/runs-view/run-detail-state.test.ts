import { describe, expect, it } from "vitest";
import type { RunLogDto } from "@/lib/services/runs/run-dto";
import { advanceSyncedSeq, MAX_CONSOLE_LINES, planLogCatchUp } from "@/lib/runs-view/log-lines";
import { initRunDetail, runDetailReducer, type RunDetailState } from "@/lib/runs-view/run-detail-state";
import { progress, run } from "./fixtures";

const log = (seq: number, text = `line ${seq}`): RunLogDto => ({ seq, stream: "stdout", level: null, text, at: "2026-11-26T10:00:00.000Z" });
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => log(from + i));
const seqs = (state: RunDetailState) => state.lines.map((l) => l.seq);

describe("advanceSyncedSeq", () => {
  it("walks forward over consecutive lines and stops at a gap", () => {
    const lines = [1, 2, 3, 7, 8].map((seq) => ({ seq }));
    expect(advanceSyncedSeq(lines, 0)).toBe(3);
    expect(advanceSyncedSeq(lines, 3)).toBe(3);
    expect(advanceSyncedSeq(lines, 6)).toBe(8);
    expect(advanceSyncedSeq([], 5)).toBe(5);
  });
});

describe("runDetailReducer: console", () => {
  const start = () => initRunDetail({ run: run(1, { status: "running", lastLogSeq: 3 }), lines: range(1, 3), queueLength: 0 });

  it("appends live lines and tracks the newest sequence number", () => {
    const state = runDetailReducer(start(), { type: "run:logs", runId: 1, lines: range(4, 5) });
    expect(seqs(state)).toEqual([1, 2, 3, 4, 5]);
    expect(state.syncedSeq).toBe(5);
    expect(state.run.lastLogSeq).toBe(5);
  });

  it("ignores another run's lines and lines it already has", () => {
    const initial = start();
    expect(runDetailReducer(initial, { type: "run:logs", runId: 2, lines: range(4, 5) })).toBe(initial);
    expect(runDetailReducer(initial, { type: "run:logs", runId: 1, lines: range(1, 3) })).toBe(initial);
  });

  it("after a network drop, catches up from the gap and shows every line exactly once", () => {
    // Lines 4–6 were published while we were offline; 7–8 arrive live right after reconnecting.
    let state = runDetailReducer(start(), { type: "run:logs", runId: 1, lines: range(7, 8) });
    expect(state.syncedSeq).toBe(3);
    const plan = planLogCatchUp(state.syncedSeq, 8);
    expect(plan).toEqual({ kind: "after", after: 3 });
    // The catch-up fetch returns 4–8, overlapping the live lines.
    state = runDetailReducer(state, { type: "run:logs", runId: 1, lines: range(4, 8) });
    expect(seqs(state)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(state.syncedSeq).toBe(8);
  });

  it("treats lines missed before the first live batch as a gap too", () => {
    const empty = initRunDetail({ run: run(1, { status: "queued" }), lines: [], queueLength: 1 });
    const state = runDetailReducer(empty, { type: "run:logs", runId: 1, lines: range(5, 6) });
    expect(state.syncedSeq).toBe(0);
    expect(planLogCatchUp(state.syncedSeq, 6)).toEqual({ kind: "after", after: 0 });
  });

  it("keeps the newest lines only", () => {
    const big = initRunDetail({ run: run(1, { status: "running" }), lines: range(1, MAX_CONSOLE_LINES), queueLength: 0 });
    const state = runDetailReducer(big, { type: "run:logs", runId: 1, lines: range(MAX_CONSOLE_LINES + 1, MAX_CONSOLE_LINES + 10) });
    expect(state.lines).toHaveLength(MAX_CONSOLE_LINES);
    expect(state.lines[0].seq).toBe(11);
    expect(state.syncedSeq).toBe(MAX_CONSOLE_LINES + 10);
  });

  it("replaces everything with the tail after a very long gap", () => {
    const state = runDetailReducer(start(), { type: "logs:tail", lines: range(9000, 9002) });
    expect(seqs(state)).toEqual([9000, 9001, 9002]);
    expect(state.syncedSeq).toBe(9002);
  });

  it("parses colours once", () => {
    const state = runDetailReducer(start(), { type: "run:logs", runId: 1, lines: [log(4, "\x1b[31mboom\x1b[0m")] });
    expect(state.lines[3]).toMatchObject({ plain: "boom", segments: [{ text: "boom", fg: "248, 113, 113" }] });
  });
});

describe("runDetailReducer: run", () => {
  it("applies updates without going backwards and keeps the newest log sequence", () => {
    let state = initRunDetail({ run: run(1, { status: "running", lastLogSeq: 10 }), lines: [], queueLength: 0 });
    state = runDetailReducer(state, { type: "run:updated", run: run(1, { status: "cancelled", lastLogSeq: 8, reason: "Cancelled by user" }) });
    expect(state.run).toMatchObject({ status: "cancelled", lastLogSeq: 10, reason: "Cancelled by user" });
    const same = runDetailReducer(state, { type: "run:updated", run: run(1, { status: "running" }) });
    expect(same).toBe(state);
  });

  it("applies progress", () => {
    const state = initRunDetail({ run: run(1, { status: "running" }), lines: [], queueLength: 0 });
    expect(runDetailReducer(state, { type: "run:progress", event: { runId: 1, progress: progress(55) } }).run.progress?.percent).toBe(55);
  });

  it("follows the run's place in the queue", () => {
    const state = initRunDetail({ run: run(4, { status: "queued", queuePosition: 3 }), lines: [], queueLength: 3 });
    const next = runDetailReducer(state, { type: "queue:changed", positions: { "4": 1, "5": 2 } });
    expect(next.run.queuePosition).toBe(1);
    expect(next.queueLength).toBe(2);
    expect(runDetailReducer(next, { type: "queue:changed", positions: { "4": 1, "5": 2 } })).toBe(next);
  });
});
