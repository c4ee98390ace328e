import fs from "node:fs";
import { setTimeout as delay } from "node:timers/promises";
import type { DB } from "../../db/client";
import type { Run, SlurmStreamOffsets } from "../../db/schema";
import {
  buildBatchScript,
  isTerminalState,
  parseSacct,
  parseScontrolJob,
  parseSqueueLines,
  SACCT_FIELDS,
  SCRIPT_EXIT,
  secretArgvValues,
  slurmEnding,
  slurmJobName,
  SQUEUE_FORMAT,
  type SlurmJobInfo,
} from "../../lib/lmms-eval/slurm";
import { runFolder, runFolderOfOutput, type RunFolder } from "../../lib/run-folder";
import { isSlurmConfigured, readSlurmSettings, slurmPlacement } from "../../lib/services/slurm/read-slurm-settings";
import { recordSlurmOffsets, recordSlurmScript, recordSlurmState, recordSlurmSubmission } from "../../lib/services/slurm/record-slurm-job";
import type { SlurmSettings } from "../../lib/services/slurm/schemas";
import type { ExecutionExit, ExecutionSpec, ExecutionStreams, Executor, StartedExecution } from "./executor";
import { RUN_MARKER_ENV } from "./process-group";
import { SlurmCli, type SlurmCommandName } from "./slurm-cli";

type Stream = "stdout" | "stderr";
const STREAMS: Stream[] = ["stdout", "stderr"];

export type SlurmTiming = {
  /** squeue poll interval: back to `pollMinMs` after any change, ×1.5 per quiet poll up to `pollMaxMs`. */
  pollMinMs: number;
  pollMaxMs: number;
  /** How often the console files are read while a job runs. */
  tailMs: number;
  /** After the job ended: keep reading until the files stop growing (shared file systems show writes late), at most this long. */
  settleMs: number;
  /** After COMPLETED with exit 0: wait this long for the results file to become visible here. */
  resultsWaitMs: number;
  /** Timeout of one Slurm command (sbatch may wait for a busy controller). */
  commandTimeoutMs: number;
};

const DEFAULT_TIMING: SlurmTiming = { pollMinMs: 1_000, pollMaxMs: 10_000, tailMs: 500, settleMs: 10_000, resultsWaitMs: 10_000, commandTimeoutMs: 60_000 };
/** Console bytes are handed over up to the last line break; a line longer than this is handed over anyway. */
const MAX_UNTERMINATED_BYTES = 1024 * 1024;
const READ_CHUNK_BYTES = 4 * 1024 * 1024;
const MAX_MASKED_CONSOLE_BYTES = 256 * 1024 * 1024;

export type SlurmExecutorOptions = {
  db: DB;
  log: (message: string) => void;
  /** The dashboard's own lmms-eval command, used on the nodes unless Settings → Slurm names another. */
  dashboardCommand: string[];
  /** Replacement executables (tests use fakes, sites may use wrappers). */
  commands?: Partial<Record<SlurmCommandName, string>>;
  timing?: Partial<SlurmTiming>;
};

type JobWatcher = (entry: Pick<SlurmJobInfo, "jobId" | "state" | "reason" | "nodeList"> | null) => boolean;

/**
 * One `squeue` for every followed job per poll (not one command per job), with backoff while nothing changes.
 * A controller that does not answer is logged and retried; runs are never failed because of it.
 */
class JobPoller {
  private readonly watchers = new Map<string, JobWatcher>();
  private timer: NodeJS.Timeout | null = null;
  private interval: number;
  private polling = false;
  private nudged = false;
  private lastError: string | null = null;

  constructor(
    private readonly cli: SlurmCli,
    private readonly timing: SlurmTiming,
    private readonly log: (message: string) => void,
  ) {
    this.interval = timing.pollMinMs;
  }

  watch(jobId: string, watcher: JobWatcher): () => void {
    this.watchers.set(jobId, watcher);
    this.nudge();
    return () => {
      if (this.watchers.get(jobId) === watcher) this.watchers.delete(jobId);
    };
  }

  /** Poll soon (a job was submitted, cancelled or re-attached). */
  nudge(): void {
    this.nudged = true;
    this.interval = this.timing.pollMinMs;
    this.schedule(Math.min(250, this.timing.pollMinMs));
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.watchers.clear();
  }

