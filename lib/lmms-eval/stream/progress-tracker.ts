import { RUN_PHASES, type RunPhase, type StoredProgress } from "@/db/schema/json-shapes";
import { parseLoguruLine } from "./loguru";
import type { SegmentTerminator } from "./line-splitter";
import { parseTqdmFrame, type TqdmFrame } from "./tqdm";

export type StreamName = "stdout" | "stderr";

export type FailureEvidence = {
  sawEvaluationError: boolean;
  /** Message of the last `ERROR … Error during evaluation: …` loguru record (docs/LMMS-EVAL-BEHAVIOUR.md §exit-codes). */
  errorLine: string | null;
  /** Last `Traceback (most recent call last):` block on stderr, through its exception line. */
  lastTraceback: string | null;
  /** Last stderr line that is neither a progress frame nor part of a traceback (argparse and `python -m` errors). */
  lastStderrLine: string | null;
};


// Phase weights (§phases): setup 10 %, contexts 5 %, inference 75 %, postprocessing 10 %.
const SETUP_END = 10;
const BUILDING_END = 15;
const INFERENCE_END = 90;
const POSTPROCESSING_END = 100;
const BEFORE_FINISHED = 99;

// Milestones inside setup, in the order lmms-eval logs them (§phases).
const SETUP_MILESTONES: Array<[RegExp, number]> = [
  [/^Verbosity set to /, 1],
  [/^Evaluation tracker args: /, 2],
  [/^Selected Tasks: /, 4],
  [/^Setting random seed to |^Setting numpy seed to /, 5],
  [/^Running on rank \d+ /, SETUP_END],
];

const TRACEBACK_HEADER = "Traceback (most recent call last):";
const MAX_TRACEBACK_LINES = 400;
/** Exception lines kept from a chained traceback (`The above exception was the direct cause …`). */
const MAX_EXCEPTION_LINES = 20;
// lmms-eval wraps dataset loading and process_results in tenacity retries; what it then logs is only the wrapper:
// `Error during evaluation: RetryError[<Future at 0x7f… state=finished raised FileNotFoundError>]` (real 0.7.3 runs,
// docs/LMMS-EVAL-REAL.md). The wrapped exception's own line is in the chained traceback on stderr.
const RETRY_WRAPPER = /RetryError\[<Future at 0x[0-9a-f]+ state=finished raised ([\w.]+)>\]/;
// lmms-eval 0.7's unwrap_generation_output str()s every loglikelihood answer `(logprob, is_greedy)`, so
// ConfigurableTask.process_results fails on `lls, is_greedy = zip(*results)` for every multiple_choice task.
const LOGLIKELIHOOD_REGRESSION = /^ValueError: too many values to unpack \(expected 2\)/;
const LOGLIKELIHOOD_HINT =
  "lmms-eval 0.7.x cannot score loglikelihood (multiple_choice) tasks: it turns each (log-likelihood, is_greedy) answer into a string before scoring (a v0.7 regression, see docs/LMMS-EVAL-REAL.md)";
// 127 backends use exactly `Model Responding`; others: `Multi-round Responding`, `NanoVLM Responding`, … (§phases).
const INFERENCE_BAR = /Responding/;
// tqdm frames without a known total end in `[elapsed, rate…]`, e.g. `Generating test split: 6 examples [00:00, …]`.
const UNKNOWN_TOTAL_BAR = /\[[\d:]+, [^\]]*\]\s*$/;

// Evidence ends up in run records and UI messages; a runaway line must not.
const MAX_EVIDENCE_LINE_LENGTH = 2000;

function truncate(line: string): string {
  return line.length > MAX_EVIDENCE_LINE_LENGTH ? `${line.slice(0, MAX_EVIDENCE_LINE_LENGTH)}…` : line;
}

function parseSelectedTasks(listText: string): string[] {
  return [...listText.matchAll(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g)].map((match) => match[1] ?? match[2]);
}

/**
 * Turns lmms-eval's console output into a live progress estimate and failure evidence.
 * Feed every ANSI-stripped segment from both streams, in arrival order.
 */
