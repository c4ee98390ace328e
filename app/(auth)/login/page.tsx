import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { getDb } from "@/lib/db";
import { getCurrentActor } from "@/lib/auth/session";
import { isSetupComplete } from "@/lib/services/users/create-first-admin";

export const metadata: Metadata = { title: "Sign in" };

/** Only same-site paths are allowed after sign-in (no open redirect). */
function safeCallback(value: string | string[] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value;
  return v && v.startsWith("/") && !v.startsWith("//") ? v : "/";
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!isSetupComplete(getDb())) redirect("/setup");
  const params = await searchParams;
  const callbackUrl = safeCallback(params.callbackUrl);
  if (await getCurrentActor()) redirect(callbackUrl);
  const email = typeof params.email === "string" ? params.email : "";
  return <LoginForm callbackUrl={callbackUrl} defaultEmail={email} justSetUp={params.setup === "done"} />;
}