  private schedule(ms: number): void {
    if (this.polling) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = this.watchers.size ? setTimeout(() => void this.poll(), ms) : null;
  }

  private async poll(): Promise<void> {
    this.timer = null;
    const ids = [...this.watchers.keys()];
    if (ids.length === 0) return;
    this.polling = true;
    let changed = false;
    try {
      const result = await this.cli.run("squeue", ["-h", "-t", "all", "-j", ids.join(","), "-o", SQUEUE_FORMAT], { timeoutMs: 30_000 });
      // squeue answers "Invalid job id specified" (exit 1) when none of the ids is known any more: all are gone.
      const allGone = result.code !== 0 && /Invalid job id/i.test(result.stderr);
      if (result.code !== 0 && !allGone) {
        const message = result.missing ? "squeue is not on the PATH" : (result.stderr.trim() || `squeue exited ${result.code}`).split("\n")[0];
        if (message !== this.lastError) this.log(`slurm: cannot poll job states (${message}); retrying`);
        this.lastError = message;
      } else {
        if (this.lastError) this.log("slurm: job states are readable again");
        this.lastError = null;
        const jobs = allGone ? new Map() : parseSqueueLines(result.stdout);
        for (const id of ids) {
          const watcher = this.watchers.get(id);
          if (watcher && watcher(jobs.get(id) ?? null)) changed = true;
        }
      }
    } catch (error) {
      this.log(`slurm: poll failed: ${(error as Error).message}`);
    } finally {
      this.polling = false;
    }
    this.interval = changed || this.nudged ? this.timing.pollMinMs : Math.min(this.timing.pollMaxMs, Math.round(this.interval * 1.5));
    this.nudged = false;
    this.schedule(this.interval);
  }
}

function hasResultsFile(dir: string): boolean {
  try {
    return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[]).some((e) => e.isFile() && e.name.endsWith("_results.json"));
  } catch {
    return false;
  }
}

/** Where a chunk may end: after its last `\n`, or after a `\r` that is not the last byte (it may be half of `\r\n`). */
function cutPoint(buffer: Buffer): number {
  for (let i = buffer.length - 1; i >= 0; i--) {
    if (buffer[i] === 0x0a) return i + 1;
    if (buffer[i] === 0x0d && i < buffer.length - 1) return i + 1;
  }
  return 0;
}

/** One Slurm run: submit (or re-attach), poll its state, tail its console files, judge its end. */
class SlurmRun {
  jobId: string | null = null;
  paths: RunFolder | null = null;
  private offsets: SlurmStreamOffsets = { stdout: 0, stderr: 0 };
  private persisted: SlurmStreamOffsets = { stdout: 0, stderr: 0 };
  private state: { state: string | null; reason: string | null; node: string | null } = { state: null, reason: null, node: null };
  private consoleFilesSeen = false;
  private cancelRequested = false;
  private detachRequested = false;
  private submitting = false;
  private finishing = false;
  private ended = false;
  private unwatch: (() => void) | null = null;
  private tailTimer: NodeJS.Timeout | null = null;
  private memory = "";
  private scancelSentAt: number | null = null;
  private exitStatusSeen = false;
  private resolveDone!: (exit: ExecutionExit) => void;
  readonly done: Promise<ExecutionExit>;

  constructor(
    private readonly runId: number,
    private readonly streams: ExecutionStreams,
    private readonly ctx: { db: DB; cli: SlurmCli; poller: JobPoller; timing: SlurmTiming; log: (message: string) => void },
  ) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  handle(): StartedExecution {
    return {
      pid: null,
      done: this.done,
      stop: () => this.stop(),
      detach: () => this.detach(),
      checkpoint: () => this.checkpoint(),
      maskConsole: (mask) => this.maskConsole(mask),
    };
  }

  /** lmms-eval prints its model args unredacted: once the run is over, the raw console files keep only masked text. */
  private maskConsole(mask: (text: string) => string): void {
    if (!this.paths) return;
    for (const stream of STREAMS) {
      const file = this.paths[stream];
      const size = fs.statSync(file, { throwIfNoEntry: false })?.size;
      if (size === undefined) continue;
      if (size > MAX_MASKED_CONSOLE_BYTES) {
        // Too big to rewrite in memory: the masked copy in DATA_DIR/runs/<id>/console.log has all of it.
        fs.rmSync(file, { force: true });
        continue;
      }
      const text = fs.readFileSync(file, "utf8");
      const masked = mask(text);
      if (masked === text) continue;
      const temporary = `${file}.masking`;
      fs.writeFileSync(temporary, masked, { mode: 0o600 });
      fs.renameSync(temporary, file);
    }
  }