export class ProgressTracker {
  private phase: RunPhase = "starting";
  private percent = 0;
  private selectedTasks: string[] = [];
  private builtTasks: string[] = [];
  private requestType: string | null = null;
  private currentBar: TqdmFrame | null = null;
  private finishedPostprocessingBars = 0;
  private postprocessingTask: string | null = null;
  private sawEvaluationError = false;
  private errorLine: string | null = null;
  private lastTraceback: string | null = null;
  private tracebackLines: string[] | null = null;
  private lastStderrLine: string | null = null;
  private exceptionLines: string[] = [];
  private readonly requestTypes = new Set<string>();

  feed(stream: StreamName, plainText: string, terminator: SegmentTerminator): void {
    if (stream === "stdout") this.feedStdout(plainText);
    else this.feedStderr(plainText, terminator);
  }

  /** Called by the runner once the process exited and a `*_results.json` was found (§phases). */
  markFinished(): void {
    this.phase = "finished";
    this.percent = 100;
    this.currentBar = null;
  }

  /** Exactly what the runs table stores and the API returns as a run's progress. */
  snapshot(): StoredProgress {
    const bar = this.currentBar;
    return {
      phase: this.phase,
      task: this.currentTask(),
      tasks: [...this.selectedTasks],
      requestType: this.requestType,
      n: bar?.n ?? null,
      total: bar?.total ?? null,
      rate: bar?.rate ?? null,
      etaSeconds: bar?.etaSeconds ?? null,
      percent: this.percent,
    };
  }

  evidence(): FailureEvidence {
    return {
      sawEvaluationError: this.sawEvaluationError,
      errorLine: this.explainedErrorLine(),
      lastTraceback: this.tracebackLines ? this.tracebackLines.join("\n") : this.lastTraceback,
      lastStderrLine: this.lastStderrLine,
    };
  }

  private feedStdout(line: string): void {
    const record = parseLoguruLine(line);
    if (!record) return;
    const { message, level } = record;
    if (level === "ERROR" && message.startsWith("Error during evaluation")) {
      this.sawEvaluationError = true;
      this.errorLine = message;
      return;
    }
    // vllm/sglang log their progress instead of drawing a bar when stderr is not a TTY (§phases).
    const loggedProgress = message.startsWith("[rank ") ? parseTqdmFrame(message) : null;
    if (loggedProgress && INFERENCE_BAR.test(loggedProgress.desc ?? "")) {
      this.onInferenceFrame(loggedProgress);
      return;
    }
    const selected = /^Selected Tasks: \[(.*)\]$/.exec(message);
    if (selected) this.selectedTasks = parseSelectedTasks(selected[1]);

    const building = /^Building contexts for (.+) on rank \d+\.\.\.$/.exec(message);
    if (building) {
      this.enterPhase("building");
      this.builtTasks.push(building[1]);
      this.currentBar = null;
      this.raisePercent(this.buildingPercent(0));
      return;
    }
    const running = /^Running (\S+) requests$/.exec(message);
    if (running) {
      this.enterPhase("inference");
      this.requestType = running[1];
      this.requestTypes.add(running[1]);
      this.raisePercent(BUILDING_END);
      return;
    }
    if (message === "Saving results aggregated" || message.startsWith("Saving samples to ")) {
      this.enterPhase("saving");
      this.raisePercent(BEFORE_FINISHED);
      return;
    }
    for (const [pattern, milestone] of SETUP_MILESTONES) {
      if (pattern.test(message)) {
        this.enterPhase("loading");
        this.raisePercent(milestone);
      }
    }
  }

