"use client";

import { useActionState, useRef } from "react";
import { createTokenAction, revokeTokenAction } from "@/app/(app)/settings/tokens/actions";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { ConfirmButton } from "@/components/ui/dialog";
import { Field, FormMessage, Input } from "@/components/ui/field";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";

export function CreateTokenForm() {
  const [state, formAction, pending] = useActionState(
    createTokenAction as (s: ActionState<{ token: string }>, f: FormData) => Promise<ActionState<{ token: string }>>,
    initialActionState as ActionState<{ token: string }>,
  );
  const tokenRef = useRef<HTMLElement>(null);
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
            <code ref={tokenRef} data-testid="new-token" className="flex-1 break-all rounded bg-white px-2 py-1 font-mono text-xs dark:bg-zinc-900">
              {state.data.token}
            </code>
            <CopyButton text={state.data.token} label="Copy token" fallbackTarget={tokenRef} />
          </div>
        </div>
      ) : null}
    </div>
  );
}

export function RevokeTokenButton({ tokenId, name }: { tokenId: number; name: string }) {
  const [state, formAction, pending] = useActionState(revokeTokenAction, initialActionState);
  return (
    <form action={formAction} className="inline">
      <input type="hidden" name="tokenId" value={tokenId} />
      <ConfirmButton
        question={`Revoke the token “${name}”?`}
        detail="Anything using it will stop working."
        confirmLabel="Revoke token"
        variant="secondary"
        size="sm"
        disabled={pending}
        aria-label={`Revoke ${name}`}
      >
        Revoke
      </ConfirmButton>
      {!state.ok ? <FormMessage state={state} inline className="ml-2" /> : null}
    </form>
  );
}
