import { and, inArray } from "drizzle-orm";
import type { DB } from "@/db/client";
import { runs, type RunStatus } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/permissions";
import { visibleRunsWhere } from "./run-access";

/**
 * The status of each run a page links to (schedule firings, batches), in one query. Runs the actor may not see and
 * deleted runs are left out, so a link to them shows no status.
 */
export function listRunStatuses({ db, ctx, runIds }: { db: DB; ctx: ServiceContext; runIds: number[] }): Map<number, RunStatus> {
  const actor = requireActor(ctx);
  const ids = [...new Set(runIds)];
  if (ids.length === 0) return new Map();
  const rows = db.select({ id: runs.id, status: runs.status }).from(runs).where(and(inArray(runs.id, ids), visibleRunsWhere(actor))).all();
  return new Map(rows.map((r) => [r.id, r.status]));
}
