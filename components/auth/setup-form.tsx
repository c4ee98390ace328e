"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useActionState } from "react";
import { setupFirstAdmin } from "@/app/(auth)/setup/actions";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, FormMessage, Input } from "@/components/ui/field";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";

/**
 * Creates the first administrator, then signs them in with the password they just chose (the normal credentials
 * sign-in, with its checks) and opens the dashboard — nobody should have to type it again a second later.
 */
export function SetupForm() {
  const router = useRouter();
  const [state, formAction, pending] = useActionState(async (previous: ActionState<{ email: string }>, formData: FormData) => {
    const created = await setupFirstAdmin(previous, formData);
    if (!created.ok || !created.data) return created;
    const { email } = created.data;
    const signedIn = await signIn("credentials", { email, password: String(formData.get("password") ?? ""), redirect: false });
    if (signedIn?.ok && !signedIn.error) {
      router.replace("/");
      router.refresh();
    } else {
      // The account exists; only the automatic sign-in failed (e.g. a rate limit): the sign-in page takes over.
      router.replace(`/login?setup=done&email=${encodeURIComponent(email)}`);
    }
    return created;
  }, initialActionState as ActionState<{ email: string }>);
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
        {!state.fields && !state.ok ? <FormMessage state={state} /> : null}
        {state.ok ? <FormMessage message="Administrator created. Signing you in…" tone="success" /> : null}
        <Button type="submit" className="w-full" disabled={pending || state.ok}>
          {pending ? "Creating…" : state.ok ? "Signing in…" : "Create administrator"}
        </Button>
      </form>
    </Card>
  );
}
