"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { readJsonPayload, sessionAction } from "@/lib/actions/action";
import { parseTagsText } from "@/lib/models-view/list-filters";
import { createModel, updateModel } from "@/lib/services/models/manage-models";
import { updateVersion } from "@/lib/services/models/manage-versions";
import { registerVersion } from "@/lib/services/models/register-version";

/** Every models page shows counts and labels of the others (list, model page, compare): refresh them all. */
const refresh = () => revalidatePath("/models", "layout");

/** A form value, or undefined when the field was not sent (so the service's "optional" means "unchanged"). */
function optional(formData: FormData, name: string): string | undefined {
  const value = formData.get(name);
  return typeof value === "string" ? value : undefined;
}

/*
 * Model args and gen kwargs are posted as `secretModelArgs` / `secretGenKwargs`: sessionAction never echoes fields
 * named like secrets back into the page, and these may carry an api_key. The forms keep their own state instead.
 */

export const createModelAction = sessionAction(
  ({ ctx, db, formData }) => {
    const model = createModel({
      db,
      ctx,
      input: { name: formData.get("name"), description: optional(formData, "description") ?? "", tags: parseTagsText(optional(formData, "tags") ?? "") },
    });
    return { id: model.id };
  },
  ({ id }) => {
    refresh();
    redirect(`/models/${id}`);
  },
);

export const updateModelAction = sessionAction(({ ctx, db, formData }) => {
  const tags = optional(formData, "tags");
  const model = updateModel({
    db,
    ctx,
    input: {
      modelId: formData.get("modelId"),
      name: optional(formData, "name"),
      description: optional(formData, "description"),
      tags: tags === undefined ? undefined : parseTagsText(tags),
    },
  });
  return { id: model.id, name: model.name };
}, refresh);

/** Archive or restore. Archiving a model with queued runs fails with field `confirmQueuedRuns` until confirmed. */
export const setModelStatusAction = sessionAction(({ ctx, db, formData }) => {
  const model = updateModel({
    db,
    ctx,
    input: { modelId: formData.get("modelId"), status: formData.get("status"), confirmQueuedRuns: formData.get("confirmQueuedRuns") === "true" },
  });
  return { id: model.id, status: model.status };
}, refresh);

/**
 * Registers the version through the same service as the API, so "evaluate new versions on …" queues its run here too.
 * When that run was queued (or the model has no such setting) the page moves on to the model; when it could not be
 * queued the form stays and says so — the version exists, and the form offers the way to it.
 */
export const createVersionAction = sessionAction(
  async ({ ctx, db, formData }) => {
    const parent = optional(formData, "parentVersionId");
    const { version, evaluation } = await registerVersion({
      db,
      ctx,
      input: {
        modelId: formData.get("modelId"),
        label: formData.get("label"),
        backend: formData.get("backend"),
        modelArgs: optional(formData, "secretModelArgs") ?? "",
        genKwargs: optional(formData, "secretGenKwargs") ?? "",
        notes: optional(formData, "notes") ?? "",
        parentVersionId: parent ? parent : null,
        parentRelation: parent ? (optional(formData, "parentRelation") ?? "") : "",
      },
    });
    return { id: version.id, modelId: version.modelId, label: version.label, evaluation };
  },
  ({ modelId, id, evaluation }) => {
    refresh();
    if (evaluation?.status === "failed") return;
    redirect(`/models/${modelId}?created=${id}${evaluation ? `&evaluationRun=${evaluation.runId}` : ""}#versions`);
  },
);

/**
 * Sets "evaluate new versions on …" (tasks, parameters, executor) or turns it off (`evaluateNewVersions: null`).
 * Posted as one JSON field; the service checks the parameters and the executor with createRun's rules.
 */
export const setEvaluateNewVersionsAction = sessionAction(({ ctx, db, formData }) => {
  const payload = readJsonPayload(formData) as { modelId?: unknown; evaluateNewVersions?: unknown } | null;
  const model = updateModel({ db, ctx, input: { modelId: payload?.modelId, evaluateNewVersions: payload?.evaluateNewVersions ?? null } });
  return { id: model.id, evaluateNewVersions: model.evaluateNewVersions };
}, refresh);

/**
 * The edit dialog posts only the fields the user changed (an untouched masked `***` must never be written back).
 * A frozen field on a version that a run used meanwhile comes back as the service's ConflictError.
 */
export const updateVersionAction = sessionAction(({ ctx, db, formData }) => {
  const parent = optional(formData, "parentVersionId");
  const version = updateVersion({
    db,
    ctx,
    input: {
      versionId: formData.get("versionId"),
      label: optional(formData, "label"),
      backend: optional(formData, "backend"),
      modelArgs: optional(formData, "secretModelArgs"),
      genKwargs: optional(formData, "secretGenKwargs"),
      notes: optional(formData, "notes"),
      parentVersionId: parent === undefined ? undefined : parent === "" ? null : parent,
      parentRelation: optional(formData, "parentRelation"),
      status: optional(formData, "status"),
    },
  });
  return { id: version.id, label: version.label, status: version.status };
}, refresh);
