"use client";

import { useActionState, useState } from "react";
import { changeRoleAction, createUserAction, resetPasswordAction, resetTwoFactorAction, setDisabledAction } from "@/app/(app)/settings/users/actions";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/dialog";
import { Field, FormMessage, Input, Select } from "@/components/ui/field";
import { initialActionState } from "@/lib/actions/action-state";
import type { UserListItem } from "@/lib/services/users/list-users";

export function CreateUserForm() {
  const [state, formAction, pending] = useActionState(createUserAction, initialActionState);
  return (
    <form action={formAction} className="grid gap-3 md:grid-cols-5 md:items-start" noValidate key={state.ok ? String(Date.now()) : "form"}>
      <Field label="Name" name="new-name" errors={state.fields?.name}>
        <Input id="new-name" name="name" defaultValue={state.ok ? "" : state.values?.name} />
      </Field>
      <Field label="Email" name="new-email" errors={state.fields?.email}>
        <Input id="new-email" name="email" type="email" defaultValue={state.ok ? "" : state.values?.email} />
      </Field>
      <Field label="Initial password" name="new-password" errors={state.fields?.password}>
        <Input id="new-password" name="password" type="password" autoComplete="new-password" />
      </Field>
      <Field label="Role" name="new-role" errors={state.fields?.role}>
        <Select id="new-role" name="role" defaultValue={state.values?.role ?? "member"}>
          <option value="viewer">viewer</option>
          <option value="member">member</option>
          <option value="admin">admin</option>
        </Select>
      </Field>
      <div className="pt-6">
        <Button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add user"}
        </Button>
      </div>
      <div className="md:col-span-5">
        {state.ok ? <FormMessage state={{ ok: true, message: "User added." }} /> : !state.fields ? <FormMessage state={state} /> : null}
      </div>
    </form>
  );
}

export function UserRowActions({ user, isSelf }: { user: UserListItem; isSelf: boolean }) {
  const [roleState, roleAction] = useActionState(changeRoleAction, initialActionState);
  const [disableState, disableAction] = useActionState(setDisabledAction, initialActionState);
  const [resetState, resetAction, resetPending] = useActionState(resetPasswordAction, initialActionState);
  const [twoFactorState, twoFactorAction, twoFactorPending] = useActionState(resetTwoFactorAction, initialActionState);
  const [showReset, setShowReset] = useState(false);
  const error = [roleState, disableState, resetState, twoFactorState].find((s) => !s.ok && s.message)?.message;
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex flex-wrap items-center justify-end gap-2">
        <form action={roleAction}>
          <input type="hidden" name="userId" value={user.id} />
          <label className="sr-only" htmlFor={`role-${user.id}`}>
            Role of {user.email}
          </label>
          <Select
            id={`role-${user.id}`}
            name="role"
            defaultValue={user.role}
            className="h-7 w-28 py-0 text-xs"
            onChange={(e) => e.currentTarget.form?.requestSubmit()}
          >
            <option value="viewer">viewer</option>
            <option value="member">member</option>
            <option value="admin">admin</option>
          </Select>
        </form>
        {!isSelf ? (
          <form action={disableAction}>
            <input type="hidden" name="userId" value={user.id} />
            <input type="hidden" name="disabled" value={user.disabled ? "false" : "true"} />
            <Button type="submit" variant="secondary" size="sm">
              {user.disabled ? "Enable" : "Disable"}
            </Button>
          </form>
        ) : null}
        <Button variant="secondary" size="sm" onClick={() => setShowReset((v) => !v)} aria-expanded={showReset}>
          Reset password
        </Button>
        {user.twoFactorEnabled ? (
          <form action={twoFactorAction}>
            <input type="hidden" name="userId" value={user.id} />
            <ConfirmButton
              question={`Remove the two-factor authentication of ${user.email}?`}
              detail="They are signed out everywhere and sign in with the password alone — or set up a new authenticator at once if the security policy requires it."
              confirmLabel="Reset 2FA"
              variant="secondary"
              size="sm"
              disabled={twoFactorPending}
              aria-label={`Reset two-factor of ${user.email}`}
            >
              Reset 2FA
            </ConfirmButton>
          </form>
        ) : null}
      </div>
      {showReset ? (
        <form action={resetAction} className="flex items-center gap-2">
          <input type="hidden" name="userId" value={user.id} />
          <label className="sr-only" htmlFor={`reset-${user.id}`}>
            New password for {user.email}
          </label>
          <Input id={`reset-${user.id}`} name="password" type="password" placeholder="New password" className="h-7 w-44 text-xs" autoComplete="new-password" />
          <Button type="submit" size="sm" disabled={resetPending}>
            Set
          </Button>
        </form>
      ) : null}
      {resetState.ok ? <FormMessage message={String(resetState.data)} tone="success" inline /> : null}
      {twoFactorState.ok ? <FormMessage message={String(twoFactorState.data)} tone="success" inline /> : null}
      <FormMessage message={error} tone="error" inline />
    </div>
  );
}
