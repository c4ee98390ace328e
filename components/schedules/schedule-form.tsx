"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { saveScheduleAction } from "@/app/(app)/schedules/actions";
import { TaskPicker } from "@/components/shared/task-picker/task-picker";
import { Button, buttonClasses } from "@/components/ui/button";
import { Field, FormMessage, Input, Select } from "@/components/ui/field";
import { useJsonAction } from "@/components/ui/use-json-action";
import { slotErrors, toScheduleInput, type FormSlot, type ScheduleFormState, type SlotErrors } from "@/lib/schedules-view/form-model";
import { cadenceOf, MISFIRE_HELP, OVERLAP_HELP, type Cadence } from "@/lib/schedules-view/presets";
import { browserTimezone } from "@/lib/schedules-view/timezones";
import type { ExecutorOptions } from "@/lib/services/slurm/get-executor-options";
import type { CatalogueMeta } from "@/lib/services/tasks/catalogue-meta";
import type { CatalogueItem } from "@/lib/services/tasks/list-task-catalogue";
import { CadencePicker } from "./cadence-picker";
import { ChoiceCards } from "./choice-cards";
import { CronPreviewPanel, previewFieldErrors, useCronPreview } from "./cron-preview";
import { ExecutorField } from "./executor-field";
import { FormSection } from "./form-section";
import { RunParamsFields } from "./run-params-fields";
import { TimezoneCombobox } from "./timezone-combobox";
import { VersionPicker, type VersionOption } from "./version-picker";

const SLOT_ORDER: FormSlot[] = ["_form", "name", "cron", "timezone", "versions", "baseline", "tasks", "limit", "batchSize", "numFewshot", "seed", "executor", "overlap", "misfire"];

function focusFirst(errors: SlotErrors) {
  const slot = SLOT_ORDER.find((s) => errors[s]?.length);
  if (!slot || slot === "_form") return;
  const container = document.querySelector(`[data-field="${slot}"]`);
  const target = container?.querySelector<HTMLElement>("input, select, textarea") ?? document.getElementById(slot);
  target?.focus();
}

