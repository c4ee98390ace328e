import { sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db/client";
import { runHooks, type Run } from "@/db/schema";
import type { Publisher } from "@/lib/realtime/events";
import { detectRegression } from "@/lib/services/notifications/regression";
import { notify } from "@/lib/services/notifications/notify";
import { refreshBatches } from "@/lib/services/schedules/batches";
import { readSetting, writeSetting } from "@/lib/services/settings/settings-store";

const INITIALISED_KEY = "run_hooks_initialised";

/** Finished runs whose hooks have not run, claimed atomically (one worker wins each run). */
function claimFinishedRuns(db: DB): Run[] {
  return db.transaction((tx) => {
    const pending = tx.all<{ id: number }>(
      sql`select r.id from runs r left join run_hooks h on h.run_id = r.id
          where h.run_id is null and r.status in ('succeeded', 'failed', 'cancelled') and r.source != 'imported'
          order by r.finished_at limit 50`,
    );
    if (pending.length === 0) return [];
    const now = new Date();
    for (const { id } of pending) tx.insert(runHooks).values({ runId: id, processedAt: now }).onConflictDoNothing().run();
    return tx.query.runs.findMany({ where: (r, { inArray }) => inArray(r.id, pending.map((p) => p.id)) }).sync();
  });
}

/**
 * What happens after runs finish — failure notifications, regression checks, batch completion — driven by DB state,
 * so it works for runs finished by any worker, survives restarts, and never runs twice for a run.
 */
export function processFinishedRuns(db: DB, publisher: Publisher, log: (message: string) => void): number {
  // First start with existing history: mark it processed instead of notifying about old runs.
  if (!readSetting(db, INITIALISED_KEY, z.boolean(), false)) {
    db.run(sql`insert or ignore into run_hooks (run_id, processed_at) select id, ${Date.now()} from runs where status in ('succeeded', 'failed', 'cancelled')`);
    writeSetting(db, INITIALISED_KEY, true);
  }
  const finished = claimFinishedRuns(db);
  for (const run of finished) {
    try {
      if (run.status === "failed" && run.createdById) {
        notify(db, publisher, { event: "run_failed", userIds: [run.createdById], runIds: [run.id], title: `Run #${run.id} failed`, body: run.reason ?? "", link: `/runs/${run.id}`, data: { runId: run.id } });
      }
      if (run.status === "succeeded") detectRegression(db, publisher, run.id);
    } catch (error) {
      log(`after-run hooks for #${run.id} failed: ${(error as Error).message}`);
    }
  }
  if (finished.length) refreshBatches(db, publisher);
  return finished.length;
}
