"use client";

import { useActionState, type ReactNode } from "react";
import { updateSecurityPolicyAction } from "@/app/(app)/settings/security/actions";
import { Button } from "@/components/ui/button";
import { Field, FormMessage, Input, Select, Textarea } from "@/components/ui/field";
import { initialActionState } from "@/lib/actions/action-state";
import type { SecurityPolicy } from "@/lib/services/security/policy";

function Section({ title, description, children }: { title: string; description: ReactNode; children: ReactNode }) {
  const id = `policy-${title.toLowerCase().replace(/\W+/g, "-")}`;
  return (
    <section aria-labelledby={id} className="grid gap-3 border-t border-zinc-200 px-4 py-4 first:border-t-0 md:grid-cols-[220px_1fr] dark:border-zinc-800">
      <div>
        <h3 id={id} className="text-sm font-semibold">
          {title}
        </h3>
        <p className="mt-1 text-xs text-zinc-500">{description}</p>
      </div>
      <div className="grid gap-3 sm:grid-cols-2">{children}</div>
    </section>
  );
}

function Check({ name, label, defaultChecked }: { name: string; label: string; defaultChecked: boolean }) {
  return (
    <label className="flex items-center gap-2 self-center text-sm sm:col-span-2">
      <input type="checkbox" name={name} defaultChecked={defaultChecked} className="h-4 w-4 accent-accent-600" />
      {label}
    </label>
  );
}

