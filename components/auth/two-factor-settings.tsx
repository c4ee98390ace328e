"use client";

import { useRouter } from "next/navigation";
import { useActionState, useState } from "react";
import { disableTwoFactorAction, regenerateRecoveryCodesAction } from "@/app/(auth)/two-factor/actions";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, FormMessage, Input } from "@/components/ui/field";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";
import { formatDateTime } from "@/lib/format";
import type { TwoFactorStatus } from "@/lib/services/users/two-factor/queries";
import { RecoveryCodes } from "./recovery-codes";
import { TwoFactorSetup } from "./two-factor-setup";

type Regenerated = ActionState<{ recoveryCodes: string[] }>;

/** Profile → Two-factor authentication: set it up, or (with a current code or the password) renew codes / turn it off. */
export function TwoFactorSettings({ status, required }: { status: TwoFactorStatus; required: boolean }) {
  const router = useRouter();
  const [regenerated, regenerate, regenerating] = useActionState(
    regenerateRecoveryCodesAction as (s: Regenerated, f: FormData) => Promise<Regenerated>,
    initialActionState as Regenerated,
  );
  const [disabled, disable, disabling] = useActionState(disableTwoFactorAction, initialActionState);
  const [panel, setPanel] = useState<"none" | "codes" | "off">("none");

  if (!status.enabled) return <TwoFactorSetup onDone={() => router.refresh()} doneLabel="Done, I saved them" />;
  if (regenerated.ok && regenerated.data && panel === "codes") {
    return <RecoveryCodes codes={regenerated.data.recoveryCodes} onDone={() => (setPanel("none"), router.refresh())} doneLabel="Done, I saved them" />;
  }
  if (disabled.ok && disabled.data) {
    return (
      <div className="space-y-3">
        <FormMessage state={{ ok: true, message: String(disabled.data) }} />
        <Button size="sm" variant="secondary" onClick={() => router.refresh()}>
          Continue
        </Button>
      </div>
    );
  }
  return (
    <div className="space-y-3 text-sm">
      <p className="flex flex-wrap items-center gap-2">
        <Badge tone="green">on</Badge>
        <span className="text-zinc-600 dark:text-zinc-400">
          since {status.enabledAt ? formatDateTime(status.enabledAt) : "—"} · {status.recoveryCodesLeft} recovery code{status.recoveryCodesLeft === 1 ? "" : "s"} left
        </span>
      </p>
      {required ? <p className="text-xs text-zinc-500">Your administrator requires two-factor authentication: turning it off sends you to set it up again.</p> : null}
      <div className="flex flex-wrap gap-2">
        <Button size="sm" variant="secondary" aria-expanded={panel === "codes"} onClick={() => setPanel(panel === "codes" ? "none" : "codes")}>
          New recovery codes
        </Button>
        <Button size="sm" variant="secondary" aria-expanded={panel === "off"} onClick={() => setPanel(panel === "off" ? "none" : "off")}>
          Turn off
        </Button>
      </div>
      {panel === "codes" ? (
        <form action={regenerate} className="flex flex-wrap items-end gap-3" noValidate>
          <div className="w-40">
            <Field label="Current code" name="regenerate-code" errors={regenerated.fields?.code}>
              <Input id="regenerate-code" name="code" inputMode="numeric" autoComplete="one-time-code" className="font-mono" />
            </Field>
          </div>
          <Button type="submit" size="sm" disabled={regenerating} className="mb-5">
            Replace my recovery codes
          </Button>
          {!regenerated.ok && !regenerated.fields ? <FormMessage state={regenerated} /> : null}
        </form>
      ) : null}
      {panel === "off" ? (
        <form action={disable} className="space-y-3" noValidate>
          <p className="text-xs text-zinc-600 dark:text-zinc-400">Enter a current code from your app (or a recovery code), or your password.</p>
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label="Code" name="disable-code" errors={disabled.fields?.code}>
              <Input id="disable-code" name="code" autoComplete="one-time-code" className="font-mono" />
            </Field>
            <Field label="or password" name="disable-password" errors={disabled.fields?.password}>
              <Input id="disable-password" name="password" type="password" autoComplete="current-password" />
            </Field>
          </div>
          {!disabled.ok && !disabled.fields ? <FormMessage state={disabled} /> : null}
          <Button type="submit" size="sm" variant="secondary" disabled={disabling}>
            Turn two-factor authentication off
          </Button>
        </form>
      ) : null}
    </div>
  );
}
