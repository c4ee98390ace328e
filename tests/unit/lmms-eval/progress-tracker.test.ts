import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import type { RunPhase, StoredProgress } from "@/db/schema";
import { createLineSplitter, ProgressTracker, stripAnsi, type SegmentTerminator } from "@/lib/lmms-eval/stream";

import { FIXTURES_DIR, makeOutputDir, runStandin } from "./run-standin";

const PHASES: RunPhase[] = ["starting", "loading", "building", "inference", "postprocessing", "saving", "finished"];

type Segment = [string, SegmentTerminator];

function segmentsOf(raw: string): Segment[] {
  const segments: Segment[] = [];
  const splitter = createLineSplitter((text, terminator) => segments.push([stripAnsi(text), terminator]));
  splitter.push(Buffer.from(raw, "utf8"));
  splitter.end();
  return segments;
}

/** Groups stderr segments into bars: each tqdm bar ends with the "\n" written by close(). */
function barsOf(segments: Segment[]): Segment[][] {
  const bars: Segment[][] = [[]];
  for (const segment of segments) {
    bars.at(-1)!.push(segment);
    if (segment[1] === "\n") bars.push([]);
  }
  return bars.filter((bar) => bar.some(([text]) => text !== ""));
}

function expectMonotonic(snapshots: StoredProgress[]) {
  for (let i = 1; i < snapshots.length; i++) {
    expect(snapshots[i].percent).toBeGreaterThanOrEqual(snapshots[i - 1].percent);
    expect(PHASES.indexOf(snapshots[i].phase)).toBeGreaterThanOrEqual(PHASES.indexOf(snapshots[i - 1].phase));
  }
}

describe("ProgressTracker over the fixture A transcripts", () => {
  const stdout = segmentsOf(readFileSync(path.join(FIXTURES_DIR, "A_openai_mme_ai2d/console_stdout.ansi.txt"), "utf8"));
  const bars = barsOf(segmentsOf(readFileSync(path.join(FIXTURES_DIR, "A_openai_mme_ai2d/console_stderr.txt"), "utf8")));
  const stdoutIndex = (prefix: string) => stdout.findIndex(([text]) => text.includes(prefix));

  it("has the bars the interleaving below assumes", () => {
    expect(bars.map((bar) => bar.at(-1)![0].split(":")[0])).toEqual([
      "Generating test split",
      "Generating test split",
      "100%|██████████| 2374/2374 [00",
      "100%|██████████| 3088/3088 [00",
      "Model Responding",
      "Postprocessing",
      "Postprocessing",
    ]);
  });

  it("follows the phases, tasks and weighted percent of a real run", () => {
    const tracker = new ProgressTracker();
    const snapshots: StoredProgress[] = [];
    const feedStdout = (from: number, to: number) => stdout.slice(from, to).forEach(([text, t]) => (tracker.feed("stdout", text, t), snapshots.push(tracker.snapshot())));
    const feedBar = (bar: Segment[], each?: (progress: StoredProgress, text: string) => void) =>
      bar.forEach(([text, t]) => {
        tracker.feed("stderr", text, t);
        snapshots.push(tracker.snapshot());
        if (text !== "") each?.(tracker.snapshot(), text);
      });

    // Streams interleaved as lmms-eval produces them (docs/LMMS-EVAL-BEHAVIOUR.md §phases): setup logs, dataset bars, then one bar per log marker.
    feedStdout(0, stdoutIndex("Running on rank"));
    expect(tracker.snapshot()).toMatchObject({ phase: "loading", tasks: ["ai2d", "mme"], task: null });
    feedBar(bars[0]);
    feedBar(bars[1]);
    expect(tracker.snapshot()).toMatchObject({ phase: "loading", n: 3088, total: 3088 });
    expect(tracker.snapshot().percent).toBeLessThanOrEqual(10);

    feedStdout(stdoutIndex("Running on rank"), stdoutIndex("Building contexts for ai2d"));
    feedBar(bars[2], (progress) => expect(progress).toMatchObject({ phase: "building", task: "mme" }));
    feedStdout(stdoutIndex("Building contexts for ai2d"), stdoutIndex("Running generate_until"));
    feedBar(bars[3], (progress) => expect(progress).toMatchObject({ phase: "building", task: "ai2d" }));
    expect(tracker.snapshot().percent).toBeCloseTo(15);

    feedStdout(stdoutIndex("Running generate_until"), stdoutIndex("Metric summary"));
    expect(tracker.snapshot()).toMatchObject({ phase: "inference", requestType: "generate_until" });
    feedBar(bars[4], (progress, text) => {
      if (text.includes("2458/5462")) {
        expect(progress).toMatchObject({ phase: "inference", task: null, n: 2458, total: 5462, rate: 14.22, etaSeconds: 211 });
        expect(progress.percent).toBeCloseTo(15 + 75 * (2458 / 5462));
      }
    });

    feedStdout(stdoutIndex("Metric summary"), stdoutIndex("Metric summary") + 1);
    feedBar(bars[5], (progress) => expect(progress).toMatchObject({ phase: "postprocessing", task: "mme", total: 2374 }));
    expect(tracker.snapshot().percent).toBeCloseTo(95);
    feedBar(bars[6], (progress) => expect(progress).toMatchObject({ phase: "postprocessing", task: "ai2d", total: 3088 }));

    feedStdout(stdoutIndex("Metric summary") + 1, stdout.length);
    expect(tracker.snapshot()).toMatchObject({ phase: "saving", percent: 99 });
    expect(tracker.evidence()).toEqual({ sawEvaluationError: false, errorLine: null, lastTraceback: null, lastStderrLine: null });

    tracker.markFinished();
    snapshots.push(tracker.snapshot());
    expect(tracker.snapshot()).toMatchObject({ phase: "finished", percent: 100 });
    expectMonotonic(snapshots);
  });
});

