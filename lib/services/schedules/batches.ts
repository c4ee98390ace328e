import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db/client";
import { batches, batchItems, runs, runTasks, ScheduleTarget, type Run } from "@/db/schema";
import type { Actor, ServiceContext } from "@/lib/auth/actor";
import { authorize, can, requireActor } from "@/lib/auth/permissions";
import type { Publisher } from "@/lib/realtime/events";
import { webPublisher } from "@/lib/realtime/publish";
import { writeAudit } from "@/lib/services/audit";
import { maskKeyValueSecrets } from "@/lib/lmms-eval/command";
import { IsoTimestamp } from "@/lib/services/dto-fields";
import { InvalidInputError, NotFoundError } from "@/lib/services/errors";
import { loadVersion } from "@/lib/services/models/manage-versions";
import { notify } from "@/lib/services/notifications/notify";
import { cancelRun } from "@/lib/services/runs/cancel-run";
import { createRun, previewRunCommand, type RunConfigDeps } from "@/lib/services/runs/create-run";
import { visibleRunsWhere } from "@/lib/services/runs/run-access";
import { checkTaskNames } from "@/lib/services/tasks/check-task-names";
import { parseInput } from "@/lib/services/validate";
import { checkRunSettings } from "./run-settings";
import { BatchInput } from "./schemas";

/** Parameters that change a result; two runs agreeing on these (and on version + task) measured the same thing. */
const RESULT_PARAMS = ["limit", "numFewshot", "genKwargs", "seed", "batchSize", "systemInstruction", "applyChatTemplate", "includePath"] as const;

function sameParams(run: Pick<Run, "params">, wanted: Record<string, unknown>): boolean {
  // Stored gen kwargs hold credentials masked: compare the wanted ones the same way.
  const comparable = typeof wanted.genKwargs === "string" ? { ...wanted, genKwargs: maskKeyValueSecrets(wanted.genKwargs) } : wanted;
  return RESULT_PARAMS.every((key) => JSON.stringify(run.params[key] ?? null) === JSON.stringify(comparable[key] ?? null));
}

/**
 * The latest succeeded, un-overridden run of `versionId` with the same parameters that covered `task`, among the runs
 * `actor` may see: someone's private run is neither reused nor named in the batch.
 */
function reusableRun(db: DB, actor: Actor, versionId: number, task: string, params: Record<string, unknown>): number | null {
  const candidates = db
    .select({ run: runs })
    .from(runs)
    .innerJoin(runTasks, and(eq(runTasks.runId, runs.id), eq(runTasks.task, task)))
    .where(and(eq(runs.modelVersionId, versionId), eq(runs.status, "succeeded"), isNull(runs.versionOverrides), visibleRunsWhere(actor)))
    .orderBy(desc(runs.id))
    .all();
  return candidates.find((c) => sameParams(c.run, params))?.run.id ?? null;
}

export const BatchDto = z.strictObject({
  id: z.number(),
  name: z.string(),
  status: z.enum(["running", "finished"]),
  target: ScheduleTarget,
  force: z.boolean(),
  createdAt: IsoTimestamp,
  finishedAt: IsoTimestamp.nullable(),
  summary: z.string().nullable(),
  progress: z.strictObject({ done: z.number(), total: z.number(), failed: z.number(), reused: z.number() }),
  items: z.array(z.strictObject({ modelVersionId: z.number(), task: z.string(), runId: z.number().nullable(), reused: z.boolean(), status: z.string().nullable() })),
  compareUrl: z.string().describe("the board view of this batch: its versions × its tasks"),
});
export type BatchDto = z.infer<typeof BatchDto>;

/** createRun's field names → the batch input's, so a refused run points at the batch form's own fields. */
function batchFields(fields: Record<string, string[]> | undefined): Record<string, string[]> | undefined {
  if (!fields) return undefined;
  const path = (key: string) => (key === "modelVersionId" ? "modelVersionIds" : key === "tasks" || key.startsWith("params.") ? key : `params.${key}`);
  return Object.fromEntries(Object.entries(fields).map(([key, messages]) => [path(key), messages]));
}

/**
 * Everything createRun could refuse one of the batch's runs for, checked before anything is written: the run
 * parameters and executor, each version (exists, not archived) through createRun's own preview, and the task names.
 */
