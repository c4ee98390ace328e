import type { DB } from "@/db/client";
import type { ServiceContext } from "@/lib/auth/actor";
import { ServiceError } from "@/lib/services/errors";
import { getRun } from "@/lib/services/runs/get-run";

/** Server-only: the status of each run a page links to (deleted runs are left out). Capped: pages show a few dozen. */
export function loadRunStatuses(db: DB, ctx: ServiceContext, runIds: number[], cap = 200): Map<number, string> {
  const statuses = new Map<number, string>();
  for (const id of [...new Set(runIds)].slice(0, cap)) {
    try {
      statuses.set(id, getRun({ db, ctx, runId: id }).status);
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
    }
  }
  return statuses;
}