describe("ProgressTracker evidence", () => {
  it("records the Error during evaluation line and the traceback printed after an unclosed bar", () => {
    const tracker = new ProgressTracker();
    tracker.feed("stderr", "Model Responding:  50%|█████     | 6/12 [00:01<00:01,  4.99it/s]Traceback (most recent call last):", "\n");
    tracker.feed("stderr", '  File "/x/evaluator.py", line 186, in simple_evaluate', "\n");
    tracker.feed("stderr", "    responses = lm.generate_until(requests)", "\n");
    tracker.feed("stderr", "                ^^^^^^^^^^^^^^^^^^^^^^^^^^^", "\n");
    tracker.feed("stderr", "RuntimeError: backend exploded", "\n");
    tracker.feed("stdout", "2026-08-06 10:15:02 | ERROR    | lmms_eval.__main__:cli_evaluate:597 - Error during evaluation: backend exploded. Please set `--verbosity=DEBUG` to get more information.", "\n");
    expect(tracker.evidence()).toEqual({
      sawEvaluationError: true,
      errorLine: "Error during evaluation: backend exploded. Please set `--verbosity=DEBUG` to get more information.",
      lastTraceback: [
        "Traceback (most recent call last):",
        '  File "/x/evaluator.py", line 186, in simple_evaluate',
        "    responses = lm.generate_until(requests)",
        "                ^^^^^^^^^^^^^^^^^^^^^^^^^^^",
        "RuntimeError: backend exploded",
      ].join("\n"),
      lastStderrLine: null,
    });
  });

  it("keeps the last block of a chained traceback and ignores ERROR lines of other kinds", () => {
    const tracker = new ProgressTracker();
    for (const line of ["Traceback (most recent call last):", '  File "a.py", line 1, in f', "KeyError: 'x'", "", "During handling of the above exception, another exception occurred:", "", "Traceback (most recent call last):", '  File "b.py", line 2, in g', "ValueError: second"]) {
      tracker.feed("stderr", line, "\n");
    }
    tracker.feed("stdout", "2026-08-06 10:15:02 | ERROR    | lmms_eval.__main__:cli_evaluate_single:720 - Tasks were not found: nope", "\n");
    expect(tracker.evidence()).toMatchObject({ sawEvaluationError: false, errorLine: null, lastTraceback: 'Traceback (most recent call last):\n  File "b.py", line 2, in g\nValueError: second' });
  });

  it("reports an unfinished traceback (process killed while printing) and the last plain stderr line", () => {
    const tracker = new ProgressTracker();
    tracker.feed("stderr", "usage: __main__.py [-h] [--config CONFIG]", "\n");
    tracker.feed("stderr", "__main__.py: error: unrecognized arguments: --bogus", "\n");
    tracker.feed("stderr", "Generating test split: 6 examples [00:00, 1170.90 examples/s]", "\n");
    expect(tracker.evidence().lastStderrLine).toBe("__main__.py: error: unrecognized arguments: --bogus");
    tracker.feed("stderr", "Traceback (most recent call last):", "\n");
    tracker.feed("stderr", '  File "a.py", line 1, in f', "eof");
    expect(tracker.evidence().lastTraceback).toBe('Traceback (most recent call last):\n  File "a.py", line 1, in f');
  });

  it("digests a 10 MB segment without terminators quickly", () => {
    const tracker = new ProgressTracker();
    const started = performance.now();
    tracker.feed("stderr", "Model Responding: [".repeat(500_000), "eof");
    tracker.feed("stdout", "x".repeat(10_000_000), "eof");
    expect(performance.now() - started).toBeLessThan(1000);
    expect(tracker.snapshot().phase).toBe("starting");
    expect(tracker.evidence().lastStderrLine).toHaveLength(2001);
  });

  it("never reaches 100 percent before markFinished", () => {
    const tracker = new ProgressTracker();
    tracker.feed("stderr", "Postprocessing: 100%|██████████| 12/12 [00:00<00:00, 9.5it/s]", "\n");
    tracker.feed("stdout", "2026-08-06 10:15:02 | INFO     | lmms_eval.loggers.evaluation_tracker:save_results_aggregated:187 - Saving results aggregated", "\n");
    expect(tracker.snapshot().percent).toBe(99);
  });
});