async function checkPlannedRuns(
  db: DB,
  ctx: ServiceContext,
  plan: Array<{ version: { id: number }; missing: string[] }>,
  params: Record<string, unknown>,
  deps: RunConfigDeps | undefined,
): Promise<void> {
  checkRunSettings({ db, ctx, params, path: "params" });
  const launching = plan.filter((p) => p.missing.length);
  for (const { version, missing } of launching) {
    try {
      previewRunCommand({ db, ctx, input: { ...params, modelVersionId: version.id, tasks: missing }, ...(deps ? { deps } : {}) });
    } catch (error) {
      if (error instanceof InvalidInputError) throw new InvalidInputError(error.message, batchFields(error.fields));
      throw error;
    }
  }
  const tasks = [...new Set(launching.flatMap((p) => p.missing))];
  const unknown = tasks.length ? await checkTaskNames(db, tasks, typeof params.includePath === "string" ? params.includePath : undefined) : [];
  if (unknown.length) {
    const message = `Unknown task${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`;
    throw new InvalidInputError(message, { tasks: [`${message} (refresh the task catalogue if you just installed them)`] });
  }
}

/**
 * A comparison batch: for every version × task, reuse an identical existing result (same version, task and
 * parameters) unless `force`, and launch one run per version for the rest. Runs go through createRun (validated,
 * audited); the batch finishes when all its runs have (see refreshBatches).
 *
 * A failure writes nothing: every run is checked before the first is queued, and the batch with its items is written
 * in one transaction after its runs exist, so there is never a batch with half its items. (createRun is async and
 * commits on its own, so the runs cannot share that transaction; if a version is archived in the moment between the
 * check and its launch, the runs already queued for the batch are cancelled again and the error is returned.)
 */
export async function createBatch({
  db,
  ctx,
  input,
  deps,
  publisher = webPublisher,
  scheduleId = null,
}: {
  db: DB;
  ctx: ServiceContext;
  input: unknown;
  deps?: RunConfigDeps;
  publisher?: Publisher;
  scheduleId?: number | null;
}): Promise<BatchDto> {
  const actor = authorize(ctx, can.launchRun);
  const data = parseInput(BatchInput, input);
  const params = data.params ?? {};
  const versions = data.modelVersionIds.map((id) => loadVersion(db, id));
  const plan = versions.map((v) => {
    const reused = new Map(data.force ? [] : data.tasks.map((t) => [t, reusableRun(db, actor, v.id, t, params)] as const).filter((e): e is readonly [string, number] => e[1] !== null));
    return { version: v, reused, missing: data.tasks.filter((t) => !reused.has(t)) };
  });
  await checkPlannedRuns(db, ctx, plan, params, deps);

  const launched = new Map<number, number>();
  try {
    for (const { version, missing } of plan) {
      if (!missing.length) continue;
      const run = await createRun({ db, ctx, input: { ...params, modelVersionId: version.id, tasks: missing }, publisher, ...(deps ? { deps } : {}) });
      launched.set(version.id, run.id);
    }
  } catch (error) {
    for (const runId of launched.values()) {
      try {
        cancelRun({ db, ctx, input: { runId }, publisher });
      } catch {
        // Already started and finished, or cancelled by someone: nothing left to withdraw.
      }
    }
    if (error instanceof InvalidInputError) throw new InvalidInputError(error.message, batchFields(error.fields));
    throw error;
  }

  const batch = db.transaction(
    (tx) => {
      const row = tx
        .insert(batches)
        .values({
          name: data.name ?? `${versions.map((v) => `${v.modelName} ${v.label}`).join(" vs ")} on ${data.tasks.length} task(s)`,
          target: { type: "comparison", modelVersionIds: data.modelVersionIds, tasks: data.tasks, params, baselineVersionId: data.baselineVersionId ?? null },
          force: data.force,
          createdById: actor.id,
          scheduleId,
        })
        .returning()
        .get();
      for (const { version, reused } of plan) {
        for (const task of data.tasks) {
          const reusedRun = reused.get(task) ?? null;
          tx.insert(batchItems).values({ batchId: row.id, modelVersionId: version.id, task, runId: reusedRun ?? launched.get(version.id) ?? null, reused: reusedRun !== null }).run();
        }
      }
      writeAudit(tx, ctx, { action: "batch.create", targetType: "batch", targetId: row.id, detail: { versions: data.modelVersionIds, tasks: data.tasks, force: data.force, runs: [...launched.values()] } });
      return row;
    },
    { behavior: "immediate" },
  );
  refreshBatches(db, publisher);
  return getBatch({ db, ctx, batchId: batch.id });
}

