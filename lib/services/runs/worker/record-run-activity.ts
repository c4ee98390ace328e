import { eq, sql } from "drizzle-orm";
import type { DB } from "@/db/client";
import { runLogs, runs, type StoredProgress } from "@/db/schema";

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
