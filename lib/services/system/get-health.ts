import { desc, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db/client";
import { workerHeartbeats } from "@/db/schema";
import { detectLmmsEval, type LmmsEvalDetection } from "@/lib/lmms-eval/detect";

/** The worker beats every 5 s; three missed beats and it is reported down. */
export const WORKER_STALE_MS = 15_000;

/** What `GET /api/health` answers, without authentication: nothing here may carry a secret. */
export const Health = z.strictObject({
  status: z.enum(["ok", "degraded"]),
  db: z.enum(["ok", "error"]),
  worker: z.enum(["up", "down"]),
  lmmsEval: z.strictObject({ found: z.boolean(), version: z.string().nullable(), command: z.array(z.string()) }),
});
export type Health = z.infer<typeof Health>;

export type WorkerStatus = { up: boolean; lastSeenAt: string | null; pid: number | null; hostname: string | null };

export function getWorkerStatus(db: DB, now = Date.now()): WorkerStatus {
  const beat = db.select().from(workerHeartbeats).orderBy(desc(workerHeartbeats.lastSeenAt)).limit(1).get();
  if (!beat) return { up: false, lastSeenAt: null, pid: null, hostname: null };
  return {
    up: now - beat.lastSeenAt.getTime() < WORKER_STALE_MS,
    lastSeenAt: beat.lastSeenAt.toISOString(),
    pid: beat.pid,
    hostname: beat.hostname,
  };
}

/** Unauthenticated: nothing here may carry a secret (the command is the argv prefix, never env values). */
export async function getHealth(db: DB, lmmsEvalCommand: string[]): Promise<Health & { lmmsEvalDetail: LmmsEvalDetection }> {
  let dbOk = true;
  try {
    db.run(sql`select 1`);
  } catch {
    dbOk = false;
  }
  const worker = dbOk ? getWorkerStatus(db).up : false;
  const detection = await detectLmmsEval(lmmsEvalCommand);
  return {
    status: dbOk ? "ok" : "degraded",
    db: dbOk ? "ok" : "error",
    worker: worker ? "up" : "down",
    lmmsEval: { found: detection.found, version: detection.version, command: detection.command },
    lmmsEvalDetail: detection,
  };
}
