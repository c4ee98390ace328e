"use client";

import { useActionState } from "react";
import { setupFirstAdmin } from "@/app/(auth)/setup/actions";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, FormMessage, Input } from "@/components/ui/field";
import { initialActionState } from "@/lib/actions/action-state";

export function SetupForm() {
  const [state, formAction, pending] = useActionState(setupFirstAdmin, initialActionState);
  return (
    <Card className="p-6">
      <h1 className="text-base font-semibold">Create the first administrator</h1>
      <p className="mb-4 mt-1 text-xs text-zinc-500">
        This page is available once, until the first account exists. The administrator can then invite the team.
      </p>
      <form action={formAction} className="space-y-4" noValidate>
        <Field label="Name" name="name" errors={state.fields?.name}>
          <Input id="name" name="name" autoComplete="name" defaultValue={state.values?.name} aria-invalid={Boolean(state.fields?.name)} required />
        </Field>
        <Field label="Email" name="email" errors={state.fields?.email}>
          <Input id="email" name="email" type="email" autoComplete="username" defaultValue={state.values?.email} aria-invalid={Boolean(state.fields?.email)} required />
        </Field>
        <Field label="Password" name="password" errors={state.fields?.password} hint="At least 8 characters.">
          <Input id="password" name="password" type="password" autoComplete="new-password" aria-invalid={Boolean(state.fields?.password)} required />
        </Field>
        {!state.fields ? <FormMessage state={state} /> : null}
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? "Creating…" : "Create administrator"}
        </Button>
      </form>
    </Card>
  );
}
