// The stream parsers over consoles the REAL lmms-eval 0.7.3 printed (tests/fixtures/lmms-eval-real), and the stand-in
// held to the same outcomes for the failures the real one showed.
import type { StoredProgress } from "@/db/schema";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createLineSplitter, judgeOutcome, ProgressTracker, stripAnsi, type StreamName } from "@/lib/lmms-eval/stream";
import { makeOutputDir, runStandin } from "./run-standin";

const REAL = path.join(import.meta.dirname, "../../fixtures/lmms-eval-real");
const REAL_TASKS = path.join(import.meta.dirname, "../../real/tasks");

type Chunk = [StreamName, string];

/** Feeds chunks the way RunExecution does: one line splitter per stream, ANSI stripped, in arrival order. */
function replay(chunks: Chunk[]): { tracker: ProgressTracker; snapshots: StoredProgress[] } {
  const tracker = new ProgressTracker();
  const snapshots: StoredProgress[] = [];
  const splitters = Object.fromEntries(
    (["stdout", "stderr"] as const).map((stream) => [
      stream,
      createLineSplitter((text, terminator) => {
        tracker.feed(stream, stripAnsi(text), terminator);
        snapshots.push(tracker.snapshot());
      }),
    ]),
  ) as Record<StreamName, ReturnType<typeof createLineSplitter>>;
  for (const [stream, text] of chunks) splitters[stream].push(Buffer.from(text, "utf8"));
  splitters.stdout.end();
  splitters.stderr.end();
  return { tracker, snapshots };
}

const recorded = (name: string): Chunk[] =>
  readFileSync(path.join(REAL, "console", name), "utf8").trimEnd().split("\n").map((line) => JSON.parse(line) as Chunk);

/** Separately captured streams: the traceback (stderr) is printed before the `Error during evaluation` record. */
const captured = (prefix: string): Chunk[] => [
  ["stderr", readFileSync(path.join(REAL, `${prefix}stderr.txt`), "utf8")],
  ["stdout", readFileSync(path.join(REAL, `${prefix}stdout.ansi.txt`), "utf8")],
];

const PHASES = ["starting", "loading", "building", "inference", "postprocessing", "saving", "finished"];