  private feedStderr(segment: string, terminator: SegmentTerminator): void {
    if (this.collectTraceback(segment)) return;
    const frame = parseTqdmFrame(segment);
    if (!frame) {
      if (segment.trim() !== "" && !UNKNOWN_TOTAL_BAR.test(segment)) this.lastStderrLine = truncate(segment.trim());
      return;
    }
    // tqdm ends a bar with "\n" (close) and redraws it with "\r" (§tqdm).
    const barClosed = terminator !== "\r";
    if (INFERENCE_BAR.test(frame.desc ?? "")) {
      this.onInferenceFrame(frame);
    } else if (frame.desc === "Postprocessing") {
      this.enterPhase("postprocessing");
      this.currentBar = frame;
      // Postprocessing bars come one per task, in build order (§phases).
      this.postprocessingTask = this.builtTasks[this.finishedPostprocessingBars] ?? null;
      const leafTasks = Math.max(this.builtTasks.length, 1);
      const fraction = (this.finishedPostprocessingBars + frame.n / Math.max(frame.total, 1)) / leafTasks;
      this.raisePercent(INFERENCE_END + (POSTPROCESSING_END - INFERENCE_END) * Math.min(fraction, 1));
      if (barClosed) this.finishedPostprocessingBars += 1;
    } else if (frame.desc === null && this.phase === "building") {
      // Unlabeled bars belong to the preceding `Building contexts for <task>` line (§phases).
      this.currentBar = frame;
      this.raisePercent(this.buildingPercent(frame.n / Math.max(frame.total, 1)));
    } else if (this.phase === "starting" || this.phase === "loading") {
      // Dataset download/preparation bars: shown as counts, not weighted.
      this.enterPhase("loading");
      this.currentBar = frame;
    }
  }

  private onInferenceFrame(frame: TqdmFrame): void {
    this.enterPhase("inference");
    this.currentBar = frame;
    this.raisePercent(BUILDING_END + (INFERENCE_END - BUILDING_END) * (frame.n / Math.max(frame.total, 1)));
  }

  private buildingPercent(currentBarFraction: number): number {
    const expectedTasks = Math.max(this.selectedTasks.length, this.builtTasks.length, 1);
    const fraction = (this.builtTasks.length - 1 + currentBarFraction) / expectedTasks;
    return SETUP_END + (BUILDING_END - SETUP_END) * Math.min(Math.max(fraction, 0), 1);
  }

  private currentTask(): string | null {
    if (this.phase === "building") return this.builtTasks.at(-1) ?? null;
    if (this.phase === "postprocessing") return this.postprocessingTask;
    return null;
  }

  /** Returns true when the segment belongs to a traceback block. */
  private collectTraceback(segment: string): boolean {
    const headerAt = segment.indexOf(TRACEBACK_HEADER);
    if (headerAt >= 0) {
      // A traceback printed right after an unclosed tqdm frame shares its segment: keep only the traceback.
      this.tracebackLines = [segment.slice(headerAt)];
      return true;
    }
    if (!this.tracebackLines) return false;
    if (/^\s/.test(segment) || segment === "") {
      if (this.tracebackLines.length < MAX_TRACEBACK_LINES) this.tracebackLines.push(segment);
      return true;
    }
    // The first unindented line is the exception (`ValueError: …`, `KeyboardInterrupt`): the block ends there.
    this.tracebackLines.push(segment);
    this.exceptionLines.push(truncate(segment.trim()));
    if (this.exceptionLines.length > MAX_EXCEPTION_LINES) this.exceptionLines.shift();
    this.lastTraceback = this.tracebackLines.join("\n");
    this.tracebackLines = null;
    return true;
  }

  /**
   * The `Error during evaluation` message, with a tenacity `RetryError[…]` wrapper replaced by the exception it
   * wrapped (taken from the chained traceback) and a known lmms-eval regression named.
   */
  private explainedErrorLine(): string | null {
    const line = this.errorLine;
    const wrapped = line ? RETRY_WRAPPER.exec(line) : null;
    if (!line || !wrapped) return line;
    const typeName = wrapped[1].split(".").pop() ?? wrapped[1];
    const cause = [...this.exceptionLines].reverse().find((exception) => new RegExp(`^(?:[\\w.]+\\.)?${typeName}(?::|$)`).test(exception));
    if (!cause) return line;
    const hint = LOGLIKELIHOOD_REGRESSION.test(cause) && this.requestTypes.has("loglikelihood") ? `. ${LOGLIKELIHOOD_HINT}` : "";
    return `Error during evaluation: ${cause} (lmms-eval retried, then gave up: ${wrapped[0]})${hint}`;
  }

  private enterPhase(phase: RunPhase): void {
    if (RUN_PHASES.indexOf(phase) > RUN_PHASES.indexOf(this.phase)) {
      this.phase = phase;
      this.currentBar = null;
    }
  }

  private raisePercent(candidate: number): void {
    if (this.phase === "finished") return;
    this.percent = Math.max(this.percent, Math.min(candidate, BEFORE_FINISHED));
  }
}
