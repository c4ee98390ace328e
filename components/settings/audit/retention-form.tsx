"use client";

import { useActionState } from "react";
import { saveAuditRetentionAction } from "@/app/(app)/settings/audit/actions";
import { Button } from "@/components/ui/button";
import { Field, FormMessage, Input } from "@/components/ui/field";
import { initialActionState } from "@/lib/actions/action-state";

/** How long entries are kept: a number of days, or empty for "forever". */
export function RetentionForm({ days, minDays, maxDays }: { days: number | null; minDays: number; maxDays: number }) {
  const [state, action, pending] = useActionState(saveAuditRetentionAction, initialActionState);
  const value = !state.ok && state.values ? state.values.days : days === null ? "" : String(days);
  return (
    <form action={action} className="space-y-3" noValidate key={state.ok ? `saved-${String(state.data)}` : "form"}>
      <Field
        label="Keep entries for (days)"
        name="audit-retention-days"
        errors={state.fields?.days}
        hint={`Empty keeps every entry. ${minDays}–${maxDays} days: older entries are removed by the worker once a day, and a checkpoint entry keeps the chain verifiable.`}
      >
        <Input
          id="audit-retention-days"
          name="days"
          inputMode="numeric"
          defaultValue={value}
          placeholder="forever"
          className="max-w-40"
          aria-invalid={state.fields?.days ? true : undefined}
          aria-describedby="audit-retention-days-error"
        />
      </Field>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save retention"}
        </Button>
        <div aria-live="polite">{state.ok ? <FormMessage state={{ ok: true, message: String(state.data) }} /> : !state.fields ? <FormMessage state={state} /> : null}</div>
      </div>
    </form>
  );
}
