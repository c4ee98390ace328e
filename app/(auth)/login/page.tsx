import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { getDb } from "@/lib/db";
import { safeCallbackPath } from "@/lib/auth/safe-callback";
import { getCurrentActor } from "@/lib/auth/session";
import { getConfig } from "@/lib/config";
import { SSO_ERROR_FALLBACK, SSO_ERRORS } from "@/lib/auth/sign-in-messages";
import { effectivePolicy } from "@/lib/services/security/policy";
import { isSetupComplete } from "@/lib/services/users/create-first-admin";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!isSetupComplete(getDb())) redirect("/setup");
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl, getConfig().nextAuthUrl);
  if (await getCurrentActor()) redirect(callbackUrl);
  const email = typeof params.email === "string" ? params.email : "";
  // Single sign-on came back here with what went wrong (our refusals and next-auth's codes).
  const error = typeof params.error === "string" ? (SSO_ERRORS[params.error] ?? SSO_ERROR_FALLBACK) : null;
  const { oidc } = getConfig();
  return (
    <LoginForm
      callbackUrl={callbackUrl}
      defaultEmail={email}
      justSetUp={params.setup === "done"}
      sso={oidc ? { name: oidc.name } : null}
      passwordSignIn={effectivePolicy(getDb()).signIn.password}
      breakGlass={params.breakglass === "1"}
      returnedError={error}
    />
  );
}
