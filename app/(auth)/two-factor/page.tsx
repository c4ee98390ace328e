import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { TwoFactorRequired } from "@/components/auth/two-factor-required";
import { requireSetupPageSession } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Set up two-factor authentication" };

/** Where the security policy sends a user who must use two-factor authentication and has not set it up. */
export default async function TwoFactorSetupPage() {
  const session = await requireSetupPageSession();
  // Everyone else manages two-factor under Settings → Profile.
  if (!session.mustSetUpTwoFactor) redirect("/settings/profile");
  return <TwoFactorRequired email={session.actor.email} />;
}
