"use client";

import { Zap } from "lucide-react";
import { useEffect, useState } from "react";
import { setEvaluateNewVersionsAction } from "@/app/(app)/models/actions";
import { TaskPicker } from "@/components/shared/task-picker/task-picker";
import { ExecutorField } from "@/components/schedules/executor-field";
import { RunParamsFields } from "@/components/schedules/run-params-fields";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { useJsonAction } from "@/components/ui/use-json-action";
import { autoEvaluationFormFrom, slotErrors, toAutoEvaluationInput, type AutoEvaluationFormState, type SlotErrors } from "@/lib/schedules-view/form-model";
import { describeParams } from "@/lib/schedules-view/params";
import type { ModelDto } from "@/lib/services/models/queries";
import type { ExecutorOptions } from "@/lib/services/slurm/get-executor-options";
import type { CatalogueMeta } from "@/lib/services/tasks/catalogue-meta";
import type { CatalogueItem } from "@/lib/services/tasks/list-task-catalogue";
import { Dialog } from "@/components/ui/dialog";
import { FormMessage } from "@/components/ui/field";

type Setting = ModelDto["evaluateNewVersions"];
/** What the owner needs to change the setting; absent for everyone else (they see it read-only). */
export type AutoEvaluationEditing = { catalogue: { items: CatalogueItem[]; meta: CatalogueMeta | null }; executorOptions: ExecutorOptions };

/**
 * "Evaluate new versions on …": registering a version (here or through the API) queues this evaluation at once.
 * Shown to everyone; its owner (or an admin) sets, changes or turns it off.
 */
export function EvaluateNewVersionsCard({ modelId, modelName, setting, editing }: { modelId: number; modelName: string; setting: Setting; editing: AutoEvaluationEditing | null }) {
  const [open, setOpen] = useState(false);
  const params = describeParams(setting?.params);
  return (
    <Card>
      <CardHeader
        title="Evaluate new versions"
        description="Registering a version queues this evaluation at once, from this page or the API."
        actions={
          editing ? (
            <Button size="sm" variant="secondary" onClick={() => setOpen(true)}>
              <Zap size={13} aria-hidden /> {setting ? "Change" : "Set up"}
            </Button>
          ) : null
        }
      />
      <div className="px-4 py-3 text-sm" data-testid="evaluate-new-versions">
        {setting ? (
          <>
            <p>
              <span className="font-medium text-emerald-700 dark:text-emerald-400">On</span> — every new version is evaluated on{" "}
              <span className="font-mono text-[13px]">{setting.tasks.join(", ")}</span>
            </p>
            {params ? <p className="mt-1 text-xs text-zinc-500">{params}</p> : null}
          </>
        ) : (
          <p className="text-zinc-500">Off. {editing ? "Set it up to evaluate every new version on the same tasks automatically." : "The model's owner can turn it on."}</p>
        )}
      </div>
      {editing ? (
        <Dialog open={open} onClose={() => setOpen(false)} size="lg" title={`Evaluate new versions of ${modelName}`} description="The run is launched as whoever registers the version, with that version's backend and model args.">
          <AutoEvaluationForm modelId={modelId} setting={setting} editing={editing} onDone={() => setOpen(false)} />
        </Dialog>
      ) : null}
    </Card>
  );
}

function AutoEvaluationForm({ modelId, setting, editing, onDone }: { modelId: number; setting: Setting; editing: AutoEvaluationEditing; onDone: () => void }) {
  const [form, setForm] = useState<AutoEvaluationFormState>(() => autoEvaluationFormFrom(setting, editing.executorOptions.slurmAvailable ? editing.executorOptions.defaultExecutor : null));
  // Either the new setting or null (turned off), always with the model it belongs to.
  const { state, pending, errors, message, onSubmit, send } = useJsonAction<SlotErrors>({
    action: setEvaluateNewVersionsAction,
    validate: () => {
      const { input, errors: quick } = toAutoEvaluationInput(form);
      return { input: { modelId, evaluateNewVersions: input }, errors: quick };
    },
    toSlots: slotErrors,
  });
  const set = <K extends keyof AutoEvaluationFormState>(key: K, value: AutoEvaluationFormState[K]) => setForm((f) => ({ ...f, [key]: value }));

  useEffect(() => {
    if (state.ok) onDone();
  }, [state, onDone]);


  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <div>
        <p className="mb-1.5 text-sm font-medium text-zinc-700 dark:text-zinc-300">Tasks</p>
        <TaskPicker items={editing.catalogue.items} meta={editing.catalogue.meta} selected={form.tasks} onChange={(tasks) => set("tasks", tasks)} errors={errors.tasks} />
      </div>
      <RunParamsFields
        idPrefix="auto-eval"
        fields={form.params}
        onChange={(key, value) => set("params", { ...form.params, [key]: value })}
        errors={{ limit: errors.limit, batchSize: errors.batchSize, numFewshot: errors.numFewshot, seed: errors.seed }}
      />
      <ExecutorField id="auto-eval-executor" value={form.executor} options={editing.executorOptions} onChange={(executor) => set("executor", executor)} errors={errors.executor} />
      {Object.keys(form.extraParams).length ? (
        <p className="text-xs text-zinc-500">
          Also kept from the API: <code className="font-mono">{JSON.stringify(form.extraParams)}</code>
        </p>
      ) : null}
      <FormMessage message={message} tone="error" />
      <div className="flex items-center justify-between gap-2 border-t border-zinc-200 pt-4 dark:border-zinc-800">
        {setting ? (
          <Button variant="secondary" disabled={pending} onClick={() => send({ modelId, evaluateNewVersions: null })}>
            Turn off
          </Button>
        ) : (
          <span />
        )}
        <div className="flex gap-2">
          <Button variant="secondary" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" disabled={pending} aria-busy={pending}>
            {pending ? "Saving…" : "Save"}
          </Button>
        </div>
      </div>
    </form>
  );
}
