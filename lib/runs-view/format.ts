import type { StoredProgress } from "@/db/schema";
import type { RunDto } from "@/lib/services/runs/run-dto";

/** ETA as people read it on a progress bar: `45s`, `3m 05s`, `2h 07m`; unknown or negative → null. */
export function formatEta(seconds: number | null | undefined): string | null {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return null;
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, "0")}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** tqdm-style rate: `12.3 it/s` above one per second, `4.2 s/it` below (slow API models). */
export function formatRate(rate: number | null | undefined): string | null {
  if (rate === null || rate === undefined || !Number.isFinite(rate) || rate <= 0) return null;
  if (rate >= 1) return `${rate >= 100 ? Math.round(rate) : rate.toFixed(rate >= 10 ? 1 : 2)} it/s`;
  const secondsPerItem = 1 / rate;
  return `${secondsPerItem >= 10 ? secondsPerItem.toFixed(0) : secondsPerItem.toFixed(1)} s/it`;
}

/** Whole percent, clamped; 99.6 shows as 99 until the run really is done (100 means finished). */
export function clampPercent(percent: number | null | undefined): number {
  if (percent === null || percent === undefined || !Number.isFinite(percent)) return 0;
  return Math.min(100, Math.max(0, Math.floor(percent)));
}

const PHASE_LABEL: Record<string, string> = {
  starting: "starting",
  loading: "loading model",
  building: "building contexts",
  inference: "inference",
  postprocessing: "postprocessing",
  saving: "saving results",
  finished: "finished",
};

export const phaseLabel = (phase: string | null | undefined): string => (phase ? (PHASE_LABEL[phase] ?? phase) : "waiting");

/** `42% · inference · ETA 1m 02s` — the one-line summary under a list row's progress bar. */
export function progressCaption(progress: StoredProgress | null, status: RunDto["status"]): string {
  if (!progress) return status === "running" ? "starting" : "";
  const parts = [`${clampPercent(progress.percent)}%`];
  if (status === "running") {
    parts.push(phaseLabel(progress.phase));
    const eta = formatEta(progress.etaSeconds);
    if (eta) parts.push(`ETA ${eta}`);
  }
  return parts.join(" · ");
}

/** `n / total` of the current bar, or null when lmms-eval has not printed one yet. */
export function formatCount(progress: Pick<StoredProgress, "n" | "total"> | null): string | null {
  if (!progress || progress.n === null) return null;
  return progress.total ? `${progress.n.toLocaleString("en-US")} / ${progress.total.toLocaleString("en-US")}` : progress.n.toLocaleString("en-US");
}

/** Duration so far: a running run keeps counting from its start on the viewer's clock; a finished one is fixed. */
export function runDurationSeconds(run: Pick<RunDto, "status" | "startedAt" | "finishedAt" | "durationSeconds">, nowMs: number): number | null {
  if (run.status === "running" && run.startedAt) return Math.max(0, (nowMs - Date.parse(run.startedAt)) / 1000);
  if (run.startedAt && run.finishedAt) return Math.max(0, (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000);
  return run.durationSeconds;
}

/** `2026-11-26 20:58` in UTC, for table cells whose column header says "UTC" (same instant as formatDateTime). */
export function formatShortDateTime(iso: string | null | undefined): string {
  return iso ? new Date(iso).toISOString().slice(0, 16).replace("T", " ") : "—";
}

/** The first few tasks and how many more there are, for narrow table cells. */
export function summarizeTasks(tasks: string[], max = 3): { shown: string[]; more: number } {
  return { shown: tasks.slice(0, max), more: Math.max(0, tasks.length - max) };
}

/**
 * The part of `--model_args` that tells runs apart in a list (the checkpoint), e.g. `Qwen/Qwen2.5-VL-7B-Instruct`
 * from `pretrained=Qwen/Qwen2.5-VL-7B-Instruct,max_pixels=…`. Values were masked by the server already.
 */
export function modelCheckpoint(modelArgs: string): string | null {
  for (const key of ["pretrained", "model", "model_version", "model_name", "model_id", "model_path"]) {
    const match = new RegExp(`(?:^|,)\\s*${key}\\s*=\\s*([^,]+)`).exec(modelArgs);
    if (match?.[1].trim()) return match[1].trim();
  }
  return null;
}

/**
 * What a list or a header calls the model a run evaluated: people recognise the model (`Qwen/Qwen2.5-VL-7B`, or the
 * registered "qwen-vl · v2"), not the backend that served it (`openai`, `vllm`), which becomes the detail.
 */
export function runModelName(run: Pick<RunDto, "model" | "modelArgs">, version: { label: string; modelName: string } | null): { name: string; detail: string } {
  const checkpoint = modelCheckpoint(run.modelArgs);
  if (version) return { name: `${version.modelName} · ${version.label}`, detail: checkpoint ? `${run.model} · ${checkpoint}` : run.model };
  if (checkpoint) return { name: checkpoint, detail: run.model };
  return { name: run.model, detail: run.modelArgs };
}
