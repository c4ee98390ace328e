import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db/client";
import { models, modelVersions, runs } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/permissions";
import { getConfig } from "@/lib/config";
import { openLaunchArgs, sealLaunchArgs } from "@/lib/crypto/sealed-args";
import { parseKeyValueArgs } from "@/lib/lmms-eval/command";
import type { Publisher } from "@/lib/realtime/events";
import { webPublisher } from "@/lib/realtime/publish";
import { writeAudit } from "@/lib/services/audit";
import { ConflictError, InvalidInputError, NotFoundError } from "@/lib/services/errors";
import { publishRunChanged } from "@/lib/services/runs/publish-run";
import { loadRunWithAcl } from "@/lib/services/runs/run-access";
import { parseInput } from "@/lib/services/validate";
import { linkRunToVersion } from "./manage-versions";
import { findMatchingVersion } from "./performance";
import { findModelByName, findVersionByLabel, ModelVersionDto, toVersionDto } from "./queries";
import { CreateModelInput, CreateVersionInput, ModelName, VersionLabel } from "./schemas";

/**
 * "Register as new version": the body of `POST /api/v1/runs/{id}/version`. Either an existing model (`modelId`) or a
 * model name (`modelName`: that model, created when no model has the name yet).
 */
export const RegisterRunVersionInput = z.object({
  modelId: z.coerce.number().int().positive().optional().describe("an existing model"),
  modelName: ModelName.optional().describe("a model by name; created when none has it (case-insensitive)"),
  label: VersionLabel.describe("the new version's label, unique within the model"),
});

export const RegisteredRunVersion = z.strictObject({
  runId: z.number(),
  model: z.strictObject({ id: z.number(), name: z.string() }),
  createdModel: z.boolean().describe("true when modelName named no existing model"),
  version: ModelVersionDto,
});
export type RegisteredRunVersion = z.infer<typeof RegisteredRunVersion>;

/** The model-args keys that name the weights, in the order lmms-eval backends use them. */
const WEIGHT_KEYS = ["pretrained", "model", "model_name", "model_id", "model_version", "path"];

/**
 * What the "register as new version" form starts with: the model name from the weights the run used (`pretrained=…`,
 * `model=…`; the last folder of a local path), else the backend; the label from `revision=…`, else the run's date.
 */
