import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db/client";
import { runs, type Run } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/permissions";
import type { Publisher } from "@/lib/realtime/events";
import { webPublisher } from "@/lib/realtime/publish";
import { writeAudit } from "@/lib/services/audit";
import { ConflictError } from "@/lib/services/errors";
import { parseInput } from "@/lib/services/validate";
import { publishRunChanged } from "./publish-run";
import { loadRunWithAcl } from "./run-access";

const CancelRunInput = z.object({ runId: z.coerce.number().int().positive() });

/**
 * Owner or admin cancels a run. A queued run is cancelled at once; a running one gets a cancel request that the
 * worker carries out (SIGINT → SIGTERM → SIGKILL to its process group) and then records as `cancelled`.
 */
export function cancelRun({ db, ctx, input, publisher = webPublisher }: { db: DB; ctx: ServiceContext; input: unknown; publisher?: Publisher }): Run {
  const { runId } = parseInput(CancelRunInput, input);
  const run = db.transaction(
    (tx) => {
      const { run: current, acl } = loadRunWithAcl(tx, ctx, runId);
      const actor = authorize(ctx, can.controlRun, acl);
      if (current.status !== "queued" && current.status !== "running") {
        throw new ConflictError(`Run #${runId} already ${current.status}; there is nothing to cancel`);
      }
      const updated =
        current.status === "queued"
          ? tx
              .update(runs)
              .set({ status: "cancelled", finishedAt: new Date(), reason: `Cancelled by ${actor.name} before it started`, cancelRequestedAt: new Date(), cancelRequestedById: actor.id })
              .where(eq(runs.id, runId))
              .returning()
              .get()
          : tx.update(runs).set({ cancelRequestedAt: new Date(), cancelRequestedById: actor.id }).where(eq(runs.id, runId)).returning().get();
      writeAudit(tx, ctx, { action: current.status === "queued" ? "run.cancel" : "run.cancel_request", targetType: "run", targetId: runId });
      return updated;
    },
    { behavior: "immediate" },
  );
  publishRunChanged(db, publisher, runId);
  publisher.wakeWorker();
  return run;
}
