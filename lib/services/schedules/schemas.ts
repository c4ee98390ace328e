import { z } from "zod";
import { EXECUTORS } from "@/db/schema";
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
/**
 * Run parameters besides model/tasks (limit, batch size, …) and `executor` (where the runs go: this machine or the
 * Slurm cluster; left out = the administrator's default at firing time). Checked with createRun's rules when saved
 * (see run-settings.ts) and again by createRun when a run is made. Also the shape of a model's "evaluate new versions".
 */
export const RunSettingsParams = z.object({ executor: z.enum(EXECUTORS, { error: "executor must be local or slurm" }).optional() }).catchall(z.unknown());
const params = RunSettingsParams.optional();

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

const Enabled = z.boolean({ error: "enabled must be true or false" });
const Overlap = z.enum(["skip", "queue"], { error: "overlap must be skip or queue" });
const Misfire = z.enum(["skip", "run_once"], { error: "misfire must be skip or run_once" });

/**
 * A schedule's fields without defaults. Defaults belong to creation only: in zod 4 `.partial()` still applies
 * `.default()` values, so an update built from defaulted fields would reset `enabled`, `overlap` and `misfire` on
 * every PATCH that left them out (pausing reset the policies; renaming resumed a paused schedule).
 */
export const ScheduleFields = z.object({
  name: z.string({ error: "name is required" }).trim().min(1, { error: "name is required" }).max(120),
  cron: CronExpression,
  timezone: Timezone,
  enabled: Enabled,
  overlap: Overlap,
  misfire: Misfire,
  target: Target,
});
export const CreateScheduleInput = ScheduleFields.extend({ enabled: Enabled.default(true), overlap: Overlap.default("skip"), misfire: Misfire.default("skip") });
/** Only the fields sent change. */
export const UpdateScheduleInput = ScheduleFields.partial().extend({ scheduleId: z.coerce.number().int().positive() });

export const BatchInput = z.object({
  name: z.string().trim().max(120).optional(),
  modelVersionIds: versionIds,
  tasks,
  params,
  force: z.boolean().default(false),
  baselineVersionId: z.coerce.number().int().positive().nullable().optional(),
});
