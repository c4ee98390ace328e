"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, FormMessage, Input } from "@/components/ui/field";
import { safeCallbackPath } from "@/lib/auth/safe-callback";
import { OIDC_PROVIDER_ID } from "@/lib/auth/oidc-provider";
import { INVALID_CREDENTIALS, TWO_FACTOR_REQUIRED } from "@/lib/auth/sign-in-messages";

/**
 * Single sign-on, when configured: a button that leaves for the identity provider (next-auth's OAuth flow) and comes
 * back signed in, or back here with `?error=` (`returnedError`, already in words).
 *
 * Email and password, then — for a two-factor account — a code. The server issues the session only when one request
 * carries the password and a valid code (lib/services/users/sign-in.ts), so the second step sends the password again;
 * it stays in this page's memory in between, as it was in the form already, and nothing half-signed-in exists.
 *
 * With password sign-in off (the security policy) and single sign-on configured, only the button shows, and a link to
 * the password form for the break-glass administrator; the server refuses everyone else's password either way.
 */
export function LoginForm({
  callbackUrl,
  defaultEmail,
  justSetUp,
  sso,
  passwordSignIn,
  breakGlass,
  returnedError,
}: {
  callbackUrl: string;
  defaultEmail: string;
  justSetUp: boolean;
  sso: { name: string } | null;
  passwordSignIn: boolean;
  breakGlass: boolean;
  returnedError: string | null;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  // Why the last single sign-on came back here; cleared by the next attempt of either kind.
  const [ssoError, setSsoError] = useState<string | null>(returnedError);
  const [pending, setPending] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const [step, setStep] = useState<"password" | "code">("password");
  const [useRecoveryCode, setUseRecoveryCode] = useState(false);
  const credentials = useRef({ email: "", password: "" });
  // Password sign-in off: the form is only for the break-glass administrator, who asks for it (or when there is no
  // single sign-on to offer instead).
  const showPasswordForm = passwordSignIn || breakGlass || !sso;

  async function submit(code?: string) {
    setPending(true);
    setError(null);
    setSsoError(null);
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

  function singleSignOn() {
    setLeaving(true);
    setError(null);
    setSsoError(null);
    // next-auth answers with the provider's authorization URL (or the login page with ?error= if the provider cannot
    // be reached) and navigates there.
    void signIn(OIDC_PROVIDER_ID, { callbackUrl: safeCallbackPath(callbackUrl, window.location.origin) });
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
      {step === "password" && sso ? (
        <div className="space-y-4">
          <Button className="w-full" onClick={singleSignOn} disabled={leaving}>
            {leaving ? `Going to ${sso.name}…` : `Continue with ${sso.name}`}
          </Button>
          {ssoError ? <FormMessage state={{ ok: false, message: ssoError }} /> : null}
          {showPasswordForm ? (
            <p className="flex items-center gap-3 text-xs text-zinc-500 before:h-px before:flex-1 before:bg-zinc-200 after:h-px after:flex-1 after:bg-zinc-200 dark:before:bg-zinc-800 dark:after:bg-zinc-800">
              {passwordSignIn ? "or with your password" : "break-glass administrator"}
            </p>
          ) : (
            <p className="text-center text-xs text-zinc-500">
              <a className="hover:underline" href={`/login?breakglass=1&callbackUrl=${encodeURIComponent(callbackUrl)}`}>
                Administrator sign-in with a password (break glass)
              </a>
            </p>
          )}
        </div>
      ) : null}
      {step === "password" && !showPasswordForm ? null : step === "password" ? (
        <form onSubmit={onPassword} className={sso ? "mt-4 space-y-4" : "space-y-4"} noValidate>
          <Field label="Email" name="email">
            <Input id="email" name="email" type="email" autoComplete="username" defaultValue={credentials.current.email || defaultEmail} required autoFocus />
          </Field>
          <Field label="Password" name="password">
            <Input id="password" name="password" type="password" autoComplete="current-password" required />
          </Field>
          {error ? <FormMessage state={{ ok: false, message: error }} /> : null}
          <Button type="submit" variant={sso ? "secondary" : "primary"} className="w-full" disabled={pending}>
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