describe("real console: openai backend with a slow mock (arrival order recorded)", () => {
  const { tracker, snapshots } = replay(recorded("openai_slow.chunks.jsonl"));

  it("walks the phases in order and never lowers the percentage", () => {
    const phases = snapshots.map((s) => s.phase).filter((phase, i, all) => phase !== all[i - 1]);
    expect(phases).toEqual(["loading", "building", "inference", "postprocessing", "saving"]);
    const percents = snapshots.map((s) => s.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(snapshots.map((s) => s.tasks).at(-1)).toEqual(["dash_color_vqa"]);
  });

  it("reads every `Model Responding` frame: n/total, rate, ETA, with the `tokens=` postfix", () => {
    const inference = snapshots.filter((s) => s.phase === "inference" && s.total !== null);
    expect(new Set(inference.map((s) => s.total))).toEqual(new Set([24]));
    expect([...new Set(inference.map((s) => s.n))]).toEqual(Array.from({ length: 25 }, (_, i) => i));
    // The bar's first frame reaches stderr before `Running generate_until requests` reaches stdout, but a `\r` frame
    // is only complete when the next `\r` arrives, and by then the request type is known.
    expect(inference.every((s) => s.requestType === "generate_until")).toBe(true);
    const middle = inference.find((s) => s.n === 12)!;
    expect(middle.rate).toBeCloseTo(3.95, 2);
    expect(middle.etaSeconds).toBe(3);
    expect(middle.percent).toBeCloseTo(15 + 75 * 0.5, 5);
  });

  it("ends in `saving` at 99 % with no failure evidence; the outcome is a success once the results file exists", () => {
    expect(tracker.snapshot()).toMatchObject({ phase: "saving", percent: 99 });
    expect(tracker.evidence()).toEqual({ sawEvaluationError: false, errorLine: null, lastTraceback: null, lastStderrLine: null });
    expect(judgeOutcome({ exitCode: 0, signal: null, resultsFiles: ["x_results.json"], evidence: tracker.evidence(), cancelled: false })).toEqual({ status: "succeeded", reason: null });
  });
});

describe("real console: failures that exit 0", () => {
  const judge = (chunks: Chunk[]) => {
    const { tracker } = replay(chunks);
    return { tracker, outcome: judgeOutcome({ exitCode: 0, signal: null, resultsFiles: [], evidence: tracker.evidence(), cancelled: false }) };
  };

  it("multiple_choice: names the ValueError behind tenacity's RetryError and the v0.7 loglikelihood regression", () => {
    const { tracker, outcome } = judge(recorded("multiple_choice.chunks.jsonl"));
    expect(tracker.snapshot().requestType).toBe("loglikelihood");
    expect(outcome.status).toBe("failed");
    expect(outcome.reason).toMatch(
      /^Error during evaluation: ValueError: too many values to unpack \(expected 2\) \(lmms-eval retried, then gave up: RetryError\[<Future at 0x[0-9a-f]+ state=finished raised ValueError>\]\)\. lmms-eval 0\.7\.x cannot score loglikelihood \(multiple_choice\) tasks: /,
    );
    // The raw line only says RetryError; the traceback chain holds the real exception.
    expect(tracker.evidence().lastTraceback).toMatch(/tenacity\.RetryError: RetryError\[<Future at 0x[0-9a-f]+ state=finished raised ValueError>\]$/);
  });

  it("missing data file: the FileNotFoundError with the path lmms-eval looked at", () => {
    const { outcome } = judge(captured("failures/missing_data_file."));
    expect(outcome).toEqual({
      status: "failed",
      reason: expect.stringMatching(/^Error during evaluation: FileNotFoundError: Unable to find '\/srv\/dashboard\/runs\/5\/this_file_does_not_exist\.jsonl' \(lmms-eval retried, then gave up: RetryError\[<Future at 0x[0-9a-f]+ state=finished raised FileNotFoundError>\]\)$/),
    });
  });

  it("unknown task: lmms-eval's own message, unchanged", () => {
    const { outcome } = judge(captured("failures/unknown_task."));
    expect(outcome.reason).toBe(
      "Error during evaluation: Tasks not found: no_such_task_xyz. Try `lmms-eval --tasks {list_groups,list_subtasks,list_tags,list}` to list out all available names for task groupings; only (sub)tasks; tags; or all of the above, or pass '--verbosity DEBUG' to troubleshoot task registration issues.",
    );
  });

  it("a RetryError whose cause is not in the console is reported as printed", () => {
    const tracker = new ProgressTracker();
    tracker.feed("stdout", "2026-11-26 21:34:23 | ERROR    | lmms_eval.__main__:cli_evaluate:614 - Error during evaluation: RetryError[<Future at 0x7f95 state=finished raised OSError>]. Please set `--verbosity=DEBUG` to get more information.", "\n");
    expect(tracker.evidence().errorLine).toBe("Error during evaluation: RetryError[<Future at 0x7f95 state=finished raised OSError>]. Please set `--verbosity=DEBUG` to get more information.");
  });
});

describe("real console: dummy model success", () => {
  it("reaches saving without inference bars (dummy draws none) and logs `Postprocessed … with 4 worker(s)`", () => {
    const chunks = captured("dummy_toy_qa/");
    const { tracker, snapshots } = replay([chunks[1], chunks[0]]);
    expect(chunks[1][1]).toMatch(/Postprocessed 6 docs for dash_toy_qa\/none with 4 worker\(s\) in [\d.]+s/);
    expect(snapshots.some((s) => s.total !== null && s.phase === "inference")).toBe(false);
    expect(tracker.evidence().sawEvaluationError).toBe(false);
    expect(judgeOutcome({ exitCode: 0, signal: null, resultsFiles: ["r_results.json"], evidence: tracker.evidence(), cancelled: false }).status).toBe("succeeded");
  });
});

describe("the stand-in fails the way the real lmms-eval does", () => {
  const normalise = (reason: string | null) => (reason ?? "").replace(/0x[0-9a-f]+/g, "0x…").replace(/'[^']*this_file_does_not_exist\.jsonl'/, "'…/this_file_does_not_exist.jsonl'");
  const standinReason = async (args: string[]) => {
    const outputDir = makeOutputDir();
    const run = await runStandin(["eval", "--model", "dummy", "--model_args", "response=A", "--include_path", REAL_TASKS, ...args, "--log_samples", "--output_path", outputDir], outputDir);
    expect(run.exitCode).toBe(0);
    expect(run.resultsFiles).toEqual([]);
    return judgeOutcome({ exitCode: run.exitCode, signal: run.signal, resultsFiles: run.resultsFiles, evidence: run.tracker.evidence(), cancelled: false }).reason;
  };
  const realReason = (chunks: Chunk[]) => {
    const { tracker } = replay(chunks);
    return judgeOutcome({ exitCode: 0, signal: null, resultsFiles: [], evidence: tracker.evidence(), cancelled: false }).reason;
  };

  it("multiple_choice task", async () => {
    expect(normalise(await standinReason(["--tasks", "dash_mcq"]))).toBe(normalise(realReason(recorded("multiple_choice.chunks.jsonl"))));
  });

  it("missing data file", async () => {
    expect(normalise(await standinReason(["--tasks", "dash_missing_data"]))).toBe(normalise(realReason(captured("failures/missing_data_file."))));
  });

  it("unknown task", async () => {
    const reason = await standinReason(["--tasks", "no_such_task_xyz"]);
    expect(reason).toBe(realReason(captured("failures/unknown_task.")));
  });
});

it("phase names used above are the tracker's own", () => {
  const tracker = new ProgressTracker();
  expect(PHASES).toContain(tracker.snapshot().phase);
});