export function suggestVersionNames(backend: string, modelArgs: string, date: Date | string | null): { modelName: string; label: string } {
  const parsed = parseKeyValueArgs(modelArgs ?? "");
  const pairs = new Map(parsed.ok ? parsed.pairs.map(([k, v]) => [k.trim(), v.trim().replace(/^(["'])(.*)\1$/, "$2")]) : []);
  const weights = WEIGHT_KEYS.map((k) => pairs.get(k)).find((v) => v);
  const fromWeights = weights && /^(\/|\.{1,2}\/|~)/.test(weights) ? weights.replace(/\/+$/, "").split("/").pop() : weights;
  const modelName = (fromWeights || backend || "imported")
    .replace(/[^\w.@:/ +-]+/g, "-")
    .slice(0, 120)
    .trim();
  const day = date ? new Date(date) : null;
  const revision = pairs.get("revision");
  const label = revision || (day && !Number.isNaN(day.getTime()) ? day.toISOString().slice(0, 10) : "v1");
  return { modelName: modelName || "imported", label: label.slice(0, 120) };
}

/**
 * Registers a new model version from a run's configuration (backend, model args, gen kwargs) and makes the run that
 * version's run — for imported runs no registered version matched. One transaction: the model (when named and new),
 * the version and the link exist together or not at all. Members who may launch runs and control this run (its owner,
 * a control share, or an admin).
 * The run's credentials (`api_key=…`) pass to the version only when its owner registers it; anyone else registers
 * them as `***`, to be entered at launch. Which run it came from is kept apart from the notes everyone reads, and
 * shown only to people who may see that run.
 */
export function registerRunAsVersion({
  db,
  ctx,
  runId,
  input,
  publisher = webPublisher,
  encryptionKey = getConfig().encryptionKey,
}: {
  db: DB;
  ctx: ServiceContext;
  runId: unknown;
  input: unknown;
  publisher?: Publisher;
  encryptionKey?: Buffer;
}): RegisteredRunVersion {
  const actor = authorize(ctx, can.launchRun);
  const id = parseInput(z.coerce.number({ error: "run id must be a number" }).int().positive({ error: "run id must be a number" }), runId);
  const data = parseInput(RegisterRunVersionInput, input);
  if ((data.modelId === undefined) === (data.modelName === undefined)) {
    const message = "Choose an existing model or type the name of a new one";
    throw new InvalidInputError(message, { modelId: [message] });
  }
  const result = db.transaction(
    (tx) => {
      // A run the actor may not see does not exist for them (same answer as every other run route).
      const { run, acl } = loadRunWithAcl(tx, ctx, id);
      authorize(ctx, can.controlRun, acl);
      if (run.modelVersionId !== null) {
        const current = tx
          .select({ label: modelVersions.label, modelName: models.name })
          .from(modelVersions)
          .innerJoin(models, eq(models.id, modelVersions.modelId))
          .where(eq(modelVersions.id, run.modelVersionId))
          .get();
        throw new ConflictError(`Run #${id} already belongs to version "${current?.label}" of ${current?.modelName}`);
      }
      const match = findMatchingVersion(tx, run.model, run.modelArgs);
      if (match) {
        const owner = tx.select({ name: models.name }).from(models).where(eq(models.id, match.modelId)).get();
        throw new ConflictError(`Version "${match.label}" of ${owner?.name} already has this backend and these model args; a second version would split its history`);
      }

      let model = data.modelId !== undefined ? tx.select().from(models).where(eq(models.id, data.modelId)).get() : findModelByName(tx, data.modelName!);
      if (data.modelId !== undefined && !model) throw new InvalidInputError(`Model ${data.modelId} does not exist`, { modelId: ["No such model"] });
      let createdModel = false;
      if (!model) {
        const fields = parseInput(CreateModelInput, { name: data.modelName });
        model = tx.insert(models).values({ ...fields, createdById: actor.id }).returning().get();
        writeAudit(tx, ctx, { action: "model.create", targetType: "model", targetId: model.id, detail: { name: model.name, fromRun: run.id } });
        createdModel = true;
      }
      if (model.status === "archived") throw new ConflictError(`${model.name} is archived; restore it before adding versions`, { modelId: ["Archived"] });
      if (findVersionByLabel(tx, model.id, data.label)) {
        throw new ConflictError(`${model.name} already has a version labelled "${data.label}"`, { label: ["Another version of this model has this label"] });
      }
      const stored = { modelArgs: run.modelArgs, genKwargs: run.params.genKwargs ?? "", argsSealed: run.argsSealed };
      const opened = openLaunchArgs(stored, encryptionKey);
      const fields = parseInput(CreateVersionInput, { modelId: model.id, label: data.label, backend: run.model, ...(opened.ownerId === actor.id ? opened : stored) });
      const version = tx
        .insert(modelVersions)
        .values({ ...fields, ...sealLaunchArgs(fields, actor.id, encryptionKey), parentVersionId: null, registeredFromRunId: run.id, createdById: actor.id })
        .returning()
        .get();
      tx.update(models).set({ updatedAt: new Date() }).where(eq(models.id, model.id)).run();
      writeAudit(tx, ctx, { action: "model_version.create", targetType: "model_version", targetId: version.id, detail: { model: model.name, label: version.label, fromRun: run.id } });
      linkRunToVersion(tx, ctx, run.id, version.id);
      return { runId: run.id, model: { id: model.id, name: model.name }, createdModel, version: toVersionDto(tx, actor, version, actor.name) };
    },
    { behavior: "immediate" },
  );
  publishRunChanged(db, publisher, result.runId);
  return result;
}
