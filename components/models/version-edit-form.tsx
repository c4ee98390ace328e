"use client";

import { CopyPlus, Lock } from "lucide-react";
import Link from "next/link";
import { useActionState, useEffect, useState, useTransition, type FormEvent } from "react";
import { updateVersionAction } from "@/app/(app)/models/actions";
import { KeyValueEditor } from "@/components/ui/key-value-editor";
import { keyValueFieldFromText, keyValueFieldProblem, type KeyValueField } from "@/components/ui/key-value-rows";
import { Button, buttonClasses } from "@/components/ui/button";
import { Field, FormMessage, Input, Select, Textarea } from "@/components/ui/field";
import { initialActionState } from "@/lib/actions/action-state";
import { PARENT_RELATIONS } from "@/lib/models-view/lineage";
import { changedFields, FROZEN_FIELDS, lockedReason, type VersionEditField, type VersionEditValues } from "@/lib/models-view/version-form";
import type { ModelVersionDto } from "@/lib/services/models/queries";

/** Form names of the edit fields; args go under "secret…" names so the action never echoes them (see actions.ts). */
const FORM_NAME: Record<VersionEditField, string> = {
  label: "label",
  backend: "backend",
  modelArgs: "secretModelArgs",
  genKwargs: "secretGenKwargs",
  notes: "notes",
  parentVersionId: "parentVersionId",
  parentRelation: "parentRelation",
  status: "status",
};

function initialValues(v: ModelVersionDto): VersionEditValues {
  return {
    label: v.label,
    backend: v.backend,
    modelArgs: v.modelArgs,
    genKwargs: v.genKwargs,
    notes: v.notes,
    parentVersionId: v.parentVersionId ? String(v.parentVersionId) : "",
    parentRelation: v.parentRelation,
    status: v.status,
  };
}

/**
 * Edits a version. Once a run used it, its configuration is read-only here (with the reason) and the way forward is
 * "new version from this one". If a run used it while this form was open, the service refuses the change; its
 * message is shown with the same way forward.
 */
