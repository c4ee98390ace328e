import { eq } from "drizzle-orm";
import type { DB, DbOrTx } from "@/db/client";
import { models, modelVersions, runs, users, type ModelVersion } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/permissions";
import { getConfig } from "@/lib/config";
import { openLaunchArgs, sealLaunchArgs } from "@/lib/crypto/sealed-args";
import { maskKeyValueSecrets } from "@/lib/lmms-eval/command";
import { keysWithMaskedValues } from "@/lib/lmms-eval/secret-values";
import type { Actor } from "@/lib/auth/actor";
import type { Publisher } from "@/lib/realtime/events";
import { webPublisher } from "@/lib/realtime/publish";
import { writeAudit } from "@/lib/services/audit";
import { ConflictError, InvalidInputError, NotFoundError } from "@/lib/services/errors";
import { parseInput } from "@/lib/services/validate";
import { findVersionByLabel, toVersionDto, versionRunCounts, type ModelVersionDto } from "./queries";
import { CONFIG_FIELDS, CreateVersionInput, UpdateVersionInput } from "./schemas";

function duplicateLabel(label: string): ConflictError {
  return new ConflictError(`This model already has a version labelled "${label}"`, { label: ["Another version of this model has this label"] });
}

/** Walks parent links from `start`; reaching `versionId` means the new link would close a cycle. */
function wouldCycle(db: DbOrTx, versionId: number, start: number | null | undefined): boolean {
  const seen = new Set<number>();
  for (let current = start ?? null; current !== null; ) {
    if (current === versionId || seen.has(current)) return true;
    seen.add(current);
    current = db.select({ parent: modelVersions.parentVersionId }).from(modelVersions).where(eq(modelVersions.id, current)).get()?.parent ?? null;
  }
  return false;
}

/**
 * Registers a version of a model (owner of the model or admin; members may add versions to models they own).
 * The form and the API call registerVersion (register-version.ts), which also queues "evaluate new versions".
 */
export function createVersion({
  db,
  ctx,
  input,
  publisher = webPublisher,
  encryptionKey = getConfig().encryptionKey,
}: {
  db: DB;
  ctx: ServiceContext;
  input: unknown;
  publisher?: Publisher;
  encryptionKey?: Buffer;
}): ModelVersionDto {
  const data = parseInput(CreateVersionInput, input);
  const version = db.transaction(
    (tx) => {
      const model = tx.select().from(models).where(eq(models.id, data.modelId)).get();
      if (!model) throw new NotFoundError(`Model ${data.modelId}`);
      const actor = authorize(ctx, can.createOwned);
      if (model.status === "archived") throw new ConflictError(`${model.name} is archived; restore it before adding versions`);
      if (findVersionByLabel(tx, model.id, data.label)) throw duplicateLabel(data.label);
      if (data.parentVersionId && !tx.select({ id: modelVersions.id }).from(modelVersions).where(eq(modelVersions.id, data.parentVersionId)).get()) {
        throw new InvalidInputError(`Parent version ${data.parentVersionId} does not exist`, { parentVersionId: ["No such version"] });
      }
      const args = sealLaunchArgs(data, actor.id, encryptionKey);
      const row = tx.insert(modelVersions).values({ ...data, ...args, parentVersionId: data.parentVersionId ?? null, createdById: actor.id }).returning().get();
      tx.update(models).set({ updatedAt: new Date() }).where(eq(models.id, model.id)).run();
      writeAudit(tx, ctx, { action: "model_version.create", targetType: "model_version", targetId: row.id, detail: { model: model.name, label: row.label } });
      return toVersionDto(tx, actor, row, actor.name);
    },
    { behavior: "immediate" },
  );
  publisher.wakeWorker();
  return version;
}

/**
 * Edits a version (model owner or admin). Once a run used it, its configuration (label, backend, args, gen kwargs,
 * parent) is frozen — results must keep meaning what they meant; status and notes stay editable.
 */
