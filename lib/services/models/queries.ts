import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { models, modelVersions, runs, users, type Model, type ModelVersion } from "@/db/schema";
import { parseKeyValueArgs } from "@/lib/lmms-eval/command";
import { maskModelArgs } from "@/lib/services/runs/run-dto";

export type ModelDto = {
  id: number;
  name: string;
  description: string;
  tags: string[];
  status: Model["status"];
  createdBy: { id: number; name: string } | null;
  createdAt: string;
  updatedAt: string;
  versionCount: number;
  runCount: number;
  latestVersion: { id: number; label: string } | null;
  evaluateNewVersions: Model["evaluateNewVersions"];
};

export type ModelVersionDto = {
  id: number;
  modelId: number;
  label: string;
  backend: string;
  modelArgs: string;
  genKwargs: string;
  notes: string;
  parentVersionId: number | null;
  parentRelation: string;
  status: ModelVersion["status"];
  createdBy: { id: number; name: string } | null;
  createdAt: string;
  runCount: number;
  /** Config fields are frozen once a run used the version. */
  locked: boolean;
};

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

/**
 * Canonical form of `k=v,…` so the same configuration written in another order (or with other spacing) matches:
 * sorted keys, trimmed values, surrounding quotes dropped.
 */
export function canonicalKeyValue(text: string): string {
  const parsed = parseKeyValueArgs(text ?? "");
  if (!parsed.ok) return (text ?? "").trim();
  return parsed.pairs
    .map(([k, v]) => [k.trim(), v.trim().replace(/^(["'])(.*)\1$/, "$2")] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
}