export function VersionEditForm({
  version,
  modelId,
  parentChoices,
  onDone,
}: {
  version: ModelVersionDto;
  modelId: number;
  /** Versions that may become the parent (not this one, not its descendants). */
  parentChoices: Array<{ id: number; label: string }>;
  onDone: () => void;
}) {
  const [state, dispatch, pending] = useActionState(updateVersionAction, initialActionState);
  const initial = initialValues(version);
  const [modelArgs, setModelArgs] = useState<KeyValueField>(() => keyValueFieldFromText(version.modelArgs));
  const [genKwargs, setGenKwargs] = useState<KeyValueField>(() => keyValueFieldFromText(version.genKwargs));
  const [localError, setLocalError] = useState<string | null>(null);
  const [, startTransition] = useTransition();
  const locked = version.locked;
  const fromHref = `/models/${modelId}/versions/new?from=${version.id}`;
  const refusedFrozen = !state.ok && Object.keys(state.fields ?? {}).some((f) => FROZEN_FIELDS.has(f as VersionEditField));

  useEffect(() => {
    if (state.ok) onDone();
  }, [state, onDone]);

  // Submitted by hand (not through the form's `action`), so React does not reset the fields after a refusal.
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    const problem = locked ? null : (keyValueFieldProblem("Model args", modelArgs) ?? keyValueFieldProblem("Gen kwargs", genKwargs));
    if (problem) return setLocalError(problem);
    const submitted: Partial<VersionEditValues> = { notes: String(formData.get("notes") ?? ""), status: String(formData.get("status") ?? initial.status) };
    if (!locked) {
      Object.assign(submitted, {
        label: String(formData.get("label") ?? ""),
        backend: String(formData.get("backend") ?? ""),
        modelArgs: modelArgs.text,
        genKwargs: genKwargs.text,
        parentVersionId: String(formData.get("parentVersionId") ?? ""),
      });
    }
    submitted.parentRelation = String(formData.get("parentRelation") ?? "");
    const changed = changedFields(initial, submitted);
    if (changed.length === 0) return setLocalError("Nothing changed.");
    setLocalError(null);
    const payload = new FormData();
    payload.set("versionId", String(version.id));
    for (const field of changed) payload.set(FORM_NAME[field], submitted[field]!);
    startTransition(() => dispatch(payload));
  };

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      {locked ? (
        <div className="flex gap-2.5 rounded-md border border-amber-200 bg-amber-50 px-3 py-2.5 text-sm text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-200">
          <Lock size={15} aria-hidden className="mt-0.5 shrink-0" />
          <div>
            <p data-testid="version-locked-reason">{lockedReason(version.runCount)}</p>
            <Link href={fromHref} className="mt-1 inline-flex items-center gap-1 font-medium underline underline-offset-2">
              <CopyPlus size={13} aria-hidden /> New version from this one
            </Link>
          </div>
        </div>
      ) : null}

      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Label" name="edit-version-label" errors={state.fields?.label?.slice(0, 1)} hint={locked ? "Frozen" : undefined}>
          <Input id="edit-version-label" name="label" defaultValue={version.label} disabled={locked} title={locked ? lockedReason(version.runCount) : undefined} autoComplete="off" />
        </Field>
        <Field label="Backend (--model)" name="edit-version-backend" errors={state.fields?.backend?.slice(0, 1)} hint={locked ? "Frozen" : undefined}>
          <Input id="edit-version-backend" name="backend" defaultValue={version.backend} disabled={locked} title={locked ? lockedReason(version.runCount) : undefined} className="font-mono" autoComplete="off" />
        </Field>
      </div>

      {locked ? (
        <FrozenText label="Model args" value={version.modelArgs} />
      ) : (
        <KeyValueEditor id="edit-version-model-args" label="Model args" field={modelArgs} onChange={setModelArgs} errors={state.fields?.modelArgs?.slice(0, 1)} rawPlaceholder="pretrained=org/model,dtype=bfloat16" flagMasked />
      )}
      {locked ? (
        <FrozenText label="Gen kwargs" value={version.genKwargs} />
      ) : (
        <KeyValueEditor id="edit-version-gen-kwargs" label="Gen kwargs" field={genKwargs} onChange={setGenKwargs} errors={state.fields?.genKwargs?.slice(0, 1)} rawPlaceholder="temperature=0,max_new_tokens=1024" />
      )}

      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Parent version" name="edit-version-parent" errors={state.fields?.parentVersionId?.slice(0, 1)} hint={locked ? "Frozen" : undefined}>
          <Select id="edit-version-parent" name="parentVersionId" defaultValue={initial.parentVersionId} disabled={locked}>
            <option value="">None</option>
            {parentChoices.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
            {version.parentVersionId && !parentChoices.some((p) => p.id === version.parentVersionId) ? <option value={version.parentVersionId}>#{version.parentVersionId}</option> : null}
          </Select>
        </Field>
        <Field label="Relation to parent" name="edit-version-relation" errors={state.fields?.parentRelation?.slice(0, 1)}>
          <Input id="edit-version-relation" name="parentRelation" defaultValue={version.parentRelation} list="edit-version-relations" placeholder="e.g. fine-tune of" autoComplete="off" />
          <datalist id="edit-version-relations">
            {PARENT_RELATIONS.map((r) => (
              <option key={r} value={r} />
            ))}
          </datalist>
        </Field>
      </div>

      <div className="grid gap-3 sm:grid-cols-[1fr_12rem]">
        <Field label="Notes" name="edit-version-notes" errors={state.fields?.notes?.slice(0, 1)}>
          <Textarea id="edit-version-notes" name="notes" rows={3} defaultValue={version.notes} className="font-sans" />
        </Field>
        <Field label="Status" name="edit-version-status" errors={state.fields?.status?.slice(0, 1)} hint="Archived versions cannot be launched">
          <Select id="edit-version-status" name="status" defaultValue={version.status}>
            <option value="active">active</option>
            <option value="deprecated">deprecated</option>
            <option value="archived">archived</option>
          </Select>
        </Field>
      </div>

      {localError ? (
        <FormMessage message={localError} tone="warning" />
      ) : null}
      {refusedFrozen ? (
        <FormMessage tone="error" testId="version-edit-refused">
          <p>{state.message}</p>
          <Link href={fromHref} className={`${buttonClasses("secondary", "sm")} mt-2`}>
            <CopyPlus size={13} aria-hidden /> Create a new version from this one
          </Link>
        </FormMessage>
      ) : !state.ok ? (
        <FormMessage state={state} />
      ) : null}

      <div className="flex justify-end gap-2 pt-1">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save changes"}
        </Button>
      </div>
    </form>
  );
}

function FrozenText({ label, value }: { label: string; value: string }) {
  return (
    <div className="space-y-1">
      <p className="flex items-center gap-1.5 text-sm font-medium text-zinc-700 dark:text-zinc-300">
        {label} <Lock size={11} aria-label="frozen" className="text-zinc-400" />
      </p>
      <pre className="overflow-x-auto rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 font-mono text-[13px] whitespace-pre-wrap break-all text-zinc-600 dark:border-zinc-800 dark:bg-zinc-950 dark:text-zinc-400">
        {value || <span className="text-zinc-400">(none)</span>}
      </pre>
    </div>
  );
}
