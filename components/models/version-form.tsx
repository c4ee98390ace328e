"use client";

import { useActionState, useState, type FormEvent } from "react";
import { createVersionAction } from "@/app/(app)/models/actions";
import { KeyValueEditor } from "@/components/ui/key-value-editor";
import { keyValueFieldFromText, keyValueFieldProblem, maskedKeys, type KeyValueField } from "@/components/ui/key-value-rows";
import { Button } from "@/components/ui/button";
import { Field, FormMessage, Input, Select, Textarea } from "@/components/ui/field";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";
import { PARENT_RELATIONS } from "@/lib/models-view/lineage";
import type { NewVersionEvaluation } from "@/lib/services/models/register-version";
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

export type VersionFormInitial = {
  label: string;
  backend: string;
  modelArgs: string;
  genKwargs: string;
  notes: string;
  parentVersionId: number | null;
  parentRelation: string;
};

/** On success the action redirects, except when "evaluate new versions" could not queue its run (see below). */
type CreatedState = ActionState<{ id: number; modelId: number; label: string; evaluation: NewVersionEvaluation | null }>;

/**
 * Registers a version: label, lmms-eval backend, model args and gen kwargs (key/value editor with a raw view), notes,
 * and optionally the version it derives from. Opened from "new version from this one", it starts from that version's
 * configuration; values the server masked (`***`) must be typed again.
 */
