import os from "node:os";
import { eq } from "drizzle-orm";
import type { DB } from "@/db/client";
import { workerHeartbeats } from "@/db/schema";

/** How often a worker beats; getWorkerStatus reports it down after three missed beats. */
export const HEARTBEAT_INTERVAL_MS = 5_000;

/** Upserts this worker's row; /api/health and Settings → System read it to say whether the worker is up. */
export function recordWorkerHeartbeat(db: DB, beat: { workerId: string; startedAt: Date; info: Record<string, unknown> }): void {
  const now = new Date();
  const { workerId, startedAt, info } = beat;
  db.insert(workerHeartbeats)
    .values({ workerId, pid: process.pid, hostname: os.hostname(), startedAt, lastSeenAt: now, info })
    .onConflictDoUpdate({ target: workerHeartbeats.workerId, set: { pid: process.pid, lastSeenAt: now, info, startedAt } })
    .run();
}

/** A worker that stops cleanly says so at once instead of waiting to be reported down. */
export function removeWorkerHeartbeat(db: DB, workerId: string): void {
  db.delete(workerHeartbeats).where(eq(workerHeartbeats.workerId, workerId)).run();
}
