import { eq } from "drizzle-orm";
import type { DB } from "@/db/client";
import { runs, type Run } from "@/db/schema";
import { finishRun } from "./finish-run";

/**
 * At worker start: runs left `running` by a worker that is gone. Their console pipes died with that worker, so they
 * cannot be followed any more; `killOrphan` stops whatever is left of the process group and the run is failed as
 * "interrupted", which the UI offers to re-run in one click.
 */
export function recoverInterruptedRuns(
  db: DB,
  opts: { isWorkerAlive: (workerId: string) => boolean; killOrphan: (run: Run) => void; now?: Date },
): Run[] {
  const stranded = db.select().from(runs).where(eq(runs.status, "running")).all().filter((r) => r.executor === "local" && !(r.workerId && opts.isWorkerAlive(r.workerId)));
  const recovered: Run[] = [];
  for (const run of stranded) {
    opts.killOrphan(run);
    const ended = finishRun(db, run.id, {
      status: "failed",
      failureKind: "interrupted",
      reason: `Interrupted: the worker stopped while this run was running (found at worker start, ${(opts.now ?? new Date()).toISOString()}). Re-run it to start over; lmms-eval cannot resume a run.`,
      exitCode: null,
      exitSignal: null,
      resultsPath: null,
      progress: null,
    });
    if (ended) recovered.push(ended);
  }
  return recovered;
}
