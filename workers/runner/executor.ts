/**
 * How a run's lmms-eval process is started and stopped. `local` spawns it here; the Slurm executor (issue #8) will
 * submit it with sbatch and follow its console file — both hand the same byte streams to RunExecution.
 */
export type ExecutionSpec = { runId: number; argv: string[]; env: Record<string, string>; cwd: string };

export type ExecutionExit = { exitCode: number | null; signal: NodeJS.Signals | null; startError: string | null };

export type StartedExecution = {
  /** Process id (local) or job id (Slurm) for the record. */
  pid: number | null;
  /** Ends when the process has exited and both streams are drained. */
  done: Promise<ExecutionExit>;
  /** Graceful stop: SIGINT, then SIGTERM, then SIGKILL after grace periods (REFERENCE §3.5). */
  stop(grace: { interruptMs: number; terminateMs: number }): Promise<void>;
};

export type ExecutionStreams = {
  onData(stream: "stdout" | "stderr", chunk: Buffer): void;
};

export interface Executor {
  start(spec: ExecutionSpec, streams: ExecutionStreams): StartedExecution;
}
