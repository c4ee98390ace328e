"use client";

import { useActionState } from "react";
import { clearSmtpAction, saveSmtpAction } from "@/app/(app)/settings/email/actions";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/dialog";
import { Field, FormMessage, Input } from "@/components/ui/field";
import { initialActionState } from "@/lib/actions/action-state";
import type { SmtpSettingsDto } from "@/lib/services/notifications/settings";

/** The password is write-only: the page only learns whether one is stored; an empty field keeps it. */
export function SmtpForm({ current }: { current: SmtpSettingsDto | null }) {
  const [state, action, pending] = useActionState(saveSmtpAction, initialActionState);
  const v = (key: "host" | "port" | "user" | "from", stored: string | undefined) => (!state.ok && state.values ? state.values[key] : stored) ?? "";
  return (
    <form action={action} className="space-y-4" noValidate key={state.ok ? `saved-${String(state.data)}-${Date.now()}` : "form"}>
      <div className="grid gap-3 md:grid-cols-[1fr_8rem]">
        <Field label="Host" name="smtp-host" errors={state.fields?.host}>
          <Input id="smtp-host" name="host" defaultValue={v("host", current?.host)} placeholder="smtp.example.org" autoComplete="off" />
        </Field>
        <Field label="Port" name="smtp-port" errors={state.fields?.port}>
          <Input id="smtp-port" name="port" inputMode="numeric" defaultValue={v("port", current ? String(current.port) : "587")} />
        </Field>
      </div>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="secure" defaultChecked={state.values && !state.ok ? state.values.secure === "on" : (current?.secure ?? false)} className="mt-0.5 h-4 w-4 accent-accent-600" />
        <span>
          <span className="font-medium">TLS from the start</span>
          <span className="block text-xs text-zinc-500">Usually on for port 465; off for 587 and 25, which upgrade with STARTTLS when the server offers it.</span>
        </span>
      </label>
      <div className="grid gap-3 md:grid-cols-2">
        <Field label="User" name="smtp-user" errors={state.fields?.user} hint="Leave empty for a relay without authentication.">
          <Input id="smtp-user" name="user" defaultValue={v("user", current?.user)} autoComplete="off" />
        </Field>
        <Field
          label="Password"
          name="smtp-password"
          errors={state.fields?.password}
          hint={current?.hasPassword ? "A password is stored. Leave empty to keep it; type a new one to replace it." : "No password is stored."}
        >
          <Input id="smtp-password" name="password" type="password" autoComplete="new-password" placeholder={current?.hasPassword ? "••••••••  (stored)" : ""} />
        </Field>
      </div>
      <Field label="From address" name="smtp-from" errors={state.fields?.from} hint="Sender of every notification e-mail.">
        <Input id="smtp-from" name="from" type="email" defaultValue={v("from", current?.from)} placeholder="lmms-eval-dashboard@example.org" />
      </Field>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save mail server"}
        </Button>
        <div aria-live="polite">{state.ok ? <FormMessage state={{ ok: true, message: String(state.data) }} /> : !state.fields ? <FormMessage state={state} /> : null}</div>
      </div>
    </form>
  );
}

export function ClearSmtpButton() {
  const [state, action, pending] = useActionState(clearSmtpAction, initialActionState);
  return (
    <form action={action} className="flex items-center gap-3">
      <ConfirmButton
        question="Remove the mail server settings?"
        detail="The stored password goes too. E-mail notifications stop until a mail server is set again."
        confirmLabel="Clear mail server"
        variant="danger"
        size="sm"
        disabled={pending}
      >
        Clear mail server
      </ConfirmButton>
      <div aria-live="polite">{state.ok ? <FormMessage state={{ ok: true, message: String(state.data) }} /> : <FormMessage state={state} />}</div>
    </form>
  );
}
