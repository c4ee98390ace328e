"use client";

import { Check, Copy } from "lucide-react";
import { useActionState, useState } from "react";
import { createTokenAction, revokeTokenAction } from "@/app/(app)/settings/tokens/actions";
import { Button } from "@/components/ui/button";
import { Field, FormMessage, Input } from "@/components/ui/field";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";

export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      variant="secondary"
      size="sm"
      onClick={async () => {
        await navigator.clipboard.writeText(text);
        setCopied(true);
        setTimeout(() => setCopied(false), 1500);
      }}
    >
      {copied ? <Check size={12} aria-hidden /> : <Copy size={12} aria-hidden />} {copied ? "Copied" : label}
    </Button>
  );
}

export function CreateTokenForm() {
  const [state, formAction, pending] = useActionState(
    createTokenAction as (s: ActionState<{ token: string }>, f: FormData) => Promise<ActionState<{ token: string }>>,
    initialActionState as ActionState<{ token: string }>,
  );
  return (
    <div className="space-y-3">
      <form action={formAction} className="flex flex-wrap items-end gap-3" noValidate>
        <div className="min-w-64 flex-1">
          <Field label="Name" name="name" errors={state.fields?.name} hint="What will use it, e.g. “CI pipeline”.">
            <Input id="name" name="name" placeholder="CI pipeline" defaultValue={state.values?.name} />
          </Field>
        </div>
        <Button type="submit" disabled={pending} className="mb-5">
          {pending ? "Creating…" : "Create token"}
        </Button>
      </form>
      {!state.ok && !state.fields ? <FormMessage state={state} /> : null}
      {state.ok && state.data ? (
        <div role="status" className="rounded-md border border-emerald-300 bg-emerald-50 p-3 dark:border-emerald-800 dark:bg-emerald-950/40">
          <p className="text-sm font-medium text-emerald-900 dark:text-emerald-200">Copy your new token now — it will not be shown again.</p>
          <div className="mt-2 flex items-center gap-2">
            <code data-testid="new-token" className="flex-1 break-all rounded bg-white px-2 py-1 font-mono text-xs dark:bg-zinc-900">
              {state.data.token}
            </code>
            <CopyButton text={state.data.token} />
          </div>
        </div>
      ) : null}
    </div>
  );
}

export function RevokeTokenButton({ tokenId, name }: { tokenId: number; name: string }) {
  const [state, formAction, pending] = useActionState(revokeTokenAction, initialActionState);
  return (
    <form
      action={formAction}
      onSubmit={(e) => {
        if (!confirm(`Revoke the token “${name}”? Anything using it will stop working.`)) e.preventDefault();
      }}
      className="inline"
    >
      <input type="hidden" name="tokenId" value={tokenId} />
      <Button type="submit" variant="secondary" size="sm" disabled={pending} aria-label={`Revoke ${name}`}>
        Revoke
      </Button>
      {!state.ok && state.message ? <span className="ml-2 text-xs text-red-600">{state.message}</span> : null}
    </form>
  );
}
