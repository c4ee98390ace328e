import fs from "node:fs";
import path from "node:path";
import type { DB } from "../../db/client";
import type { FailureKind, Run } from "../../db/schema";
import type { AppConfig } from "../../lib/config";
import { openJson } from "../../lib/crypto/secret-box";
import { collectSecretValues, maskSecretValues } from "../../lib/lmms-eval/secret-values";
import { createLineSplitter, judgeOutcome, parseLoguruLine, ProgressTracker, stripAnsi, type LineSplitter, type SegmentTerminator } from "../../lib/lmms-eval/stream";
import { EVENTS, rooms, type Publisher } from "../../lib/realtime/events";
import { runFolder } from "../../lib/run-folder";
import { commandFor, withOpenedArgs } from "../../lib/services/runs/create-run";
import { publishRunChanged } from "../../lib/services/runs/publish-run";
import { finishRun, type RunEnding } from "../../lib/services/runs/worker/finish-run";
import { appendRunLogs, recordRunProcess, runListRooms, updateRunProgress, type LogLine } from "../../lib/services/runs/worker/record-run-activity";
import { locateResultFiles } from "../../lib/lmms-eval/ingest";
import { recordSecretUse } from "../../lib/services/audit/record-secret-use";
import { ingestRunFiles } from "../../lib/services/results/ingest-run-files";
import { buildSearchIndex } from "../../lib/services/results/search-index";
import { describeStorageError, openConsoleLog, type ConsoleLog, type OpenConsoleLog } from "./console-log";
import type { ExecutionExit, ExecutionStreams, Executor, StartedExecution } from "./executor";
import { RUN_MARKER_ENV } from "./process-group";

/** Socket events at most ~4 per second per run; the DB copy of progress once a second. */
const PUBLISH_INTERVAL_MS = 250;
const PROGRESS_DB_INTERVAL_MS = 1000;
/** A single stored console line is capped; console.log keeps everything. */
const MAX_LINE_CHARS = 8 * 1024;
/** Dashboard variables that must not leak into lmms-eval's environment. */
const DASHBOARD_ONLY_ENV = ["ADMIN_EMAIL", "ADMIN_PASSWORD", "NEXTAUTH_SECRET", "NEXTAUTH_URL", "DATABASE_PATH", "LMMS_EVAL_CMD", "LMMS_EVAL_INCLUDE_PATHS", "IMPORT_ROOTS", "MEDIA_ROOTS"];

export type ExecutionDeps = {
  db: DB;
  config: Pick<AppConfig, "runsDir" | "lmmsEvalCommand" | "encryptionKey">;
  publisher: Publisher;
  executor: Executor;
  log: (message: string) => void;
  /** Grace periods of a stop (docs/LMMS-EVAL-BEHAVIOUR.md §signals: SIGINT, a grace period, SIGTERM, another, then SIGKILL). */
  stopGrace: { interruptMs: number; terminateMs: number };
  /** Opens a run's console.log (default: a file append); tests inject failing writers. */
  openConsole?: OpenConsoleLog;
};

function findResultsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile() && e.name.endsWith("_results.json"))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

function failureKindOf(ending: { status: string }, exit: { startError: string | null; exitCode: number | null }, sawEvaluationError: boolean, resultsFound: boolean): FailureKind | null {
  if (ending.status !== "failed") return null;
  if (exit.startError) return "spawn_error";
  if (sawEvaluationError) return "evaluation_error";
  if (exit.exitCode === 0 && !resultsFound) return "no_results";
  return "crash";
}

/**
 * One run from spawn to its final state: streams → console.log (secrets masked) + log lines + progress, published to
 * the DB first and socket.io second; the outcome is judged from exit code, results files and the console (lmms-eval
 * exits 0 on most failures).
 */
export class RunExecution {
  private readonly tracker = new ProgressTracker();
  private readonly secrets: string[];
  /** The run with its model args and gen kwargs as typed (sealed in the row): what the argv is built from. */
  private readonly launchArgs: Run;
  private pendingLines: LogLine[] = [];
  private lastPublished = "";
  private lastStoredAt = 0;
  private flushTimer: NodeJS.Timeout | null = null;
  private console: ConsoleLog | null = null;
  private consolePath = "";
  /** Set when console.log could not be written (disk full, I/O error): the run is stopped and fails with this. */
  private storageFailure: string | null = null;
  private started: StartedExecution | null = null;
  private cancelRequested = false;
  /** Set when samples were stored: their search index is built after the run is shown as finished. */
  private ingestId: number | null = null;
  private interruptReason: string | null = null;
  readonly finished: Promise<void>;