  // ---- submission ------------------------------------------------------------------------------------------------

  /** Runs synchronously up to sbatch, so the folder and argv come from the same settings RunExecution just used. */
  async submit(spec: ExecutionSpec, settings: SlurmSettings): Promise<void> {
    const { db, cli, log } = this.ctx;
    this.submitting = true;
    this.memory = settings.memory;
    let paths: RunFolder;
    let batch: ReturnType<typeof buildBatchScript>;
    try {
      if (!isSlurmConfigured(settings)) throw new Error("Slurm is not configured: set the shared folder under Settings → Slurm");
      paths = runFolder(slurmPlacement(settings, []).runsDir, this.runId);
      this.paths = paths;
      const runEnv = spec.runEnv ?? {};
      batch = buildBatchScript({
        runId: this.runId,
        argv: spec.argv,
        paths,
        options: settings,
        env: runEnv,
        secretValues: secretArgvValues(spec.argv),
        exports: { PYTHONUNBUFFERED: "1", [RUN_MARKER_ENV]: String(this.runId) },
      });
      recordSlurmScript(db, this.runId, batch.script);
      this.streams.onChanged?.();
    } catch (error) {
      return this.fail("spawn_error", `Could not prepare the Slurm job: ${(error as Error).message}`);
    }
    try {
      if (fs.existsSync(paths.runDir)) {
        // A folder left by an earlier database (run ids restart at 1): keep it aside, never mix its files with ours.
        const aside = `${paths.runDir}.replaced-${Date.now()}`;
        fs.renameSync(paths.runDir, aside);
        log(`run #${this.runId}: moved an old folder out of the way: ${aside}`);
      }
      // Only the job's user (the worker's) may read the run folder: the console files show secrets until the run ends.
      fs.mkdirSync(paths.runDir, { recursive: true, mode: 0o700 });
      fs.chmodSync(paths.runDir, 0o700);
      fs.mkdirSync(paths.outputDir, { recursive: true });
      if (batch.envFile !== null) fs.writeFileSync(paths.envFile, batch.envFile, { mode: 0o600, flag: "wx" });
    } catch (error) {
      this.removeEnvFile();
      return this.fail("storage_error", `Cannot prepare the run folder ${paths.runDir} on the shared folder: ${(error as Error).message}`);
    }

    // The job gets the worker's environment (sbatch's default --export=ALL) minus the run's own variables, which
    // only the 0600 env file carries: they never reach the controller's job record.
    const sbatchEnv: Record<string, string> = {};
    // CUDA_VISIBLE_DEVICES is the node's business (Slurm sets it for --gres=gpu), never the dashboard host's.
    for (const [key, value] of Object.entries(spec.env)) if (!(spec.runEnv && key in spec.runEnv) && key !== "CUDA_VISIBLE_DEVICES") sbatchEnv[key] = value;
    const result = await cli.run("sbatch", ["--parsable"], { input: batch.script, env: sbatchEnv, cwd: paths.runDir, timeoutMs: this.ctx.timing.commandTimeoutMs });
    if (result.missing) {
      this.removeEnvFile();
      return this.fail(
        "spawn_error",
        "sbatch was not found on the dashboard host. Install the Slurm client tools here (with the cluster's slurm.conf and munge key), or put sbatch on the PATH of the process that runs the dashboard.",
      );
    }
    let jobId = result.code === 0 ? (/^(\d+)(;\S*)?\s*$/.exec(result.stdout.trim())?.[1] ?? null) : null;
    if (!jobId && result.timedOut) jobId = await this.findOwnJob();
    if (!jobId) {
      this.removeEnvFile();
      const said = (result.stderr.trim() || result.stdout.trim() || (result.timedOut ? "no answer from the controller" : `exit ${result.code}`)).replace(/\s*\n\s*/g, " · ");
      return this.fail("spawn_error", `Slurm rejected the job: ${said}`);
    }
    this.jobId = jobId;
    recordSlurmSubmission(db, this.runId, { jobId, batchScript: batch.script });
    this.state = { state: "PENDING", reason: null, node: null };
    this.streams.onChanged?.();
    log(`run #${this.runId}: submitted as Slurm job ${jobId}`);
    this.submitting = false;
    if (this.cancelRequested) await this.scancel();
    if (this.detachRequested) return this.endDetached();
    this.follow();
  }

