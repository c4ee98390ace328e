"use server";

import { revalidatePath } from "next/cache";
import { sessionAction } from "@/lib/actions/action";
import { cancelRun } from "@/lib/services/runs/cancel-run";
import { moveQueuedRun } from "@/lib/services/runs/move-queued-run";

function revalidateRuns() {
  revalidatePath("/runs");
  revalidatePath("/runs/[id]", "page");
}

/** Cancels a queued run at once, or asks the worker to stop a running one (it then ends as `cancelled`). */
export const cancelRunAction = sessionAction(({ ctx, db, formData }) => {
  const run = cancelRun({ db, ctx, input: { runId: formData.get("runId") } });
  // Only what the page needs: the row also holds the sealed environment.
  return { id: run.id, status: run.status, cancelRequested: Boolean(run.cancelRequestedAt) };
}, revalidateRuns);

/** Moves a queued run `top` / `up` / `down` / `bottom`; returns its new 1-based queue position. */
export const moveRunAction = sessionAction(
  ({ ctx, db, formData }) => ({
    queuePosition: moveQueuedRun({ db, ctx, input: { runId: formData.get("runId"), direction: formData.get("direction") } }),
  }),
  revalidateRuns,
);
