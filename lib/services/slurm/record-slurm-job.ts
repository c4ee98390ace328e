import { and, eq, isNull } from "drizzle-orm";
import type { DB } from "@/db/client";
import { runs, type Run, type SlurmStreamOffsets } from "@/db/schema";

/**
 * The worker's writes for Slurm runs. Each is one statement guarded by `status = 'running'`, so a late poll can
 * never touch a run that already ended.
 */

export function recordSlurmSubmission(db: DB, runId: number, info: { jobId: string; batchScript: string }): void {
  db.update(runs)
    .set({ slurmJobId: info.jobId, batchScript: info.batchScript, slurmState: "PENDING", slurmReason: null, slurmNode: null, slurmOffsets: { stdout: 0, stderr: 0 } })
    .where(and(eq(runs.id, runId), eq(runs.status, "running")))
    .run();
}

/** The script is stored before sbatch runs too, so a rejected submission still shows what was sent. */
export function recordSlurmScript(db: DB, runId: number, batchScript: string): void {
  db.update(runs).set({ batchScript }).where(eq(runs.id, runId)).run();
}

export function recordSlurmState(db: DB, runId: number, info: { state: string; reason: string | null; node: string | null }): void {
  db.update(runs)
    .set({ slurmState: info.state, slurmReason: info.reason, slurmNode: info.node })
    .where(and(eq(runs.id, runId), eq(runs.status, "running")))
    .run();
}

/** Called inside the transaction that stores the log lines these bytes produced (RunExecution.flush). */
export function recordSlurmOffsets(db: DB, runId: number, offsets: SlurmStreamOffsets): void {
  db.update(runs).set({ slurmOffsets: offsets }).where(eq(runs.id, runId)).run();
}

/** Running Slurm runs whose worker is gone: a new worker follows them again instead of failing them. */
export function listSlurmRunsToReattach(db: DB, isWorkerAlive: (workerId: string) => boolean): Run[] {
  return db
    .select()
    .from(runs)
    .where(and(eq(runs.status, "running"), eq(runs.executor, "slurm")))
    .all()
    .filter((run) => !(run.workerId && isWorkerAlive(run.workerId)));
}

/** Takes a stranded run over (compare-and-set on the old owner), so two starting workers never both follow it. */
export function adoptSlurmRun(db: DB, run: Pick<Run, "id" | "workerId">, workerId: string): Run | null {
  return (
    db
      .update(runs)
      .set({ workerId })
      .where(and(eq(runs.id, run.id), eq(runs.status, "running"), run.workerId === null ? isNull(runs.workerId) : eq(runs.workerId, run.workerId)))
      .returning()
      .get() ?? null
  );
}
