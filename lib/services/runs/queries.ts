import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { runs } from "@/db/schema";

/** 1-based position of every queued run, in the order the worker will take them. */
export function queuePositions(db: DbOrTx): Map<number, number> {
  const queued = db.select({ id: runs.id }).from(runs).where(eq(runs.status, "queued")).orderBy(asc(runs.queueRank), asc(runs.id)).all();
  return new Map(queued.map((r, i) => [r.id, i + 1]));
}
