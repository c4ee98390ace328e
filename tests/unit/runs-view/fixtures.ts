import type { StoredProgress } from "@/db/schema";
import type { RunDto } from "@/lib/services/runs/run-dto";

export function progress(percent: number, extra: Partial<StoredProgress> = {}): StoredProgress {
  return { phase: "inference", task: null, tasks: ["ai2d", "mme"], requestType: "generate_until", n: 10, total: 28, rate: 4.2, etaSeconds: 4, percent, ...extra };
}

export function run(id: number, extra: Partial<RunDto> = {}): RunDto {
  return {
    id,
    status: "queued",
    source: "launched",
    executor: "local",
    slurm: null,
    model: "standin",
    modelArgs: "pretrained=org/tiny",
    tasks: ["mme", "ai2d"],
    params: {},
    envNames: [],
    commandPreview: "python3 -m lmms_eval eval --model standin",
    createdBy: { id: 1, name: "Ada" },
    visibility: "team",
    createdAt: "2026-11-26T10:00:00.000Z",
    startedAt: null,
    finishedAt: null,
    durationSeconds: null,
    exitCode: null,
    exitSignal: null,
    reason: null,
    failureKind: null,
    progress: null,
    queuePosition: null,
    cancelRequested: false,
    rerunOfId: null,
    lmmsEvalVersion: null,
    gpuSlot: null,
    lastLogSeq: 0,
    modelVersionId: null,
    versionOverrides: null,
    ...extra,
  };
}