export function getBatch({ db, ctx, batchId }: { db: DB; ctx: ServiceContext; batchId: unknown }): BatchDto {
  const actor = requireActor(ctx);
  const id = Number(batchId);
  const batch = Number.isInteger(id) ? db.select().from(batches).where(eq(batches.id, id)).get() : undefined;
  if (!batch) throw new NotFoundError(`Batch ${String(batchId)}`);
  return toBatchDto(db, batch, actor);
}

/** With `reader`, items whose run they may not see (someone's private run) show neither its id nor its status. */
function toBatchDto(db: DB, batch: typeof batches.$inferSelect, reader?: Actor): BatchDto {
  const allItems = db.select().from(batchItems).where(eq(batchItems.batchId, batch.id)).all();
  const hidden = new Set<number>();
  const itemRunIds = [...new Set(allItems.map((i) => i.runId).filter((x): x is number => x !== null))];
  if (reader && itemRunIds.length) {
    const visible = new Set(db.select({ id: runs.id }).from(runs).where(and(inArray(runs.id, itemRunIds), visibleRunsWhere(reader))).all().map((r) => r.id));
    for (const id of itemRunIds) if (!visible.has(id)) hidden.add(id);
  }
  const items = allItems.map((i) => (i.runId !== null && hidden.has(i.runId) ? { ...i, runId: null } : i));
  const runIds = [...new Set(items.map((i) => i.runId).filter((x): x is number => x !== null))];
  const statuses = new Map(runIds.length ? db.select({ id: runs.id, status: runs.status }).from(runs).where(inArray(runs.id, runIds)).all().map((r) => [r.id, r.status]) : []);
  const finished = (s: string | undefined) => s === "succeeded" || s === "failed" || s === "cancelled";
  const columns = batch.target.tasks.join(",");
  return {
    id: batch.id,
    name: batch.name,
    status: batch.status,
    target: batch.target,
    force: batch.force,
    createdAt: batch.createdAt.toISOString(),
    finishedAt: batch.finishedAt?.toISOString() ?? null,
    summary: batch.summary,
    progress: {
      done: runIds.filter((id) => finished(statuses.get(id))).length,
      total: runIds.length,
      failed: runIds.filter((id) => statuses.get(id) === "failed" || statuses.get(id) === "cancelled").length,
      reused: items.filter((i) => i.reused).length,
    },
    items: items.map((i) => ({ modelVersionId: i.modelVersionId, task: i.task, runId: i.runId, reused: i.reused, status: i.runId ? (statuses.get(i.runId) ?? null) : null })),
    compareUrl: `/compare?versions=${batch.target.modelVersionIds.join(",")}&tasks=${encodeURIComponent(columns)}${"baselineVersionId" in batch.target && batch.target.baselineVersionId ? `&baseline=v:${batch.target.baselineVersionId}` : ""}`,
  };
}

/** Marks running batches whose runs all finished as finished, with a summary, and tells their creator. */
export function refreshBatches(db: DB, publisher: Publisher): number {
  let finishedCount = 0;
  for (const batch of db.select().from(batches).where(eq(batches.status, "running")).all()) {
    const dto = toBatchDto(db, batch);
    if (dto.progress.done < dto.progress.total) continue;
    const summary = `${dto.progress.total} run(s) finished${dto.progress.failed ? `, ${dto.progress.failed} failed` : ""}; ${dto.progress.reused} result(s) reused`;
    const updated = db.update(batches).set({ status: "finished", finishedAt: new Date(), summary }).where(and(eq(batches.id, batch.id), eq(batches.status, "running"))).run();
    if (updated.changes === 0) continue;
    finishedCount++;
    const runIds = [...new Set(dto.items.map((i) => i.runId).filter((id): id is number => id !== null))];
    if (batch.createdById) notify(db, publisher, { event: "batch_finished", userIds: [batch.createdById], runIds, title: `Batch finished: ${batch.name}`, body: summary, link: dto.compareUrl, data: { batchId: batch.id } });
  }
  return finishedCount;
}
