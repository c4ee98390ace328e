import { and, asc, eq, sql } from "drizzle-orm";
import type { DB } from "@/db/client";
import { runs, type Run } from "@/db/schema";

/**
 * Atomically takes the first queued run for this worker: one UPDATE … WHERE status='queued' … RETURNING inside an
 * IMMEDIATE transaction, so two workers (or a cancel racing the claim) can never both win the same row.
 */
export function claimNextRun(db: DB, opts: { workerId: string; executor?: Run["executor"]; gpuSlot?: string | null }): Run | null {
  return db.transaction(
    (tx) => {
      const next = tx
        .select({ id: runs.id })
        .from(runs)
        .where(and(eq(runs.status, "queued"), eq(runs.executor, opts.executor ?? "local")))
        .orderBy(asc(runs.queueRank), asc(runs.id))
        .limit(1)
        .get();
      if (!next) return null;
      return (
        tx
          .update(runs)
          .set({
            status: "running",
            startedAt: new Date(),
            workerId: opts.workerId,
            gpuSlot: opts.gpuSlot ?? null,
            progress: { phase: "starting", task: null, tasks: [], requestType: null, n: null, total: null, rate: null, etaSeconds: null, percent: 0 },
          })
          .where(and(eq(runs.id, next.id), eq(runs.status, "queued")))
          .returning()
          .get() ?? null
      );
    },
    { behavior: "immediate" },
  );
}

/** Running runs of this worker that a user asked to cancel. */
export function pendingCancellations(db: DB, workerId: string): number[] {
  return db
    .select({ id: runs.id })
    .from(runs)
    .where(and(eq(runs.status, "running"), eq(runs.workerId, workerId), sql`${runs.cancelRequestedAt} is not null`))
    .all()
    .map((r) => r.id);
}