  /** A job whose sbatch answer was lost (timeout, a worker killed mid-submit): found by its name and run-folder comment. */
  private async findOwnJob(): Promise<string | null> {
    if (!this.paths) return null;
    const result = await this.ctx.cli.run("squeue", ["-h", "-t", "all", "-n", slurmJobName(this.runId), "-o", "%i|%k"], { timeoutMs: 30_000 });
    if (result.code !== 0) return null;
    const match = result.stdout
      .split("\n")
      .map((line) => line.split("|"))
      .filter(([id, comment]) => id && comment === this.paths!.runDir);
    return match.length === 1 ? match[0][0] : null;
  }

  // ---- re-attaching ------------------------------------------------------------------------------------------------

  async attach(run: Run): Promise<void> {
    this.submitting = true; // until the job id is known, stop/detach are carried out here
    this.memory = readSlurmSettings(this.ctx.db).memory;
    if (!run.outputDir) {
      return this.fail("interrupted", "Interrupted: the worker stopped before this run's Slurm job was prepared. Re-run it to start over.");
    }
    this.paths = runFolderOfOutput(run.outputDir);
    this.offsets = { ...(run.slurmOffsets ?? { stdout: 0, stderr: 0 }) };
    this.persisted = { ...this.offsets };
    this.state = { state: run.slurmState, reason: run.slurmReason, node: run.slurmNode };
    this.jobId = run.slurmJobId ?? (await this.findOwnJob());
    if (!this.jobId) {
      this.removeEnvFile();
      return this.fail("interrupted", "Interrupted: the worker stopped while submitting this run to Slurm, and no job of it was found. Re-run it to start over.");
    }
    if (!run.slurmJobId) {
      recordSlurmSubmission(this.ctx.db, this.runId, { jobId: this.jobId, batchScript: run.batchScript ?? "" });
      this.offsets = { stdout: 0, stderr: 0 };
      this.persisted = { ...this.offsets };
    }
    this.ctx.log(`run #${this.runId}: re-attached to Slurm job ${this.jobId} (console from byte ${this.offsets.stdout}/${this.offsets.stderr})`);
    // Progress and failure evidence come from the whole console: replay what was already stored, then follow on.
    for (const stream of STREAMS) this.replay(stream, this.offsets[stream]);
    this.submitting = false;
    if (this.detachRequested) return this.endDetached();
    this.follow();
    if (this.cancelRequested) await this.scancel();
  }

  private replay(stream: Stream, upTo: number): void {
    if (!this.paths || upTo <= 0) return;
    let fd: number;
    try {
      fd = fs.openSync(this.paths[stream], "r");
    } catch {
      return;
    }
    try {
      this.consoleFilesSeen = true;
      for (let position = 0; position < upTo; ) {
        const buffer = Buffer.alloc(Math.min(READ_CHUNK_BYTES, upTo - position));
        const read = fs.readSync(fd, buffer, 0, buffer.length, position);
        if (read <= 0) break;
        this.streams.onData(stream, buffer.subarray(0, read), { replay: true });
        position += read;
      }
    } finally {
      fs.closeSync(fd);
    }
  }

  // ---- following ---------------------------------------------------------------------------------------------------

  private follow(): void {
    if (!this.jobId) return;
    this.unwatch = this.ctx.poller.watch(this.jobId, (entry) => this.onPoll(entry));
    this.tailTimer = setInterval(() => this.tailSafely(), this.ctx.timing.tailMs);
  }

  private onPoll(entry: Pick<SlurmJobInfo, "state" | "reason" | "nodeList"> | null): boolean {
    if (this.finishing || this.ended) return false;
    if (!entry) {
      void this.finish();
      return true;
    }
    const changed = this.noteState({ state: entry.state, reason: entry.reason, node: entry.nodeList });
    if (isTerminalState(entry.state)) void this.finish();
    return changed;
  }

  private noteState(next: { state: string; reason: string | null; node: string | null }): boolean {
    const reason = next.reason === "None" ? null : next.reason;
    const node = next.node ?? this.state.node;
    if (next.state === this.state.state && reason === this.state.reason && node === this.state.node) return false;
    this.state = { state: next.state, reason, node };
    recordSlurmState(this.ctx.db, this.runId, { state: next.state, reason, node });
    this.streams.onChanged?.();
    return true;
  }

