import { and, asc, count, eq, inArray } from "drizzle-orm";
import type { DB } from "@/db/client";
import { runMetrics, runResults, runs, type Run } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/permissions";
import { maskKeyValueSecrets, parseKeyValueArgs } from "@/lib/lmms-eval/command";
import { InvalidInputError, NotFoundError } from "@/lib/services/errors";
import { cancelRun } from "@/lib/services/runs/cancel-run";
import { createRun } from "@/lib/services/runs/create-run";
import { loadVisibleRun } from "@/lib/services/runs/get-run";
import { queuePositions } from "@/lib/services/runs/queries";
import { parseInput } from "@/lib/services/validate";
import { EvaluateRequest, type JOB_STATUSES } from "./protocol";
import type { z } from "zod";
import type { JobInfo } from "./protocol";

type JobStatus = (typeof JOB_STATUSES)[number];

const STATUS: Record<Run["status"], JobStatus> = {
  queued: "queued",
  running: "running",
  succeeded: "completed",
  failed: "failed",
  cancelled: "cancelled",
};

/** `{pretrained: "x", dtype: "bf16"}` → `pretrained=x,dtype=bf16` (what lmms-eval's own server does with the dict). */
function modelArgsString(args: Record<string, unknown> | null | undefined): string {
  if (!args) return "";
  return Object.entries(args)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(",");
}

/** POST /evaluate → a dashboard run (same validation, queue and audit as the form). */
export async function submitEvaluation({ db, ctx, input }: { db: DB; ctx: ServiceContext; input: unknown }) {
  const req = parseInput(EvaluateRequest, input);
  if (req.num_gpus > 1) throw new InvalidInputError("num_gpus > 1 is not supported by the dashboard's local executor; pin GPUs with GPU_SLOTS instead", { num_gpus: ["Only 1 is supported"] });
  if (req.predict_only) throw new InvalidInputError("predict_only is not supported: the dashboard always scores and stores samples", { predict_only: ["Not supported"] });
  const run = await createRun({
    db,
    ctx,
    input: {
      model: req.model,
      modelArgs: modelArgsString(req.model_args),
      tasks: req.tasks,
      ...(req.num_fewshot != null ? { numFewshot: req.num_fewshot } : {}),
      ...(req.batch_size != null ? { batchSize: req.batch_size } : {}),
      ...(req.device != null ? { device: req.device } : {}),
      ...(req.limit != null ? { limit: req.limit } : {}),
      ...(req.gen_kwargs ? { genKwargs: req.gen_kwargs } : {}),
    },
  });
  const position = queuePositions(db).get(run.id) ?? 1;
  // lmms-eval counts jobs ahead of this one (0 = next).
  return { job_id: String(run.id), status: "queued" as const, position_in_queue: position - 1, message: `Job queued successfully. Position in queue: ${position - 1}` };
}

/** The job's request as lmms-eval's server echoes it, credential values masked (args are stored masked too). */
function requestOf(run: Run): Record<string, unknown> {
  const parsed = parseKeyValueArgs(maskKeyValueSecrets(run.modelArgs));
  return {
    model: run.model,
    tasks: run.tasks,
    model_args: parsed.ok && parsed.pairs.length ? Object.fromEntries(parsed.pairs) : null,
    num_fewshot: run.params.numFewshot ?? null,
    batch_size: run.params.batchSize ?? null,
    device: run.params.device ?? null,
    limit: run.params.limit ?? null,
    gen_kwargs: run.params.genKwargs ? maskKeyValueSecrets(run.params.genKwargs) : null,
    log_samples: true,
    predict_only: false,
    num_gpus: 1,
    output_dir: run.outputDir,
  };
}

/** GET /jobs/{id}: lmms-eval's JobInfo; unlike lmms-eval's server, `result` also carries the metrics. */
export function getJob({ db, ctx, jobId }: { db: DB; ctx: ServiceContext; jobId: string }): z.infer<typeof JobInfo> {
  if (!/^\d+$/.test(jobId)) throw new NotFoundError(`Job ${jobId}`);
  const run = loadVisibleRun(db, ctx, jobId);
  let result: Record<string, unknown> | null = null;
  if (run.status === "succeeded") {
    const stored = db.select().from(runResults).where(eq(runResults.runId, run.id)).get();
    const metrics: Record<string, Record<string, number | null>> = {};
    for (const m of db.select().from(runMetrics).where(eq(runMetrics.runId, run.id)).orderBy(asc(runMetrics.id)).all()) {
      (metrics[m.task] ??= {})[`${m.metric},${m.filter}`] = m.value;
      if (m.stderr !== null) metrics[m.task][`${m.metric}_stderr,${m.filter}`] = m.stderr;
    }
    const folder = stored?.modelName ? stored.modelName.split("/").slice(-2).join("__") : "";
    result = {
      [folder]: { results: stored?.resultsFile ?? run.resultsPath, samples: [] },
      metrics,
    };
  }
  return {
    job_id: String(run.id),
    status: STATUS[run.status],
    created_at: run.createdAt.toISOString(),
    started_at: run.startedAt?.toISOString() ?? null,
    completed_at: run.finishedAt?.toISOString() ?? null,
    request: requestOf(run),
    result,
    error: run.status === "failed" || run.status === "cancelled" ? run.reason : null,
    position_in_queue: run.status === "queued" ? (queuePositions(db).get(run.id) ?? 1) - 1 : null,
  };
}

/** DELETE /jobs/{id}: lmms-eval only cancels queued jobs; the dashboard can also stop a running one. */
export function cancelJob({ db, ctx, jobId }: { db: DB; ctx: ServiceContext; jobId: string }): { message: string } {
  if (!/^\d+$/.test(jobId)) throw new NotFoundError(`Job ${jobId}`);
  const run = cancelRun({ db, ctx, input: { runId: jobId } });
  return { message: run.status === "cancelled" ? `Job ${jobId} cancelled` : `Job ${jobId} is stopping` };
}

export function queueStatus({ db, ctx }: { db: DB; ctx: ServiceContext }) {
  requireActor(ctx);
  const queued = [...queuePositions(db).keys()].map(String);
  const running = db.select({ id: runs.id }).from(runs).where(eq(runs.status, "running")).orderBy(asc(runs.startedAt)).get();
  const countOf = (statuses: Run["status"][]) => db.select({ n: count() }).from(runs).where(and(inArray(runs.status, statuses), eq(runs.importing, false))).get()?.n ?? 0;
  return {
    queue_size: queued.length,
    running_job: running ? String(running.id) : null,
    queued_jobs: queued,
    completed_jobs: countOf(["succeeded"]),
    failed_jobs: countOf(["failed"]),
  };
}
