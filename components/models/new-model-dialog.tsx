"use client";

import { Plus } from "lucide-react";
import { useActionState, useState } from "react";
import { createModelAction } from "@/app/(app)/models/actions";
import { Button } from "@/components/ui/button";
import { Field, FormMessage, Input, Textarea } from "@/components/ui/field";
import { initialActionState } from "@/lib/actions/action-state";
import { Dialog } from "@/components/ui/dialog";

/** "New model": name, description, tags; on success the action redirects to the new model's page. */
export function NewModelButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <Plus size={15} aria-hidden /> New model
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Register a model" description="A model groups the versions you evaluate: checkpoints, quantisations, fine-tunes.">
        <NewModelForm onCancel={() => setOpen(false)} />
      </Dialog>
    </>
  );
}

function NewModelForm({ onCancel }: { onCancel: () => void }) {
  const [state, formAction, pending] = useActionState(createModelAction, initialActionState);
  return (
    <form action={formAction} className="space-y-3" noValidate>
      <Field label="Name" name="model-name" errors={state.fields?.name?.slice(0, 1)} hint="Unique, e.g. qwen2.5-vl-7b">
        <Input id="model-name" name="name" defaultValue={state.values?.name} data-autofocus autoComplete="off" aria-describedby="model-name-error" aria-invalid={state.fields?.name ? true : undefined} />
      </Field>
      <Field label="Description" name="model-description" errors={state.fields?.description?.slice(0, 1)}>
        <Textarea id="model-description" name="description" rows={3} defaultValue={state.values?.description} className="font-sans" />
      </Field>
      <Field label="Tags" name="model-tags" errors={state.fields?.tags?.slice(0, 1)} hint="Comma-separated, e.g. vlm, 7b, internal">
        <Input id="model-tags" name="tags" defaultValue={state.values?.tags} autoComplete="off" />
      </Field>
      {!state.ok && !state.fields ? <FormMessage state={state} /> : null}
      <div className="flex justify-end gap-2 pt-1">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create model"}
        </Button>
      </div>
    </form>
  );
}