  private tailSafely(): void {
    try {
      this.tail(false);
      // The script writes lmms-eval's exit status as its last act: ask Slurm now instead of at the next backed-off poll.
      if (!this.exitStatusSeen && this.paths && fs.existsSync(this.paths.exitStatus)) {
        this.exitStatusSeen = true;
        this.ctx.poller.nudge();
      }
    } catch (error) {
      this.ctx.log(`run #${this.runId}: cannot read the job's console files yet (${(error as Error).message})`);
    }
  }

  /** Hands new console bytes to RunExecution; returns how many. `final` also hands over an unterminated last line. */
  private tail(final: boolean): number {
    if (!this.paths) return 0;
    let total = 0;
    for (const stream of STREAMS) {
      let fd: number;
      try {
        fd = fs.openSync(this.paths[stream], "r");
      } catch {
        continue;
      }
      try {
        this.consoleFilesSeen = true;
        for (;;) {
          const size = fs.fstatSync(fd).size;
          const offset = this.offsets[stream];
          if (size < offset) {
            this.ctx.log(`run #${this.runId}: the job's ${stream} file shrank (${size} < ${offset} bytes); following from its end`);
            this.offsets[stream] = size;
            break;
          }
          if (size === offset) break;
          const buffer = Buffer.alloc(Math.min(READ_CHUNK_BYTES, size - offset));
          const read = fs.readSync(fd, buffer, 0, buffer.length, offset);
          if (read <= 0) break;
          const data = buffer.subarray(0, read);
          let cut = final ? data.length : cutPoint(data);
          if (cut === 0 && data.length >= MAX_UNTERMINATED_BYTES) cut = data.length;
          if (cut === 0) break;
          this.streams.onData(stream, data.subarray(0, cut));
          this.offsets[stream] += cut;
          total += cut;
          if (cut < data.length || read < READ_CHUNK_BYTES) break;
        }
      } finally {
        fs.closeSync(fd);
      }
    }
    return total;
  }

  private checkpoint(): void {
    if (this.offsets.stdout === this.persisted.stdout && this.offsets.stderr === this.persisted.stderr) return;
    recordSlurmOffsets(this.ctx.db, this.runId, this.offsets);
    this.persisted = { ...this.offsets };
  }

  // ---- the end -----------------------------------------------------------------------------------------------------

  private async jobDetails(): Promise<SlurmJobInfo | null> {
    const { cli } = this.ctx;
    const shown = await cli.run("scontrol", ["show", "job", "-o", this.jobId!], { timeoutMs: 30_000 });
    const info = shown.code === 0 ? parseScontrolJob(shown.stdout) : null;
    if (info) return info;
    // The controller forgets finished jobs after MinJobAge; clusters with accounting still know them.
    const accounted = await cli.run("sacct", ["-n", "-P", "-X", "-j", this.jobId!, "-o", SACCT_FIELDS], { timeoutMs: 30_000 });
    return accounted.code === 0 ? parseSacct(accounted.stdout, this.jobId!) : null;
  }

  private async finish(): Promise<void> {
    if (this.finishing || this.ended) return;
    this.finishing = true;
    const info = await this.jobDetails();
    if (info && !isTerminalState(info.state)) {
      // squeue and scontrol disagreed for a moment (e.g. COMPLETING): keep following.
      this.noteState({ state: info.state, reason: info.reason, node: info.nodeList });
      this.finishing = false;
      return;
    }
    this.unwatch?.();
    if (this.tailTimer) clearInterval(this.tailTimer);
    await this.drain();
    if (info) this.noteState({ state: info.state, reason: info.reason, node: info.nodeList });

    let exit: ExecutionExit;
    if (info) {
      const ending = slurmEnding(info, {
        cancelRequested: this.cancelRequested,
        consoleFilesSeen: this.consoleFilesSeen,
        runDir: this.paths!.runDir,
        memory: this.memory,
        scriptExit: SCRIPT_EXIT,
      });
      exit = { exitCode: ending.exitCode, signal: ending.signal, startError: null, failure: ending.failure };
      if (info.state === "COMPLETED" && ending.exitCode === 0) await this.waitForResults();
    } else {
      const status = this.readExitStatus();
      exit =
        status !== null
          ? { exitCode: status, signal: null, startError: null, failure: null }
          : {
              exitCode: null,
              signal: null,
              startError: null,
              failure: {
                failureKind: "interrupted",
                reason: `Interrupted: Slurm no longer knows job ${this.jobId} and it left no exit status in ${this.paths!.runDir}; it probably ended while no worker followed it. Re-run it to start over.`,
              },
            };
    }
    this.removeEnvFile();
    this.end(exit);
  }

