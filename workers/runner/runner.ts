import fs from "node:fs";
import os from "node:os";
import type { DB } from "../../db/client";
import type { Run } from "../../db/schema";
import { claimNextRun, pendingCancellations } from "../../lib/services/runs/worker/claim-next-run";
import { recoverInterruptedRuns } from "../../lib/services/runs/worker/recover-interrupted-runs";
import { publishRunChanged } from "../../lib/services/runs/publish-run";
import { getWorkerStatus } from "../../lib/services/system/get-health";
import { adoptSlurmRun, listSlurmRunsToReattach } from "../../lib/services/slurm/record-slurm-job";
import type { Executor } from "./executor";
import type { ExecutionDeps } from "./run-execution";
import { RunExecution } from "./run-execution";
import { isAlive, isRunProcess, signalGroup } from "./process-group";
import { createSlurmExecutor } from "./slurm-executor";

/** The worker also polls (a missed wake-up costs at most this long). */
const POLL_INTERVAL_MS = 1000;
/**
 * Slurm runs cost the worker only a poll and a file tail (the cluster schedules them), so they do not count against
 * MAX_CONCURRENT_RUNS or GPU slots; this only bounds how many one worker follows at once.
 */
const MAX_FOLLOWED_SLURM_RUNS = 500;

export type RunnerOptions = ExecutionDeps & {
  workerId: string;
  maxConcurrentRuns: number;
  /** CUDA_VISIBLE_DEVICES values; each running run holds one. Empty = no pinning. */
  gpuSlots: string[];
  /** Runs with executor "slurm" (default: sbatch/squeue/scontrol/scancel on the PATH; null = this worker takes none). */
  slurmExecutor?: Executor | null;
};

/** Is the worker that owns a run still alive? Same host: ask the OS about its pid; elsewhere: its heartbeat. */
export function workerAliveCheck(db: DB, selfId: string): (workerId: string) => boolean {
  return (workerId) => {
    if (workerId === selfId) return true;
    const [host, pid] = [workerId.slice(0, workerId.lastIndexOf(":")), Number(workerId.slice(workerId.lastIndexOf(":") + 1))];
    if (host === os.hostname()) {
      if (!isAlive(pid)) return false;
      try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("workers/index");
      } catch {
        return false;
      }
    }
    return getWorkerStatus(db).up;
  };
}

/**
 * The run queue: claims queued runs up to the concurrency limit (and free GPU slots), starts them, relays cancel
 * requests, and on start fails runs a dead worker left behind. State lives in the DB, so a restart loses nothing.
 */
export class Runner {
  private readonly executions = new Map<number, { execution: RunExecution; gpuSlot: string | null; executor: Run["executor"] }>();
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;
  private tickAgain = false;
  private stopping = false;
  private readonly slurm: (Executor & { close?(): void }) | null;

  constructor(private readonly opts: RunnerOptions) {
    this.slurm =
      opts.slurmExecutor === undefined
        ? createSlurmExecutor({ db: opts.db, log: opts.log, dashboardCommand: opts.config.lmmsEvalCommand })
        : opts.slurmExecutor;
  }

  start(): void {
    const { db, log } = this.opts;
    const recovered = recoverInterruptedRuns(db, {
      isWorkerAlive: workerAliveCheck(db, this.opts.workerId),
      killOrphan: (run: Run) => {
        if (run.pid && isRunProcess(run.pid, run.id)) {
          signalGroup(run.pid, "SIGKILL");
          log(`killed the orphaned process group ${run.pid} of run #${run.id}`);
        }
      },
    });
    for (const run of recovered) {
      log(`run #${run.id} was left running by a stopped worker: marked interrupted`);
      publishRunChanged(db, this.opts.publisher, run.id);
    }
    this.reattachSlurmRuns();
    this.timer = setInterval(() => this.wake(), POLL_INTERVAL_MS);
    this.wake();
  }

