"use client";

import { Archive, ArchiveRestore, Pencil } from "lucide-react";
import { useActionState, useEffect, useState } from "react";
import { setModelStatusAction, updateModelAction } from "@/app/(app)/models/actions";
import { Button } from "@/components/ui/button";
import { Field, FormMessage, Input, Textarea } from "@/components/ui/field";
import { initialActionState } from "@/lib/actions/action-state";
import { Dialog } from "@/components/ui/dialog";

type ModelSummary = { id: number; name: string; description: string; tags: string[]; status: "active" | "archived" };

/** The model header's Edit and Archive/Restore buttons (owner or admin). */
export function ModelActions({ model }: { model: ModelSummary }) {
  const [editing, setEditing] = useState(false);
  const [archiving, setArchiving] = useState(false);
  return (
    <>
      <Button variant="secondary" onClick={() => setEditing(true)}>
        <Pencil size={14} aria-hidden /> Edit
      </Button>
      {model.status === "active" ? (
        <Button variant="secondary" onClick={() => setArchiving(true)}>
          <Archive size={14} aria-hidden /> Archive
        </Button>
      ) : (
        <RestoreButton modelId={model.id} />
      )}
      <Dialog open={editing} onClose={() => setEditing(false)} title={`Edit ${model.name}`}>
        <EditModelForm model={model} onDone={() => setEditing(false)} />
      </Dialog>
      <Dialog open={archiving} onClose={() => setArchiving(false)} title={`Archive ${model.name}?`}>
        <ArchiveForm model={model} onDone={() => setArchiving(false)} />
      </Dialog>
    </>
  );
}

function EditModelForm({ model, onDone }: { model: ModelSummary; onDone: () => void }) {
  const [state, formAction, pending] = useActionState(updateModelAction, initialActionState);
  useEffect(() => {
    if (state.ok) onDone();
  }, [state, onDone]);
  return (
    <form action={formAction} className="space-y-3" noValidate>
      <input type="hidden" name="modelId" value={model.id} />
      <Field label="Name" name="edit-model-name" errors={state.fields?.name?.slice(0, 1)}>
        <Input id="edit-model-name" name="name" defaultValue={state.values?.name ?? model.name} autoComplete="off" />
      </Field>
      <Field label="Description" name="edit-model-description" errors={state.fields?.description?.slice(0, 1)}>
        <Textarea id="edit-model-description" name="description" rows={4} defaultValue={state.values?.description ?? model.description} className="font-sans" />
      </Field>
      <Field label="Tags" name="edit-model-tags" errors={state.fields?.tags?.slice(0, 1)} hint="Comma-separated">
        <Input id="edit-model-tags" name="tags" defaultValue={state.values?.tags ?? model.tags.join(", ")} autoComplete="off" />
      </Field>
      {!state.ok && !state.fields ? <FormMessage state={state} /> : null}
      <div className="flex justify-end gap-2 pt-1">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </Button>
      </div>
    </form>
  );
}

/**
 * Archiving asks once; when the service answers that versions still have queued runs (field `confirmQueuedRuns`),
 * the same dialog shows its message and offers to archive anyway.
 */
function ArchiveForm({ model, onDone }: { model: ModelSummary; onDone: () => void }) {
  const [state, formAction, pending] = useActionState(setModelStatusAction, initialActionState);
  const needsConfirmation = Boolean(state.fields?.confirmQueuedRuns);
  useEffect(() => {
    if (state.ok) onDone();
  }, [state, onDone]);
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="modelId" value={model.id} />
      <input type="hidden" name="status" value="archived" />
      {needsConfirmation ? <input type="hidden" name="confirmQueuedRuns" value="true" /> : null}
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Archived models leave the list and the version pickers. Their versions, runs and results stay, and you can restore the model at any time.
      </p>
      {needsConfirmation ? (
        <FormMessage message={state.message} tone="warning" />
      ) : !state.ok ? (
        <FormMessage state={state} />
      ) : null}
      <div className="flex justify-end gap-2 pt-1">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" variant={needsConfirmation ? "danger" : "primary"} disabled={pending}>
          {pending ? "Archiving…" : needsConfirmation ? "Archive anyway" : "Archive"}
        </Button>
      </div>
    </form>
  );
}

function RestoreButton({ modelId }: { modelId: number }) {
  const [state, formAction, pending] = useActionState(setModelStatusAction, initialActionState);
  return (
    <form action={formAction} className="flex items-center gap-2">
      <input type="hidden" name="modelId" value={modelId} />
      <input type="hidden" name="status" value="active" />
      <Button type="submit" variant="secondary" disabled={pending}>
        <ArchiveRestore size={14} aria-hidden /> Restore
      </Button>
      {!state.ok ? <FormMessage state={state} inline /> : null}
    </form>
  );
}
