import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { getDb } from "@/lib/db";
import { safeCallbackPath } from "@/lib/auth/safe-callback";
import { getCurrentActor } from "@/lib/auth/session";
import { getConfig } from "@/lib/config";
import { isSetupComplete } from "@/lib/services/users/create-first-admin";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!isSetupComplete(getDb())) redirect("/setup");
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl, getConfig().nextAuthUrl);
  if (await getCurrentActor()) redirect(callbackUrl);
  const email = typeof params.email === "string" ? params.email : "";
  return <LoginForm callbackUrl={callbackUrl} defaultEmail={email} justSetUp={params.setup === "done"} />;
}
