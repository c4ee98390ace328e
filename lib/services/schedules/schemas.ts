import { z } from "zod";
import { canonicalTimezone, cronProblem, timezoneProblem } from "./cron";

const versionIds = z
  .array(z.coerce.number().int().positive(), { error: "modelVersionIds must be a list of version ids" })
  .min(1, { error: "choose at least one model version" })
  .max(200, { error: "at most 200 versions" })
  .transform((ids) => [...new Set(ids)]);
const tasks = z
  .array(z.string().trim().min(1), { error: "tasks must be a list of task names" })
  .min(1, { error: "choose at least one task" })
  .max(500)
  .transform((t) => [...new Set(t)]);
/** Run parameters besides model/tasks (limit, batch size, …); validated again by createRun when a run is made. */
const params = z.record(z.string(), z.unknown()).optional();

export const Target = z.discriminatedUnion("type", [
  z.object({ type: z.literal("evaluation"), modelVersionIds: versionIds, tasks, params }),
  z.object({ type: z.literal("comparison"), modelVersionIds: versionIds, tasks, params, baselineVersionId: z.coerce.number().int().positive().nullable().optional() }),
], { error: "target.type must be evaluation or comparison" });

export const CronExpression = z
  .string({ error: "cron is required" })
  .trim()
  .min(1, { error: "cron is required" })
  .superRefine((value, ctx) => {
    const problem = cronProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const Timezone = z
  .string({ error: "timezone is required" })
  .trim()
  .min(1, { error: "timezone is required" })
  .superRefine((value, ctx) => {
    const problem = timezoneProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .transform(canonicalTimezone);

export const ScheduleFields = z.object({
  name: z.string({ error: "name is required" }).trim().min(1, { error: "name is required" }).max(120),
  cron: CronExpression,
  timezone: Timezone,
  enabled: z.boolean().default(true),
  overlap: z.enum(["skip", "queue"], { error: "overlap must be skip or queue" }).default("skip"),
  misfire: z.enum(["skip", "run_once"], { error: "misfire must be skip or run_once" }).default("skip"),
  target: Target,
});
export const CreateScheduleInput = ScheduleFields;
export const UpdateScheduleInput = ScheduleFields.partial().extend({ scheduleId: z.coerce.number().int().positive() });

export const BatchInput = z.object({
  name: z.string().trim().max(120).optional(),
  modelVersionIds: versionIds,
  tasks,
  params,
  force: z.boolean().default(false),
  baselineVersionId: z.coerce.number().int().positive().nullable().optional(),
});