describe("ProgressTracker over live stand-in runs", () => {
  it("walks every phase of a chat-model run with monotonic percent", async () => {
    const run = await runStandin(["eval", "--model", "standin", "--model_args", "model=org/tiny", "--tasks", "mme,ai2d", "--output_path", makeOutputDir()], null);
    expect(run.exitCode).toBe(0);
    expectMonotonic(run.snapshots);
    const phases = [...new Set(run.snapshots.map((s) => s.phase))];
    expect(phases).toEqual(["loading", "building", "inference", "postprocessing", "saving"]);
    expect(run.snapshots.some((s) => s.phase === "inference" && s.total === 28 && s.n === 28)).toBe(true);
    expect(run.snapshots.filter((s) => s.phase === "postprocessing").map((s) => s.task)).toEqual(expect.arrayContaining(["mme", "ai2d"]));
    expect(run.tracker.snapshot()).toMatchObject({ phase: "saving", percent: 99, tasks: ["ai2d", "mme"] });
  });

  it("reads inference progress from make_progress log lines on stdout (vllm)", async () => {
    const run = await runStandin(["eval", "--model", "vllm", "--model_args", "delay=0.05", "--tasks", "ai2d"], null);
    expect(run.stdout).toContain("[rank 0] Model Responding: done 12/12");
    const inference = run.snapshots.filter((s) => s.phase === "inference" && s.total === 12);
    expect(inference.at(-1)).toMatchObject({ n: 12, total: 12 });
    expect(Math.max(...run.snapshots.map((s) => s.percent))).toBeGreaterThanOrEqual(90);
  });

  it("moves from 15 to postprocessing for the dummy model, which draws no inference bar", async () => {
    const run = await runStandin(["eval", "--model", "dummy", "--tasks", "ai2d"], null);
    expect(run.stderr).not.toContain("Model Responding");
    const inference = run.snapshots.filter((s) => s.phase === "inference");
    expect(inference.length).toBeGreaterThan(0);
    expect(inference.every((s) => s.percent === 15)).toBe(true);
    expect(run.tracker.snapshot().phase).toBe("postprocessing");
  });
});
