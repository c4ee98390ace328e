import { and, eq } from "drizzle-orm";
import type { DB } from "@/db/client";
import { runs, users, type FailureKind, type Run, type StoredProgress } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { writeAudit } from "@/lib/services/audit";

export type RunEnding = {
  status: "succeeded" | "failed" | "cancelled";
  reason: string | null;
  failureKind: FailureKind | null;
  exitCode: number | null;
  exitSignal: string | null;
  resultsPath: string | null;
  progress: StoredProgress | null;
};

/** Records how a running run ended (only a run that is still `running` can end, so a double finish is a no-op). */
export function finishRun(db: DB, runId: number, ending: RunEnding): Run | null {
  return db.transaction((tx) => {
    const run = tx
      .update(runs)
      .set({ ...ending, finishedAt: new Date(), progress: ending.progress ?? undefined })
      .where(and(eq(runs.id, runId), eq(runs.status, "running")))
      .returning()
      .get();
    if (!run) return null;
    // A cancellation is attributed to the user who asked for it; other endings to the worker.
    const canceller = ending.status === "cancelled" && run.cancelRequestedById
      ? tx.select().from(users).where(eq(users.id, run.cancelRequestedById)).get()
      : undefined;
    const ctx: ServiceContext = canceller
      ? { actor: { id: canceller.id, email: canceller.email, name: canceller.name, role: canceller.role }, via: "worker" }
      : { actor: null, via: "worker" };
    writeAudit(tx, ctx, {
      action: `run.${ending.status}`,
      targetType: "run",
      targetId: runId,
      detail: { reason: ending.reason, exitCode: ending.exitCode, exitSignal: ending.exitSignal },
    });
    return run;
  });
}
