import type { StatusTone as BadgeTone } from "@/lib/runs-view/status";

type Item = { modelVersionId: number; task: string; runId: number | null; reused: boolean; status: string | null };
type Version = { id: number; label: string; modelName: string };

/** Share of finished runs, 0–100 (a batch made only of reused results is complete). */
export function batchPercent(progress: { done: number; total: number }): number {
  if (progress.total <= 0) return 100;
  return Math.round((Math.min(progress.done, progress.total) / progress.total) * 100);
}

export const ITEM_TONE: Record<string, BadgeTone> = { queued: "neutral", running: "blue", succeeded: "green", failed: "red", cancelled: "amber" };

export function versionName(versions: ReadonlyMap<number, Version>, id: number): string {
  const v = versions.get(id);
  return v ? `${v.modelName} · ${v.label}` : `version ${id}`;
}

/**
 * Items as a versions × tasks grid, in the batch's own order: one row per version, one cell per task. A cell is
 * null when the batch has no item for that pair (never, for batches the service made).
 */
export function batchGrid(target: { modelVersionIds: number[]; tasks: string[] }, items: Item[]): Array<{ versionId: number; cells: Array<Item | null> }> {
  const byKey = new Map(items.map((i) => [`${i.modelVersionId}\u0000${i.task}`, i]));
  return target.modelVersionIds.map((versionId) => ({ versionId, cells: target.tasks.map((task) => byKey.get(`${versionId}\u0000${task}`) ?? null) }));
}

/** The distinct runs of a batch with the tasks each covers, for the run table. */
export function batchRuns(items: Item[]): Array<{ runId: number; versionId: number; tasks: string[]; reused: boolean; status: string | null }> {
  const runs = new Map<number, { runId: number; versionId: number; tasks: string[]; reused: boolean; status: string | null }>();
  for (const item of items) {
    if (item.runId === null) continue;
    const entry = runs.get(item.runId) ?? { runId: item.runId, versionId: item.modelVersionId, tasks: [], reused: item.reused, status: item.status };
    entry.tasks.push(item.task);
    runs.set(item.runId, entry);
  }
  return [...runs.values()].sort((a, b) => a.runId - b.runId);
}

export const BATCH_POLL_MS = 3000;