  /**
   * `attach`: follow a run that an earlier worker process started and that kept running without it (Slurm): no new
   * process, the console continues where the stored offsets say.
   */
  constructor(
    private readonly run: Run,
    private readonly deps: ExecutionDeps,
    mode: "start" | "attach" = "start",
  ) {
    const env = run.envSealed ? openJson<Record<string, string>>(run.envSealed, deps.config.encryptionKey) : {};
    this.launchArgs = withOpenedArgs(run, deps.config.encryptionKey);
    recordSecretUse({ db: deps.db, run, envNames: Object.keys(env), sealedArgs: run.argsSealed !== null, purpose: mode === "start" ? "launch" : "reattach" });
    this.secrets = collectSecretValues({ env, modelArgs: this.launchArgs.modelArgs, genKwargs: this.launchArgs.params.genKwargs });
    this.finished = mode === "attach" ? this.attach() : this.execute(env);
  }

  /** A user asked to cancel: stop the process group gracefully; the run ends `cancelled`. */
  cancel(): void {
    this.cancelRequested = true;
    void this.started?.stop(this.deps.stopGrace);
  }

  /**
   * The worker itself is stopping: stop quickly and record the run as interrupted — unless the run lives on without
   * the worker (Slurm), which is only detached and followed again by the next worker.
   */
  interrupt(reason: string, grace: { interruptMs: number; terminateMs: number }): void {
    if (this.started?.detach) {
      void this.started.detach();
      return;
    }
    this.interruptReason = reason;
    void this.started?.stop(grace);
  }

  /** Byte streams → line splitters → console/logs/progress; replayed bytes (re-attach) only rebuild the tracker. */
  private streams(): { streams: ExecutionStreams; splitters: Record<"stdout" | "stderr", LineSplitter> } {
    const splitters = {
      stdout: createLineSplitter((text, term) => this.onSegment("stdout", text, term)),
      stderr: createLineSplitter((text, term) => this.onSegment("stderr", text, term)),
    };
    const replay: Record<"stdout" | "stderr", LineSplitter | null> = { stdout: null, stderr: null };
    const endReplay = () => {
      for (const stream of ["stdout", "stderr"] as const) replay[stream]?.end();
      replay.stdout = replay.stderr = null;
    };
    const streams: ExecutionStreams = {
      onData: (stream, chunk, opts) => {
        if (opts?.replay) {
          replay[stream] ??= createLineSplitter((text, term) => this.tracker.feed(stream, stripAnsi(maskSecretValues(text, this.secrets)), term));
          replay[stream].push(chunk);
          return;
        }
        endReplay();
        splitters[stream].push(chunk);
      },
      onChanged: () => {
        try {
          publishRunChanged(this.deps.db, this.deps.publisher, this.run.id);
        } catch (error) {
          this.deps.log(`run #${this.run.id}: could not publish a change (${(error as Error).message})`);
        }
      },
    };
    return { streams, splitters };
  }

