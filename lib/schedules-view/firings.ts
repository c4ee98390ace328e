import type { StatusTone as BadgeTone } from "@/lib/runs-view/status";

type Firing = { scheduledAt: string; firedAt: string; trigger: string; outcome: string; runIds: number[]; batchId: number | null };

export const OUTCOME_TONE: Record<string, BadgeTone> = { started: "green", skipped: "amber", failed: "red" };

export const TRIGGER_LABEL: Record<string, string> = { cron: "on schedule", misfire: "missed, run once", manual: "run now" };

/** Where a firing's work can be followed: its runs, or its batch (whose runs are listed there). */
export function firingLinks(f: Pick<Firing, "runIds" | "batchId">): Array<{ href: string; label: string; runId: number | null }> {
  if (f.batchId !== null) return [{ href: `/batches/${f.batchId}`, label: `Batch ${f.batchId}`, runId: null }];
  return f.runIds.map((id) => ({ href: `/runs/${id}`, label: `Run #${id}`, runId: id }));
}

/** How late the firing started after its nominal time: "on time", "+1.2 s", "+3 min". */
export function lateness(f: Pick<Firing, "scheduledAt" | "firedAt">): string {
  const ms = new Date(f.firedAt).getTime() - new Date(f.scheduledAt).getTime();
  if (!Number.isFinite(ms) || Math.abs(ms) < 1000) return "on time";
  const sign = ms < 0 ? "−" : "+";
  const s = Math.abs(ms) / 1000;
  if (s < 60) return `${sign}${s.toFixed(1)} s`;
  if (s < 3600) return `${sign}${Math.round(s / 60)} min`;
  return `${sign}${(s / 3600).toFixed(1)} h`;
}

const UNFINISHED = new Set(["queued", "running"]);
export const isUnfinished = (status: string | null | undefined) => status !== null && status !== undefined && UNFINISHED.has(status);

/**
 * When the schedule pages should re-read the server: every few seconds while runs they show are unfinished, else
 * once just after the next fire time (if it is within a day), never while nothing can change.
 */
export function refreshPlan({ nextFireAt, unfinished, now }: { nextFireAt: string | null; unfinished: boolean; now: number }): { intervalMs: number | null; atMs: number | null } {
  const DAY = 24 * 3600 * 1000;
  const next = nextFireAt ? new Date(nextFireAt).getTime() : null;
  const atMs = next !== null && next - now < DAY ? Math.max(next + 1500, now + 1000) : null;
  return { intervalMs: unfinished ? 3000 : null, atMs };
}
