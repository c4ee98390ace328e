"use client";

import { useActionState, useRef, useState } from "react";
import { createTokenAction, revokeTokenAction } from "@/app/(app)/settings/tokens/actions";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { ConfirmButton } from "@/components/ui/dialog";
import { Field, FormMessage, Input, Select } from "@/components/ui/field";
import type { TokenScope } from "@/db/schema";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";

const SCOPE_HINTS: Record<TokenScope, string> = {
  read: "read runs, results and settings you can see",
  write: "launch, import, comment, change things",
  admin: "admin operations: users, settings, webhooks, policies",
};

export function CreateTokenForm({ scopes }: { scopes: TokenScope[] }) {
  const [state, formAction, pending] = useActionState(
    createTokenAction as (s: ActionState<{ token: string }>, f: FormData) => Promise<ActionState<{ token: string }>>,
    initialActionState as ActionState<{ token: string }>,
  );
  const tokenRef = useRef<HTMLElement>(null);
  const [expiresIn, setExpiresIn] = useState("90");
  return (
    <div className="space-y-3">
      <form action={formAction} className="space-y-3" noValidate>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Name" name="name" errors={state.fields?.name} hint="What will use it, e.g. “CI pipeline”.">
            <Input id="name" name="name" placeholder="CI pipeline" defaultValue={state.values?.name} />
          </Field>
          <Field label="Expires" name="expiresIn" errors={state.fields?.expiresAt}>
            <div className="flex gap-2">
              <Select id="expiresIn" name="expiresIn" value={expiresIn} onChange={(e) => setExpiresIn(e.target.value)}>
                <option value="7">in 7 days</option>
                <option value="30">in 30 days</option>
                <option value="90">in 90 days</option>
                <option value="365">in a year</option>
                <option value="date">on a date…</option>
                <option value="never">never</option>
              </Select>
              {expiresIn === "date" ? <Input type="date" name="expiresOn" aria-label="Expiry date" className="w-44" /> : null}
            </div>
          </Field>
        </div>
        <fieldset>
          <legend className="text-sm font-medium text-zinc-700 dark:text-zinc-300">Scopes</legend>
          <div className="mt-1 flex flex-wrap gap-x-5 gap-y-1">
            {scopes.map((scope) => (
              <label key={scope} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="scopes" value={scope} defaultChecked={scope !== "admin"} className="accent-accent-600" />
                <span className="font-medium">{scope}</span>
                <span className="text-xs text-zinc-500">{SCOPE_HINTS[scope]}</span>
              </label>
            ))}
          </div>
          <p aria-live="polite" className="text-xs text-red-600 dark:text-red-400">
            {state.fields?.scopes?.join(" ")}
          </p>
        </fieldset>
        <Button type="submit" disabled={pending}>
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
