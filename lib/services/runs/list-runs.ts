import { and, desc, eq, inArray, like, lt, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db/client";
import { models, modelVersions, RUN_STATUSES, runMetrics, runs, users } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/permissions";
import { pickHeadline, type Headline } from "@/lib/runs-view/headline";
import { parseInput } from "@/lib/services/validate";
import { queuePositions } from "./queries";
import { visibleRunsWhere } from "./run-access";
import { RunDto, toRunDto } from "./run-dto";

const csv = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" ? v.split(",").map((s) => s.trim()).filter(Boolean) : v), z.array(schema));

export const RunFilter = z.object({
  status: csv(z.enum(RUN_STATUSES, { error: `status must be one of ${RUN_STATUSES.join(", ")}` })).optional(),
  model: z.string().trim().max(200).optional(),
  task: z.string().trim().max(200).optional(),
  user: z.coerce.number().int().positive().optional(),
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(25),
});
export type RunFilter = z.infer<typeof RunFilter>;

export const RunPageDto = z.strictObject({ items: z.array(RunDto), nextCursor: z.number().nullable(), total: z.number() });
export type RunPageDto = z.infer<typeof RunPageDto>;

/** Runs, newest first, filtered and keyset-paginated by id (stable while new runs arrive). */
export function listRuns({ db, ctx, input }: { db: DB; ctx: ServiceContext; input: unknown }): RunPageDto {
  const actor = requireActor(ctx);
  const f = parseInput(RunFilter, input);
  const where: SQL[] = [visibleRunsWhere(actor)];
  if (f.status?.length) where.push(inArray(runs.status, f.status));
  if (f.model) where.push(like(runs.model, `%${f.model}%`));
  if (f.task) where.push(sql`exists (select 1 from json_each(${runs.tasks}) where value = ${f.task})`);
  if (f.user) where.push(eq(runs.createdById, f.user));
  const filtered = where.length ? and(...where) : undefined;
  const total = db.select({ n: sql<number>`count(*)` }).from(runs).where(filtered).get()?.n ?? 0;
  const rows = db
    .select({ run: runs, createdByName: users.name })
    .from(runs)
    .leftJoin(users, eq(users.id, runs.createdById))
    .where(and(...(filtered ? [filtered] : []), ...(f.cursor ? [lt(runs.id, f.cursor)] : [])))
    .orderBy(desc(runs.id))
    .limit(f.limit + 1)
    .all();
  const page = rows.slice(0, f.limit);
  const positions = queuePositions(db);
  return {
    items: page.map((r) => toRunDto(r.run, { createdByName: r.createdByName, queuePosition: positions.get(r.run.id) })),
    nextCursor: rows.length > f.limit ? page[page.length - 1].run.id : null,
    total,
  };
}

/** The model version a run was launched from (or registered as), as lists and headers name it. */
export type RunVersionRef = { id: number; label: string; modelId: number; modelName: string };

/** What a runs list shows beside each row's RunDto: the model version it ran and its headline score. */
export type RunListDetail = { version: RunVersionRef | null; headline: Headline | null };

/**
 * The version and headline score of each of the given runs the actor may see (others are left out), in two
 * set-based queries: one page of a runs list, or one run's header.
 */
export function runListDetails({ db, ctx, runIds }: { db: DB; ctx: ServiceContext; runIds: readonly number[] }): Record<number, RunListDetail> {
  const actor = requireActor(ctx);
  if (runIds.length === 0) return {};
  const visible = visibleRunsWhere(actor);
  const rows = db
    .select({ id: runs.id, tasks: runs.tasks, versionId: runs.modelVersionId, label: modelVersions.label, modelId: models.id, modelName: models.name })
    .from(runs)
    .leftJoin(modelVersions, eq(modelVersions.id, runs.modelVersionId))
    .leftJoin(models, eq(models.id, modelVersions.modelId))
    .where(and(inArray(runs.id, [...runIds]), ...(visible ? [visible] : [])))
    .all();
  const metrics = db
    .select({ runId: runMetrics.runId, task: runMetrics.task, metric: runMetrics.metric, filter: runMetrics.filter, value: runMetrics.value, higherIsBetter: runMetrics.higherIsBetter })
    .from(runMetrics)
    .where(inArray(runMetrics.runId, rows.map((r) => r.id)))
    .orderBy(runMetrics.id)
    .all();
  const byRun = new Map<number, typeof metrics>();
  for (const m of metrics) {
    const list = byRun.get(m.runId);
    if (list) list.push(m);
    else byRun.set(m.runId, [m]);
  }
  return Object.fromEntries(
    rows.map((r) => [
      r.id,
      {
        version: r.versionId !== null && r.modelId !== null ? { id: r.versionId, label: r.label!, modelId: r.modelId, modelName: r.modelName! } : null,
        headline: pickHeadline(r.tasks, byRun.get(r.id) ?? []),
      },
    ]),
  );
}
