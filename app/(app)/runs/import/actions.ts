"use server";

import { revalidatePath } from "next/cache";
import { sessionAction } from "@/lib/actions/action";
import { registerRunAsVersion } from "@/lib/services/models/register-run-version";

/**
 * "Register as new version" from an import's outcome: `modelChoice` is an existing model's id or "new" (then
 * `modelName` names it). The service validates everything; this only maps the form.
 */
export const registerRunVersionAction = sessionAction(
  ({ ctx, db, formData }) => {
    const choice = formData.get("modelChoice");
    const label = formData.get("label");
    const input = choice === "new" ? { modelName: formData.get("modelName") ?? "", label } : { modelId: choice || undefined, label };
    const { runId, model, createdModel, version } = registerRunAsVersion({ db, ctx, runId: formData.get("runId"), input });
    return { runId, createdModel, version: { id: version.id, label: version.label, modelId: model.id, modelName: model.name } };
  },
  // Model pages list versions and run counts; the run's own page shows its version.
  ({ runId }) => {
    revalidatePath("/models", "layout");
    revalidatePath(`/runs/${runId}`);
  },
);
