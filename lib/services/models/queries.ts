import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { EvaluateNewVersions, MODEL_STATUSES, models, modelVersions, runs, users, VERSION_STATUSES, type Model, type ModelVersion } from "@/db/schema";
import { IsoTimestamp, PersonRef } from "@/lib/services/dto-fields";
import { maskModelArgs } from "@/lib/services/runs/run-dto";

/** Matching versions, grouping board rows and recording launch overrides all use one rule, which the browser shares. */
export { canonicalKeyValue } from "@/lib/lmms-eval/command/key-value-args";

export const ModelDto = z.strictObject({
  id: z.number(),
  name: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  status: z.enum(MODEL_STATUSES),
  createdBy: PersonRef.nullable(),
  createdAt: IsoTimestamp,
  updatedAt: IsoTimestamp,
  versionCount: z.number(),
  runCount: z.number(),
  latestVersion: z.strictObject({ id: z.number(), label: z.string() }).nullable(),
  evaluateNewVersions: EvaluateNewVersions.nullable()
    .describe("benchmarks every newly registered version is evaluated on (null: none)"),
});
export type ModelDto = z.infer<typeof ModelDto>;

export const ModelVersionDto = z.strictObject({
  id: z.number(),
  modelId: z.number(),
  label: z.string(),
  backend: z.string(),
  modelArgs: z.string().describe("secret-looking values masked as ***"),
  genKwargs: z.string(),
  notes: z.string(),
  parentVersionId: z.number().nullable(),
  parentRelation: z.string(),
  status: z.enum(VERSION_STATUSES),
  createdBy: PersonRef.nullable(),
  createdAt: IsoTimestamp,
  runCount: z.number(),
  locked: z.boolean().describe("configuration frozen because runs used this version"),
});
export type ModelVersionDto = z.infer<typeof ModelVersionDto>;

export const ModelDetailDto = ModelDto.extend({ versions: z.array(ModelVersionDto) });
export type ModelDetailDto = z.infer<typeof ModelDetailDto>;

export function versionRunCounts(db: DbOrTx, versionIds: number[]): Map<number, number> {
  if (versionIds.length === 0) return new Map();
  const rows = db
    .select({ id: runs.modelVersionId, n: count() })
    .from(runs)
    .where(inArray(runs.modelVersionId, versionIds))
    .groupBy(runs.modelVersionId)
    .all();
  return new Map(rows.map((r) => [r.id!, r.n]));
}

export function toVersionDto(v: ModelVersion, runCount: number, createdByName: string | null): ModelVersionDto {
  return {
    id: v.id,
    modelId: v.modelId,
    label: v.label,
    backend: v.backend,
    modelArgs: maskModelArgs(v.modelArgs),
    genKwargs: v.genKwargs,
    notes: v.notes,
    parentVersionId: v.parentVersionId,
    parentRelation: v.parentRelation,
    status: v.status,
    createdBy: v.createdById ? { id: v.createdById, name: createdByName ?? "unknown" } : null,
    createdAt: v.createdAt.toISOString(),
    runCount,
    locked: runCount > 0,
  };
}

export function listVersionRows(db: DbOrTx, modelId: number): ModelVersionDto[] {
  const rows = db
    .select({ v: modelVersions, createdByName: users.name })
    .from(modelVersions)
    .leftJoin(users, eq(users.id, modelVersions.createdById))
    .where(eq(modelVersions.modelId, modelId))
    .orderBy(asc(modelVersions.createdAt), asc(modelVersions.id))
    .all();
  const counts = versionRunCounts(db, rows.map((r) => r.v.id));
  return rows.map((r) => toVersionDto(r.v, counts.get(r.v.id) ?? 0, r.createdByName));
}

export function toModelDto(db: DbOrTx, m: Model, createdByName: string | null): ModelDto {
  const versions = db.select({ id: modelVersions.id, label: modelVersions.label }).from(modelVersions).where(eq(modelVersions.modelId, m.id)).orderBy(asc(modelVersions.id)).all();
  const counts = versionRunCounts(db, versions.map((v) => v.id));
  return {
    id: m.id,
    name: m.name,
    description: m.description,
    tags: m.tags,
    status: m.status,
    createdBy: m.createdById ? { id: m.createdById, name: createdByName ?? "unknown" } : null,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
    versionCount: versions.length,
    runCount: [...counts.values()].reduce((a, b) => a + b, 0),
    latestVersion: versions.at(-1) ?? null,
    evaluateNewVersions: m.evaluateNewVersions ?? null,
  };
}

export function findModelByName(db: DbOrTx, name: string): Model | undefined {
  return db.select().from(models).where(sql`lower(${models.name}) = lower(${name})`).get();
}

export function findVersionByLabel(db: DbOrTx, modelId: number, label: string): ModelVersion | undefined {
  return db.select().from(modelVersions).where(and(eq(modelVersions.modelId, modelId), sql`lower(${modelVersions.label}) = lower(${label})`)).get();
}
