import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db/client";
import { runs } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/permissions";
import type { Publisher } from "@/lib/realtime/events";
import { webPublisher } from "@/lib/realtime/publish";
import { writeAudit } from "@/lib/services/audit";
import { ConflictError } from "@/lib/services/errors";
import { parseInput } from "@/lib/services/validate";
import { publishRunChanged } from "./publish-run";
import { loadRunWithAcl } from "./run-access";

const MoveQueuedRunInput = z.object({
  runId: z.coerce.number().int().positive(),
  direction: z.enum(["top", "up", "down", "bottom"], { error: "direction must be top, up, down or bottom" }),
});

/** Reorders the queue (owner or admin): the run takes a rank between its new neighbours; others keep theirs. */
export function moveQueuedRun({ db, ctx, input, publisher = webPublisher }: { db: DB; ctx: ServiceContext; input: unknown; publisher?: Publisher }): number {
  const { runId, direction } = parseInput(MoveQueuedRunInput, input);
  const position = db.transaction(
    (tx) => {
      const { run, acl } = loadRunWithAcl(tx, ctx, runId);
      authorize(ctx, can.controlRun, acl);
      if (run.status !== "queued") throw new ConflictError(`Run #${runId} is ${run.status}; only queued runs can be reordered`);
      const queue = tx.select({ id: runs.id, rank: runs.queueRank }).from(runs).where(eq(runs.status, "queued")).orderBy(asc(runs.queueRank), asc(runs.id)).all();
      const from = queue.findIndex((q) => q.id === runId);
      const to = { top: 0, up: Math.max(0, from - 1), down: Math.min(queue.length - 1, from + 1), bottom: queue.length - 1 }[direction];
      if (to === from) return from + 1;
      const others = queue.filter((q) => q.id !== runId);
      const before = others[to - 1]?.rank;
      const after = others[to]?.rank;
      const rank = before === undefined ? after! - 1 : after === undefined ? before + 1 : (before + after) / 2;
      tx.update(runs).set({ queueRank: rank }).where(and(eq(runs.id, runId), eq(runs.status, "queued"))).run();
      writeAudit(tx, ctx, { action: "run.reorder", targetType: "run", targetId: runId, detail: { direction, from: from + 1, to: to + 1 } });
      return to + 1;
    },
    { behavior: "immediate" },
  );
  publishRunChanged(db, publisher, runId);
  return position;
}