/** Settings → Security: the instance's security policy, each group enforced on the server. */
export function SecurityPolicyForm({
  policy,
  admins,
  ssoName,
}: {
  policy: SecurityPolicy;
  admins: Array<{ id: number; email: string }>;
  /** The configured single sign-on provider's name (OIDC_NAME), or null when OIDC_ISSUER is not set. */
  ssoName: string | null;
}) {
  const [state, formAction, pending] = useActionState(updateSecurityPolicyAction, initialActionState);
  const errors = (name: string) => state.fields?.[name];
  // After a refused save the form shows what was typed (React resets an action's form to its defaults).
  const typed = !state.ok && state.values ? state.values : null;
  const value = (name: string, saved: string | number) => (typed ? (typed[name] ?? "") : saved);
  const on = (name: string, saved: boolean) => (typed ? typed[name] === "on" : saved);
  return (
    <form action={formAction} noValidate key={typed ? JSON.stringify(typed) : "saved"}>
      <Section title="Passwords" description="Checked whenever a password is set or changed; existing passwords stay valid.">
        <Field label="Minimum length" name="passwords.minLength" errors={errors("passwords.minLength")}>
          <Input id="passwords.minLength" name="passwords.minLength" type="number" min={8} max={128} defaultValue={value("passwords.minLength", policy.passwords.minLength)} />
        </Field>
        <Check name="passwords.rejectCommon" label="Refuse the 49,000 most common passwords" defaultChecked={on("passwords.rejectCommon", policy.passwords.rejectCommon)} />
      </Section>
      <Section title="Sessions" description="A sign-in lasts at most the lifetime; with an idle timeout, a session unused for that long ends too.">
        <Field label="Session lifetime (hours)" name="sessions.lifetimeHours" errors={errors("sessions.lifetimeHours")}>
          <Input id="sessions.lifetimeHours" name="sessions.lifetimeHours" type="number" min={1} max={2160} defaultValue={value("sessions.lifetimeHours", policy.sessions.lifetimeHours)} />
        </Field>
        <Field label="Idle timeout (minutes, 0 = off)" name="sessions.idleTimeoutMinutes" errors={errors("sessions.idleTimeoutMinutes")}>
          <Input id="sessions.idleTimeoutMinutes" name="sessions.idleTimeoutMinutes" type="number" min={0} defaultValue={value("sessions.idleTimeoutMinutes", policy.sessions.idleTimeoutMinutes)} />
        </Field>
      </Section>
      <Section
        title="Sign-in methods"
        description="With password sign-in off, only the break-glass administrator may still use a password (single sign-on is for everyone else)."
      >
        <Check name="signIn.password" label="Allow signing in with a password" defaultChecked={on("signIn.password", policy.signIn.password)} />
        <Field label="Break-glass administrator" name="signIn.breakGlassUserId" errors={errors("signIn.breakGlassUserId")}>
          <Select id="signIn.breakGlassUserId" name="signIn.breakGlassUserId" defaultValue={value("signIn.breakGlassUserId", policy.signIn.breakGlassUserId ?? "")}>
            <option value="">none</option>
            {admins.map((admin) => (
              <option key={admin.id} value={admin.id}>
                {admin.email}
              </option>
            ))}
          </Select>
        </Field>
      </Section>
      <Section
        title="Single sign-on"
        description={
          ssoName
            ? `Through ${ssoName} (OIDC_ISSUER). People are matched by the provider's identity; a first sign-in with a verified e-mail creates their account.`
            : "Not configured: set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET (see the README). Without it, turning password sign-in off leaves only the break-glass administrator able to sign in."
        }
      >
        <Field label="Role of new accounts" name="sso.defaultRole" errors={errors("sso.defaultRole")}>
          <Select id="sso.defaultRole" name="sso.defaultRole" defaultValue={value("sso.defaultRole", policy.sso.defaultRole)}>
            <option value="viewer">viewer</option>
            <option value="member">member</option>
          </Select>
        </Field>
        <Check
          name="sso.linkExistingAccounts"
          label="Let single sign-on sign in to an existing password account with the same verified e-mail"
          defaultChecked={on("sso.linkExistingAccounts", policy.sso.linkExistingAccounts)}
        />
      </Section>
      <Section
        title="Two-factor authentication"
        description="Who must use an authenticator app when signing in with a password. Those who have not set it up are sent to do so right after signing in. Single sign-on leaves the second factor to the identity provider."
      >
        <Field label="Required for" name="twoFactor.required" errors={errors("twoFactor.required")}>
          <Select id="twoFactor.required" name="twoFactor.required" defaultValue={value("twoFactor.required", policy.twoFactor.required)}>
            <option value="off">nobody (optional)</option>
            <option value="admins">administrators</option>
            <option value="everyone">everyone</option>
          </Select>
        </Field>
      </Section>
      <Section title="API tokens" description="Client addresses API tokens may be used from. Empty: any address. Browser sessions are not affected.">
        <div className="sm:col-span-2">
          <Field label="Allowed networks (one per line)" name="allowedNetworks" errors={Object.entries(state.fields ?? {}).find(([key]) => key.startsWith("apiTokens.allowedNetworks"))?.[1]}>
            <Textarea
              id="allowedNetworks"
              name="allowedNetworks"
              rows={3}
              placeholder={"10.0.0.0/8\n2001:db8::/32\n203.0.113.9"}
              defaultValue={value("allowedNetworks", policy.apiTokens.allowedNetworks.join("\n"))}
            />
          </Field>
        </div>
      </Section>
      <Section title="Uploads" description="Limits of one import upload (all its files together) and of what its archives unpack to.">
        <Field label="Upload limit (MB)" name="uploads.maxImportMb" errors={errors("uploads.maxImportMb")}>
          <Input id="uploads.maxImportMb" name="uploads.maxImportMb" type="number" min={1} defaultValue={value("uploads.maxImportMb", policy.uploads.maxImportMb)} />
        </Field>
        <Field label="Unpacked limit (MB)" name="uploads.maxUnpackedMb" errors={errors("uploads.maxUnpackedMb")}>
          <Input id="uploads.maxUnpackedMb" name="uploads.maxUnpackedMb" type="number" min={1} defaultValue={value("uploads.maxUnpackedMb", policy.uploads.maxUnpackedMb)} />
        </Field>
      </Section>
      <Section title="Runs" description="Private runs are seen only by their owner, admins and the people they are shared with. Admins may always make them.">
        <Check name="runs.membersMayCreatePrivate" label="Members may make runs private" defaultChecked={on("runs.membersMayCreatePrivate", policy.runs.membersMayCreatePrivate)} />
      </Section>
      <div className="flex flex-wrap items-center gap-3 border-t border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save policy"}
        </Button>
        <FormMessage state={state.ok && state.data ? { ok: true, message: "Saved. The policy applies from the next request." } : state} />
      </div>
    </form>
  );
}
