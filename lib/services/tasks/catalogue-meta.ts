import { z } from "zod";

export const CATALOGUE_META_KEY = "task_catalogue_meta";
export const MODELS_KEY = "lmms_eval_models";

/** What the last catalogue refresh found: stored as a setting, and what `POST /api/v1/tasks/refresh` returns. */
export const CatalogueMeta = z.strictObject({
  refreshedAt: z.string().describe("ISO-8601 timestamp (UTC)"),
  method: z
    .enum(["scan", "tasks-list", "none"])
    .describe("scan: the installed package's task YAMLs; tasks-list: `lmms-eval tasks list`; none: neither worked (the previous catalogue is kept)"),
  packageDir: z.string().nullable(),
  // Catalogues stored before include folders existed have no list.
  includePaths: z.array(z.string()).default([]).describe("the include folders (LMMS_EVAL_INCLUDE_PATHS) scanned with the package"),
  count: z.number(),
  warnings: z.array(z.strictObject({ file: z.string(), message: z.string() })),
  warningCount: z.number(),
  error: z.string().nullable(),
});
export type CatalogueMeta = z.infer<typeof CatalogueMeta>;

export const ModelList = z.array(z.object({ name: z.string(), type: z.string(), aliases: z.array(z.string()) }));
export type ModelList = z.infer<typeof ModelList>;
