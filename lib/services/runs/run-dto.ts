import { z } from "zod";
import { EXECUTORS, FAILURE_KINDS, RUN_SOURCES, RUN_STATUSES, StoredProgress, StoredRunParams, VersionOverrides, type Run } from "@/db/schema";
import { maskKeyValueSecrets, maskSecretsInArgs } from "@/lib/lmms-eval/command";
import { describeSlurmState } from "@/lib/lmms-eval/slurm";
import { IsoTimestamp as iso, PersonRef } from "@/lib/services/dto-fields";

/** A Slurm run's job as the worker last saw it, and the script it submitted (which holds no secret values). */
export const RunSlurmDto = z.strictObject({
  jobId: z.string().nullable(),
  state: z.string().nullable().describe("Slurm's job state: PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, NODE_FAIL, OUT_OF_MEMORY, …"),
  reason: z.string().nullable().describe("Slurm's reason, e.g. Priority, Resources, TimeLimit"),
  node: z.string().nullable(),
  summary: z.string().describe('ready to show, e.g. "PENDING (Resources)", "RUNNING on gpu-07"'),
  batchScript: z.string().nullable().describe("the script as submitted; secret values are not in it"),
});
export type RunSlurmDto = z.infer<typeof RunSlurmDto>;

/** The public shape of a run (house style 10): never the sealed environment, model-args secrets masked. */
export const RunDto = z.strictObject({
  id: z.number(),
  status: z.enum(RUN_STATUSES),
  source: z.enum(RUN_SOURCES),
  executor: z.enum(EXECUTORS),
  model: z.string(),
  modelArgs: z.string().describe("secret-looking values masked as ***"),
  tasks: z.array(z.string()),
  params: StoredRunParams.describe("gen kwargs with secret-looking values masked as ***"),
  envNames: z.array(z.string()).describe("names only; values are never returned"),
  commandPreview: z.string(),
  createdBy: PersonRef.nullable(),
  visibility: z.enum(["team", "private"]).describe("team: the whole team sees it; private: its owner, admins and the people it is shared with"),
  createdAt: iso,
  startedAt: iso.nullable(),
  finishedAt: iso.nullable(),
  durationSeconds: z.number().nullable(),
  exitCode: z.number().nullable(),
  exitSignal: z.string().nullable(),
  reason: z.string().nullable(),
  failureKind: z.enum(FAILURE_KINDS).nullable(),
  progress: StoredProgress.nullable(),
  queuePosition: z.number().nullable(),
  cancelRequested: z.boolean(),
  rerunOfId: z.number().nullable(),
  lmmsEvalVersion: z.string().nullable(),
  gpuSlot: z.string().nullable(),
  lastLogSeq: z.number(),
  modelVersionId: z.number().nullable(),
  versionOverrides: VersionOverrides.nullable().describe("what the launch changed relative to the model version: {field: [version, run]}"),
  slurm: RunSlurmDto.nullable().describe("the Slurm job of a run with executor slurm; null for local runs"),
});
export type RunDto = z.infer<typeof RunDto>;

/** A console line as the log API and the live `run:logs` events carry it. */
export const RunLogDto = z.strictObject({
  seq: z.number(),
  stream: z.enum(["stdout", "stderr", "system"]),
  level: z.string().nullable(),
  text: z.string(),
  at: iso,
});
export type RunLogDto = z.infer<typeof RunLogDto>;
export const RunLogsDto = z.strictObject({ lines: z.array(RunLogDto), lastSeq: z.number() });
export type RunLogsDto = z.infer<typeof RunLogsDto>;

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
