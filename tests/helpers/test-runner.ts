import { localExecutor } from "@/workers/runner/local-executor";
import { Runner, type RunnerOptions } from "@/workers/runner/runner";

/**
 * A worker run queue for tests: the real Runner with the local executor, no Slurm, quiet logs and short grace periods
 * unless a test says otherwise.
 */
export function testRunner(opts: Pick<RunnerOptions, "db" | "config" | "publisher"> & Partial<RunnerOptions>): Runner {
  return new Runner({
    executor: localExecutor,
    slurmExecutor: null,
    log: () => {},
    workerId: `test:${process.pid}:${Math.random()}`,
    maxConcurrentRuns: 1,
    gpuSlots: [],
    stopGrace: { interruptMs: 2000, terminateMs: 2000 },
    ...opts,
  });
}
