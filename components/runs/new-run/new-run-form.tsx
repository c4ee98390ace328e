"use client";

import { Boxes, Cpu, KeyRound, ListChecks, LoaderCircle, Lock, Play, SlidersHorizontal } from "lucide-react";
import { useMemo, useState, type ReactNode } from "react";
import { createRunAction } from "@/app/(app)/runs/new/actions";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Field, FormMessage, Input, Select, Textarea } from "@/components/ui/field";
import { useJsonAction } from "@/components/ui/use-json-action";
import type { CatalogueMeta, ModelList } from "@/lib/services/tasks/catalogue-meta";
import type { CatalogueItem } from "@/lib/services/tasks/list-task-catalogue";
import { SharingFields } from "../sharing-fields";
import { CommandPreviewPanel, useCommandPreview } from "./command-preview";
import { EnvEditor } from "./env-editor";
import {
  clientFieldErrors,
  errorSlot,
  FIELD_ORDER,
  toRunInput,
  VERBOSITY_LEVELS,
  versionDiff,
  type BaseVersion,
  type NewRunFormState,
  type RerunSource,
} from "./form-model";
import { KeyValueEditor } from "@/components/ui/key-value-editor";
import { countSelectedTasks, indexCatalogue } from "@/components/shared/task-picker/task-selection";
import { TaskPicker } from "@/components/shared/task-picker/task-picker";
import { MASK } from "@/lib/lmms-eval/command/preview";

const MODEL_ARG_KEYS = [
  "pretrained",
  "model_version",
  "model",
  "device_map",
  "dtype",
  "torch_dtype",
  "attn_implementation",
  "max_pixels",
  "min_pixels",
  "max_num_frames",
  "trust_remote_code",
  "use_flash_attention_2",
  "base_url",
  "api_key",
];
const GEN_KWARG_KEYS = ["max_new_tokens", "temperature", "top_p", "top_k", "do_sample", "num_beams", "until"];
const DEVICES = ["cpu", "cuda", "cuda:0", "cuda:1", "mps"];

type Errors = Record<string, string[]>;

function slotErrors(fields: Errors | undefined): Errors {
  const out: Errors = {};
  for (const [key, messages] of Object.entries(fields ?? {})) (out[errorSlot(key)] ??= []).push(...messages);
  return out;
}

function firstSlot(errors: Errors): string | undefined {
  const keys = Object.keys(errors);
  const rank = (key: string) => {
    const base = key.startsWith("env.") ? "env" : key;
    const at = (FIELD_ORDER as readonly string[]).indexOf(base);
    return at < 0 ? FIELD_ORDER.length : at;
  };
  return keys.sort((a, b) => rank(a) - rank(b))[0];
}

function focusSlot(slot: string | undefined) {
  if (!slot) return;
  const container = document.querySelector<HTMLElement>(`[data-field="${CSS.escape(slot)}"]`);
  const target =
    container?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
    container?.querySelector<HTMLElement>("input:not([type=hidden]), textarea, select") ??
    document.getElementById(slot);
  target?.focus();
  (container ?? target)?.scrollIntoView({ block: "center", behavior: "smooth" });
}