  private async execute(env: Record<string, string>): Promise<void> {
    const { db, config, executor } = this.deps;
    const folder = runFolder(config.runsDir, this.run.id);
    const runDir = folder.runDir;
    // Executors that run elsewhere (Slurm) say where the output goes and which command runs there.
    let placement: { runsDir: string; lmmsEvalCommand: string[] };
    try {
      placement = executor.placement?.(this.run) ?? { runsDir: config.runsDir, lmmsEvalCommand: config.lmmsEvalCommand };
    } catch (error) {
      return this.end({ status: "failed", failureKind: "spawn_error", reason: (error as Error).message, exitCode: null, exitSignal: null, resultsPath: null, progress: null });
    }
    const outputDir = runFolder(placement.runsDir, this.run.id).outputDir;
    this.consolePath = folder.consoleLog;
    try {
      fs.mkdirSync(executor.placement ? runDir : outputDir, { recursive: true });
      this.console = (this.deps.openConsole ?? openConsoleLog)(this.consolePath);
    } catch (error) {
      const full = (error as NodeJS.ErrnoException).code === "ENOSPC";
      return this.end({
        status: "failed",
        failureKind: "storage_error",
        reason: full
          ? `${describeStorageError(error, runDir)}; lmms-eval was not started. Free some space and re-run.`
          : `Cannot write the run folder ${runDir}: ${(error as Error).message}. Check that DATA_DIR is writable and the disk is not full.`,
        exitCode: null,
        exitSignal: null,
        resultsPath: null,
        progress: null,
      });
    }

    const argv = commandFor(this.launchArgs, placement);
    const childEnv: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !DASHBOARD_ONLY_ENV.includes(key)) childEnv[key] = value;
    Object.assign(childEnv, env, { PYTHONUNBUFFERED: "1", [RUN_MARKER_ENV]: String(this.run.id) });
    if (this.run.gpuSlot !== null) childEnv.CUDA_VISIBLE_DEVICES = this.run.gpuSlot;

