import { z } from "zod";

export const CATALOGUE_META_KEY = "task_catalogue_meta";
export const MODELS_KEY = "lmms_eval_models";

export const CatalogueMeta = z.object({
  refreshedAt: z.string(),
  method: z.enum(["scan", "tasks-list", "none"]),
  packageDir: z.string().nullable(),
  /** The configured include folders (LMMS_EVAL_INCLUDE_PATHS) scanned with the package. */
  includePaths: z.array(z.string()).default([]),
  count: z.number(),
  warnings: z.array(z.object({ file: z.string(), message: z.string() })),
  warningCount: z.number(),
  error: z.string().nullable(),
});
export type CatalogueMeta = z.infer<typeof CatalogueMeta>;

export const ModelList = z.array(z.object({ name: z.string(), type: z.string(), aliases: z.array(z.string()) }));
export type ModelList = z.infer<typeof ModelList>;
