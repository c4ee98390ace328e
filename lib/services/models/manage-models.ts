import { and, asc, desc, eq, inArray, like, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db/client";
import { models, modelVersions, runs, users } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { authorize, can, requireActor } from "@/lib/auth/permissions";
import { writeAudit } from "@/lib/services/audit";
import { ConflictError, NotFoundError } from "@/lib/services/errors";
import { checkRunSettings } from "@/lib/services/schedules/run-settings";
import { parseInput } from "@/lib/services/validate";
import { findModelByName, listVersionRows, toModelDto, type ModelDetailDto, type ModelDto } from "./queries";
import { CreateModelInput, UpdateModelInput } from "./schemas";

function duplicateName(name: string): ConflictError {
  return new ConflictError(`A model named "${name}" already exists`, { name: ["A model with this name already exists"] });
}

export function createModel({ db, ctx, input }: { db: DB; ctx: ServiceContext; input: unknown }): ModelDto {
  const actor = authorize(ctx, can.createOwned);
  const data = parseInput(CreateModelInput, input);
  return db.transaction(
    (tx) => {
      if (findModelByName(tx, data.name)) throw duplicateName(data.name);
      const model = tx.insert(models).values({ ...data, createdById: actor.id }).returning().get();
      writeAudit(tx, ctx, { action: "model.create", targetType: "model", targetId: model.id, detail: { name: model.name } });
      return toModelDto(tx, model, actor.name, actor);
    },
    { behavior: "immediate" },
  );
}

/** Edits a model (owner or admin). Archiving one whose versions still have queued runs needs `confirmQueuedRuns`. */
export function updateModel({ db, ctx, input }: { db: DB; ctx: ServiceContext; input: unknown }): ModelDto {
  const data = parseInput(UpdateModelInput, input);
  return db.transaction(
    (tx) => {
      const model = tx.select().from(models).where(eq(models.id, data.modelId)).get();
      if (!model) throw new NotFoundError(`Model ${data.modelId}`);
      const actor = authorize(ctx, can.editOwned, model);
      // "Evaluate new versions" runs later, through createRun: its parameters and executor are checked now, with its rules.
      if (data.evaluateNewVersions) checkRunSettings({ db, ctx, params: data.evaluateNewVersions.params, path: "evaluateNewVersions.params" });
      if (data.name && data.name.toLowerCase() !== model.name.toLowerCase() && findModelByName(tx, data.name)) throw duplicateName(data.name);
      if (data.status === "archived" && model.status !== "archived" && !data.confirmQueuedRuns) {
        const queued = tx
          .select({ id: runs.id })
          .from(runs)
          .innerJoin(modelVersions, eq(modelVersions.id, runs.modelVersionId))
          .where(and(eq(modelVersions.modelId, model.id), eq(runs.status, "queued")))
          .all();
        if (queued.length) {
          throw new ConflictError(
            `${model.name} has ${queued.length} queued run(s) (#${queued.map((q) => q.id).join(", #")}). Archive anyway? They will still run; cancel them first if they should not.`,
            { confirmQueuedRuns: ["Confirm to archive a model with queued runs"] },
          );
        }
      }
      const { modelId: _id, confirmQueuedRuns: _c, ...changes } = data;
      const updated = tx.update(models).set({ ...changes, updatedAt: new Date() }).where(eq(models.id, model.id)).returning().get();
      writeAudit(tx, ctx, { action: "model.update", targetType: "model", targetId: model.id, detail: changes });
      const creator = updated.createdById ? tx.select({ name: users.name }).from(users).where(eq(users.id, updated.createdById)).get() : undefined;
      return toModelDto(tx, updated, creator?.name ?? null, actor);
    },
    { behavior: "immediate" },
  );
}

export const ModelFilter = z.object({
  q: z.string().trim().max(200).optional(),
  tag: z.string().trim().max(40).optional(),
  status: z.enum(["active", "archived", "all"]).default("active"),
});

export function listModels({ db, ctx, input = {} }: { db: DB; ctx: ServiceContext; input?: unknown }): ModelDto[] {
  const actor = requireActor(ctx);
  const f = parseInput(ModelFilter, input);
  const where: SQL[] = [];
  if (f.status !== "all") where.push(eq(models.status, f.status));
  if (f.q) where.push(or(like(models.name, `%${f.q}%`), like(models.description, `%${f.q}%`))!);
  if (f.tag) where.push(sql`exists (select 1 from json_each(${models.tags}) where value = ${f.tag})`);
  return db
    .select({ m: models, createdByName: users.name })
    .from(models)
    .leftJoin(users, eq(users.id, models.createdById))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(models.updatedAt), asc(models.name))
    .all()
    .map((r) => toModelDto(db, r.m, r.createdByName, actor));
}

export function getModel({ db, ctx, modelId }: { db: DB; ctx: ServiceContext; modelId: unknown }): ModelDetailDto {
  const actor = requireActor(ctx);
  const id = parseInput(z.coerce.number({ error: "model id must be a number" }).int().positive(), modelId);
  const row = db.select({ m: models, createdByName: users.name }).from(models).leftJoin(users, eq(users.id, models.createdById)).where(eq(models.id, id)).get();
  if (!row) throw new NotFoundError(`Model ${id}`);
  return { ...toModelDto(db, row.m, row.createdByName, actor), versions: listVersionRows(db, id, actor) };
}

/** All versions of all models, for pickers (the new-run form, comparisons). */
export function listAllVersions({ db, ctx }: { db: DB; ctx: ServiceContext }): Array<{ id: number; label: string; modelId: number; modelName: string; backend: string; status: string }> {
  requireActor(ctx);
  return db
    .select({ id: modelVersions.id, label: modelVersions.label, modelId: models.id, modelName: models.name, backend: modelVersions.backend, status: modelVersions.status })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(inArray(models.status, ["active"]))
    .orderBy(asc(models.name), asc(modelVersions.id))
    .all();
}