    const { streams, splitters } = this.streams();
    this.systemLine(`$ ${this.run.commandPreview}`);
    if (this.storageFailure) {
      return this.end({ status: "failed", failureKind: "storage_error", reason: `${this.storageFailure}; lmms-eval was not started. Free some space and re-run.`, exitCode: null, exitSignal: null, resultsPath: null, progress: null });
    }
    this.started = executor.start({ runId: this.run.id, argv, env: childEnv, cwd: runDir, runEnv: env }, streams);
    recordRunProcess(db, this.run.id, { pid: this.started.pid, outputDir });
    publishRunChanged(db, this.deps.publisher, this.run.id);
    this.flushTimer = setInterval(() => this.safeFlush(), PUBLISH_INTERVAL_MS);
    await this.conclude(outputDir, splitters);
  }

  /** Re-attach (worker restart): the console log is appended to, the streams continue from the stored offsets. */
  private async attach(): Promise<void> {
    const { config, executor } = this.deps;
    const folder = runFolder(config.runsDir, this.run.id);
    const runDir = folder.runDir;
    const outputDir = this.run.outputDir ?? folder.outputDir;
    this.consolePath = folder.consoleLog;
    try {
      fs.mkdirSync(runDir, { recursive: true });
      this.console = (this.deps.openConsole ?? openConsoleLog)(this.consolePath);
    } catch (error) {
      this.deps.log(`run #${this.run.id}: cannot append to its console.log (${(error as Error).message}); following without it`);
    }
    if (!executor.attach) {
      return this.end({ status: "failed", failureKind: "interrupted", reason: "Interrupted: this executor cannot follow a run started by another worker.", exitCode: null, exitSignal: null, resultsPath: null, progress: null });
    }
    const { streams, splitters } = this.streams();
    this.systemLine(`Worker restarted: following ${this.run.slurmJobId ? `Slurm job ${this.run.slurmJobId}` : "the run"} again`);
    this.started = executor.attach(this.run, streams);
    publishRunChanged(this.deps.db, this.deps.publisher, this.run.id);
    this.flushTimer = setInterval(() => this.safeFlush(), PUBLISH_INTERVAL_MS);
    await this.conclude(outputDir, splitters);
  }

  /** Waits for the process (or job) to end, judges the outcome, ingests on success and finishes the run. */
  private async conclude(outputDir: string, splitters: Record<"stdout" | "stderr", LineSplitter>): Promise<void> {
    const exit: ExecutionExit = await this.started!.done;
    splitters.stdout.end();
    splitters.stderr.end();
    if (exit.detached) return this.detached();
    if (this.secrets.length && this.started!.maskConsole) {
      try {
        this.started!.maskConsole((text) => maskSecretValues(text, this.secrets));
      } catch (error) {
        this.deps.log(`run #${this.run.id}: could not mask secrets in the job's console files (${(error as Error).message})`);
      }
    }
    const resultsFiles = exit.startError ? [] : findResultsFiles(outputDir);
    const evidence = this.tracker.evidence();
    const outcome = judgeOutcome({ ...exit, resultsFiles, evidence, cancelled: this.cancelRequested && !this.interruptReason });
    const interrupted = this.interruptReason !== null && outcome.status !== "succeeded";
    let ending: RunEnding = {
      status: interrupted ? "failed" : outcome.status,
      failureKind: interrupted ? "interrupted" : failureKindOf(outcome, exit, evidence.sawEvaluationError, resultsFiles.length > 0),
      reason: interrupted ? this.interruptReason : outcome.reason,
      exitCode: exit.exitCode,
      exitSignal: exit.signal,
      resultsPath: resultsFiles.at(-1) ?? null,
      progress: null,
    };
    // The executor's own account (Slurm: time limit, memory, node failure, rejected submission) says it better.
    if (exit.failure && ending.status === "failed" && !interrupted) ending = { ...ending, reason: exit.failure.reason, failureKind: exit.failure.failureKind };
    // The run was stopped because its console could not be written: that, not the signal it died of, is the reason.
    if (this.storageFailure) ending = { ...ending, status: "failed", failureKind: "storage_error", reason: `${this.storageFailure}; lmms-eval was stopped. Free some space and re-run.` };
    if (ending.status === "succeeded") ending = await this.ingest(outputDir, ending);
    if (ending.status === "succeeded") this.tracker.markFinished();
    this.systemLine(
      ending.status === "succeeded"
        ? `Run succeeded: ${resultsFiles.length} results file(s) stored`
        : `Run ${interrupted ? "interrupted" : ending.status}${exit.exitCode !== null ? ` (exit ${exit.exitCode})` : exit.signal ? ` (${exit.signal})` : ""}: ${ending.reason}`,
    );
    await this.end({ ...ending, progress: this.tracker.snapshot() });
  }

  /** The run goes on without this worker: store what arrived (and how far), keep the run `running`. */
  private async detached(): Promise<void> {
    if (this.flushTimer) clearInterval(this.flushTimer);
    this.systemLine("Worker stopping: the Slurm job goes on, and the next worker follows it again from here");
    try {
      this.flush(true);
    } catch (error) {
      this.deps.log(`run #${this.run.id}: could not store the last console lines before detaching (${(error as Error).message})`);
    }
    this.closeConsole();
    this.deps.log(`run #${this.run.id}: detached (the Slurm job keeps running)`);
  }

  /** Results and every sample go into the DB; a run whose files cannot be stored is not a success. */
  private async ingest(outputDir: string, ending: RunEnding): Promise<RunEnding> {
    this.systemLine("Storing results and samples…");
    try {
      const located = await locateResultFiles(outputDir);
      // One results file per run (the dashboard never passes a --config list); take the newest if there are more.
      const files = located.at(-1);
      if (!files) throw new Error("no results file found in the output folder");
      const outcome = await ingestRunFiles(this.deps.db, { runId: this.run.id, files });
      this.systemLine(`Stored ${outcome.parsed.metrics.length} metric values and ${outcome.sampleCount} samples`);
      this.ingestId = outcome.skipped ? null : outcome.ingestId;
      return { ...ending, resultsPath: files.resultsPath };
    } catch (error) {
      return { ...ending, status: "failed", failureKind: "ingest_error", reason: `lmms-eval succeeded, but its results could not be stored: ${(error as Error).message}` };
    }
  }

  private onSegment(stream: "stdout" | "stderr", raw: string, terminator: SegmentTerminator): void {
    const text = maskSecretValues(raw, this.secrets);
    this.writeConsole(text + (terminator === "eof" ? "" : terminator));
    const plain = stripAnsi(text);
    this.tracker.feed(stream, plain, terminator);
    // tqdm's \r frames are progress, not lines; the frame that ends with \n stays as the bar's final line.
    if (terminator === "\r" || (terminator === "eof" && plain === "")) return;
    const clipped = text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS)} … [line cut at ${MAX_LINE_CHARS} characters; console.log has all of it]` : text;
    this.pendingLines.push({ stream, level: parseLoguruLine(plain)?.level ?? null, text: clipped, at: new Date() });
  }

  private systemLine(text: string): void {
    this.writeConsole(`[dashboard] ${text}\n`);
    this.pendingLines.push({ stream: "system", level: null, text, at: new Date() });
  }

  /**
   * Called from the child's stream handlers: a throw here would be an uncaught exception that kills the worker and
   * every run it holds. A failed write (ENOSPC, EIO, …) instead stops this run, which fails with the reason.
   */
  private writeConsole(text: string): void {
    if (this.console === null) return;
    try {
      this.console.write(text);
    } catch (error) {
      this.onStorageFailure(error);
    }
  }

  private onStorageFailure(error: unknown): void {
    const reason = describeStorageError(error, this.consolePath);
    this.closeConsole();
    if (this.started?.detach) {
      // A Slurm job keeps its own console files on the shared folder: losing the dashboard's copy is no reason to
      // cancel hours of cluster time.
      this.deps.log(`run #${this.run.id}: ${reason}; the dashboard's console copy stops here, the job goes on`);
      this.pendingLines.push({ stream: "system", level: null, text: `${reason}. The dashboard's copy of the console stops here; the Slurm job goes on.`, at: new Date() });
      return;
    }
    this.storageFailure = reason;
    this.deps.log(`run #${this.run.id}: ${reason}; stopping the run`);
    this.pendingLines.push({ stream: "system", level: null, text: `${reason}. Stopping lmms-eval.`, at: new Date() });
    void this.started?.stop(this.deps.stopGrace);
  }

  private closeConsole(): void {
    const sink = this.console;
    this.console = null;
    try {
      sink?.close();
    } catch (error) {
      this.deps.log(`run #${this.run.id}: could not close its console.log (${(error as Error).message})`);
    }
  }

  /** A failed write (e.g. the disk filled up) must not take the worker down: keep the lines and try again next tick. */
  private safeFlush(): void {
    try {
      this.flush(false);
    } catch (error) {
      this.deps.log(`run #${this.run.id}: could not store console output yet (${(error as Error).message}); retrying`);
    }
  }

  /** Logs first to the DB, then to the room; progress to the room when changed and to the DB at most once a second. */
  private flush(final: boolean): void {
    const { db, publisher } = this.deps;
    const runId = this.run.id;
    // With a checkpoint (Slurm), the lines and the stream offsets that produced them are stored in one transaction:
    // a worker that dies right after resumes exactly behind the last stored line.
    const checkpoint = this.started?.checkpoint;
    const store = () => {
      const stored = this.pendingLines.length ? appendRunLogs(db, runId, this.pendingLines) : [];
      checkpoint?.();
      return stored;
    };
    const lines = checkpoint ? db.transaction(() => store()) : store();
    if (lines.length) {
      this.pendingLines = this.pendingLines.slice(lines.length);
      publisher.publish(rooms.run(runId), EVENTS.runLogs, { runId, lines: lines.map((l) => ({ ...l, at: l.at.toISOString() })) });
    }
    const progress = this.tracker.snapshot();
    const serialized = JSON.stringify(progress);
    if (serialized !== this.lastPublished) {
      this.lastPublished = serialized;
      const payload = { runId, progress };
      publisher.publish(rooms.run(runId), EVENTS.runProgress, payload);
      // List views get progress too — through listRooms, so a private run's progress reaches only its audience.
      for (const room of runListRooms(db, runId)) publisher.publish(room, EVENTS.runProgress, payload);
      if (final || Date.now() - this.lastStoredAt >= PROGRESS_DB_INTERVAL_MS) {
        this.lastStoredAt = Date.now();
        updateRunProgress(db, runId, progress);
      }
    }
  }

  private async end(ending: RunEnding): Promise<void> {
    if (this.flushTimer) clearInterval(this.flushTimer);
    // The final state matters more than the last log lines: a flush that fails (the DB's disk is full too) is logged.
    try {
      this.flush(true);
    } catch (error) {
      this.deps.log(`run #${this.run.id}: could not store its last console lines (${(error as Error).message})`);
    }
    this.closeConsole();
    finishRun(this.deps.db, this.run.id, ending);
    publishRunChanged(this.deps.db, this.deps.publisher, this.run.id);
    this.deps.log(`run #${this.run.id} ${ending.status}${ending.reason ? `: ${ending.reason}` : ""}`);
    if (this.ingestId !== null) {
      await buildSearchIndex(this.deps.db, this.ingestId).catch((error) => this.deps.log(`run #${this.run.id}: search index not built (${(error as Error).message}); search scans until the worker restarts`));
    }
  }
}
