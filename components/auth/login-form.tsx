"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, FormMessage, Input } from "@/components/ui/field";
import { safeCallbackPath } from "@/lib/auth/safe-callback";
import { INVALID_CREDENTIALS, TWO_FACTOR_REQUIRED } from "@/lib/auth/sign-in-messages";

/**
 * Email and password, then — for a two-factor account — a code. The server issues the session only when one request
 * carries the password and a valid code (lib/services/users/sign-in.ts), so the second step sends the password again;
 * it stays in this page's memory in between, as it was in the form already, and nothing half-signed-in exists.
 */
export function LoginForm({ callbackUrl, defaultEmail, justSetUp }: { callbackUrl: string; defaultEmail: string; justSetUp: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [step, setStep] = useState<"password" | "code">("password");
  const [useRecoveryCode, setUseRecoveryCode] = useState(false);
  const credentials = useRef({ email: "", password: "" });

  async function submit(code?: string) {
    setPending(true);
    setError(null);
    const result = await signIn("credentials", { ...credentials.current, ...(code !== undefined ? { code } : {}), redirect: false });
    setPending(false);
    if (result?.error === TWO_FACTOR_REQUIRED) {
      setStep("code");
      return;
    }
    if (!result || result.error) {
      setError(result?.error && result.error !== "CredentialsSignin" ? result.error : INVALID_CREDENTIALS);
      return;
    }
    // Checked again here against the origin the browser is really on: the prop is already safe, but this navigation
    // is the one that would leave the site.
    router.replace(safeCallbackPath(callbackUrl, window.location.origin));
    router.refresh();
  }

  function onPassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    credentials.current = { email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") };
    void submit();
  }

  function onCode(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void submit(String(new FormData(event.currentTarget).get("code") ?? ""));
  }

  function startOver() {
    credentials.current = { email: credentials.current.email, password: "" };
    setStep("password");
    setUseRecoveryCode(false);
    setError(null);
  }

  return (
    <Card className="p-6">
      <h1 className="mb-4 text-base font-semibold">{step === "password" ? "Sign in" : "Two-factor authentication"}</h1>
      {justSetUp && step === "password" ? (
        <div className="mb-4">
          <FormMessage state={{ ok: true, message: "Administrator created. Sign in with the password you chose." }} />
        </div>
      ) : null}
      {step === "password" ? (
        <form onSubmit={onPassword} className="space-y-4" noValidate>
          <Field label="Email" name="email">
            <Input id="email" name="email" type="email" autoComplete="username" defaultValue={credentials.current.email || defaultEmail} required autoFocus />
          </Field>
          <Field label="Password" name="password">
            <Input id="password" name="password" type="password" autoComplete="current-password" required />
          </Field>
          {error ? <FormMessage state={{ ok: false, message: error }} /> : null}
          <Button type="submit" className="w-full" disabled={pending}>
            {pending ? "Signing in…" : "Sign in"}
          </Button>
        </form>
      ) : (
        <form onSubmit={onCode} className="space-y-4" noValidate key={useRecoveryCode ? "recovery" : "totp"}>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {useRecoveryCode
              ? "Enter one of the recovery codes you saved when you set up two-factor authentication. Each works once."
              : TWO_FACTOR_REQUIRED + "."}
          </p>
          {useRecoveryCode ? (
            <Field label="Recovery code" name="code">
              <Input id="code" name="code" autoComplete="off" spellCheck={false} placeholder="abcd-efgh-ijkl-mnop" className="font-mono" autoFocus />
            </Field>
          ) : (
            <Field label="Authentication code" name="code">
              <Input id="code" name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]*" maxLength={7} placeholder="123456" className="font-mono tracking-widest" autoFocus />
            </Field>
          )}
          {error ? <FormMessage state={{ ok: false, message: error }} /> : null}
          <Button type="submit" className="w-full" disabled={pending}>
            {pending ? "Checking…" : "Verify"}
          </Button>
          <div className="flex flex-wrap justify-between gap-2 text-sm">
            <button type="button" className="text-accent-700 hover:underline dark:text-accent-500" onClick={() => (setUseRecoveryCode((v) => !v), setError(null))}>
              {useRecoveryCode ? "Use the code from my app" : "Use a recovery code"}
            </button>
            <button type="button" className="text-zinc-600 hover:underline dark:text-zinc-400" onClick={startOver}>
              Start over
            </button>
          </div>
        </form>
      )}
    </Card>
  );
}
