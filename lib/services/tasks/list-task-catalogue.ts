import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db/client";
import { taskCatalogue } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/permissions";
import { NotFoundError } from "@/lib/services/errors";
import { readSetting } from "@/lib/services/settings/settings-store";
import { CATALOGUE_META_KEY, CatalogueMeta, ModelList, MODELS_KEY } from "./catalogue-meta";
import { decodeCatalogueSource } from "./catalogue-source";

export const CatalogueItem = z.strictObject({
  name: z.string(),
  kind: z.enum(["task", "group", "tag", "python_task"]),
  outputType: z.string().nullable(),
  datasetPath: z.string().nullable(),
  members: z.array(z.string()),
  parents: z.array(z.string()),
  source: z.enum(["builtin", "include"]).describe("include: from a folder in LMMS_EVAL_INCLUDE_PATHS"),
  includePath: z.string().nullable().describe("the include folder a run of this task passes as --include_path"),
});
export type CatalogueItem = z.infer<typeof CatalogueItem>;

export const TaskYamlDto = z.strictObject({ name: z.string(), yamlPath: z.string().nullable(), yamlText: z.string().nullable() });
export type TaskYamlDto = z.infer<typeof TaskYamlDto>;

/** Everything the task picker needs (no YAML text: that is fetched per task on demand). */
export function listTaskCatalogue({ db, ctx, q }: { db: DB; ctx: ServiceContext; q?: string }): {
  items: CatalogueItem[];
  meta: CatalogueMeta | null;
  models: ModelList;
} {
  requireActor(ctx);
  const rows = db
    .select({
      name: taskCatalogue.name,
      kind: taskCatalogue.kind,
      outputType: taskCatalogue.outputType,
      datasetPath: taskCatalogue.datasetPath,
      members: taskCatalogue.members,
      parents: taskCatalogue.parents,
      source: taskCatalogue.source,
    })
    .from(taskCatalogue)
    .orderBy(asc(taskCatalogue.name))
    .all()
    .map((row): CatalogueItem => ({ ...row, ...decodeCatalogueSource(row.source) }));
  const needle = q?.trim().toLowerCase();
  return {
    items: needle ? rows.filter((r) => r.name.toLowerCase().includes(needle)) : rows,
    meta: readSetting(db, CATALOGUE_META_KEY, CatalogueMeta.nullable(), null),
    models: readSetting(db, MODELS_KEY, ModelList, []),
  };
}

export function getTaskYaml({ db, ctx, name }: { db: DB; ctx: ServiceContext; name: string }): TaskYamlDto {
  requireActor(ctx);
  const row = db
    .select({ name: taskCatalogue.name, yamlPath: taskCatalogue.yamlPath, yamlText: taskCatalogue.yamlText })
    .from(taskCatalogue)
    .where(eq(taskCatalogue.name, name))
    .get();
  if (!row) throw new NotFoundError(`Task ${name}`);
  return row;
}
