import type { FailureKind, RunStatus } from "@/db/schema";
import type { RunDto } from "@/lib/services/runs/run-dto";

export type StatusTone = "neutral" | "blue" | "green" | "red" | "amber" | "violet";

export const STATUS_TONE: Record<RunStatus, StatusTone> = {
  queued: "neutral",
  running: "blue",
  succeeded: "green",
  failed: "red",
  cancelled: "amber",
};

export const isActiveStatus = (status: RunStatus): boolean => status === "queued" || status === "running";

/** Ordering of the lifecycle, so a late or stale message never moves a run backwards (finished → running). */
const STAGE: Record<RunStatus, number> = { queued: 0, running: 1, succeeded: 2, failed: 2, cancelled: 2 };
export const statusStage = (status: RunStatus): number => STAGE[status];

/** The words next to the status badge: where a queued run stands, and that a cancel was asked for. */
export function statusDetail(run: Pick<RunDto, "status" | "queuePosition" | "cancelRequested">): string | null {
  if (run.status === "queued") return run.queuePosition ? `#${run.queuePosition} in queue` : null;
  if (run.status === "running" && run.cancelRequested) return "cancelling…";
  return null;
}

export const FAILURE_KIND_LABEL: Record<FailureKind, string> = {
  interrupted: "Interrupted",
  evaluation_error: "Evaluation error",
  crash: "lmms-eval crashed",
  no_results: "No results written",
  spawn_error: "Could not start",
  storage_error: "Storage error",
  ingest_error: "Results could not be read",
};
