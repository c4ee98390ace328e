"use client";

import { useActionState, useEffect, useId, useState } from "react";
import { registerRunVersionAction } from "@/app/(app)/runs/import/actions";
import { Button } from "@/components/ui/button";
import { Field, FormMessage, Input, Select } from "@/components/ui/field";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";
import type { ImportedRun } from "./import-request";

export type ModelChoice = { id: number; name: string };
export type RegisteredVersion = NonNullable<ImportedRun["version"]>;

type Registered = { runId: number; createdModel: boolean; version: RegisteredVersion };

/**
 * "Register as new version" for one imported run: an existing model or a new one by name, and a label (both
 * prefilled from the run's model args and date). The version takes the run's backend and model args; the run is
 * linked to it in the same transaction.
 */
export function RegisterVersionForm({
  run,
  models,
  onRegistered,
  onCancel,
}: {
  run: ImportedRun;
  models: ModelChoice[];
  onRegistered: (registered: Registered) => void;
  onCancel: () => void;
}) {
  const [state, formAction, pending] = useActionState(registerRunVersionAction, initialActionState as ActionState<Registered>);
  const suggested = models.find((m) => m.name.toLowerCase() === run.suggestion.modelName.toLowerCase());
  const [choice, setChoice] = useState(suggested ? String(suggested.id) : "new");
  const id = useId();

  useEffect(() => {
    if (state.ok && state.data) onRegistered(state.data);
  }, [state, onRegistered]);

  const error = (name: string) => state.fields?.[name]?.slice(0, 1);
  // Errors of fields this form shows appear beside them; anything else (e.g. the run's own model args) as a message.
  const shownBesideField = ["modelId", "modelName", "name", "label"].some((f) => state.fields?.[f]);
  return (
    <form action={formAction} className="mt-2 space-y-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800" noValidate data-testid="register-version-form">
      <input type="hidden" name="runId" value={run.id} />
      <p className="text-xs text-zinc-500">
        The new version runs <span className="font-mono">{run.backend}</span>
        {run.modelArgs ? (
          <>
            {" "}
            with <span className="break-all font-mono">{run.modelArgs}</span>
          </>
        ) : null}
        ; run #{run.id} becomes its first run.
      </p>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Model" name={`${id}-model`} errors={error("modelId")}>
          {/* Uncontrolled, like the inputs: React resets a form after its action, and a reset select must show the submitted choice. */}
          <Select
            id={`${id}-model`}
            name="modelChoice"
            defaultValue={state.values?.modelChoice ?? choice}
            onChange={(e) => setChoice(e.target.value)}
            aria-describedby={`${id}-model-error`}
            aria-invalid={error("modelId") ? true : undefined}
          >
            <option value="new">New model…</option>
            {models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </Select>
        </Field>
        {choice === "new" ? (
          <Field label="New model name" name={`${id}-name`} errors={error("modelName") ?? error("name")}>
            <Input
              id={`${id}-name`}
              name="modelName"
              defaultValue={state.values?.modelName ?? run.suggestion.modelName}
              autoComplete="off"
              aria-describedby={`${id}-name-error`}
              aria-invalid={error("modelName") || error("name") ? true : undefined}
            />
          </Field>
        ) : null}
        <Field label="Version label" name={`${id}-label`} errors={error("label")} hint="Unique within the model">
          <Input
            id={`${id}-label`}
            name="label"
            defaultValue={state.values?.label ?? run.suggestion.label}
            autoComplete="off"
            className="font-mono"
            aria-describedby={`${id}-label-error`}
            aria-invalid={error("label") ? true : undefined}
          />
        </Field>
      </div>
      {!state.ok && state.message && !shownBesideField ? <FormMessage state={state} /> : null}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" size="sm" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" size="sm" disabled={pending}>
          {pending ? "Registering…" : "Register version"}
        </Button>
      </div>
    </form>
  );
}
