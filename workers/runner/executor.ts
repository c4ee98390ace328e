import type { FailureKind, Run } from "../../db/schema";

/**
 * How a run's lmms-eval process is started and stopped. `local` spawns it here; `slurm` submits it with sbatch and
 * follows its console files — both hand the same byte streams to RunExecution.
 */
export type ExecutionSpec = {
  runId: number;
  argv: string[];
  /** The whole environment of the process (inherited variables + the run's own + the dashboard's). */
  env: Record<string, string>;
  cwd: string;
  /** The run's own variables (a subset of `env`), all secret. The Slurm executor keeps them out of what it shows. */
  runEnv?: Record<string, string>;
};

export type ExecutionExit = {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  startError: string | null;
  /**
   * Set when the executor knows better than the exit code why a run ended (Slurm: time limit, memory, node failure,
   * a rejected submission). It replaces the reason of a run that did not succeed.
   */
  failure?: { reason: string; failureKind: FailureKind } | null;
  /** The executor stopped following a run that goes on without it (worker shutdown); the run stays `running`. */
  detached?: boolean;
};

export type StartedExecution = {
  /** Process id (local); null for Slurm, whose job id is stored on the run. */
  pid: number | null;
  /** Ends when the process has exited and both streams are drained (or when the execution was detached). */
  done: Promise<ExecutionExit>;
  /** Graceful stop: SIGINT, then SIGTERM, then SIGKILL after grace periods (docs/LMMS-EVAL-BEHAVIOUR.md §signals); Slurm: scancel. */
  stop(grace: { interruptMs: number; terminateMs: number }): Promise<void>;
  /** Stop following without stopping the run (executors whose runs outlive the worker: Slurm). */
  detach?(): Promise<void>;
  /**
   * Persists how far the streams have been handed over. RunExecution calls it inside the transaction that stores the
   * log lines those bytes produced, so a re-attached follower resumes exactly after them.
   */
  checkpoint?(): void;
  /**
   * Executors whose process writes its own console files (Slurm: on the shared folder, where lmms-eval prints model
   * args unredacted) rewrite them with `mask` applied once the run has ended.
   */
  maskConsole?(mask: (text: string) => string): void;
};

export type ExecutionStreams = {
  /** `replay`: bytes a re-attached run had already delivered before, only to rebuild progress and failure evidence. */
  onData(stream: "stdout" | "stderr", chunk: Buffer, opts?: { replay?: boolean }): void;
  /** Something the run's page shows changed outside the streams (Slurm job id or state). */
  onChanged?(): void;
};

export interface Executor {
  start(spec: ExecutionSpec, streams: ExecutionStreams): StartedExecution;
  /**
   * Where this executor's runs write their output and which command runs lmms-eval, when that is not the worker's own
   * (Slurm: the shared folder and the nodes' command). Throws when the executor cannot take runs now.
   */
  placement?(run: Run): { runsDir: string; lmmsEvalCommand: string[] };
  /** Follows a run that a previous worker process started (Slurm: by its stored job id and stream offsets). */
  attach?(run: Run, streams: ExecutionStreams): StartedExecution;
}