export function updateVersion({
  db,
  ctx,
  input,
  encryptionKey = getConfig().encryptionKey,
}: {
  db: DB;
  ctx: ServiceContext;
  input: unknown;
  encryptionKey?: Buffer;
}): ModelVersionDto {
  const data = parseInput(UpdateVersionInput, input);
  return db.transaction(
    (tx) => {
      const version = tx.select().from(modelVersions).where(eq(modelVersions.id, data.versionId)).get();
      if (!version) throw new NotFoundError(`Version ${data.versionId}`);
      const model = tx.select().from(models).where(eq(models.id, version.modelId)).get()!;
      const actor = authorize(ctx, can.editOwned, model);
      const runCount = versionRunCounts(tx, [version.id]).get(version.id) ?? 0;
      // Args are stored masked: a new value for a credential alone is no configuration change (keys get rotated).
      const shown = (field: (typeof CONFIG_FIELDS)[number]) => (field === "modelArgs" || field === "genKwargs" ? maskKeyValueSecrets(data[field]!) : data[field]);
      const changedConfig = CONFIG_FIELDS.filter((f) => data[f] !== undefined && shown(f) !== version[f]);
      if (runCount > 0 && changedConfig.length) {
        throw new ConflictError(
          `Version "${version.label}" was used by ${runCount} run(s), so its ${changedConfig.join(", ")} cannot change (results must keep meaning what they meant). Create a new version from this one instead.`,
          Object.fromEntries(changedConfig.map((f) => [f, ["Frozen: runs used this version"]])),
        );
      }
      if (data.label && data.label.toLowerCase() !== version.label.toLowerCase() && findVersionByLabel(tx, version.modelId, data.label)) throw duplicateLabel(data.label);
      if (data.parentVersionId !== undefined && wouldCycle(tx, version.id, data.parentVersionId)) {
        throw new InvalidInputError("That parent would make the lineage a cycle (a version cannot descend from itself)", { parentVersionId: ["Would create a cycle"] });
      }
      const { versionId: _id, ...changes } = data;
      let args = {};
      if (data.modelArgs !== undefined || data.genKwargs !== undefined) {
        // The editor's texts are sealed as theirs. The field they left alone keeps its credentials only when they are
        // the editor's own; someone else's become `***`, to be entered again at launch, rather than pass to them.
        const previous = openLaunchArgs(version, encryptionKey);
        const kept = previous.ownerId === actor.id ? previous : version;
        args = sealLaunchArgs({ modelArgs: data.modelArgs ?? kept.modelArgs, genKwargs: data.genKwargs ?? kept.genKwargs }, actor.id, encryptionKey);
      }
      const updated = tx.update(modelVersions).set({ ...changes, ...args }).where(eq(modelVersions.id, version.id)).returning().get();
      writeAudit(tx, ctx, { action: "model_version.update", targetType: "model_version", targetId: version.id, detail: changes });
      const creator = updated.createdById ? tx.select({ name: users.name }).from(users).where(eq(users.id, updated.createdById)).get() : undefined;
      return toVersionDto(tx, actor, updated, creator?.name ?? null);
    },
    { behavior: "immediate" },
  );
}

export function loadVersion(db: DbOrTx, versionId: number): ModelVersion & { modelName: string; modelStatus: string } {
  const row = db
    .select({ v: modelVersions, modelName: models.name, modelStatus: models.status })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(eq(modelVersions.id, versionId))
    .get();
  if (!row) throw new NotFoundError(`Model version ${versionId}`);
  return { ...row.v, modelName: row.modelName, modelStatus: row.modelStatus };
}

/**
 * Whether launching `version` as `actor` may use the credentials stored with it: only the person who entered them
 * may (createRun's rule). A version whose args show `***` without a stored value (dropped at registration) has none.
 */
export function canUseStoredSecrets(version: ModelVersion, actor: Actor, encryptionKey: Buffer): boolean {
  const owner = openLaunchArgs(version, encryptionKey).ownerId;
  if (owner !== null) return owner === actor.id;
  return keysWithMaskedValues(version.modelArgs).length === 0 && keysWithMaskedValues(version.genKwargs).length === 0;
}

/** A version as the new-run form launches it: args masked, and whether its stored credentials are the launcher's. */
export function getVersionForLaunch({
  db,
  ctx,
  versionId,
  encryptionKey = getConfig().encryptionKey,
}: {
  db: DB;
  ctx: ServiceContext;
  versionId: unknown;
  encryptionKey?: Buffer;
}): { id: number; label: string; modelName: string; backend: string; modelArgs: string; genKwargs: string; storedSecretsUsable: boolean } {
  const actor = authorize(ctx, can.launchRun);
  const id = Number(versionId);
  if (!Number.isInteger(id) || id <= 0) throw new NotFoundError(`Model version ${String(versionId)}`);
  const v = loadVersion(db, id);
  return {
    id: v.id,
    label: v.label,
    modelName: v.modelName,
    backend: v.backend,
    modelArgs: maskKeyValueSecrets(v.modelArgs),
    genKwargs: maskKeyValueSecrets(v.genKwargs),
    storedSecretsUsable: canUseStoredSecrets(v, actor, encryptionKey),
  };
}

/**
 * The write of "this run is that version's run", inside the caller's transaction (which has authorized it). The run
 * ran the version's configuration exactly, so it carries no overrides.
 */
export function linkRunToVersion(tx: DbOrTx, ctx: ServiceContext, runId: number, versionId: number): void {
  tx.update(runs).set({ modelVersionId: versionId, versionOverrides: null }).where(eq(runs.id, runId)).run();
  writeAudit(tx, ctx, { action: "run.assign_version", targetType: "run", targetId: runId, detail: { versionId } });
}
