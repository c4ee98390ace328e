import type { EventPayload } from "@/lib/realtime/events";
import type { RunDto } from "@/lib/services/runs/run-dto";
import { runMatchesFilter, type RunsFilter } from "./filters";
import { statusStage } from "./status";

export type RunProgressEvent = EventPayload<"run:progress">;
export type QueueChangedEvent = EventPayload<"queue:changed">;

/**
 * Combines what we hold with a newer copy of a run (a `run:updated` event, a refetch after reconnect, or a fresh server
 * render). Events and fetches can cross on the wire, so two rules keep the view from going backwards: the status never
 * moves to an earlier stage, and while running the progress with the higher percent wins (the DB stores progress at
 * most once a second; the stream is fresher).
 */
export function mergeRun(current: RunDto, incoming: RunDto): RunDto {
  if (current.id !== incoming.id) return current;
  if (statusStage(incoming.status) < statusStage(current.status)) return current;
  if (incoming.status === "running" && current.status === "running" && current.progress && incoming.progress) {
    if (current.progress.percent > incoming.progress.percent) return { ...incoming, progress: current.progress };
  }
  return incoming;
}

/** Applies live progress; a finished run keeps its final progress (a late frame must not undo 100 %). */
export function withProgress(run: RunDto, event: RunProgressEvent): RunDto {
  if (run.id !== event.runId || statusStage(run.status) === 2) return run;
  if (run.progress && run.progress.percent > event.progress.percent && run.progress.phase === event.progress.phase) return run;
  return { ...run, progress: event.progress };
}

export type ListContext = {
  filter: RunsFilter;
  /** New runs are added only on the newest page; older pages are a fixed window. */
  isFirstPage: boolean;
};

/**
 * A `run:updated` on the list: update the row in place, or add a new run at the top when it belongs on this page.
 * Rows are kept newest first (ids only grow), and the array is returned unchanged when nothing applies.
 */
export function applyRunUpdated(rows: RunDto[], run: RunDto, context: ListContext): RunDto[] {
  const index = rows.findIndex((r) => r.id === run.id);
  if (index >= 0) {
    const merged = mergeRun(rows[index], run);
    if (merged === rows[index]) return rows;
    const next = rows.slice();
    next[index] = merged;
    return next;
  }
  if (!context.isFirstPage || !runMatchesFilter(run, context.filter)) return rows;
  // An older run we simply never had (a filter change elsewhere, an import) belongs below the page's newest row.
  if (rows.length && run.id < rows[rows.length - 1].id) return rows;
  return [...rows, run].sort((a, b) => b.id - a.id);
}

export function applyRunProgress(rows: RunDto[], event: RunProgressEvent): RunDto[] {
  const index = rows.findIndex((r) => r.id === event.runId);
  if (index < 0) return rows;
  const updated = withProgress(rows[index], event);
  if (updated === rows[index]) return rows;
  const next = rows.slice();
  next[index] = updated;
  return next;
}

/** `queue:changed` carries every queued run's position; rows that are still queued take theirs. */
export function applyQueueChanged(rows: RunDto[], positions: QueueChangedEvent): RunDto[] {
  let changed = false;
  const next = rows.map((row) => {
    if (row.status !== "queued") return row;
    const position = positions[String(row.id)] ?? null;
    if (position === row.queuePosition) return row;
    changed = true;
    return { ...row, queuePosition: position };
  });
  return changed ? next : rows;
}

/** A refetched page replaces what we have, except that rows we already saw further along keep their later state. */
export function replaceRows(current: RunDto[], fresh: RunDto[]): RunDto[] {
  const byId = new Map(current.map((r) => [r.id, r]));
  return fresh.map((row) => {
    const held = byId.get(row.id);
    return held ? mergeRun(held, row) : row;
  });
}

/** How many runs are queued, from a `queue:changed` payload (positions are 1…n). */
export function queueLengthOf(positions: QueueChangedEvent): number {
  return Object.keys(positions).length;
}
