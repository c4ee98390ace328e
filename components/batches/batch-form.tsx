"use client";

import Link from "next/link";
import { useState } from "react";
import { createBatchAction } from "@/app/(app)/batches/actions";
import { TaskPicker } from "@/components/shared/task-picker/task-picker";
import { FormSection } from "@/components/schedules/form-section";
import { ExecutorField } from "@/components/schedules/executor-field";
import { RunParamsFields } from "@/components/schedules/run-params-fields";
import { VersionPicker, type VersionOption } from "@/components/schedules/version-picker";
import { Button, buttonClasses } from "@/components/ui/button";
import { Field, FormMessage, Input, Select } from "@/components/ui/field";
import { useJsonAction } from "@/components/ui/use-json-action";
import { slotErrors, toBatchInput, type BatchFormState, type FormSlot, type SlotErrors } from "@/lib/schedules-view/form-model";
import type { ExecutorOptions } from "@/lib/services/slurm/get-executor-options";
import type { CatalogueMeta } from "@/lib/services/tasks/catalogue-meta";
import type { CatalogueItem } from "@/lib/services/tasks/list-task-catalogue";

const SLOT_ORDER: FormSlot[] = ["versions", "baseline", "tasks", "limit", "batchSize", "numFewshot", "seed", "executor"];

function focusFirst(errors: SlotErrors) {
  const slot = SLOT_ORDER.find((s) => errors[s]?.length);
  document.querySelector(`[data-field="${slot}"]`)?.querySelector<HTMLElement>("input, select")?.focus();
}

/** Versions × tasks, once: results that already exist with the same parameters are reused unless forced. */
export function BatchForm({
  initial,
  versions,
  catalogue,
  executorOptions,
}: {
  initial: BatchFormState;
  versions: VersionOption[];
  catalogue: { items: CatalogueItem[]; meta: CatalogueMeta | null };
  executorOptions: ExecutorOptions;
}) {
  const [form, setForm] = useState(initial);
  const { state, pending, errors, message, onSubmit } = useJsonAction<SlotErrors>({
    action: createBatchAction,
    validate: () => toBatchInput(form),
    toSlots: slotErrors,
    onErrors: focusFirst,
  });
  const set = <K extends keyof BatchFormState>(key: K, value: BatchFormState[K]) => setForm((f) => ({ ...f, [key]: value }));
  const chosen = versions.filter((v) => form.versionIds.includes(v.id));
  const pairs = form.versionIds.length * form.tasks.length;

  const busy = pending || state.ok;

  return (
    <form onSubmit={onSubmit} noValidate className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <div className="min-w-0 space-y-6">
        <FormSection step={1} title="Versions" description="Every chosen version is evaluated on every chosen task.">
          <VersionPicker id="versions" versions={versions} selected={form.versionIds} onChange={(ids) => set("versionIds", ids)} errors={errors.versions} />
          <div data-field="baseline" className="max-w-md">
            <Field label="Baseline" name="batch-baseline" errors={errors.baseline} hint="Optional: the comparison board shows the others' differences to it.">
              <Select id="batch-baseline" value={form.baselineVersionId !== null && form.versionIds.includes(form.baselineVersionId) ? String(form.baselineVersionId) : ""} onChange={(e) => set("baselineVersionId", e.target.value ? Number(e.target.value) : null)}>
                <option value="">No baseline</option>
                {chosen.map((v) => (
                  <option key={v.id} value={v.id}>
                    {v.modelName} · {v.label}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
        </FormSection>
        <FormSection step={2} title="Tasks">
          <TaskPicker items={catalogue.items} meta={catalogue.meta} selected={form.tasks} onChange={(tasks) => set("tasks", tasks)} errors={errors.tasks} />
        </FormSection>
        <FormSection step={3} title="Parameters" description="Existing results are reused only when they were made with the same parameters.">
          <RunParamsFields
            idPrefix="batch"
            fields={form.params}
            onChange={(key, value) => set("params", { ...form.params, [key]: value })}
            errors={{ limit: errors.limit, batchSize: errors.batchSize, numFewshot: errors.numFewshot, seed: errors.seed }}
          />
          <ExecutorField id="batch-executor" value={form.executor} options={executorOptions} onChange={(executor) => set("executor", executor)} errors={errors.executor} />
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" checked={form.force} onChange={(e) => set("force", e.target.checked)} className="mt-0.5 h-4 w-4 accent-accent-600" />
            <span>
              <span className="font-medium">Force new runs</span>
              <span className="block text-xs text-zinc-500">Run everything again, even where an identical result exists (e.g. after changing the environment).</span>
            </span>
          </label>
        </FormSection>
      </div>
      <aside className="space-y-4 lg:sticky lg:top-20">
        <div className="rounded-md border border-zinc-200 bg-zinc-50 px-4 py-3 text-sm dark:border-zinc-800 dark:bg-zinc-950/40" aria-live="polite">
          <p>
            <strong className="tabular-nums">{form.versionIds.length}</strong> version{form.versionIds.length === 1 ? "" : "s"} × <strong className="tabular-nums">{form.tasks.length}</strong> task
            {form.tasks.length === 1 ? "" : "s"} = <strong className="tabular-nums">{pairs}</strong> result{pairs === 1 ? "" : "s"}
          </p>
          <p className="mt-1 text-xs text-zinc-500">At most one run per version is launched, covering the tasks without a reusable result.</p>
        </div>
        <Field label="Name (optional)" name="batch-name">
          <Input id="batch-name" value={form.name} onChange={(e) => set("name", e.target.value)} placeholder="e.g. RC2 vs RC1 on the OCR suite" />
        </Field>
        <FormMessage message={message} tone="error" />
        <div className="flex gap-2">
          <Button type="submit" disabled={busy} aria-busy={busy} className="flex-1">
            {busy ? "Starting…" : "Start batch"}
          </Button>
          <Link href="/schedules" className={buttonClasses("secondary")}>
            Cancel
          </Link>
        </div>
      </aside>
    </form>
  );
}
