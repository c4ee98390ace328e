import { eq, sql } from "drizzle-orm";
import type { DB } from "@/db/client";
import { runLogs, runs, type StoredProgress } from "@/db/schema";
import { listRooms } from "@/lib/services/runs/publish-run";

export type LogLine = { stream: "stdout" | "stderr" | "system"; level: string | null; text: string; at: Date };
export type StoredLogLine = LogLine & { seq: number };

export function recordRunProcess(db: DB, runId: number, info: { pid: number | null; outputDir: string }): void {
  db.update(runs).set({ pid: info.pid, outputDir: info.outputDir }).where(eq(runs.id, runId)).run();
}

/** Appends console lines with consecutive sequence numbers (one transaction per batch), returning them numbered. */
export function appendRunLogs(db: DB, runId: number, lines: LogLine[]): StoredLogLine[] {
  if (lines.length === 0) return [];
  return db.transaction((tx) => {
    const last = tx.select({ seq: runs.lastLogSeq }).from(runs).where(eq(runs.id, runId)).get()?.seq ?? 0;
    const numbered = lines.map((line, i) => ({ ...line, seq: last + i + 1 }));
    for (const line of numbered) tx.insert(runLogs).values({ runId, ...line }).run();
    tx.update(runs).set({ lastLogSeq: sql`${last + numbered.length}` }).where(eq(runs.id, runId)).run();
    return numbered;
  });
}

export function updateRunProgress(db: DB, runId: number, progress: StoredProgress): void {
  db.update(runs).set({ progress }).where(eq(runs.id, runId)).run();
}

/**
 * The list-level rooms a running run's progress goes to, read again at every flush: the owner may make the run
 * private or share it while it runs, and its progress must follow at once.
 */
export function runListRooms(db: DB, runId: number): string[] {
  const access = db.select({ id: runs.id, createdById: runs.createdById, visibility: runs.visibility }).from(runs).where(eq(runs.id, runId)).get();
  return access ? listRooms(db, access) : [];
}
