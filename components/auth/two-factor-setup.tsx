"use client";

import { useActionState } from "react";
import { confirmTwoFactorAction, startTwoFactorAction } from "@/app/(auth)/two-factor/actions";
import { Button } from "@/components/ui/button";
import { Field, FormMessage, Input } from "@/components/ui/field";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";
import type { TwoFactorEnrolment } from "@/lib/services/users/two-factor/enrol-two-factor";
import { RecoveryCodes } from "./recovery-codes";

type Started = ActionState<TwoFactorEnrolment>;
type Confirmed = ActionState<{ recoveryCodes: string[] }>;

/**
 * Setting up an authenticator app: a QR code (and the secret, for apps that cannot scan), confirmed with a code the
 * app shows; then the recovery codes, once.
 */
export function TwoFactorSetup({ onDone, doneLabel }: { onDone: () => void; doneLabel: string }) {
  const [started, start, starting] = useActionState(startTwoFactorAction as (s: Started, f: FormData) => Promise<Started>, initialActionState as Started);
  const [confirmed, confirm, confirming] = useActionState(confirmTwoFactorAction as (s: Confirmed, f: FormData) => Promise<Confirmed>, initialActionState as Confirmed);

  if (confirmed.ok && confirmed.data) return <RecoveryCodes codes={confirmed.data.recoveryCodes} onDone={onDone} doneLabel={doneLabel} />;
  if (!started.ok || !started.data) {
    return (
      <form action={start} className="space-y-3">
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Use an authenticator app (Google Authenticator, Authy, 1Password, Microsoft Authenticator, …): after your password, signing in asks for
          the 6-digit code it shows.
        </p>
        {!started.ok ? <FormMessage state={started} /> : null}
        <Button type="submit" disabled={starting}>
          {starting ? "Preparing…" : "Set up an authenticator app"}
        </Button>
      </form>
    );
  }
  const { qrCode, secret } = started.data;
  return (
    <div className="space-y-4">
      <ol className="list-decimal space-y-1 pl-5 text-sm text-zinc-700 dark:text-zinc-300">
        <li>Scan this QR code with your authenticator app.</li>
        <li>Enter the 6-digit code the app shows.</li>
      </ol>
      <div className="flex flex-wrap items-center gap-4">
        {/* A data: URL made on the server: the page's Content-Security-Policy allows those images, nothing leaves the dashboard. */}
        <img src={qrCode} alt="QR code for your authenticator app" width={176} height={176} className="rounded-md border border-zinc-200 bg-white p-1 dark:border-zinc-700" />
        <div className="min-w-0 flex-1 text-xs text-zinc-600 dark:text-zinc-400">
          <p>Cannot scan? Type this key into the app (time-based):</p>
          <code data-testid="totp-secret" className="mt-1 block break-all rounded bg-zinc-100 px-2 py-1 font-mono text-sm text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100">
            {secret}
          </code>
        </div>
      </div>
      <form action={confirm} className="flex flex-wrap items-end gap-3" noValidate>
        <div className="w-40">
          <Field label="Code from the app" name="setup-code" errors={confirmed.fields?.code}>
            <Input id="setup-code" name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={7} placeholder="123456" className="font-mono tracking-widest" />
          </Field>
        </div>
        <Button type="submit" disabled={confirming} className="mb-5">
          {confirming ? "Checking…" : "Turn on"}
        </Button>
      </form>
      {!confirmed.ok && !confirmed.fields ? <FormMessage state={confirmed} /> : null}
    </div>
  );
}
