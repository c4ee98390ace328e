import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { EvaluateNewVersions, MODEL_STATUSES, models, modelVersions, runs, users, VERSION_STATUSES, type Model, type ModelVersion } from "@/db/schema";
import { IsoTimestamp, PersonRef } from "@/lib/services/dto-fields";
import { maskKeyValueSecrets } from "@/lib/lmms-eval/command";
import type { Actor } from "@/lib/auth/actor";
import { visibleRunsWhere } from "@/lib/services/runs/run-access";

/** Matching versions, grouping board rows and recording launch overrides all use one rule, which the browser shares. */
export { canonicalKeyValue } from "@/lib/lmms-eval/command/preview";

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
  runCount: z.number().describe("runs of this version you may see (private runs of others are not counted)"),
  locked: z.boolean().describe("configuration frozen because runs used this version (any run, seen or not)"),
  registeredFromRunId: z.number().nullable().describe("the run it was registered from, when you may see that run"),
});
export type ModelVersionDto = z.infer<typeof ModelVersionDto>;

export const ModelDetailDto = ModelDto.extend({ versions: z.array(ModelVersionDto) });
export type ModelDetailDto = z.infer<typeof ModelDetailDto>;

/** Runs per version; with `reader`, only the runs that person may see (what a page shows them). */
export function versionRunCounts(db: DbOrTx, versionIds: number[], reader?: Actor): Map<number, number> {
  if (versionIds.length === 0) return new Map();
  const rows = db
    .select({ id: runs.modelVersionId, n: count() })
    .from(runs)
    .where(and(inArray(runs.modelVersionId, versionIds), reader ? visibleRunsWhere(reader) : undefined))
    .groupBy(runs.modelVersionId)
    .all();
  return new Map(rows.map((r) => [r.id!, r.n]));
}

/**
 * Versions as `reader` may see them: run counts and provenance ("registered from run #N") only from runs they may
 * see, so a version registered from someone's private run says nothing about that run. Args are stored masked; they
 * are masked again here so a row written before sealing never leaves unmasked.
 */
export function toVersionDtos(db: DbOrTx, reader: Actor, rows: Array<{ v: ModelVersion; createdByName: string | null }>): ModelVersionDto[] {
  const ids = rows.map((r) => r.v.id);
  const total = versionRunCounts(db, ids);
  const visible = versionRunCounts(db, ids, reader);
  const sources = [...new Set(rows.map((r) => r.v.registeredFromRunId).filter((id): id is number => id !== null))];
  const visibleSources = new Set(
    sources.length ? db.select({ id: runs.id }).from(runs).where(and(inArray(runs.id, sources), visibleRunsWhere(reader))).all().map((r) => r.id) : [],
  );
  return rows.map(({ v, createdByName }) => ({
    id: v.id,
    modelId: v.modelId,
    label: v.label,
    backend: v.backend,
    modelArgs: maskKeyValueSecrets(v.modelArgs),
    genKwargs: maskKeyValueSecrets(v.genKwargs),
    notes: v.notes,
    parentVersionId: v.parentVersionId,
    parentRelation: v.parentRelation,
    status: v.status,
    createdBy: v.createdById ? { id: v.createdById, name: createdByName ?? "unknown" } : null,
    createdAt: v.createdAt.toISOString(),
    runCount: visible.get(v.id) ?? 0,
    locked: (total.get(v.id) ?? 0) > 0,
    registeredFromRunId: v.registeredFromRunId !== null && visibleSources.has(v.registeredFromRunId) ? v.registeredFromRunId : null,
  }));
}

export function toVersionDto(db: DbOrTx, reader: Actor, v: ModelVersion, createdByName: string | null): ModelVersionDto {
  return toVersionDtos(db, reader, [{ v, createdByName }])[0];
}

export function listVersionRows(db: DbOrTx, modelId: number, reader: Actor): ModelVersionDto[] {
  const rows = db
    .select({ v: modelVersions, createdByName: users.name })
    .from(modelVersions)
    .leftJoin(users, eq(users.id, modelVersions.createdById))
    .where(eq(modelVersions.modelId, modelId))
    .orderBy(asc(modelVersions.createdAt), asc(modelVersions.id))
    .all();
  return toVersionDtos(db, reader, rows);
}

export function toModelDto(db: DbOrTx, m: Model, createdByName: string | null, reader: Actor): ModelDto {
  const versions = db.select({ id: modelVersions.id, label: modelVersions.label }).from(modelVersions).where(eq(modelVersions.modelId, m.id)).orderBy(asc(modelVersions.id)).all();
  const counts = versionRunCounts(db, versions.map((v) => v.id), reader);
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