export function VersionForm({
  modelId,
  initial,
  parents,
  backends,
  copiedFrom,
}: {
  modelId: number;
  initial: VersionFormInitial;
  parents: Array<{ id: number; label: string }>;
  backends: string[];
  copiedFrom: string | null;
}) {
  const [state, formAction, pending] = useActionState(createVersionAction as (s: CreatedState, f: FormData) => Promise<CreatedState>, initialActionState as CreatedState);
  const [modelArgs, setModelArgs] = useState<KeyValueField>(() => keyValueFieldFromText(initial.modelArgs));
  const [genKwargs, setGenKwargs] = useState<KeyValueField>(() => keyValueFieldFromText(initial.genKwargs));
  const [parent, setParent] = useState(initial.parentVersionId ? String(initial.parentVersionId) : "");
  const [localErrors, setLocalErrors] = useState<{ modelArgs?: string; genKwargs?: string }>({});

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const masked = maskedKeys(modelArgs.text);
    const errors = {
      modelArgs:
        keyValueFieldProblem("Model args", modelArgs) ??
        (masked.length ? `Type the real value of ${masked.join(", ")}: the copied version shows it masked (***)` : undefined),
      genKwargs: keyValueFieldProblem("Gen kwargs", genKwargs) ?? undefined,
    };
    setLocalErrors(errors);
    if (errors.modelArgs || errors.genKwargs) event.preventDefault();
  };

  // Registered, but "evaluate new versions" could not queue its run: the version exists, so the form must not be
  // sent again; say what went wrong and offer the way on.
  const registered = state.ok ? state.data : undefined;
  if (registered?.evaluation?.status === "failed") {
    return <EvaluationNotQueued modelId={modelId} versionId={registered.id} label={registered.label} evaluation={registered.evaluation} />;
  }

  const fieldErrors = (name: "modelArgs" | "genKwargs") => {
    const local = localErrors[name];
    return local ? [local] : state.fields?.[name]?.slice(0, 1);
  };

  return (
    <form action={formAction} onSubmit={onSubmit} className="space-y-5" noValidate>
      <input type="hidden" name="modelId" value={modelId} />
      <input type="hidden" name="secretModelArgs" value={modelArgs.text} />
      <input type="hidden" name="secretGenKwargs" value={genKwargs.text} />

      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Label" name="version-label" errors={state.fields?.label?.slice(0, 1)} hint="Unique within the model, e.g. v2, sft-0312, q4_k_m">
          <Input
            id="version-label"
            name="label"
            defaultValue={state.values?.label ?? initial.label}
            autoFocus
            autoComplete="off"
            className="font-mono"
            aria-describedby="version-label-error"
            aria-invalid={state.fields?.label ? true : undefined}
          />
        </Field>
        <Field label="Backend (--model)" name="version-backend" errors={state.fields?.backend?.slice(0, 1)} hint="The lmms-eval model id, e.g. qwen2_5_vl, vllm, openai">
          <Input
            id="version-backend"
            name="backend"
            defaultValue={state.values?.backend ?? initial.backend}
            list="version-backends"
            autoComplete="off"
            className="font-mono"
            aria-describedby="version-backend-error"
            aria-invalid={state.fields?.backend ? true : undefined}
          />
          <datalist id="version-backends">
            {backends.map((b) => (
              <option key={b} value={b} />
            ))}
          </datalist>
        </Field>
      </div>

      <KeyValueEditor
        id="version-model-args"
        label="Model args"
        field={modelArgs}
        onChange={setModelArgs}
        errors={fieldErrors("modelArgs")}
        rawPlaceholder="pretrained=Qwen/Qwen2.5-VL-7B-Instruct,dtype=bfloat16"
        keySuggestions={["pretrained", "model", "model_version", "dtype", "device_map", "attn_implementation", "max_pixels", "base_url", "api_key", "tensor_parallel_size"]}
        flagMasked={copiedFrom !== null}
        hint="--model_args as lmms-eval receives it. Credential-named keys are masked everywhere they are shown."
      />
      <KeyValueEditor
        id="version-gen-kwargs"
        label="Default gen kwargs"
        field={genKwargs}
        onChange={setGenKwargs}
        errors={fieldErrors("genKwargs")}
        rawPlaceholder="temperature=0,max_new_tokens=1024"
        keySuggestions={["temperature", "max_new_tokens", "top_p", "num_beams", "do_sample"]}
        hint="--gen_kwargs for runs of this version (a run may still override them; overrides are recorded)."
      />

      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Parent version" name="version-parent" errors={state.fields?.parentVersionId?.slice(0, 1)} hint="The version this one derives from, if any">
          <Select id="version-parent" name="parentVersionId" value={parent} onChange={(e) => setParent(e.target.value)}>
            <option value="">None</option>
            {parents.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Relation to parent" name="version-relation" errors={state.fields?.parentRelation?.slice(0, 1)}>
          <Input
            id="version-relation"
            name="parentRelation"
            defaultValue={state.values?.parentRelation ?? initial.parentRelation}
            list="version-relations"
            placeholder={parent ? "e.g. fine-tune of" : "pick a parent first"}
            disabled={!parent}
            autoComplete="off"
          />
          <datalist id="version-relations">
            {PARENT_RELATIONS.map((r) => (
              <option key={r} value={r} />
            ))}
          </datalist>
        </Field>
      </div>

      <Field label="Notes" name="version-notes" errors={state.fields?.notes?.slice(0, 1)} hint="What changed, where the checkpoint lives, anything a colleague should know">
        <Textarea id="version-notes" name="notes" rows={3} defaultValue={state.values?.notes ?? initial.notes} className="font-sans" />
      </Field>

      {!state.ok && state.message && !state.fields ? <FormMessage state={state} /> : null}
      {!state.ok && state.message && state.fields ? (
        <FormMessage state={state} />
      ) : null}

      <div className="flex items-center justify-end gap-2 border-t border-zinc-200 pt-4 dark:border-zinc-800">
        <Link href={`/models/${modelId}`} className={buttonClasses("secondary")}>
          Cancel
        </Link>
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create version"}
        </Button>
      </div>
    </form>
  );
}

function EvaluationNotQueued({ modelId, versionId, label, evaluation }: { modelId: number; versionId: number; label: string; evaluation: Extract<NewVersionEvaluation, { status: "failed" }> }) {
  return (
    <div className="space-y-4">
      <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200">
        Version <span className="font-mono">{label}</span> was registered.
      </p>
      <FormMessage tone="warning">
        <p className="font-medium">Its evaluation on {evaluation.tasks.join(", ")} could not be queued.</p>
        <p className="mt-1">{evaluation.error.message}</p>
        <p className="mt-1 text-xs">Launch it yourself once the problem is fixed, or change “Evaluate new versions” on the model page.</p>
      </FormMessage>
      <div className="flex items-center justify-end gap-2 border-t border-zinc-200 pt-4 dark:border-zinc-800">
        <Link href={`/runs/new?version=${versionId}`} className={buttonClasses("secondary")}>
          Launch a run of {label}
        </Link>
        <Link href={`/models/${modelId}?created=${versionId}#versions`} className={buttonClasses("primary")}>
          Go to the model
        </Link>
      </div>
    </div>
  );
}
