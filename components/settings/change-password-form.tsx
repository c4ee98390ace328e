"use client";

import { useActionState, useEffect, useRef } from "react";
import { changePasswordAction } from "@/app/(app)/settings/profile/actions";
import { Button } from "@/components/ui/button";
import { Field, FormMessage, Input } from "@/components/ui/field";
import { initialActionState } from "@/lib/actions/action-state";

export function ChangePasswordForm({ minLength }: { minLength: number }) {
  const [state, formAction, pending] = useActionState(changePasswordAction, initialActionState);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.ok) formRef.current?.reset();
  }, [state]);
  return (
    <form ref={formRef} action={formAction} className="space-y-3" noValidate>
      <Field label="Current password" name="currentPassword" errors={state.fields?.currentPassword}>
        <Input id="currentPassword" name="currentPassword" type="password" autoComplete="current-password" />
      </Field>
      <Field label="New password" name="newPassword" errors={state.fields?.newPassword} hint={`At least ${minLength} characters, not a common password.`}>
        <Input id="newPassword" name="newPassword" type="password" autoComplete="new-password" />
      </Field>
      <FormMessage state={state.ok ? { ok: true, message: String(state.data) } : state} />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Change password"}
      </Button>
    </form>
  );
}