  /** Reads until the console files stop growing: the node's last writes can reach this host a little later. */
  private async drain(): Promise<void> {
    const started = Date.now();
    let quiet = 0;
    while (Date.now() - started < this.ctx.timing.settleMs) {
      quiet = this.tail(false) > 0 ? 0 : quiet + 1;
      if (quiet >= 3) break;
      await delay(200);
    }
    this.tail(true);
  }

  private async waitForResults(): Promise<void> {
    const outputDir = this.paths!.outputDir;
    const deadline = Date.now() + this.ctx.timing.resultsWaitMs;
    while (!hasResultsFile(outputDir) && Date.now() < deadline) await delay(250);
  }

  private readExitStatus(): number | null {
    try {
      const text = fs.readFileSync(this.paths!.exitStatus, "utf8").trim();
      return /^\d+$/.test(text) ? Number(text) : null;
    } catch {
      return null;
    }
  }

  private removeEnvFile(): void {
    if (this.paths) fs.rmSync(this.paths.envFile, { force: true });
  }

  private fail(failureKind: "spawn_error" | "storage_error" | "interrupted", reason: string): void {
    this.submitting = false;
    this.end({ exitCode: null, signal: null, startError: reason, failure: { reason, failureKind } });
  }

  private end(exit: ExecutionExit): void {
    if (this.ended) return;
    this.ended = true;
    this.unwatch?.();
    if (this.tailTimer) clearInterval(this.tailTimer);
    this.resolveDone(exit);
  }

  private endDetached(): void {
    this.end({ exitCode: null, signal: null, startError: null, detached: true });
  }

  // ---- control -----------------------------------------------------------------------------------------------------

  private async scancel(): Promise<void> {
    if (!this.jobId || this.ended) return;
    // The runner repeats a pending cancel every tick; one scancel (again after a while, in case it was lost) is enough.
    if (this.scancelSentAt !== null && Date.now() - this.scancelSentAt < 30_000) return;
    this.scancelSentAt = Date.now();
    const result = await this.ctx.cli.run("scancel", [this.jobId], { timeoutMs: 30_000 });
    if (result.code !== 0) this.ctx.log(`run #${this.runId}: scancel ${this.jobId} failed: ${(result.stderr || result.stdout).trim() || `exit ${result.code}`}`);
    this.ctx.poller.nudge();
  }

  /** Cancel: scancel (Slurm sends SIGTERM, then SIGKILL after its KillWait); the job ends CANCELLED. */
  async stop(): Promise<void> {
    this.cancelRequested = true;
    if (this.ended || this.submitting || !this.jobId) return; // submit() cancels as soon as it has the job id
    await this.scancel();
  }

  /** The worker is stopping: the job goes on; a new worker re-attaches from the stored offsets. */
  async detach(): Promise<void> {
    this.detachRequested = true;
    if (this.ended || this.finishing) return;
    if (this.submitting) return; // submit() detaches once the job id is stored
    this.tailSafely();
    this.endDetached();
  }
}

/** Submits runs with sbatch and follows them through squeue/scontrol and their console files (docs/SLURM.md). */
export function createSlurmExecutor(opts: SlurmExecutorOptions): Executor & { close(): void } {
  const timing = { ...DEFAULT_TIMING, ...opts.timing };
  const cli = new SlurmCli(opts.commands, timing.commandTimeoutMs);
  const poller = new JobPoller(cli, timing, opts.log);
  const ctx = { db: opts.db, cli, poller, timing, log: opts.log };
  return {
    placement: () => slurmPlacement(readSlurmSettings(opts.db), opts.dashboardCommand),
    start(spec, streams) {
      const run = new SlurmRun(spec.runId, streams, ctx);
      void run.submit(spec, readSlurmSettings(opts.db));
      return run.handle();
    },
    attach(stored, streams) {
      const run = new SlurmRun(stored.id, streams, ctx);
      void run.attach(stored);
      return run.handle();
    },
    close: () => poller.close(),
  };
}
