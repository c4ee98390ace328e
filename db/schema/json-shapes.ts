import { z } from "zod";

/**
 * The shapes tables keep in JSON columns, declared once as zod schemas. They are also the public shapes
 * (a run's `params` and `progress` reach the API, the browser and the live events unchanged), so the launch
 * validator (lib/lmms-eval/command/run-params.ts) refines these fields instead of declaring them again, and the
 * progress tracker produces exactly this type. Only zod here: db/ does not depend on lib/, and client code may import it.
 */

export const VERBOSITY_LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR"] as const;
export type Verbosity = (typeof VERBOSITY_LEVELS)[number];

/** What the user chose for a run besides model, model args, tasks and the (sealed) environment. */
export const StoredRunParams = z.strictObject({
  limit: z.number().optional(),
  batchSize: z.union([z.number(), z.string()]).optional(),
  numFewshot: z.number().optional(),
  genKwargs: z.string().optional(),
  seed: z.union([z.number(), z.string()]).optional(),
  device: z.string().optional(),
  includePath: z.string().optional(),
  applyChatTemplate: z.boolean().optional(),
  systemInstruction: z.string().optional(),
  useCache: z.string().optional(),
  verbosity: z.enum(VERBOSITY_LEVELS).optional(),
});
export type StoredRunParams = z.infer<typeof StoredRunParams>;

export const RUN_PHASES = ["starting", "loading", "building", "inference", "postprocessing", "saving", "finished"] as const;
export type RunPhase = (typeof RUN_PHASES)[number];

/** A run's live progress, as lmms-eval's console reveals it (lib/lmms-eval/stream/progress-tracker.ts). */
export const StoredProgress = z.strictObject({
  phase: z.enum(RUN_PHASES),
  task: z.string().nullable().describe("the task being built or post-processed; null while one inference pass covers every task"),
  tasks: z.array(z.string()).describe("the tasks, groups or tags as lmms-eval lists them under `Selected Tasks`"),
  requestType: z.string().nullable(),
  n: z.number().nullable(),
  total: z.number().nullable(),
  rate: z.number().nullable(),
  etaSeconds: z.number().nullable(),
  percent: z.number().describe("overall 0–100, never decreasing; 100 only once the run finished"),
});
export type StoredProgress = z.infer<typeof StoredProgress>;

/** What a launch from a model version changed: `{field: [version's value, run's value]}`. */
export const VersionOverrides = z.record(z.string(), z.tuple([z.string(), z.string()]));
export type VersionOverrides = z.infer<typeof VersionOverrides>;

export const SlurmStreamOffsets = z.strictObject({ stdout: z.number(), stderr: z.number() });
export type SlurmStreamOffsets = z.infer<typeof SlurmStreamOffsets>;

/** Run settings stored for runs made later (schedules, batches, "evaluate new versions"): checked by the launch rules. */
const LaterRunParams = z.record(z.string(), z.unknown());

/** What a schedule (or a batch) runs: an evaluation of versions × tasks, or a comparison batch. */
export const ScheduleTarget = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("evaluation"), modelVersionIds: z.array(z.number()), tasks: z.array(z.string()), params: LaterRunParams.optional() }),
  z.strictObject({
    type: z.literal("comparison"),
    modelVersionIds: z.array(z.number()),
    tasks: z.array(z.string()),
    params: LaterRunParams.optional(),
    baselineVersionId: z.number().nullable().optional(),
  }),
]);
export type ScheduleTarget = z.infer<typeof ScheduleTarget>;

/** A model's "evaluate every new version on these tasks". */
export const EvaluateNewVersions = z.strictObject({ tasks: z.array(z.string()), params: LaterRunParams.optional() });
export type EvaluateNewVersions = z.infer<typeof EvaluateNewVersions>;
