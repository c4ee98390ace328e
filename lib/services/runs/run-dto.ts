import type { Run, StoredProgress, StoredRunParams } from "@/db/schema";
import { maskKeyValueSecrets } from "@/lib/lmms-eval/command";
import { describeSlurmState } from "@/lib/lmms-eval/slurm";

/** A Slurm run's job as the worker last saw it, and the script it submitted (which holds no secret values). */
export type RunSlurmDto = {
  jobId: string | null;
  /** Slurm's own state: PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, NODE_FAIL, OUT_OF_MEMORY, … */
  state: string | null;
  reason: string | null;
  node: string | null;
  /** "PENDING (Resources)", "RUNNING on gpu-07": ready to show. */
  summary: string;
  batchScript: string | null;
};

/** The public shape of a run (house style 10): never the sealed environment, model-args secrets masked. */
export type RunDto = {
  id: number;
  status: Run["status"];
  source: Run["source"];
  executor: Run["executor"];
  model: string;
  modelArgs: string;
  tasks: string[];
  params: StoredRunParams;
  envNames: string[];
  commandPreview: string;
  createdBy: { id: number; name: string } | null;
  /** "team": everyone in the team sees it; "private": its owner, admins and the people it is shared with. */
  visibility: Run["visibility"];
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationSeconds: number | null;
  exitCode: number | null;
  exitSignal: string | null;
  reason: string | null;
  failureKind: Run["failureKind"];
  progress: StoredProgress | null;
  queuePosition: number | null;
  cancelRequested: boolean;
  rerunOfId: number | null;
  lmmsEvalVersion: string | null;
  gpuSlot: string | null;
  lastLogSeq: number;
  modelVersionId: number | null;
  versionOverrides: Record<string, [string, string]> | null;
  /** Set for Slurm runs (executor = "slurm"), null for local ones. */
  slurm: RunSlurmDto | null;
};

/** `--model_args` with secret-looking values masked, exactly as the command preview shows them. */
export function maskModelArgs(modelArgs: string): string {
  return maskKeyValueSecrets(modelArgs);
}

export function toRunDto(run: Run, extra: { createdByName?: string | null; queuePosition?: number | null } = {}): RunDto {
  const end = run.finishedAt ?? (run.status === "running" ? new Date() : null);
  return {
    id: run.id,
    status: run.status,
    source: run.source,
    executor: run.executor,
    model: run.model,
    modelArgs: maskModelArgs(run.modelArgs),
    tasks: run.tasks,
    params: run.params.genKwargs ? { ...run.params, genKwargs: maskKeyValueSecrets(run.params.genKwargs) } : run.params,
    envNames: run.envNames,
    commandPreview: run.commandPreview,
    createdBy: run.createdById ? { id: run.createdById, name: extra.createdByName ?? "unknown" } : null,
    visibility: run.visibility,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    durationSeconds: run.startedAt && end ? (end.getTime() - run.startedAt.getTime()) / 1000 : null,
    exitCode: run.exitCode,
    exitSignal: run.exitSignal,
    reason: run.reason,
    failureKind: run.failureKind,
    progress: run.progress ?? null,
    queuePosition: run.status === "queued" ? (extra.queuePosition ?? null) : null,
    cancelRequested: Boolean(run.cancelRequestedAt),
    rerunOfId: run.rerunOfId,
    lmmsEvalVersion: run.lmmsEvalVersion,
    gpuSlot: run.gpuSlot,
    lastLogSeq: run.lastLogSeq,
    modelVersionId: run.modelVersionId,
    // Args and gen kwargs overrides may carry secrets: mask both sides like the args themselves.
    versionOverrides: run.versionOverrides
      ? Object.fromEntries(Object.entries(run.versionOverrides).map(([k, [a, b]]) => [k, [maskKeyValueSecrets(a), maskKeyValueSecrets(b)]]))
      : null,
    slurm:
      run.executor === "slurm"
        ? {
            jobId: run.slurmJobId,
            state: run.slurmState,
            reason: run.slurmReason,
            node: run.slurmNode,
            summary: describeSlurmState({ state: run.slurmState, reason: run.slurmReason, node: run.slurmNode }),
            batchScript: run.batchScript,
          }
        : null,
  };
}
