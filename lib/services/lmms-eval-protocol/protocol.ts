import { z } from "zod";

/**
 * lmms-eval's own HTTP protocol (lmms_eval/entrypoints/protocol.py, docs/LMMS-EVAL-BEHAVIOUR.md §http-protocol), so its EvalClient works against
 * the dashboard unchanged. Field names are snake_case on purpose: they are lmms-eval's.
 */
export const EvaluateRequest = z.object({
  model: z.string({ error: "model is required" }).min(1, { error: "model is required" }),
  tasks: z.array(z.string(), { error: "tasks must be a list of task names" }).min(1, { error: "choose at least one task" }),
  model_args: z.record(z.string(), z.unknown()).nullable().optional(),
  num_fewshot: z.number().int().nullable().optional(),
  batch_size: z.union([z.number().int(), z.string()]).nullable().optional(),
  device: z.string().nullable().optional(),
  limit: z.number().nullable().optional(),
  gen_kwargs: z.string().nullable().optional(),
  log_samples: z.boolean().default(true),
  predict_only: z.boolean().default(false),
  num_gpus: z.number().int().min(1).default(1),
  output_dir: z.string().nullable().optional(),
});
export type EvaluateRequest = z.output<typeof EvaluateRequest>;

export const JOB_STATUSES = ["queued", "running", "completed", "failed", "cancelled"] as const;

export const JobSubmitResponse = z.strictObject({
  job_id: z.string(),
  status: z.enum(JOB_STATUSES),
  position_in_queue: z.number(),
  message: z.string(),
});

export const JobInfo = z.strictObject({
  job_id: z.string(),
  status: z.enum(JOB_STATUSES),
  created_at: z.string(),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  request: z.record(z.string(), z.unknown()),
  result: z.record(z.string(), z.unknown()).nullable(),
  error: z.string().nullable(),
  position_in_queue: z.number().nullable(),
});

export const QueueStatusResponse = z.strictObject({
  queue_size: z.number(),
  running_job: z.string().nullable(),
  queued_jobs: z.array(z.string()),
  completed_jobs: z.number(),
  failed_jobs: z.number(),
});

export const HealthResponse = z.strictObject({ status: z.string(), timestamp: z.string(), queue_size: z.number() });
export const CancelResponse = z.strictObject({ message: z.string() });
export const TasksResponse = z.strictObject({ tasks: z.array(z.string()) });
export const ModelsResponse = z.strictObject({ models: z.array(z.string()) });