  get activeRunIds(): number[] {
    return [...this.executions.keys()];
  }

  /** Runs the queue logic now (coalesced: a wake during a tick runs one more tick). */
  wake(): void {
    if (this.stopping) return;
    if (this.ticking) {
      this.tickAgain = true;
      return;
    }
    this.ticking = true;
    try {
      do {
        this.tickAgain = false;
        this.tick();
      } while (this.tickAgain && !this.stopping);
    } catch (error) {
      this.opts.log(`queue tick failed: ${(error as Error).message}`);
    } finally {
      this.ticking = false;
    }
  }

  private tick(): void {
    const { db } = this.opts;
    for (const runId of pendingCancellations(db, this.opts.workerId)) this.executions.get(runId)?.execution.cancel();
    while (this.count("local") < this.opts.maxConcurrentRuns) {
      const gpuSlot = this.freeGpuSlot();
      if (gpuSlot === undefined) break;
      const run = claimNextRun(db, { workerId: this.opts.workerId, executor: "local", gpuSlot });
      if (!run) break;
      this.opts.log(`starting run #${run.id} (${run.model} on ${run.tasks.join(",")})${gpuSlot !== null ? ` on GPUs ${gpuSlot}` : ""}`);
      this.track(run, new RunExecution(run, this.opts), gpuSlot);
    }
    while (this.slurm && this.count("slurm") < MAX_FOLLOWED_SLURM_RUNS) {
      const run = claimNextRun(db, { workerId: this.opts.workerId, executor: "slurm", gpuSlot: null });
      if (!run) break;
      this.opts.log(`submitting run #${run.id} (${run.model} on ${run.tasks.join(",")}) to Slurm`);
      this.track(run, new RunExecution(run, { ...this.opts, executor: this.slurm }), null);
    }
  }

  private count(executor: Run["executor"]): number {
    let n = 0;
    for (const e of this.executions.values()) if (e.executor === executor) n += 1;
    return n;
  }

  private track(run: Run, execution: RunExecution, gpuSlot: string | null): void {
    this.executions.set(run.id, { execution, gpuSlot, executor: run.executor });
    void execution.finished
      .catch((error) => this.opts.log(`run #${run.id} execution error: ${(error as Error).stack ?? error}`))
      .finally(() => {
        this.executions.delete(run.id);
        this.wake();
      });
  }

  /**
   * Slurm jobs outlive the worker: at start, every running Slurm run whose worker is gone is taken over and followed
   * again from its stored job id and console offsets (never failed, never submitted twice).
   */
  private reattachSlurmRuns(): void {
    const { db, log } = this.opts;
    if (!this.slurm) return;
    for (const stranded of listSlurmRunsToReattach(db, workerAliveCheck(db, this.opts.workerId))) {
      const run = adoptSlurmRun(db, stranded, this.opts.workerId);
      if (!run) continue;
      log(`re-attaching run #${run.id} (Slurm job ${run.slurmJobId ?? "unknown"})`);
      this.track(run, new RunExecution(run, { ...this.opts, executor: this.slurm }, "attach"), null);
    }
  }

  /** null = no pinning configured; undefined = every slot is busy. */
  private freeGpuSlot(): string | null | undefined {
    if (this.opts.gpuSlots.length === 0) return null;
    const busy = new Set([...this.executions.values()].filter((e) => e.executor === "local").map((e) => e.gpuSlot));
    return this.opts.gpuSlots.find((slot) => !busy.has(slot));
  }

  /**
   * Worker shutdown: stop claiming, stop every local run quickly and record it as interrupted; Slurm runs are only
   * detached (their jobs go on and the next worker re-attaches).
   */
  async stop(reason: string): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    const running = [...this.executions.values()].map((e) => e.execution);
    for (const execution of running) execution.interrupt(reason, { interruptMs: 3000, terminateMs: 3000 });
    await Promise.allSettled(running.map((e) => e.finished));
    this.slurm?.close?.();
  }
}
