"use client";

import { Trash2 } from "lucide-react";
import { useActionState, useRef, useState } from "react";
import { createWebhookAction, deleteWebhookAction, setWebhookEnabledAction } from "@/app/(app)/settings/webhooks/actions";
import { CopyButton } from "@/components/ui/copy-button";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/dialog";
import { Field, FormMessage, Input } from "@/components/ui/field";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";
import type { NotificationEvent } from "@/db/schema";
import { EVENT_INFO, EVENT_ORDER } from "@/lib/notifications-view/notifications";

type Created = ActionState<{ name: string; secret: string }>;

export function CreateWebhookForm() {
  const [state, action, pending] = useActionState(createWebhookAction as (s: Created, f: FormData) => Promise<Created>, initialActionState as Created);
  const [events, setEvents] = useState<NotificationEvent[]>(["run_failed", "batch_finished", "schedule_failed", "regression"]);
  const created = state.ok ? state.data : undefined;
  const secretRef = useRef<HTMLElement>(null);
  return (
    <div className="space-y-4">
      <form action={action} className="space-y-3" noValidate key={created ? created.secret : "form"}>
        <div className="grid gap-3 md:grid-cols-2">
          <Field label="Name" name="webhook-name" errors={state.fields?.name}>
            <Input id="webhook-name" name="name" defaultValue={state.ok ? "" : state.values?.name} placeholder="e.g. Slack #evals" />
          </Field>
          <Field label="URL" name="webhook-url" errors={state.fields?.url} hint="Slack incoming-webhook URLs work as they are.">
            <Input id="webhook-url" name="url" type="url" defaultValue={state.ok ? "" : state.values?.url} placeholder="https://hooks.slack.com/services/…" className="font-mono text-[13px]" />
          </Field>
        </div>
        <fieldset>
          <legend className="mb-1.5 text-sm font-medium text-zinc-700 dark:text-zinc-300">Events</legend>
          <div className="flex flex-wrap gap-x-5 gap-y-2">
            {EVENT_ORDER.map((event) => (
              <label key={event} className="flex items-center gap-2 text-sm" title={EVENT_INFO[event].description}>
                <input
                  type="checkbox"
                  name="events"
                  value={event}
                  checked={events.includes(event)}
                  onChange={() => setEvents((e) => (e.includes(event) ? e.filter((x) => x !== event) : [...e, event]))}
                  className="h-4 w-4 accent-accent-600"
                />
                {EVENT_INFO[event].label}
              </label>
            ))}
          </div>
          <p id="webhook-events-error" aria-live="polite" className="mt-1 text-xs text-red-600 dark:text-red-400">
            {state.fields?.events?.join(" ")}
          </p>
        </fieldset>
        <div className="flex items-center gap-3">
          <Button type="submit" disabled={pending}>
            {pending ? "Adding…" : "Add webhook"}
          </Button>
          {!state.ok && !state.fields ? <FormMessage state={state} /> : null}
        </div>
      </form>
      {created ? (
        <div role="status" className="rounded-md border border-emerald-300 bg-emerald-50 p-4 dark:border-emerald-900 dark:bg-emerald-950/30">
          <p className="text-sm font-semibold">“{created.name}” added. Copy its signing secret now: it is not shown again.</p>
          <div className="mt-2 flex items-center gap-2">
            <code ref={secretRef} data-testid="webhook-secret" className="min-w-0 flex-1 break-all rounded bg-white px-2 py-1.5 font-mono text-[13px] dark:bg-zinc-950">
              {created.secret}
            </code>
            <CopyButton text={created.secret} label="Copy secret" fallbackTarget={secretRef} />
          </div>
        </div>
      ) : null}
    </div>
  );
}

export function WebhookRowActions({ id, name, enabled }: { id: number; name: string; enabled: boolean }) {
  const [toggleState, toggle, togglePending] = useActionState(setWebhookEnabledAction, initialActionState);
  const [deleteState, remove, deletePending] = useActionState(deleteWebhookAction, initialActionState);
  const error = [toggleState, deleteState].find((s) => !s.ok && s.message)?.message;
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex items-center justify-end gap-1">
        <form action={toggle}>
          <input type="hidden" name="webhookId" value={id} />
          <input type="hidden" name="enabled" value={enabled ? "false" : "true"} />
          <Button type="submit" variant="secondary" size="sm" disabled={togglePending} aria-label={`${enabled ? "Disable" : "Enable"} ${name}`}>
            {enabled ? "Disable" : "Enable"}
          </Button>
        </form>
        <form action={remove}>
          <input type="hidden" name="webhookId" value={id} />
          <ConfirmButton
            question={`Delete the webhook “${name}”?`}
            detail="Its pending deliveries are dropped."
            confirmLabel="Delete webhook"
            variant="ghost"
            size="sm"
            disabled={deletePending}
            aria-label={`Delete ${name}`}
            className="text-red-700 dark:text-red-400"
          >
            <Trash2 size={13} aria-hidden /> Delete
          </ConfirmButton>
        </form>
      </div>
      <FormMessage message={error} tone="error" inline />
    </div>
  );
}