/** New and edit share this form; the cadence is previewed live in the chosen zone while typing. */
export function ScheduleForm({
  scheduleId,
  initial,
  versions,
  catalogue,
  executorOptions,
}: {
  scheduleId: number | null;
  initial: ScheduleFormState;
  versions: VersionOption[];
  catalogue: { items: CatalogueItem[]; meta: CatalogueMeta | null };
  executorOptions: ExecutorOptions;
}) {
  const [form, setForm] = useState(initial);
  const [cadence, setCadence] = useState<Cadence>(() => cadenceOf(initial.cron));
  const [edited, setEdited] = useState<Set<FormSlot>>(() => new Set());
  const { state, pending, errors, clientErrors, message: formMessage, onSubmit: submitForm } = useJsonAction<SlotErrors>({
    action: saveScheduleAction,
    validate: () => {
      const { input, errors: quick } = toScheduleInput(form);
      return { input: scheduleId ? { ...input, scheduleId } : input, errors: quick };
    },
    toSlots: slotErrors,
    onErrors: focusFirst,
  });
  const zoneTouched = useRef(false);

  // A new schedule starts in the viewer's zone (the server cannot know it).
  useEffect(() => {
    if (scheduleId === null && !zoneTouched.current) setForm((f) => ({ ...f, timezone: browserTimezone() }));
  }, [scheduleId]);

  const preview = useCronPreview(form.cron, form.timezone);
  const live = previewFieldErrors(preview.result);
  const errorFor = (slot: FormSlot) => (edited.has(slot) ? undefined : errors[slot]);
  const cronErrors = preview.stale ? errorFor("cron") : (live.cron ?? errorFor("cron"));
  const zoneErrors = preview.stale ? errorFor("timezone") : (live.timezone ?? errorFor("timezone"));

  const set = <K extends keyof ScheduleFormState>(key: K, value: ScheduleFormState[K], slot?: FormSlot) => {
    setForm((f) => ({ ...f, [key]: value }));
    const s = slot ?? (key as FormSlot);
    if (errors[s]) setEdited((prev) => new Set(prev).add(s));
  };
  const chosenVersions = versions.filter((v) => form.versionIds.includes(v.id));

  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    setEdited(new Set());
    submitForm(event);
  };

  const busy = pending || state.ok;

  return (
    <form onSubmit={onSubmit} noValidate className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
      <div className="min-w-0 space-y-6">
        <FormSection step={1} title="Name and cadence" description="When the schedule fires. Cron uses node-cron syntax; times are in the zone you choose, daylight saving included.">
          <div data-field="name" className="max-w-md">
            <Field label="Name" name="schedule-name" errors={errorFor("name")}>
              <Input id="schedule-name" value={form.name} onChange={(e) => set("name", e.target.value)} placeholder="e.g. Nightly MME on the release candidates" aria-invalid={errorFor("name") ? true : undefined} aria-describedby="schedule-name-error" />
            </Field>
          </div>
          <CadencePicker
            cadence={cadence}
            onChange={(next, cron) => {
              setCadence(next);
              if (next.kind === "custom") requestAnimationFrame(() => document.getElementById("schedule-cron")?.focus());
              // A week without days has no expression: the field empties, and the form says why.
              else set("cron", cron ?? "");
            }}
          />
          <div className="grid gap-4 sm:grid-cols-2">
            <div data-field="cron">
              <Field label="Cron expression" name="schedule-cron" errors={cronErrors} hint="minute hour day month weekday — or 6 fields with seconds first, e.g. */30 * * * * *">
                <Input
                  id="schedule-cron"
                  value={form.cron}
                  onChange={(e) => {
                    set("cron", e.target.value);
                    // Typing an expression the pickers can show switches them to it; anything else is custom.
                    setCadence(cadenceOf(e.target.value));
                  }}
                  spellCheck={false}
                  autoComplete="off"
                  aria-invalid={cronErrors?.length ? true : undefined}
                  aria-describedby="schedule-cron-error"
                  className="font-mono text-[13px]"
                />
              </Field>
            </div>
            <div data-field="timezone">
              <Field label="Time zone" name="schedule-timezone" errors={zoneErrors}>
                <TimezoneCombobox
                  id="schedule-timezone"
                  value={form.timezone}
                  invalid={Boolean(zoneErrors?.length)}
                  onChange={(zone) => {
                    zoneTouched.current = true;
                    set("timezone", zone);
                  }}
                />
              </Field>
            </div>
          </div>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={form.enabled} onChange={(e) => set("enabled", e.target.checked)} className="h-4 w-4 accent-accent-600" />
            Enabled <span className="text-xs text-zinc-500">— a paused schedule keeps its settings and history but does not fire</span>
          </label>
        </FormSection>

        <FormSection step={2} title="What to run" description="Runs are launched as the schedule's owner, with each version's backend and model args.">
          <ChoiceCards
            name="target-type"
            legend="Kind"
            value={form.type}
            onChange={(type) => set("type", type)}
            options={[
              { value: "evaluation", label: "Evaluation", help: "One run per version on the tasks, every time it fires." },
              { value: "comparison", label: "Comparison batch", help: "Reuses identical existing results, runs the rest, then links the comparison board." },
            ]}
          />
          <div>
            <p className="mb-1.5 text-sm font-medium text-zinc-700 dark:text-zinc-300">Model versions</p>
            <VersionPicker id="versions" versions={versions} selected={form.versionIds} onChange={(ids) => set("versionIds", ids, "versions")} errors={errorFor("versions")} />
          </div>
          {form.type === "comparison" ? (
            <div data-field="baseline" className="max-w-md">
              <Field label="Baseline" name="schedule-baseline" errors={errorFor("baseline")} hint="The board shows every other version's difference to this one.">
                <Select
                  id="schedule-baseline"
                  value={form.baselineVersionId !== null && form.versionIds.includes(form.baselineVersionId) ? String(form.baselineVersionId) : ""}
                  onChange={(e) => set("baselineVersionId", e.target.value ? Number(e.target.value) : null, "baseline")}
                >
                  <option value="">No baseline</option>
                  {chosenVersions.map((v) => (
                    <option key={v.id} value={v.id}>
                      {v.modelName} · {v.label}
                    </option>
                  ))}
                </Select>
              </Field>
            </div>
          ) : null}
          <div>
            <p className="mb-1.5 text-sm font-medium text-zinc-700 dark:text-zinc-300">Tasks</p>
            <TaskPicker items={catalogue.items} meta={catalogue.meta} selected={form.tasks} onChange={(tasks) => set("tasks", tasks)} errors={errorFor("tasks")} />
          </div>
          <div>
            <p className="mb-1.5 text-sm font-medium text-zinc-700 dark:text-zinc-300">Parameters</p>
            <RunParamsFields
              idPrefix="schedule"
              fields={form.params}
              onChange={(key, value) => set("params", { ...form.params, [key]: value }, key)}
              errors={{ limit: errorFor("limit"), batchSize: errorFor("batchSize"), numFewshot: errorFor("numFewshot"), seed: errorFor("seed") }}
            />
            <div className="mt-3">
              <ExecutorField id="schedule-executor" value={form.executor} options={executorOptions} onChange={(executor) => set("executor", executor)} errors={errorFor("executor")} />
            </div>
            {Object.keys(form.extraParams).length ? (
              <p className="mt-2 text-xs text-zinc-500">
                Also kept from the API: <code className="font-mono">{JSON.stringify(form.extraParams)}</code>
              </p>
            ) : null}
          </div>
        </FormSection>

        <FormSection step={3} title="Policies" description="What happens when firings pile up, and after the worker was down.">
          <ChoiceCards
            name="overlap"
            legend="If the previous firing is still running"
            value={form.overlap}
            onChange={(overlap) => set("overlap", overlap)}
            options={(["skip", "queue"] as const).map((value) => ({ value, ...OVERLAP_HELP[value] }))}
          />
          <ChoiceCards
            name="misfire"
            legend="Fire times missed while the worker was down"
            value={form.misfire}
            onChange={(misfire) => set("misfire", misfire)}
            options={(["skip", "run_once"] as const).map((value) => ({ value, ...MISFIRE_HELP[value] }))}
          />
        </FormSection>
      </div>

      <aside className="space-y-4 lg:sticky lg:top-20">
        <CronPreviewPanel result={preview.result} stale={preview.stale} />
        {formMessage ? (
          <FormMessage message={formMessage} tone="error" />
        ) : null}
        {clientErrors ? (
          <FormMessage
            message={`Some fields need attention: ${Object.keys(clientErrors).length} problem${Object.keys(clientErrors).length === 1 ? "" : "s"} marked in the form.`}
            tone="error"
          />
        ) : null}
        <div className="flex gap-2">
          <Button type="submit" disabled={busy} aria-busy={busy} className="flex-1">
            {busy ? "Saving…" : scheduleId ? "Save changes" : "Create schedule"}
          </Button>
          <Link href={scheduleId ? `/schedules/${scheduleId}` : "/schedules"} className={buttonClasses("secondary")}>
            Cancel
          </Link>
        </div>
      </aside>
    </form>
  );
}