export function NewRunForm({
  items,
  meta,
  models,
  initial,
  rerun,
  baseVersion = null,
  slurmAvailable = false,
  viewerId,
}: {
  items: CatalogueItem[];
  meta: CatalogueMeta | null;
  models: ModelList;
  initial: NewRunFormState;
  rerun: RerunSource | null;
  /** Launching a registered model version: its fields prefill the form and differences are shown and recorded. */
  baseVersion?: BaseVersion | null;
  /** Slurm is configured: offer it as where the run executes. */
  slurmAvailable?: boolean;
  /** Who is launching: the run's owner, who needs no share of their own. */
  viewerId: number;
}) {
  const [form, setForm] = useState(initial);
  const [edited, setEdited] = useState<Set<string>>(() => new Set());
  const { state, pending, errors, message: serverMessage, onSubmit: submitJson } = useJsonAction<Errors>({
    action: createRunAction,
    // The payload may hold env values and credentials: the action wrapper never echoes a field named like a secret.
    field: "secretPayload",
    validate: () => ({ input: toRunInput(form, { rerunOfId: rerun?.runId, baseVersion }), errors: clientFieldErrors(form, rerun, baseVersion) }),
    toSlots: slotErrors,
    // The quick checks' and the server's errors alike: move focus to the first one.
    onErrors: (found) => focusSlot(firstSlot(found)),
  });
  const errorFor = (slot: string) => (edited.has(slot) ? undefined : errors[slot]);
  const visibleErrorCount = Object.keys(errors).filter((slot) => slot !== "_form" && !edited.has(slot)).length;

  const set = <K extends keyof NewRunFormState>(key: K, value: NewRunFormState[K], slot: string = key) => {
    setForm((previous) => ({ ...previous, [key]: value }));
    if (errors[slot]) setEdited((previous) => new Set(previous).add(slot));
  };

  const previewInput = useMemo(() => toRunInput(form, { rerunOfId: rerun?.runId, forPreview: true, baseVersion }), [form, rerun, baseVersion]);
  const diff = useMemo(() => (baseVersion ? versionDiff(form, baseVersion) : []), [form, baseVersion]);
  const preview = useCommandPreview(previewInput);
  const index = useMemo(() => indexCatalogue(items), [items]);
  const taskCount = useMemo(() => countSelectedTasks(index, form.tasks), [index, form.tasks]);

  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    setEdited(new Set());
    submitJson(event);
  };

  const busy = pending || state.ok;
  const modelOptions = useMemo(() => {
    const seen = new Map<string, string>();
    for (const model of models) {
      seen.set(model.name, model.type);
      for (const alias of model.aliases) if (!seen.has(alias)) seen.set(alias, `alias of ${model.name}`);
    }
    return [...seen];
  }, [models]);

  return (
    <form onSubmit={onSubmit} noValidate className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_24rem]">
      <div className="min-w-0 space-y-6">
        <Section step={1} icon={<Boxes size={15} aria-hidden />} title="Model" description="Which lmms-eval backend to load, and its arguments.">
          <div className="space-y-4">
            {baseVersion ? (
              <div data-testid="version-banner" className="rounded-md border border-accent-500/40 bg-accent-50 px-3 py-2 text-sm dark:bg-accent-700/20">
                <p>
                  Launching <strong>{baseVersion.modelName}</strong> version <strong>{baseVersion.label}</strong>. Leave the fields as they are to run
                  the version exactly (masked values are filled in by the server); anything you change is recorded as an override.
                </p>
                {baseVersion.storedSecretsUsable ? null : (
                  <p data-testid="version-secrets-notice" className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
                    Credentials stored with this version (shown as {MASK}) are used only when the person who entered them launches it: enter your own.
                  </p>
                )}
                {diff.length ? (
                  <ul data-testid="version-diff" className="mt-2 space-y-1 font-mono text-xs">
                    {diff.map((d) => (
                      <li key={d.field}>
                        <span className="font-sans font-medium">{d.field}:</span> <del className="text-red-700 dark:text-red-300">{d.version || "—"}</del> →{" "}
                        <ins className="text-emerald-700 no-underline dark:text-emerald-300">{d.run || "—"}</ins>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">No overrides: this run evaluates the version as registered.</p>
                )}
              </div>
            ) : null}
            <div data-field="model" className="max-w-md">
              <Field label="Backend" name="model" errors={errorFor("model")} hint={models.length ? `${models.length} backends known to lmms-eval; type to filter.` : "The lmms-eval model id, e.g. qwen2_5_vl, llava_onevision or openai."}>
                <Input
                  id="model"
                  value={form.model}
                  onChange={(e) => set("model", e.target.value)}
                  list="model-suggestions"
                  placeholder="e.g. qwen2_5_vl"
                  autoComplete="off"
                  spellCheck={false}
                  aria-invalid={errorFor("model") ? true : undefined}
                  aria-describedby="model-error"
                  className="font-mono text-[13px]"
                />
              </Field>
              <datalist id="model-suggestions">
                {modelOptions.map(([name, type]) => (
                  <option key={name} value={name}>
                    {type}
                  </option>
                ))}
              </datalist>
            </div>
            <KeyValueEditor
              id="modelArgs"
              label="Model args"
              field={form.modelArgs}
              onChange={(field) => set("modelArgs", field)}
              errors={errorFor("modelArgs")}
              keySuggestions={MODEL_ARG_KEYS}
              flagMasked={Boolean(rerun)}
              rawPlaceholder="pretrained=Qwen/Qwen2.5-VL-7B-Instruct,max_pixels=12845056"
              hint={
                <>
                  Passed as <code className="font-mono">--model_args</code>. Keys named like credentials (<code className="font-mono">api_key</code>,{" "}
                  <code className="font-mono">*_token</code>…) are masked everywhere. Set the batch size below, not here.
                </>
              }
            />
            <KeyValueEditor
              id="genKwargs"
              label="Generation kwargs"
              field={form.genKwargs}
              onChange={(field) => set("genKwargs", field)}
              errors={errorFor("genKwargs")}
              keySuggestions={GEN_KWARG_KEYS}
              flagMasked={Boolean(rerun)}
              rawPlaceholder="max_new_tokens=1024,temperature=0"
              hint={
                <>
                  Optional <code className="font-mono">--gen_kwargs</code>, merged into every generation task&apos;s settings.
                </>
              }
            />
          </div>
        </Section>

        <Section step={2} icon={<ListChecks size={15} aria-hidden />} title="Tasks" description="Tasks, groups and tags from the installed lmms-eval.">
          <TaskPicker items={items} meta={meta} selected={form.tasks} onChange={(tasks) => set("tasks", tasks)} errors={errorFor("tasks")} />
        </Section>

        <Section step={3} icon={<SlidersHorizontal size={15} aria-hidden />} title="Parameters" description="Leave a field empty to use lmms-eval's default.">
          <div className="grid gap-x-4 gap-y-3 sm:grid-cols-2 xl:grid-cols-3">
            <TextField id="limit" label="Limit" value={form.limit} onChange={(v) => set("limit", v)} errors={errorFor("limit")} placeholder="all samples" inputMode="decimal" hint="A count (100) or a share of each task (0.1)." />
            <TextField id="batchSize" label="Batch size" value={form.batchSize} onChange={(v) => set("batchSize", v)} errors={errorFor("batchSize")} placeholder="1" hint="A number, auto or auto:N." />
            <TextField id="numFewshot" label="Few-shot examples" value={form.numFewshot} onChange={(v) => set("numFewshot", v)} errors={errorFor("numFewshot")} placeholder="task default" inputMode="numeric" hint="Tasks that set 0 keep 0." />
            <TextField id="seed" label="Seed" value={form.seed} onChange={(v) => set("seed", v)} errors={errorFor("seed")} placeholder="0,1234,1234,1234" hint="One value, or python,numpy,torch,fewshot." />
            <TextField id="device" label="Device" value={form.device} onChange={(v) => set("device", v)} errors={errorFor("device")} placeholder="backend default" list="device-suggestions" hint="cpu, cuda or cuda:N." />
            <div data-field="verbosity">
              <Field label="Verbosity" name="verbosity" errors={errorFor("verbosity")} hint={form.verbosity === "DEBUG" ? "DEBUG also turns evaluation errors into a failed exit." : "Log level of the run's console."}>
                <Select id="verbosity" value={form.verbosity} onChange={(e) => set("verbosity", e.target.value as NewRunFormState["verbosity"])}>
                  <option value="">INFO (default)</option>
                  {VERBOSITY_LEVELS.map((level) => (
                    <option key={level} value={level}>
                      {level}
                    </option>
                  ))}
                </Select>
              </Field>
            </div>
            <div className="sm:col-span-2 xl:col-span-3 grid gap-x-4 gap-y-3 sm:grid-cols-2">
              <TextField id="includePath" label="Include path" value={form.includePath} onChange={(v) => set("includePath", v)} errors={errorFor("includePath")} placeholder="/path/to/my_tasks" mono hint="A folder of extra task YAMLs on the dashboard host." />
              <TextField id="useCache" label="Response cache" value={form.useCache} onChange={(v) => set("useCache", v)} errors={errorFor("useCache")} placeholder="/path/to/cache" mono hint="--use_cache: reuse model answers across runs." />
            </div>
            <div className="sm:col-span-2 xl:col-span-3" data-field="systemInstruction">
              <Field label="System instruction" name="systemInstruction" errors={errorFor("systemInstruction")} hint="Prepended to every prompt as the system message.">
                <Textarea
                  id="systemInstruction"
                  rows={2}
                  value={form.systemInstruction}
                  onChange={(e) => set("systemInstruction", e.target.value)}
                  placeholder="Optional"
                  aria-describedby="systemInstruction-error"
                  className="font-sans"
                />
              </Field>
            </div>
            <label data-field="applyChatTemplate" className="flex cursor-pointer items-start gap-2.5 rounded-md border border-zinc-200 px-3 py-2.5 sm:col-span-2 xl:col-span-3 dark:border-zinc-800">
              <input
                id="applyChatTemplate"
                type="checkbox"
                checked={form.applyChatTemplate}
                onChange={(e) => set("applyChatTemplate", e.target.checked)}
                className="mt-0.5 h-4 w-4 accent-accent-600"
              />
              <span>
                <span className="block text-sm font-medium text-zinc-700 dark:text-zinc-300">Apply chat template</span>
                <span className="block text-xs text-zinc-500">
                  <code className="font-mono">--apply_chat_template</code>: format prompts with the model&apos;s chat template.
                </span>
              </span>
            </label>
          </div>
          <datalist id="device-suggestions">
            {DEVICES.map((d) => (
              <option key={d} value={d} />
            ))}
          </datalist>
        </Section>

        <Section step={4} icon={<KeyRound size={15} aria-hidden />} title="Environment variables" description="Credentials, caches and endpoints for this run only.">
          <EnvEditor
            rows={form.env}
            errorFor={errorFor}
            onChange={(rows, changedKey) => {
              setForm((previous) => ({ ...previous, env: rows }));
              if (changedKey && errors[changedKey]) setEdited((previous) => new Set(previous).add(changedKey));
            }}
          />
        </Section>

        <Section step={5} icon={<Lock size={15} aria-hidden />} title="Sharing" description="Who sees the run, from the moment it is queued.">
          <div data-field="members" className="space-y-4">
            <SharingFields
              draft={{ visibility: form.visibility, members: form.members }}
              onChange={(draft) => {
                setForm((previous) => ({ ...previous, visibility: draft.visibility, members: draft.members }));
                if (errors.members) setEdited((previous) => new Set(previous).add("members"));
              }}
              ownerId={viewerId}
            />
            <p id="members-error" aria-live="polite" className="text-xs text-red-600 dark:text-red-400">
              {errorFor("members")?.join(" ")}
            </p>
          </div>
        </Section>
      </div>

      <aside className="space-y-4 lg:sticky lg:top-20">
        <div className="rounded-lg border border-zinc-200 bg-white shadow-xs dark:border-zinc-800 dark:bg-zinc-900">
          <div className="border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
            <h2 className="text-sm font-semibold">Launch</h2>
            <dl className="mt-2 grid grid-cols-[5.5rem_1fr] gap-y-1 text-xs">
              <dt className="text-zinc-500">Backend</dt>
              <dd className="truncate font-mono">{form.model.trim() || <span className="text-zinc-400">—</span>}</dd>
              <dt className="text-zinc-500">Tasks</dt>
              <dd>
                {form.tasks.length ? (
                  <>
                    {form.tasks.length} selected · {taskCount.tasks + taskCount.unknown} to run
                  </>
                ) : (
                  <span className="text-zinc-400">none yet</span>
                )}
              </dd>
              <dt className="text-zinc-500">Samples</dt>
              <dd>{form.limit.trim() ? `limit ${form.limit.trim()}` : "all"}</dd>
              <dt className="text-zinc-500">Env</dt>
              <dd className="truncate font-mono">{form.env.filter((r) => r.name.trim()).map((r) => r.name.trim()).join(", ") || <span className="font-sans text-zinc-400">none</span>}</dd>
              <dt className="text-zinc-500">Visible to</dt>
              <dd data-testid="launch-visibility">
                {form.visibility === "private" ? `you, admins${form.members.length ? ` and ${form.members.length} ${form.members.length === 1 ? "person" : "people"}` : ""}` : "the team"}
              </dd>
            </dl>
            {slurmAvailable ? (
              <div data-field="executor" className="mt-3">
                <Field label="Runs on" name="executor" errors={errorFor("executor")} hint={form.executor === "slurm" ? "Submitted with sbatch; the job's state shows on the run page." : "A worker slot on the dashboard host."}>
                  <Select id="executor" value={form.executor} onChange={(e) => set("executor", e.target.value as NewRunFormState["executor"])}>
                    <option value="local">This machine</option>
                    <option value="slurm">Slurm cluster</option>
                  </Select>
                </Field>
              </div>
            ) : null}
          </div>
          <div className="px-4 py-3">
            <CommandPreviewPanel result={preview.result} stale={preview.stale} />
          </div>
          <div className="space-y-3 border-t border-zinc-200 px-4 py-3 dark:border-zinc-800">
            {visibleErrorCount > 0 || serverMessage ? (
              <FormMessage tone="error" className="space-y-1 text-xs">
                <p className="font-medium">Nothing was queued.</p>
                <p>
                  {visibleErrorCount > 0
                    ? `Fix the ${visibleErrorCount === 1 ? "highlighted field" : `${visibleErrorCount} highlighted fields`} and run again.`
                    : serverMessage}
                </p>
                {visibleErrorCount > 0 && errors._form ? <p>{errors._form.join(" ")}</p> : null}
              </FormMessage>
            ) : null}
            <Button type="submit" disabled={busy} className="h-10 w-full text-sm">
              {busy ? <LoaderCircle size={15} aria-hidden className="animate-spin" /> : <Play size={15} aria-hidden />}
              {busy ? "Queuing…" : "Run"}
            </Button>
            <p className="flex items-center gap-1.5 text-xs text-zinc-500">
              <Cpu size={12} aria-hidden /> {form.executor === "slurm" ? "Queued first; the worker submits it to Slurm." : "Queued first; it starts when a worker slot is free."}
            </p>
          </div>
        </div>
      </aside>
    </form>
  );
}

function Section({ step, icon, title, description, children }: { step: number; icon: ReactNode; title: string; description: string; children: ReactNode }) {
  const id = `section-${title.toLowerCase().replace(/\W+/g, "-")}`;
  return (
    <section aria-labelledby={id} className="rounded-lg border border-zinc-200 bg-white shadow-xs dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex items-center gap-3 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <span aria-hidden className="flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-zinc-100 text-[11px] font-semibold text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
          {step}
        </span>
        <div className="min-w-0">
          <h2 id={id} className="flex items-center gap-1.5 text-sm font-semibold">
            <span className="text-zinc-400">{icon}</span>
            {title}
          </h2>
          <p className="text-xs text-zinc-500">{description}</p>
        </div>
      </div>
      <div className="px-4 py-4">{children}</div>
    </section>
  );
}

function TextField({
  id,
  label,
  value,
  onChange,
  errors,
  hint,
  placeholder,
  inputMode,
  list,
  mono,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  errors?: string[];
  hint?: string;
  placeholder?: string;
  inputMode?: "decimal" | "numeric";
  list?: string;
  mono?: boolean;
}) {
  return (
    <div data-field={id}>
      <Field label={label} name={id} errors={errors} hint={hint}>
        <Input
          id={id}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          placeholder={placeholder}
          inputMode={inputMode}
          list={list}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={`${id}-error`}
          className={cn(mono && "font-mono text-[13px]")}
        />
      </Field>
    </div>
  );
}
